// The canonical iPgb 2.1 model (ipgb.md §2). Names follow the XSD (Dutch), in camelCase. Every class is a node
// with the element path it came from, written the way the iStandaarden XSLT writes a Locatie:
// `/Bericht/Client/Budget/FunctieBudgetten/FunctieBudget[2]` (an index only when the element has same-name
// siblings). A leaf's path is its parent's path + '/' + the element name. Dates stay 'YYYY-MM-DD' strings;
// codes and identifiers (Bsn, BudgetIdentificatie, Zorgfunctie, …) stay strings; amounts are eurocent numbers
// (IV024). The model is plain data (no classes, no functions), so it survives structured cloning.
import type { IpgbNummer, IpgbType, IpgbWet } from '../messages.ts';

export interface ModelNode {
  readonly path: string;
}

/** RetourCodes of a class in a retour (502/508); absent in heen messages. */
export interface Retourneerbaar {
  retourCodes?: string[];
}

export interface BerichtIdentificatie extends ModelNode {
  identificatie: string;
  dagtekening: string;
}

export interface XsdVersie extends ModelNode {
  basisschemaXsdVersie: string;
  berichtXsdVersie: string;
}

interface HeaderBasis extends ModelNode {
  berichtCode: string;
  berichtVersie: string;
  berichtSubversie: string;
  berichtIdentificatie: BerichtIdentificatie;
  xsdVersie: XsdVersie;
}

/** Header of a 501 (and, copied, of its 502): only the sending gemeente; the receiver is always the SVB. */
export interface ToekenningHeader extends HeaderBasis {
  /** CBS gemeentecode (4 digits) of the budgetverstrekker. */
  afzender: string;
}

/** Header of a 507 (and, copied, of its 508): only the receiving gemeente; the sender is always the SVB. */
export interface BudgetafsluitingHeader extends HeaderBasis {
  /** CBS gemeentecode (4 digits) of the budgetverstrekker. */
  ontvanger: string;
}

/** What IV028 adds to the copied heen header in a retour. */
export interface RetourVelden {
  identificatieRetour: string;
  dagtekeningRetour: string;
  xsltVersie?: string;
  xsdVersieRetour: XsdVersie;
  retourCodes?: string[];
}

export type ToekenningRetourHeader = ToekenningHeader & RetourVelden;
export type BudgetafsluitingRetourHeader = BudgetafsluitingHeader & RetourVelden;

/** CDT_GeslotenPeriode. */
export interface Periode extends ModelNode {
  begindatum: string;
  einddatum: string;
}

export interface Achternaam extends ModelNode {
  achternaam: string;
  voorvoegsel?: string;
}

export interface VolledigeNaam extends ModelNode {
  geslachtsnaam: Achternaam;
  partnernaam?: Achternaam;
  voornamen?: string;
  voorletters?: string;
  /** COD700 '1'…'6' (CS050 allows '1'…'4'). */
  naamGebruik: string;
}

export interface Huis extends ModelNode {
  huisnummer: number;
  huisletter?: string;
  huisnummerToevoeging?: string;
  aanduidingWoonadres?: string;
}

export interface Adres extends ModelNode {
  huis?: Huis;
  postcode?: string;
  straatnaam?: string;
  plaatsnaam?: string;
  landCode?: string;
}

export interface Telefoon extends ModelNode {
  telefoonnummer: string;
  landnummer: string;
}

export interface Telefoonnummers extends ModelNode {
  telefoon01: Telefoon;
  telefoon02?: Telefoon;
}

/** The one correspondence address of a TKB (OP520, TR516): under the Client or under one Relatie. */
export interface Contact extends ModelNode, Retourneerbaar {
  adres?: Adres;
  telefoon?: Telefoonnummers;
  emailadres?: string;
  ingangsdatum?: string;
}

export interface Relatie extends ModelNode, Retourneerbaar {
  /** LDT_Persoonsid; never changes for a relation (OP514). */
  nummer: string;
  /** COD473 Soort vertegenwoordiging '1'…'10' ('4' not allowed in Wmo/Jw, CS502). */
  soort: string;
  bsn?: string;
  kvkNummer?: string;
  organisatie?: string;
  /** '0' onbekend, '1' man, '2' vrouw. */
  geslacht?: string;
  naam?: VolledigeNaam;
  ingangsdatum?: string;
  contact?: Contact;
}

export interface FunctieBudget extends ModelNode, Retourneerbaar {
  /** WMO022 ('01'…'18', '99') or JZ022 ('31'…'55', '99'). */
  zorgfunctie: string;
  functieBudgetPeriode: Periode;
  /** Eurocent, including the verantwoordingsvrij part. 0 with begin = end is a withdrawal (OP505). */
  functieBudgetBedrag: number;
  verantwoordingsvrijBedrag?: number;
}

export interface Budget extends ModelNode, Retourneerbaar {
  budgetIdentificatie: string;
  budgetIdentificatieOud?: string;
  budgetPeriode?: Periode;
  afgiftedatum?: string;
  /** One or more (the FunctieBudgetten wrapper is mandatory). */
  functieBudgetten: FunctieBudget[];
}

export interface ToekenningClient extends ModelNode, Retourneerbaar {
  bsn: string;
  budget: Budget;
  /** Empty when the Relaties wrapper is absent. */
  relaties: Relatie[];
  contact?: Contact;
}

/** RedenBudgetafsluiting (PGB507): '1' einddatum functiebudgetperiode, '2' administratieve jaarafsluiting, '3' bestedingsconflict. */
export type RedenBudgetafsluiting = '1' | '2' | '3';

export interface FunctieBudgetBesteed extends ModelNode, Retourneerbaar {
  budgetIdentificatie: string;
  zorgfunctie: string;
  /** Equals the FunctieBudgetPeriode of the TKB (OP528). */
  bestedingsPeriode: Periode;
  redenBudgetafsluiting: RedenBudgetafsluiting;
  /** Eurocent; includes verantwoordingsvrij payments, excludes ziekengeld and vrijwillige stortingen (IV048). */
  functieBudgetBesteed: number;
  verantwoordingsvrijBedragBesteed?: number;
  ziekengeldBesteed?: number;
}

export interface BudgetafsluitingClient extends ModelNode, Retourneerbaar {
  bsn: string;
  functieBudgettenBesteed: FunctieBudgetBesteed[];
}

interface MessageBasis {
  type: IpgbType;
  nummer: IpgbNummer;
  wet: IpgbWet;
  /** Namespace of the root element, as found in the schema set the message was validated against. */
  namespace: string;
}

/** WMO501 / JW501: toekenningsbericht (TKB), gemeente → SVB. */
export interface Toekenning extends MessageBasis {
  nummer: '501';
  header: ToekenningHeader;
  client: ToekenningClient;
}

/** WMO502 / JW502: retour on a TKB, SVB → gemeente. Header only when approved or technically refused. */
export interface ToekenningRetour extends MessageBasis {
  nummer: '502';
  header: ToekenningRetourHeader;
  client?: ToekenningClient;
}

/** WMO507 / JW507: budgetafsluitbericht (BAB), SVB → gemeente. */
export interface Budgetafsluiting extends MessageBasis {
  nummer: '507';
  header: BudgetafsluitingHeader;
  client: BudgetafsluitingClient;
}

/** WMO508 / JW508: retour on a BAB, gemeente → SVB. */
export interface BudgetafsluitingRetour extends MessageBasis {
  nummer: '508';
  header: BudgetafsluitingRetourHeader;
  client?: BudgetafsluitingClient;
}

export type IpgbMessage = Toekenning | ToekenningRetour | Budgetafsluiting | BudgetafsluitingRetour;
