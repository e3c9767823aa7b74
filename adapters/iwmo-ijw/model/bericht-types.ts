/** The message numbers of iWmo 3.2 and iJw 3.2 (the same set in both standards). */
export const BERICHT_NUMMERS = ['301', '302', '305', '306', '307', '308', '315', '316', '317', '318', '319', '320', '323', '325'] as const;
export type BerichtNummer = (typeof BERICHT_NUMMERS)[number];

export type Standaard = 'iwmo' | 'ijw';

/** 'WMO301' … 'WMO325', 'JW301' … 'JW325': the code partners are authorised on. */
export type BerichtType = `WMO${BerichtNummer}` | `JW${BerichtNummer}`;

/** Heen messages: the ones the official level-2 XSLT checks and that get a retour. */
export const HEEN_NUMMERS = ['301', '305', '307', '315', '317', '319', '323', '325'] as const satisfies readonly BerichtNummer[];

/** Vektis COD002 BerichtCode per message, fixed by an xs:pattern in each XSD. */
export const BERICHT_CODES: Readonly<Record<BerichtType, string>> = {
  WMO301: '414', WMO302: '415', WMO305: '418', WMO306: '419', WMO307: '420', WMO308: '421', WMO315: '444',
  WMO316: '445', WMO317: '480', WMO318: '481', WMO319: '482', WMO320: '483', WMO323: '484', WMO325: '485',
  JW301: '436', JW302: '437', JW305: '438', JW306: '439', JW307: '440', JW308: '441', JW315: '446',
  JW316: '447', JW317: '486', JW318: '487', JW319: '488', JW320: '489', JW323: '490', JW325: '491',
};

export interface BerichtSoort { type: BerichtType; standaard: Standaard; nummer: BerichtNummer }

const NUMMER_SET: ReadonlySet<string> = new Set(BERICHT_NUMMERS);

/** 'WMO301' → {type, standaard: 'iwmo', nummer: '301'}; undefined for anything else. */
export function berichtSoort(type: string): BerichtSoort | undefined {
  const m = /^(WMO|JW)(\d{3})$/.exec(type);
  if (!m || !NUMMER_SET.has(m[2] as string)) return undefined;
  return { type: type as BerichtType, standaard: m[1] === 'WMO' ? 'iwmo' : 'ijw', nummer: m[2] as BerichtNummer };
}

/** Both standards' type codes for the given message numbers: ('301') → ['WMO301', 'JW301']. */
export function typesFor(...nummers: readonly BerichtNummer[]): BerichtType[] {
  return nummers.flatMap((n): BerichtType[] => [`WMO${n}`, `JW${n}`]);
}

export const ALL_TYPES: readonly BerichtType[] = typesFor(...BERICHT_NUMMERS);
