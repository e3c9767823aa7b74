// The canonical model (parseIwmoIjw) → the canonical JSON document (schema.ts). Every field is copied by
// name; what is dropped is the model's bookkeeping: each node's XPath `path`, and `nummer`/`standaard`,
// which `berichtType` already says. Optional values that are absent stay absent (no null, no undefined).
import type { BerichtNummer, Standaard } from '../../adapters/iwmo-ijw/model/bericht-types.ts';
import type {
  AangevraagdProduct, Antwoord, CanonicalMessage, Declaratie, DeclaratieAntwoord, DeclaratieClient, Prestatie,
  StartProduct, StartZorgClient, StopProduct, StopZorgClient, ToegewezenProduct, ToewijzingClient, VerzoekToewijzingClient,
  VerzoekWijzigingClient,
} from '../../adapters/iwmo-ijw/model/messages.ts';
import type {
  Achternaam, Adres, BedragMetDC, BerichtIdentificatie, Contact, DeclaratieAntwoordHeader, Geboortedatum, GeslotenPeriode,
  Header, Omvang, Product, Relatie, RetourHeader, Telefoon, TotaalBedragMetDC, VerkorteNaam, Verwijzer, VolledigeNaam,
  XsdVersie,
} from '../../adapters/iwmo-ijw/model/types.ts';
import type {
  IwmoIjwJsonDocument, JsonAntwoordJw, JsonDeclaratie, JsonDeclaratieAntwoord, JsonDeclaratieAntwoordHeader,
  JsonHeaderAfzenderGemeente, JsonRetourHeader, JsonStartZorgClient, JsonStopZorgClient, JsonToewijzingClient,
  JsonVerzoekToewijzingClientJw, JsonVerzoekWijzigingClient,
} from './schema.ts';

type Defined<T> = { [K in keyof T]: Exclude<T[K], undefined> };

/** The object without its undefined-valued keys, so an absent XML element is an absent JSON key. */
function present<T extends object>(o: T): Defined<T> {
  for (const k of Object.keys(o) as Array<keyof T>) if (o[k] === undefined) delete o[k];
  return o as Defined<T>;
}

function mapOptional<T, U>(value: T | undefined, map: (v: T) => U): U | undefined {
  return value === undefined ? undefined : map(value);
}

function typeOf<N extends BerichtNummer>(standaard: Standaard, nummer: N): `WMO${N}` | `JW${N}` {
  return standaard === 'iwmo' ? `WMO${nummer}` : `JW${nummer}`;
}

// ---- header ----
const berichtIdentificatie = (b: BerichtIdentificatie) => ({ identificatie: b.identificatie, dagtekening: b.dagtekening });
const xsdVersie = (x: XsdVersie) => ({ basisschemaXsdVersie: x.basisschemaXsdVersie, berichtXsdVersie: x.berichtXsdVersie });

function header(h: Header): JsonHeaderAfzenderGemeente {
  return {
    berichtCode: h.berichtCode,
    berichtVersie: h.berichtVersie,
    berichtSubversie: h.berichtSubversie,
    afzender: h.afzender,
    ontvanger: h.ontvanger,
    berichtIdentificatie: berichtIdentificatie(h.berichtIdentificatie),
    xsdVersie: xsdVersie(h.xsdVersie),
  };
}

function retourHeader(h: RetourHeader): JsonRetourHeader {
  return present({
    ...header(h),
    identificatieRetour: h.identificatieRetour,
    dagtekeningRetour: h.dagtekeningRetour,
    xsltVersie: h.xsltVersie,
    xsdVersieRetour: xsdVersie(h.xsdVersieRetour),
    retourCodes: h.retourCodes,
  });
}

function declaratieAntwoordHeader(h: DeclaratieAntwoordHeader): JsonDeclaratieAntwoordHeader {
  return present({
    ...header(h),
    declaratieIdentificatie: berichtIdentificatie(h.declaratieIdentificatie),
    xsltVersie: h.xsltVersie,
    xsdVersieDeclaratie: xsdVersie(h.xsdVersieDeclaratie),
    retourCodes: h.retourCodes,
  });
}

// ---- person, contact ----
const geboortedatum = (g: Geboortedatum) => present({ datum: g.datum, datumGebruik: g.datumGebruik });
const achternaam = (a: Achternaam) => present({ achternaam: a.achternaam, voorvoegsel: a.voorvoegsel });

function verkorteNaam(n: VerkorteNaam) {
  return present({ geslachtsnaam: achternaam(n.geslachtsnaam), voornamen: n.voornamen, voorletters: n.voorletters });
}

function volledigeNaam(n: VolledigeNaam) {
  return present({ ...verkorteNaam(n), partnernaam: mapOptional(n.partnernaam, achternaam), naamGebruik: n.naamGebruik });
}

function adres(a: Adres) {
  return present({
    huis: mapOptional(a.huis, (h) => present({
      huisnummer: h.huisnummer,
      huisletter: h.huisletter,
      huisnummerToevoeging: h.huisnummerToevoeging,
      aanduidingWoonadres: h.aanduidingWoonadres,
    })),
    postcode: a.postcode,
    straatnaam: a.straatnaam,
    plaatsnaam: a.plaatsnaam,
    landCode: a.landCode,
  });
}

const telefoon = (t: Telefoon) => ({ telefoonnummer: t.telefoonnummer, landnummer: t.landnummer });

function contact(c: Contact) {
  return present({
    soort: c.soort,
    adres: mapOptional(c.adres, adres),
    organisatie: c.organisatie,
    telefoon: mapOptional(c.telefoon, (t) => present({ telefoon01: telefoon(t.telefoon01), telefoon02: mapOptional(t.telefoon02, telefoon) })),
    emailadres: c.emailadres,
    periode: mapOptional(c.periode, (p) => present({ begindatum: p.begindatum, einddatum: p.einddatum })),
    retourCodes: c.retourCodes,
  });
}

function relatie(r: Relatie) {
  return present({
    nummer: r.nummer,
    volgorde: r.volgorde,
    soort: r.soort,
    geboortedatum: mapOptional(r.geboortedatum, geboortedatum),
    geslacht: r.geslacht,
    naam: volledigeNaam(r.naam),
    contact: contact(r.contact),
    retourCodes: r.retourCodes,
  });
}

// ---- products ----
const product = (p: Product) => present({ categorie: p.categorie, code: p.code });
const omvang = (o: Omvang) => ({ volume: o.volume, eenheid: o.eenheid, frequentie: o.frequentie });
const periode = (p: GeslotenPeriode) => ({ begindatum: p.begindatum, einddatum: p.einddatum });

function toegewezenProduct(p: ToegewezenProduct) {
  return present({
    toewijzingNummer: p.toewijzingNummer,
    referentieAanbieder: p.referentieAanbieder,
    product: mapOptional(p.product, product),
    toewijzingsdatum: p.toewijzingsdatum,
    toewijzingstijd: p.toewijzingstijd,
    ingangsdatum: p.ingangsdatum,
    einddatum: p.einddatum,
    redenWijziging: p.redenWijziging,
    omvang: mapOptional(p.omvang, omvang),
    budget: p.budget,
    commentaar: p.commentaar,
    retourCodes: p.retourCodes,
  });
}

function toewijzingClient(c: ToewijzingClient): JsonToewijzingClient {
  return present({
    bsn: c.bsn,
    geboortedatum: geboortedatum(c.geboortedatum),
    geslacht: c.geslacht,
    naam: volledigeNaam(c.naam),
    communicatie: mapOptional(c.communicatie, (k) => present({ vorm: k.vorm, taal: k.taal })),
    juridischeStatus: c.juridischeStatus,
    wettelijkeVertegenwoordiging: c.wettelijkeVertegenwoordiging,
    commentaar: c.commentaar,
    relaties: c.relaties.map(relatie),
    contactgegevens: c.contactgegevens.map(contact),
    toegewezenProducten: c.toegewezenProducten.map(toegewezenProduct),
    retourCodes: c.retourCodes,
  });
}

function startProduct(p: StartProduct) {
  return present({
    toewijzingNummer: p.toewijzingNummer,
    product: mapOptional(p.product, product),
    toewijzingIngangsdatum: p.toewijzingIngangsdatum,
    begindatum: p.begindatum,
    statusAanlevering: p.statusAanlevering,
    retourCodes: p.retourCodes,
  });
}

const stopProduct = (p: StopProduct) => ({ ...startProduct(p), redenBeeindiging: p.redenBeeindiging, einddatum: p.einddatum });

function zorgClient(c: StartZorgClient | StopZorgClient | VerzoekToewijzingClient) {
  return present({
    bsn: c.bsn,
    geboortedatum: geboortedatum(c.geboortedatum),
    geslacht: c.geslacht,
    naam: verkorteNaam(c.naam),
    retourCodes: c.retourCodes,
  });
}

const startZorgClient = (c: StartZorgClient): JsonStartZorgClient => ({ ...zorgClient(c), startProducten: c.startProducten.map(startProduct) });
const stopZorgClient = (c: StopZorgClient): JsonStopZorgClient => ({ ...zorgClient(c), stopProducten: c.stopProducten.map(stopProduct) });

const verwijzer = (v: Verwijzer) => present({ type: v.type, naam: v.naam, zorgverlenerCode: v.zorgverlenerCode });

function aangevraagdProduct(p: AangevraagdProduct) {
  return present({
    referentieAanbieder: p.referentieAanbieder,
    beschikkingNummer: p.beschikkingNummer,
    product: mapOptional(p.product, product),
    beschikkingIngangsdatum: p.beschikkingIngangsdatum,
    toewijzingIngangsdatum: p.toewijzingIngangsdatum,
    toewijzingEinddatum: p.toewijzingEinddatum,
    omvang: mapOptional(p.omvang, omvang),
    budget: p.budget,
    verwijzer: verwijzer(p.verwijzer),
    raamcontract: p.raamcontract,
    commentaar: p.commentaar,
    retourCodes: p.retourCodes,
  });
}

/** GezagsdragerBekend exists in iJw only; the iWmo variant never carries it. */
function verzoekToewijzingClient(c: VerzoekToewijzingClient, standaard: Standaard): JsonVerzoekToewijzingClientJw {
  return present({
    ...zorgClient(c),
    gezagsdragerBekend: standaard === 'ijw' ? c.gezagsdragerBekend : undefined,
    commentaar: c.commentaar,
    aangevraagdeProducten: c.aangevraagdeProducten.map(aangevraagdProduct),
  });
}

function verzoekWijzigingClient(c: VerzoekWijzigingClient): JsonVerzoekWijzigingClient {
  const v = c.verzoek;
  return present({
    bsn: c.bsn,
    verzoek: present({
      referentieAanbieder: v.referentieAanbieder,
      redenVerzoek: v.redenVerzoek,
      ongewijzigdeProducten: v.ongewijzigdeProducten.map((p) => present({ toewijzingNummer: p.toewijzingNummer, retourCodes: p.retourCodes })),
      teWijzigenProducten: v.teWijzigenProducten.map((p) => present({
        toewijzingNummer: p.toewijzingNummer,
        gewensteIngangsdatum: p.gewensteIngangsdatum,
        einddatum: p.einddatum,
        omvang: mapOptional(p.omvang, omvang),
        budget: p.budget,
        retourCodes: p.retourCodes,
      })),
      nieuweProducten: v.nieuweProducten.map((p) => present({
        product: mapOptional(p.product, product),
        gewensteIngangsdatum: p.gewensteIngangsdatum,
        einddatum: p.einddatum,
        omvang: mapOptional(p.omvang, omvang),
        budget: p.budget,
        retourCodes: p.retourCodes,
      })),
      retourCodes: v.retourCodes,
    }),
    retourCodes: c.retourCodes,
  });
}

/** Woonplaatsbeginsel exists in iJw only; the iWmo variant never carries it. */
function antwoord(a: Antwoord, standaard: Standaard): JsonAntwoordJw {
  return present({
    referentieAanbieder: a.referentieAanbieder,
    verzoekAntwoord: a.verzoekAntwoord,
    redenAfwijzingVerzoek: a.redenAfwijzingVerzoek,
    woonplaatsbeginsel: standaard === 'ijw'
      ? mapOptional(a.woonplaatsbeginsel, (w) => present({ gemeente: w.gemeente, retourCodes: w.retourCodes }))
      : undefined,
    retourCodes: a.retourCodes,
  });
}

// ---- declaratie ----
const bedrag = (b: BedragMetDC) => ({ bedrag: b.bedrag, debetCredit: b.debetCredit as 'D' | 'C' });
const totaalBedrag = (b: TotaalBedragMetDC) => ({ totaalBedrag: b.totaalBedrag, debetCredit: b.debetCredit as 'D' | 'C' });

function prestatie(p: Prestatie) {
  return present({
    productReferentie: present({
      referentieNummer: p.productReferentie.referentieNummer,
      vorigReferentieNummer: p.productReferentie.vorigReferentieNummer,
    }),
    toewijzingNummer: p.toewijzingNummer,
    productCategorie: p.productCategorie,
    productCode: p.productCode,
    productPeriode: periode(p.productPeriode),
    geleverdVolume: p.geleverdVolume,
    eenheid: p.eenheid,
    productTarief: p.productTarief,
    ingediendBedrag: bedrag(p.ingediendBedrag),
    retourCodes: p.retourCodes,
  });
}

const declaratieClient = (c: DeclaratieClient) => present({ bsn: c.bsn, prestaties: c.prestaties.map(prestatie), retourCodes: c.retourCodes });

function declaratie(d: Declaratie): JsonDeclaratie {
  return {
    declaratieNummer: d.declaratieNummer,
    declaratiePeriode: periode(d.declaratiePeriode),
    declaratieDagtekening: d.declaratieDagtekening,
    totaalIngediendBedrag: totaalBedrag(d.totaalIngediendBedrag),
    clienten: d.clienten.map(declaratieClient),
  };
}

function declaratieAntwoord(d: DeclaratieAntwoord): JsonDeclaratieAntwoord {
  return present({
    declaratieNummer: d.declaratieNummer,
    totaalIngediendBedrag: totaalBedrag(d.totaalIngediendBedrag),
    totaalToegekendBedrag: totaalBedrag(d.totaalToegekendBedrag),
    clienten: d.clienten.map(declaratieClient),
    retourCodes: d.retourCodes,
  });
}

/**
 * The canonical JSON document of a parsed iWmo/iJw 3.2 message. The result is plain JSON (JSON.stringify
 * gives the document) and satisfies `iwmoIjwJsonDocumentSchema`.
 */
export function toCanonicalJson(m: CanonicalMessage): IwmoIjwJsonDocument {
  const documentVersie = 1 as const;
  switch (m.nummer) {
    case '301':
      return { documentVersie, berichtType: typeOf(m.standaard, '301'), header: header(m.header), client: toewijzingClient(m.client) };
    case '302':
      return present({ documentVersie, berichtType: typeOf(m.standaard, '302'), header: retourHeader(m.header), client: mapOptional(m.client, toewijzingClient) });
    case '305':
      return { documentVersie, berichtType: typeOf(m.standaard, '305'), header: header(m.header), client: startZorgClient(m.client) };
    case '306':
      return present({ documentVersie, berichtType: typeOf(m.standaard, '306'), header: retourHeader(m.header), client: mapOptional(m.client, startZorgClient) });
    case '307':
      return { documentVersie, berichtType: typeOf(m.standaard, '307'), header: header(m.header), client: stopZorgClient(m.client) };
    case '308':
      return present({ documentVersie, berichtType: typeOf(m.standaard, '308'), header: retourHeader(m.header), client: mapOptional(m.client, stopZorgClient) });
    case '315':
      return { documentVersie, berichtType: typeOf(m.standaard, '315'), header: header(m.header), client: verzoekToewijzingClient(m.client, m.standaard) };
    case '316':
      return present({
        documentVersie,
        berichtType: typeOf(m.standaard, '316'),
        header: retourHeader(m.header),
        client: mapOptional(m.client, (c) => verzoekToewijzingClient(c, m.standaard)),
      });
    case '317':
      return { documentVersie, berichtType: typeOf(m.standaard, '317'), header: header(m.header), client: verzoekWijzigingClient(m.client) };
    case '318':
      return present({ documentVersie, berichtType: typeOf(m.standaard, '318'), header: retourHeader(m.header), client: mapOptional(m.client, verzoekWijzigingClient) });
    case '319':
      return { documentVersie, berichtType: typeOf(m.standaard, '319'), header: header(m.header), antwoord: antwoord(m.antwoord, m.standaard) };
    case '320':
      return present({
        documentVersie,
        berichtType: typeOf(m.standaard, '320'),
        header: retourHeader(m.header),
        antwoord: mapOptional(m.antwoord, (a) => antwoord(a, m.standaard)),
      });
    case '323':
      return { documentVersie, berichtType: typeOf(m.standaard, '323'), header: header(m.header), declaratie: declaratie(m.declaratie) };
    case '325':
      return present({
        documentVersie,
        berichtType: typeOf(m.standaard, '325'),
        header: declaratieAntwoordHeader(m.header),
        declaratieAntwoord: mapOptional(m.declaratieAntwoord, declaratieAntwoord),
      });
  }
}
