// The shape of the iPgb canonical models that the ledger reads, written here to the shape of the models the
// iPgb adapter (adapters/ipgb/, built on the `ipgb` branch at the same time) makes. Only the fields the ledger
// needs, so this folder compiles on its own; at merge the adapter's types are checked against these (they
// must be assignable to them) and this file may then re-export those instead.
// Amounts are integer eurocents (IV024); dates are YYYY-MM-DD (LDT_Datum, no time zone).

export type PgbWet = 'wmo' | 'jw';

export interface PgbPeriode { begindatum: string; einddatum: string }

export interface PgbHeaderIn {
  /** BerichtCode: 458/460 (501), 459/461 (502), 464/466 (507), 465/467 (508). */
  berichtCode: string;
  /** The municipality (CBS gemeentecode): Afzender of a 501/502, Ontvanger of a 507/508. */
  gemeente: string;
  berichtIdentificatie: { identificatie: string; dagtekening: string };
}

export interface FunctieBudgetIn {
  zorgfunctie: string;
  functieBudgetPeriode: PgbPeriode;
  functieBudgetBedrag: number;
  verantwoordingsvrijBedrag?: number;
}

/** WMO501 / JW501: one budgethouder, one (hoofd)budget, full state (OP501). */
export interface ToekenningIn {
  type: 'WMO501' | 'JW501';
  header: PgbHeaderIn;
  client: {
    bsn: string;
    budget: {
      budgetIdentificatie: string;
      budgetIdentificatieOud?: string;
      budgetPeriode?: PgbPeriode;
      afgiftedatum?: string;
      functieBudgetten: FunctieBudgetIn[];
    };
  };
}

/** WMO502 / JW502: the 501's header (IV028) plus the retour's own fields; codes per class. */
export interface ToekenningRetourIn {
  type: 'WMO502' | 'JW502';
  header: PgbHeaderIn & { identificatieRetour: string; dagtekeningRetour: string; retourCodes: string[] };
  /** Absent on an approving retour (header only, IV028 situation 1). */
  client?: {
    bsn: string;
    retourCodes: string[];
    budget: {
      budgetIdentificatie: string;
      retourCodes: string[];
      functieBudgetten: (FunctieBudgetIn & { retourCodes: string[] })[];
    };
  };
}

export interface FunctieBudgetBesteedIn {
  budgetIdentificatie: string;
  zorgfunctie: string;
  bestedingsPeriode: PgbPeriode;
  /** PGB507: '1' einde functiebudgetperiode, '2' administratieve jaarafsluiting, '3' bestedingsconflict. */
  redenBudgetafsluiting: '1' | '2' | '3';
  functieBudgetBesteed: number;
  verantwoordingsvrijBedragBesteed?: number;
  ziekengeldBesteed?: number;
}

/** WMO507 / JW507: the SVB's budgetafsluiting. */
export interface BudgetafsluitingIn {
  type: 'WMO507' | 'JW507';
  header: PgbHeaderIn;
  client: { bsn: string; functieBudgettenBesteed: FunctieBudgetBesteedIn[] };
}

/** WMO508 / JW508: the municipality's retour on a 507. */
export interface BudgetafsluitingRetourIn {
  type: 'WMO508' | 'JW508';
  header: PgbHeaderIn & { identificatieRetour: string; dagtekeningRetour: string; retourCodes: string[] };
  client?: { bsn: string; retourCodes: string[] };
}

export type PgbModelIn = ToekenningIn | ToekenningRetourIn | BudgetafsluitingIn | BudgetafsluitingRetourIn;

export function wetOf(type: string): PgbWet {
  return type.startsWith('JW') ? 'jw' : 'wmo';
}

/** Every code in a retour, header and classes, once each, in order of appearance. */
export function retourCodesOf(r: ToekenningRetourIn): string[] {
  const codes = [...r.header.retourCodes];
  if (r.client) {
    codes.push(...r.client.retourCodes, ...r.client.budget.retourCodes);
    for (const f of r.client.budget.functieBudgetten) codes.push(...f.retourCodes);
  }
  return [...new Set(codes)];
}

/** Codes that say something is wrong: everything but 0200 (no remark) and 0233 (not assessed). */
export function rejectionCodesOf(r: ToekenningRetourIn): string[] {
  return retourCodesOf(r).filter((c) => c !== '0200' && c !== '0233');
}
