// Building blocks of the canonical iWmo/iJw 3.2 model. Names follow the XSD (Dutch), in camelCase.
// Every complex element is a node with the XPath-like `path` it came from, written the way the official
// XSLT writes a Locatie: `/Bericht/Client/ToegewezenProducten/ToegewezenProduct[2]` (an index only when the
// element has siblings of the same name). A leaf's path is its parent's path + '/' + the element name.
// Dates stay 'YYYY-MM-DD' strings; codes and identifiers (BSN, ToewijzingNummer, …) stay strings;
// amounts (eurocent) and volumes are numbers.

export interface ModelNode {
  readonly path: string;
}

/** RetourCodes of a class in a retour message (302, 306, …); absent in heen messages. */
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

export interface Header extends ModelNode {
  berichtCode: string;
  berichtVersie: string;
  berichtSubversie: string;
  /** CBS gemeentecode (4 digits) or AGB code (8 digits), depending on the message. */
  afzender: string;
  ontvanger: string;
  berichtIdentificatie: BerichtIdentificatie;
  xsdVersie: XsdVersie;
}

/** Header of 302/306/308/316/318/320: the heen header copied unchanged plus the retour's own fields (IV028). */
export interface RetourHeader extends Header {
  identificatieRetour: string;
  dagtekeningRetour: string;
  xsltVersie?: string;
  xsdVersieRetour: XsdVersie;
  retourCodes?: string[];
}

/** Header of 325: refers to the 323 it answers. */
export interface DeclaratieAntwoordHeader extends Header {
  declaratieIdentificatie: BerichtIdentificatie;
  xsltVersie?: string;
  xsdVersieDeclaratie: XsdVersie;
  retourCodes: string[];
}

export interface Geboortedatum extends ModelNode {
  datum: string;
  /** COD170: 1 dag onbekend, 2 dag en maand onbekend, 3 onbekende datum. */
  datumGebruik?: string;
}

export interface Achternaam extends ModelNode {
  achternaam: string;
  voorvoegsel?: string;
}

export interface VerkorteNaam extends ModelNode {
  geslachtsnaam: Achternaam;
  voornamen?: string;
  voorletters?: string;
}

export interface VolledigeNaam extends VerkorteNaam {
  partnernaam?: Achternaam;
  naamGebruik: string;
}

export interface Communicatie extends ModelNode {
  vorm: string;
  taal?: string;
}

export interface Huis extends ModelNode {
  huisnummer: string;
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

export interface OpenPeriode extends ModelNode {
  begindatum?: string;
  einddatum?: string;
}

export interface GeslotenPeriode extends ModelNode {
  begindatum: string;
  einddatum: string;
}

export interface Contact extends ModelNode, Retourneerbaar {
  /** COD757: 01 BRP-adres, 02 correspondentie, 03 verblijf, 04 tijdelijk. */
  soort: string;
  adres?: Adres;
  organisatie?: string;
  telefoon?: Telefoonnummers;
  emailadres?: string;
  periode?: OpenPeriode;
}

export interface Relatie extends ModelNode, Retourneerbaar {
  nummer: string;
  volgorde?: string;
  soort: string;
  geboortedatum?: Geboortedatum;
  geslacht?: string;
  naam: VolledigeNaam;
  contact: Contact;
}

export interface Product extends ModelNode {
  /** iWmo 01–18, iJw 31–55. */
  categorie: string;
  code?: string;
}

export interface Omvang extends ModelNode {
  volume: number;
  /** WJ756: 01 minuut, 04 uur, 14 etmaal, 16 dagdeel, 82/84 stuks, 83 euro. */
  eenheid: string;
  frequentie: string;
}

export interface Verwijzer extends ModelNode {
  type: string;
  naam?: string;
  zorgverlenerCode?: string;
}

export interface BedragMetDC extends ModelNode {
  bedrag: number;
  debetCredit: string;
}

export interface TotaalBedragMetDC extends ModelNode {
  totaalBedrag: number;
  debetCredit: string;
}
