// The iPgb 2.1 message set (ipgb.md §1): type, Vektis BerichtCode (COD002), law, and which message is the
// retour of which. Wlz (WLZ501/507) is out of scope.

export const IPGB_TYPES = ['WMO501', 'JW501', 'WMO502', 'JW502', 'WMO507', 'JW507', 'WMO508', 'JW508'] as const;
export type IpgbType = (typeof IPGB_TYPES)[number];

/** The law a pgb falls under (UP028): one TKB or BAB concerns a budget under one law. */
export type IpgbWet = 'wmo' | 'jw';

/** 501 toekenning (TKB), 502 its retour, 507 budgetafsluiting (BAB), 508 its retour. */
export type IpgbNummer = '501' | '502' | '507' | '508';

/** The one family of every iPgb message (AcceptedMessage.family). */
export const IPGB_FAMILY = 'ipgb';

export const IPGB_BERICHTCODES: Readonly<Record<IpgbType, string>> = {
  WMO501: '458', WMO502: '459', JW501: '460', JW502: '461',
  WMO507: '464', WMO508: '465', JW507: '466', JW508: '467',
};

export const IPGB_RETOUR_OF: Readonly<Partial<Record<IpgbType, IpgbType>>> = {
  WMO501: 'WMO502', JW501: 'JW502', WMO507: 'WMO508', JW507: 'JW508',
};

export function isIpgbType(type: string): type is IpgbType {
  return (IPGB_TYPES as readonly string[]).includes(type);
}

export function wetOf(type: IpgbType): IpgbWet {
  return type.startsWith('WMO') ? 'wmo' : 'jw';
}

export function nummerOf(type: IpgbType): IpgbNummer {
  return type.slice(-3) as IpgbNummer;
}

export function isRetour(type: IpgbType): boolean {
  const n = nummerOf(type);
  return n === '502' || n === '508';
}

/** The retour type of a heen type (WMO501 → WMO502), undefined for a retour. */
export function retourTypeOf(type: IpgbType): IpgbType | undefined {
  return IPGB_RETOUR_OF[type];
}

/** Types of the given numbers for both laws, e.g. typesFor('501') → ['WMO501', 'JW501']. */
export function typesFor(...nummers: IpgbNummer[]): IpgbType[] {
  return IPGB_TYPES.filter((t) => nummers.includes(nummerOf(t)));
}
