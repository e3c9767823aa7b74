// StUF-BG 0310 npsLk01 (kennisgeving natuurlijk persoon), reduced to what classification and matching
// need (research/brp.md §8; bg0310_ent_mutatie.xsd NPS-kennisgeving). Names and other personal details
// the gateway has no use for are not read.

export const BG_NAMESPACE = 'http://www.egem.nl/StUF/sector/bg/0310';
export const STUF_NAMESPACE = 'http://www.egem.nl/StUF/StUF0301';

/** T toevoeging, W wijziging, V verwijdering, C correctie zonder / F met opbouw formele historie (stuf0301.xsd Mutatiesoort). */
export type Mutatiesoort = 'T' | 'W' | 'V' | 'C' | 'F';

/** Why an element has no value (StUF:noValue), or `nil` for xsi:nil without a reason. */
export type StufGeenWaarde = 'nietOndersteund' | 'nietGeautoriseerd' | 'geenWaarde' | 'waardeOnbekend' | 'vastgesteldOnbekend' | 'nil';

/** One StUF element: its text, or no value and why. */
export type StufWaarde =
  | { waarde: string; indOnvolledigeDatum?: 'J' | 'M' | 'D' | 'V' }
  | { waarde: null; geenWaarde: StufGeenWaarde };

export interface StufSysteem { organisatie?: string; applicatie?: string; administratie?: string; gebruiker?: string }

export interface NpsStuurgegevens {
  berichtcode?: string;
  zender?: StufSysteem;
  ontvanger?: StufSysteem;
  referentienummer?: string;
  tijdstipBericht?: string;
  entiteittype?: string;
  crossRefnummer?: string;
}

export interface NpsVerblijfsadres {
  identificatie?: StufWaarde;
  woonplaatsNaam?: StufWaarde;
  openbareRuimteNaam?: StufWaarde;
  postcode?: StufWaarde;
  huisnummer?: StufWaarde;
  huisletter?: StufWaarde;
  huisnummertoevoeging?: StufWaarde;
  locatiebeschrijving?: StufWaarde;
  begindatumVerblijf?: StufWaarde;
}

export interface NpsVerblijfBuitenland {
  landcode?: StufWaarde;
  adresBuitenland1?: StufWaarde;
  adresBuitenland2?: StufWaarde;
  adresBuitenland3?: StufWaarde;
}

/** The NPS elements read, each only when the object carries it (an element with xsi:nil is carried, with `waarde: null`). */
export interface NpsGegevens {
  bsn?: StufWaarde;
  anummer?: StufWaarde;
  geboortedatum?: StufWaarde;
  overlijdensdatum?: StufWaarde;
  overlijdenLand?: StufWaarde;
  verblijfsadres?: NpsVerblijfsadres;
  verblijfBuitenland?: NpsVerblijfBuitenland;
  gemeenteVanInschrijving?: StufWaarde;
  datumInschrijving?: StufWaarde;
  datumVestigingInNederland?: StufWaarde;
  datumVertrekUitNederland?: StufWaarde;
  emigratieLand?: StufWaarde;
  datumOpschortingBijhouding?: StufWaarde;
  redenOpschortingBijhouding?: StufWaarde;
  indicatieGeheim?: StufWaarde;
}

export interface NpsObject {
  verwerkingssoort?: string;
  sleutelVerzendend?: string;
  sleutelOntvangend?: string;
  gegevens: NpsGegevens;
  /** True when the object holds nothing but its key (inp.bsn / inp.a-nummer): an afnemerindicatie request, not a mutation. */
  alleenSleutel: boolean;
}

export interface NpsLk01Bericht {
  berichtType: 'npsLk01';
  stuurgegevens: NpsStuurgegevens;
  mutatiesoort: Mutatiesoort;
  indicatorOvername?: string;
  /** In document order: for a W the old state first, then the new one. */
  objecten: NpsObject[];
}
