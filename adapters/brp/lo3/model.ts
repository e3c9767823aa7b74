// The RvIG JSON model of LO3 messages (BRP Berichten API, berichten.schema.json 2026Q4):
// categories `cNN`, elements `eGGEE`, historic occurrences under `historie`.

/** Element code `eGGEE` (group + element), e.g. `e0910` for rubriek xx.09.10. */
export type ElementCode = `e${string}`;

/** One occurrence of a category: element code → value (Teletex already decoded). `''` = element sent with length 000. */
export type Elementen = { [element: ElementCode]: string };

/** A stack: the current occurrence (category 01–21) plus its historic occurrences (category 51–71), newest first. */
export type Stapel = Elementen & { historie?: Elementen[] };

/** Category code `cNN` of a current category, e.g. `c08`. */
export type CategorieCode = `c${string}`;

/** Persoonslijst data: category → its stacks (repeating categories such as 04, 05, 09 have several). */
export type PlData = { [categorie: CategorieCode]: Stapel[] };

export type Berichtnummer =
  | 'Af01' | 'Af11' | 'Ag01' | 'Ag11' | 'Ag21' | 'Ag31' | 'Ap01' | 'Av01'
  | 'Gv01' | 'Gv02' | 'Ha01' | 'Lg01' | 'Ng01' | 'Vb01' | 'Wa11';

/** Plaatsen (Ap01) / verwijderen (Av01) afnemersindicatie. */
export interface Ap01Bericht { berichtType: 'Ap01'; herhaling: string; plData: PlData }
export interface Av01Bericht { berichtType: 'Av01'; herhaling: string; plData: PlData }

/** Answers that carry status(1) + datum(8): Ag01, Ag11, Ag21, Ag31, Ha01. */
export interface StatusDatumBericht<T extends 'Ag01' | 'Ag11' | 'Ag21' | 'Ag31' | 'Ha01'> {
  berichtType: T;
  status: string;
  datum: string;
  plData: PlData;
}
export type Ag01Bericht = StatusDatumBericht<'Ag01'>;
export type Ag11Bericht = StatusDatumBericht<'Ag11'>;
export type Ag21Bericht = StatusDatumBericht<'Ag21'>;
export type Ag31Bericht = StatusDatumBericht<'Ag31'>;
export type Ha01Bericht = StatusDatumBericht<'Ha01'>;

/** Fout bij plaatsen (Af01) / verwijderen (Af11) afnemersindicatie. */
export interface FoutBericht<T extends 'Af01' | 'Af11'> {
  berichtType: T;
  foutreden: string;
  gemeente: string;
  aNummer: string;
  plData: PlData;
}
export type Af01Bericht = FoutBericht<'Af01'>;
export type Af11Bericht = FoutBericht<'Af11'>;

/** Spontane mutatie (Gv01) / infrastructurele wijziging (Gv02); the A-nummer in the header identifies the person. */
export interface Gv01Bericht { berichtType: 'Gv01'; aNummer: string; plData: PlData }
export interface Gv02Bericht { berichtType: 'Gv02'; aNummer: string; plData: PlData }

/** Afvoeren PL: no header fields. */
export interface Ng01Bericht { berichtType: 'Ng01'; plData: PlData }

/** Wijziging A-nummer: header = old A-nummer; 01.01.10 in the body = new one. */
export interface Wa11Bericht { berichtType: 'Wa11'; aNummer: string; datumGeldigheid: string; plData: PlData }

/** Synchronisatie volledige PL. */
export interface Lg01Bericht { berichtType: 'Lg01'; datumTijd: string; aNummer: string; oudANummer: string; plData: PlData }

/** Vrij bericht: free Teletex text instead of categories. */
export interface Vb01Bericht { berichtType: 'Vb01'; vrijeTekst: string }

export type Lo3Bericht =
  | Af01Bericht | Af11Bericht | Ag01Bericht | Ag11Bericht | Ag21Bericht | Ag31Bericht | Ap01Bericht | Av01Bericht
  | Gv01Bericht | Gv02Bericht | Ha01Bericht | Lg01Bericht | Ng01Bericht | Vb01Bericht | Wa11Bericht;

/** What `parseLo3` returns: the message in the RvIG model plus the random key, which that model leaves out. */
export interface ParsedLo3 {
  randomKey: string;
  bericht: Lo3Bericht;
}

/** Names of the fixed-length header fields, as the RvIG model spells them. */
export type KopVeldNaam =
  | 'herhaling' | 'status' | 'datum' | 'foutreden' | 'gemeente' | 'aNummer' | 'datumGeldigheid' | 'datumTijd' | 'oudANummer';

export interface KopVeld {
  naam: KopVeldNaam;
  lengte: number;
  /** numeriek = digits only; alfanumeriek = A–Z, a–z, 0–9, space (OBRP-M Lo3HeaderVeld). */
  soort: 'numeriek' | 'alfanumeriek';
}
