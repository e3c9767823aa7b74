// The 14 message types of iWmo 3.2 / iJw 3.2 as one discriminated union (`nummer`). A retour (302, 306, …)
// echoes its heen message's classes with RetourCodes on each class, so it reuses the heen shapes
// (their optional `retourCodes`). iJw differs only in GezagsdragerBekend (315/316) and Woonplaatsbeginsel
// (319/320) and in code lists; those fields are optional and stay absent in iWmo.
import type { BerichtNummer, BerichtType, Standaard } from './bericht-types.ts';
import type {
  BedragMetDC, Communicatie, Contact, DeclaratieAntwoordHeader, Geboortedatum, GeslotenPeriode, Header,
  ModelNode, Omvang, Product, Relatie, Retourneerbaar, RetourHeader, TotaalBedragMetDC, VerkorteNaam, Verwijzer,
  VolledigeNaam,
} from './types.ts';

interface BerichtBase<N extends BerichtNummer> extends ModelNode {
  type: BerichtType;
  standaard: Standaard;
  nummer: N;
}

// ---- 301/302 Toewijzing ----
export interface ToegewezenProduct extends ModelNode, Retourneerbaar {
  toewijzingNummer: string;
  referentieAanbieder?: string;
  product?: Product;
  toewijzingsdatum: string;
  toewijzingstijd: string;
  ingangsdatum: string;
  einddatum?: string;
  redenWijziging?: string;
  omvang?: Omvang;
  /** Eurocent (IV024). */
  budget?: number;
  commentaar?: string;
}

export interface ToewijzingClient extends ModelNode, Retourneerbaar {
  bsn: string;
  geboortedatum: Geboortedatum;
  geslacht: string;
  naam: VolledigeNaam;
  communicatie?: Communicatie;
  juridischeStatus?: string;
  wettelijkeVertegenwoordiging?: string;
  commentaar?: string;
  relaties: Relatie[];
  contactgegevens: Contact[];
  toegewezenProducten: ToegewezenProduct[];
}

export interface ToewijzingBericht extends BerichtBase<'301'> { header: Header; client: ToewijzingClient }
export interface ToewijzingRetourBericht extends BerichtBase<'302'> { header: RetourHeader; client?: ToewijzingClient }

// ---- 305/306 Start zorg, 307/308 Stop zorg ----
export interface StartProduct extends ModelNode, Retourneerbaar {
  toewijzingNummer?: string;
  product?: Product;
  toewijzingIngangsdatum?: string;
  begindatum: string;
  /** 1 eerste aanlevering, 3 verwijderen (CS058). */
  statusAanlevering: string;
}

export interface StopProduct extends StartProduct {
  redenBeeindiging: string;
  einddatum: string;
}

interface ZorgClient extends ModelNode, Retourneerbaar {
  bsn: string;
  geboortedatum: Geboortedatum;
  geslacht: string;
  naam: VerkorteNaam;
}

export interface StartZorgClient extends ZorgClient { startProducten: StartProduct[] }
export interface StopZorgClient extends ZorgClient { stopProducten: StopProduct[] }

export interface StartZorgBericht extends BerichtBase<'305'> { header: Header; client: StartZorgClient }
export interface StartZorgRetourBericht extends BerichtBase<'306'> { header: RetourHeader; client?: StartZorgClient }
export interface StopZorgBericht extends BerichtBase<'307'> { header: Header; client: StopZorgClient }
export interface StopZorgRetourBericht extends BerichtBase<'308'> { header: RetourHeader; client?: StopZorgClient }

// ---- 315/316 Verzoek om toewijzing ----
export interface AangevraagdProduct extends ModelNode, Retourneerbaar {
  referentieAanbieder: string;
  beschikkingNummer?: string;
  product?: Product;
  beschikkingIngangsdatum?: string;
  toewijzingIngangsdatum: string;
  toewijzingEinddatum?: string;
  omvang?: Omvang;
  budget?: number;
  verwijzer: Verwijzer;
  raamcontract?: string;
  commentaar?: string;
}

export interface VerzoekToewijzingClient extends ZorgClient {
  /** iJw only. */
  gezagsdragerBekend?: string;
  commentaar?: string;
  aangevraagdeProducten: AangevraagdProduct[];
}

export interface VerzoekToewijzingBericht extends BerichtBase<'315'> { header: Header; client: VerzoekToewijzingClient }
export interface VerzoekToewijzingRetourBericht extends BerichtBase<'316'> { header: RetourHeader; client?: VerzoekToewijzingClient }

// ---- 317/318 Verzoek om wijziging ----
export interface OngewijzigdProduct extends ModelNode, Retourneerbaar { toewijzingNummer: string }

export interface TeWijzigenProduct extends ModelNode, Retourneerbaar {
  toewijzingNummer: string;
  gewensteIngangsdatum: string;
  einddatum?: string;
  omvang?: Omvang;
  budget?: number;
}

export interface NieuwProduct extends ModelNode, Retourneerbaar {
  product?: Product;
  gewensteIngangsdatum: string;
  einddatum?: string;
  omvang?: Omvang;
  budget?: number;
}

export interface Verzoek extends ModelNode, Retourneerbaar {
  referentieAanbieder: string;
  redenVerzoek: string;
  ongewijzigdeProducten: OngewijzigdProduct[];
  teWijzigenProducten: TeWijzigenProduct[];
  nieuweProducten: NieuwProduct[];
}

export interface VerzoekWijzigingClient extends ModelNode, Retourneerbaar { bsn: string; verzoek: Verzoek }

export interface VerzoekWijzigingBericht extends BerichtBase<'317'> { header: Header; client: VerzoekWijzigingClient }
export interface VerzoekWijzigingRetourBericht extends BerichtBase<'318'> { header: RetourHeader; client?: VerzoekWijzigingClient }

// ---- 319/320 Antwoord ----
export interface Woonplaatsbeginsel extends ModelNode, Retourneerbaar { gemeente: string }

export interface Antwoord extends ModelNode, Retourneerbaar {
  referentieAanbieder: string;
  /** 1 verzoek afgewezen, 2 aanvraag in onderzoek. */
  verzoekAntwoord: string;
  redenAfwijzingVerzoek?: string;
  /** iJw only. */
  woonplaatsbeginsel?: Woonplaatsbeginsel;
}

export interface AntwoordBericht extends BerichtBase<'319'> { header: Header; antwoord: Antwoord }
export interface AntwoordRetourBericht extends BerichtBase<'320'> { header: RetourHeader; antwoord?: Antwoord }

// ---- 323 Declaratie, 325 Declaratie-antwoord ----
export interface ProductReferentie extends ModelNode {
  referentieNummer: string;
  vorigReferentieNummer?: string;
}

export interface Prestatie extends ModelNode, Retourneerbaar {
  productReferentie: ProductReferentie;
  toewijzingNummer: string;
  productCategorie: string;
  productCode: string;
  productPeriode: GeslotenPeriode;
  geleverdVolume: number;
  eenheid: string;
  /** Eurocent; absent when Eenheid is 83 (CD087). */
  productTarief?: number;
  ingediendBedrag: BedragMetDC;
}

export interface DeclaratieClient extends ModelNode, Retourneerbaar {
  bsn: string;
  prestaties: Prestatie[];
}

export interface Declaratie extends ModelNode {
  declaratieNummer: string;
  declaratiePeriode: GeslotenPeriode;
  declaratieDagtekening: string;
  totaalIngediendBedrag: TotaalBedragMetDC;
  clienten: DeclaratieClient[];
}

export interface DeclaratieAntwoord extends ModelNode, Retourneerbaar {
  declaratieNummer: string;
  totaalIngediendBedrag: TotaalBedragMetDC;
  totaalToegekendBedrag: TotaalBedragMetDC;
  /** Only the rejected prestaties (TR342); empty when all were approved. */
  clienten: DeclaratieClient[];
}

export interface DeclaratieBericht extends BerichtBase<'323'> { header: Header; declaratie: Declaratie }
export interface DeclaratieAntwoordBericht extends BerichtBase<'325'> {
  header: DeclaratieAntwoordHeader;
  declaratieAntwoord?: DeclaratieAntwoord;
}

export type CanonicalMessage =
  | ToewijzingBericht | ToewijzingRetourBericht
  | StartZorgBericht | StartZorgRetourBericht
  | StopZorgBericht | StopZorgRetourBericht
  | VerzoekToewijzingBericht | VerzoekToewijzingRetourBericht
  | VerzoekWijzigingBericht | VerzoekWijzigingRetourBericht
  | AntwoordBericht | AntwoordRetourBericht
  | DeclaratieBericht | DeclaratieAntwoordBericht;

/** The message for one BerichtNummer: `MessageOf<'301'>` is ToewijzingBericht. */
export type MessageOf<N extends BerichtNummer> = Extract<CanonicalMessage, { nummer: N }>;

