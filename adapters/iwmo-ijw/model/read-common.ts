// Readers for the classes and CDT_* types that several messages share.
import type { ElementReader } from './xml-reader.ts';
import type {
  Achternaam, Adres, BedragMetDC, BerichtIdentificatie, Communicatie, Contact, DeclaratieAntwoordHeader, Geboortedatum,
  GeslotenPeriode, Header, Huis, Omvang, OpenPeriode, Product, Relatie, RetourHeader, Telefoon, Telefoonnummers,
  TotaalBedragMetDC, VerkorteNaam, Verwijzer, VolledigeNaam, XsdVersie,
} from './types.ts';

/** RetourCodes of a class: undefined when the class has none (every heen message). */
export function readRetourCodes(r: ElementReader): string[] | undefined {
  const rc = r.child('RetourCodes');
  return rc === undefined ? undefined : rc.texts('RetourCode');
}

export function readBerichtIdentificatie(r: ElementReader): BerichtIdentificatie {
  return { path: r.path, identificatie: r.requireText('Identificatie'), dagtekening: r.requireText('Dagtekening') };
}

export function readXsdVersie(r: ElementReader): XsdVersie {
  return { path: r.path, basisschemaXsdVersie: r.requireText('BasisschemaXsdVersie'), berichtXsdVersie: r.requireText('BerichtXsdVersie') };
}

export function readHeader(r: ElementReader): Header {
  return {
    path: r.path,
    berichtCode: r.requireText('BerichtCode'),
    berichtVersie: r.requireText('BerichtVersie'),
    berichtSubversie: r.requireText('BerichtSubversie'),
    afzender: r.requireText('Afzender'),
    ontvanger: r.requireText('Ontvanger'),
    berichtIdentificatie: readBerichtIdentificatie(r.requireChild('BerichtIdentificatie')),
    xsdVersie: readXsdVersie(r.requireChild('XsdVersie')),
  };
}

export function readRetourHeader(r: ElementReader): RetourHeader {
  return {
    ...readHeader(r),
    identificatieRetour: r.requireText('IdentificatieRetour'),
    dagtekeningRetour: r.requireText('DagtekeningRetour'),
    xsltVersie: r.text('XsltVersie'),
    xsdVersieRetour: readXsdVersie(r.requireChild('XsdVersieRetour')),
    retourCodes: readRetourCodes(r),
  };
}

export function readDeclaratieAntwoordHeader(r: ElementReader): DeclaratieAntwoordHeader {
  return {
    ...readHeader(r),
    declaratieIdentificatie: readBerichtIdentificatie(r.requireChild('DeclaratieIdentificatie')),
    xsltVersie: r.text('XsltVersie'),
    xsdVersieDeclaratie: readXsdVersie(r.requireChild('XsdVersieDeclaratie')),
    retourCodes: readRetourCodes(r) ?? [],
  };
}

export function readGeboortedatum(r: ElementReader): Geboortedatum {
  return { path: r.path, datum: r.requireText('Datum'), datumGebruik: r.text('DatumGebruik') };
}

function readAchternaam(r: ElementReader): Achternaam {
  return { path: r.path, achternaam: r.requireText('Achternaam'), voorvoegsel: r.text('Voorvoegsel') };
}

export function readVerkorteNaam(r: ElementReader): VerkorteNaam {
  return {
    path: r.path,
    geslachtsnaam: readAchternaam(r.requireChild('Geslachtsnaam')),
    voornamen: r.text('Voornamen'),
    voorletters: r.text('Voorletters'),
  };
}

export function readVolledigeNaam(r: ElementReader): VolledigeNaam {
  const partner = r.child('Partnernaam');
  return {
    ...readVerkorteNaam(r),
    partnernaam: partner && readAchternaam(partner),
    naamGebruik: r.requireText('NaamGebruik'),
  };
}

export function readCommunicatie(r: ElementReader): Communicatie {
  return { path: r.path, vorm: r.requireText('Vorm'), taal: r.text('Taal') };
}

function readHuis(r: ElementReader): Huis {
  return {
    path: r.path,
    huisnummer: r.requireText('Huisnummer'),
    huisletter: r.text('Huisletter'),
    huisnummerToevoeging: r.text('HuisnummerToevoeging'),
    aanduidingWoonadres: r.text('AanduidingWoonadres'),
  };
}

function readAdres(r: ElementReader): Adres {
  const huis = r.child('Huis');
  return {
    path: r.path,
    huis: huis && readHuis(huis),
    postcode: r.text('Postcode'),
    straatnaam: r.text('Straatnaam'),
    plaatsnaam: r.text('Plaatsnaam'),
    landCode: r.text('LandCode'),
  };
}

function readTelefoon(r: ElementReader): Telefoon {
  return { path: r.path, telefoonnummer: r.requireText('Telefoonnummer'), landnummer: r.requireText('Landnummer') };
}

function readTelefoonnummers(r: ElementReader): Telefoonnummers {
  const t2 = r.child('Telefoon02');
  return { path: r.path, telefoon01: readTelefoon(r.requireChild('Telefoon01')), telefoon02: t2 && readTelefoon(t2) };
}

export function readOpenPeriode(r: ElementReader): OpenPeriode {
  return { path: r.path, begindatum: r.text('Begindatum'), einddatum: r.text('Einddatum') };
}

export function readGeslotenPeriode(r: ElementReader): GeslotenPeriode {
  return { path: r.path, begindatum: r.requireText('Begindatum'), einddatum: r.requireText('Einddatum') };
}

export function readContact(r: ElementReader): Contact {
  const adres = r.child('Adres');
  const telefoon = r.child('Telefoon');
  const periode = r.child('Periode');
  return {
    path: r.path,
    soort: r.requireText('Soort'),
    adres: adres && readAdres(adres),
    organisatie: r.text('Organisatie'),
    telefoon: telefoon && readTelefoonnummers(telefoon),
    emailadres: r.text('Emailadres'),
    periode: periode && readOpenPeriode(periode),
    retourCodes: readRetourCodes(r),
  };
}

export function readRelatie(r: ElementReader): Relatie {
  const geb = r.child('Geboortedatum');
  return {
    path: r.path,
    nummer: r.requireText('Nummer'),
    volgorde: r.text('Volgorde'),
    soort: r.requireText('Soort'),
    geboortedatum: geb && readGeboortedatum(geb),
    geslacht: r.text('Geslacht'),
    naam: readVolledigeNaam(r.requireChild('Naam')),
    contact: readContact(r.requireChild('Contact')),
    retourCodes: readRetourCodes(r),
  };
}

export function readProduct(r: ElementReader | undefined): Product | undefined {
  return r && { path: r.path, categorie: r.requireText('Categorie'), code: r.text('Code') };
}

export function readOmvang(r: ElementReader | undefined): Omvang | undefined {
  return r && { path: r.path, volume: r.requireNumber('Volume'), eenheid: r.requireText('Eenheid'), frequentie: r.requireText('Frequentie') };
}

export function readVerwijzer(r: ElementReader): Verwijzer {
  return { path: r.path, type: r.requireText('Type'), naam: r.text('Naam'), zorgverlenerCode: r.text('ZorgverlenerCode') };
}

export function readBedragMetDC(r: ElementReader): BedragMetDC {
  return { path: r.path, bedrag: r.requireNumber('Bedrag'), debetCredit: r.requireText('DebetCredit') };
}

export function readTotaalBedragMetDC(r: ElementReader): TotaalBedragMetDC {
  return { path: r.path, totaalBedrag: r.requireNumber('TotaalBedrag'), debetCredit: r.requireText('DebetCredit') };
}
