// The shape of the iPgb canonical models that the ledger reads, written to the models the iPgb adapter makes
// (adapters/ipgb/model/types.ts on the `ipgb` branch: Toekenning, ToekenningRetour, Budgetafsluiting). Only the
// fields the ledger needs, so this folder compiles on its own; the adapter's types are assignable to these
// (checked against ipgb@fa166bb), and at merge this file may re-export those instead.
// Amounts are integer eurocents (IV024); dates are YYYY-MM-DD (LDT_Datum, no time zone).

export type PgbWet = 'wmo' | 'jw';

export interface PgbPeriode { begindatum: string; einddatum: string }

interface BerichtIdentificatieIn { identificatie: string; dagtekening: string }

/** Header of a 501 (copied into its 502): the sending municipality only (CBS gemeentecode). */
export interface ToekenningHeaderIn { afzender: string; berichtIdentificatie: BerichtIdentificatieIn }

/** Header of a 507 (copied into its 508): the receiving municipality only. */
export interface BudgetafsluitingHeaderIn { ontvanger: string; berichtIdentificatie: BerichtIdentificatieIn }

interface RetourVeldenIn { identificatieRetour: string; dagtekeningRetour: string; retourCodes?: string[] }

export interface FunctieBudgetIn {
  zorgfunctie: string;
  functieBudgetPeriode: PgbPeriode;
  functieBudgetBedrag: number;
  verantwoordingsvrijBedrag?: number;
}

/** WMO501 / JW501: one budgethouder, one (hoofd)budget, full state (OP501). */
export interface ToekenningIn {
  /** 'WMO501' | 'JW501'. */
  type: string;
  header: ToekenningHeaderIn;
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
  /** 'WMO502' | 'JW502'. */
  type: string;
  header: ToekenningHeaderIn & RetourVeldenIn;
  /** Absent on an approving retour (header only, IV028 situation 1). */
  client?: {
    bsn: string;
    retourCodes?: string[];
    budget: {
      budgetIdentificatie: string;
      retourCodes?: string[];
      functieBudgetten: (FunctieBudgetIn & { retourCodes?: string[] })[];
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
  /** 'WMO507' | 'JW507'. */
  type: string;
  header: BudgetafsluitingHeaderIn;
  client: { bsn: string; functieBudgettenBesteed: FunctieBudgetBesteedIn[] };
}

/** WMO508 / JW508: the municipality's retour on a 507. */
export interface BudgetafsluitingRetourIn {
  /** 'WMO508' | 'JW508'. */
  type: string;
  header: BudgetafsluitingHeaderIn & RetourVeldenIn;
  client?: { bsn: string; retourCodes?: string[] };
}

export type PgbModelIn = ToekenningIn | ToekenningRetourIn | BudgetafsluitingIn | BudgetafsluitingRetourIn;

export function wetOf(type: string): PgbWet {
  return type.startsWith('JW') ? 'jw' : 'wmo';
}

/** Every code in a retour, header and classes, once each, in order of appearance. */
export function retourCodesOf(r: ToekenningRetourIn): string[] {
  const codes = [...(r.header.retourCodes ?? [])];
  if (r.client) {
    codes.push(...(r.client.retourCodes ?? []), ...(r.client.budget.retourCodes ?? []));
    for (const f of r.client.budget.functieBudgetten) codes.push(...(f.retourCodes ?? []));
  }
  return [...new Set(codes)];
}

/** Codes that say something is wrong: everything but 0200 (no remark) and 0233 (not assessed). */
export function rejectionCodesOf(r: ToekenningRetourIn): string[] {
  return retourCodesOf(r).filter((c) => c !== '0200' && c !== '0233');
}
