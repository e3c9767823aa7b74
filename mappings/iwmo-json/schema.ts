// The canonical JSON document for the municipality's own systems: one iWmo/iJw 3.2 message as plain JSON.
// Field names are the XSD element names in camelCase; dates are 'YYYY-MM-DD', times 'HH:MM:SS', amounts
// integers in eurocent (as the standard has them), codes and identifiers strings exactly as in the XML
// (BSN 079646979 and code 01 keep their leading zeros). Repeating elements become arrays, always present
// (empty when the XML has none). docs/iwmo-json.md maps every field to its XML element.
// The JSON Schema file schemas/json/iwmo-ijw-canonical.schema.json is generated from this (write-schema.ts).
import { z } from 'zod';

/** Metadata for the JSON Schema: `id` makes a schema a named $defs entry. Private, so ids cannot clash. */
export const canonicalJsonMeta = z.registry<{ id?: string; title?: string; description?: string }>();

function def<T extends z.ZodType>(id: string, description: string, schema: T): T {
  canonicalJsonMeta.add(schema, { id, description });
  return schema;
}

function doc<T extends z.ZodType>(description: string, schema: T): T {
  canonicalJsonMeta.add(schema, { description });
  return schema;
}

// ---- simple types (LDT_*) ----
const datum = () => z.iso.date();
const tijd = () => z.iso.time();
const code = () => z.string().min(1);
const tekst = () => z.string();
const bsn = () => doc('Burgerservicenummer, 9 digits (LDT_BurgerServicenummer).', z.string().regex(/^[0-9]{9}$/));
const gemeentecode = () => doc('CBS gemeentecode, 4 digits (LDT_Gemeente).', z.string().regex(/^[0-9]{4}$/));
const agbCode = () => doc('AGB code of the aanbieder, 8 digits (LDT_AgbCode).', z.string().regex(/^[0-9]{8}$/));
/** LDT_Nummer (ToewijzingNummer): an xs:integer, kept as written. */
const nummer = () => z.string().regex(/^\+?[0-9]+$/);
const eurocent = () => z.number().int().min(0).max(99_999_999);
const totaalEurocent = () => z.number().int().min(0).max(999_999_999_999);
const volume = () => z.number().int().min(0).max(99_999_999);
const debetCredit = () => doc('D debet, C credit (LDT_DebetCredit).', z.enum(['D', 'C']));
const retourCodes = () =>
  doc('RetourCodes/RetourCode of this class (WJ001, 4 characters); only in retour messages and the 325.', z.array(z.string().length(4)));

// ---- header ----
const BerichtIdentificatie = def('BerichtIdentificatie', 'CDT_BerichtIdentificatie: Identificatie (max 12) and Dagtekening.', z.strictObject({
  identificatie: z.string().min(1).max(12),
  dagtekening: datum(),
}));

const XsdVersie = def('XsdVersie', 'CDT_XsdVersie: the XSD versions the message was made with.', z.strictObject({
  basisschemaXsdVersie: code(),
  berichtXsdVersie: code(),
}));

function headerFields(afzender: z.ZodString, ontvanger: z.ZodString) {
  return {
    berichtCode: doc('Vektis COD002 BerichtCode, fixed per message type (WMO301 = 414, …).', z.string().regex(/^[0-9]{3}$/)),
    berichtVersie: code(),
    berichtSubversie: code(),
    afzender,
    ontvanger,
    berichtIdentificatie: BerichtIdentificatie,
    xsdVersie: XsdVersie,
  };
}

const retourFields = {
  identificatieRetour: z.string().min(1).max(12),
  dagtekeningRetour: datum(),
  xsltVersie: code().optional(),
  xsdVersieRetour: XsdVersie,
  retourCodes: retourCodes().optional(),
};

const HeaderAfzenderGemeente = def('HeaderAfzenderGemeente', 'Header of 301 and 319: sent by the gemeente to the aanbieder.',
  z.strictObject(headerFields(gemeentecode(), agbCode())));
const HeaderAfzenderAanbieder = def('HeaderAfzenderAanbieder', 'Header of 305, 307, 315, 317 and 323: sent by the aanbieder to the gemeente.',
  z.strictObject(headerFields(agbCode(), gemeentecode())));
const RetourHeaderAfzenderGemeente = def('RetourHeaderAfzenderGemeente',
  'Header of 302 and 320: the heen header copied unchanged (Afzender stays the gemeente, IV028) plus the retour fields.',
  z.strictObject({ ...headerFields(gemeentecode(), agbCode()), ...retourFields }));
const RetourHeaderAfzenderAanbieder = def('RetourHeaderAfzenderAanbieder',
  'Header of 306, 308, 316 and 318: the heen header copied unchanged (Afzender stays the aanbieder, IV028) plus the retour fields.',
  z.strictObject({ ...headerFields(agbCode(), gemeentecode()), ...retourFields }));
const DeclaratieAntwoordHeader = def('DeclaratieAntwoordHeader',
  'Header of 325: refers to the 323 it answers by DeclaratieIdentificatie (= the BerichtIdentificatie of the 323).',
  z.strictObject({
    ...headerFields(gemeentecode(), agbCode()),
    declaratieIdentificatie: BerichtIdentificatie,
    xsltVersie: code().optional(),
    xsdVersieDeclaratie: XsdVersie,
    retourCodes: retourCodes(),
  }));

// ---- person, contact (CDT_*) ----
const Geboortedatum = def('Geboortedatum', 'Datum plus DatumGebruik (COD170: 1 dag onbekend, 2 dag en maand onbekend, 3 onbekend).',
  z.strictObject({ datum: datum(), datumGebruik: code().optional() }));

const Achternaam = def('Achternaam', 'Geslachtsnaam or Partnernaam: Achternaam and Voorvoegsel.',
  z.strictObject({ achternaam: tekst(), voorvoegsel: tekst().optional() }));

const verkorteNaamFields = {
  geslachtsnaam: Achternaam,
  voornamen: tekst().optional(),
  voorletters: tekst().optional(),
};
const VerkorteNaam = def('VerkorteNaam', 'Naam in 305/307/315: Geslachtsnaam, Voornamen, Voorletters.', z.strictObject(verkorteNaamFields));
const VolledigeNaam = def('VolledigeNaam', 'Naam in 301 (client and relaties): adds Partnernaam and NaamGebruik (COD700).',
  z.strictObject({ ...verkorteNaamFields, partnernaam: Achternaam.optional(), naamGebruik: code() }));

const Communicatie = def('Communicatie', 'Vorm (COD747) and Taal.', z.strictObject({ vorm: code(), taal: tekst().optional() }));

const Huis = def('Huis', 'Huisnummer, Huisletter, HuisnummerToevoeging, AanduidingWoonadres.', z.strictObject({
  huisnummer: code(),
  huisletter: tekst().optional(),
  huisnummerToevoeging: tekst().optional(),
  aanduidingWoonadres: code().optional(),
}));

const Adres = def('Adres', 'CDT_VolledigAdres.', z.strictObject({
  huis: Huis.optional(),
  postcode: tekst().optional(),
  straatnaam: tekst().optional(),
  plaatsnaam: tekst().optional(),
  landCode: code().optional(),
}));

const Telefoon = def('Telefoon', 'Telefoonnummer and Landnummer.', z.strictObject({ telefoonnummer: tekst(), landnummer: tekst() }));
const Telefoonnummers = def('Telefoonnummers', 'Telefoon01 and Telefoon02.', z.strictObject({ telefoon01: Telefoon, telefoon02: Telefoon.optional() }));

const OpenPeriode = def('OpenPeriode', 'Periode with optional Begindatum and Einddatum.',
  z.strictObject({ begindatum: datum().optional(), einddatum: datum().optional() }));
const GeslotenPeriode = def('GeslotenPeriode', 'Periode with Begindatum and Einddatum.', z.strictObject({ begindatum: datum(), einddatum: datum() }));

const Contact = def('Contact', 'Contactgegevens/Contact (client) or Relatie/Contact: Soort COD757 (01 BRP-adres, 02 correspondentie, 03 verblijf, 04 tijdelijk).',
  z.strictObject({
    soort: code(),
    adres: Adres.optional(),
    organisatie: tekst().optional(),
    telefoon: Telefoonnummers.optional(),
    emailadres: tekst().optional(),
    periode: OpenPeriode.optional(),
    retourCodes: retourCodes().optional(),
  }));

const Relatie = def('Relatie', 'Relaties/Relatie of the client in 301/302.', z.strictObject({
  nummer: code(),
  volgorde: code().optional(),
  soort: code(),
  geboortedatum: Geboortedatum.optional(),
  geslacht: code().optional(),
  naam: VolledigeNaam,
  contact: Contact,
  retourCodes: retourCodes().optional(),
}));

// ---- products ----
const Product = def('Product', 'Categorie (iWmo 01–18, iJw 31–55) and Code (max 5).', z.strictObject({ categorie: code(), code: code().optional() }));

const Omvang = def('Omvang', 'Volume, Eenheid (WJ756: 01 minuut, 04 uur, 14 etmaal, 16 dagdeel, 82 stuks output, 83 euro, 84 stuks inspanning), Frequentie (WMO757).',
  z.strictObject({ volume: volume(), eenheid: code(), frequentie: code() }));

const budget = () => doc('Budget in eurocent (IV024).', eurocent());

const ToegewezenProduct = def('ToegewezenProduct', 'ToegewezenProducten/ToegewezenProduct of a 301/302.', z.strictObject({
  toewijzingNummer: nummer(),
  referentieAanbieder: tekst().optional(),
  product: Product.optional(),
  toewijzingsdatum: datum(),
  toewijzingstijd: tijd(),
  ingangsdatum: datum(),
  einddatum: datum().optional(),
  redenWijziging: code().optional(),
  omvang: Omvang.optional(),
  budget: budget().optional(),
  commentaar: tekst().optional(),
  retourCodes: retourCodes().optional(),
}));

const ToewijzingClient = def('ToewijzingClient', 'Client of a 301/302.', z.strictObject({
  bsn: bsn(),
  geboortedatum: Geboortedatum,
  geslacht: code(),
  naam: VolledigeNaam,
  communicatie: Communicatie.optional(),
  juridischeStatus: code().optional(),
  wettelijkeVertegenwoordiging: code().optional(),
  commentaar: tekst().optional(),
  relaties: z.array(Relatie),
  contactgegevens: z.array(Contact).min(1),
  toegewezenProducten: z.array(ToegewezenProduct).min(1),
  retourCodes: retourCodes().optional(),
}));

const startProductFields = {
  toewijzingNummer: nummer().optional(),
  product: Product.optional(),
  toewijzingIngangsdatum: datum().optional(),
  begindatum: datum(),
  statusAanlevering: doc('COD467: 1 eerste aanlevering, 3 verwijderen.', code()),
  retourCodes: retourCodes().optional(),
};
const StartProduct = def('StartProduct', 'StartProducten/StartProduct of a 305/306.', z.strictObject(startProductFields));
const StopProduct = def('StopProduct', 'StopProducten/StopProduct of a 307/308.',
  z.strictObject({ ...startProductFields, redenBeeindiging: code(), einddatum: datum() }));

const zorgClientFields = {
  bsn: bsn(),
  geboortedatum: Geboortedatum,
  geslacht: code(),
  naam: VerkorteNaam,
  retourCodes: retourCodes().optional(),
};
const StartZorgClient = def('StartZorgClient', 'Client of a 305/306.',
  z.strictObject({ ...zorgClientFields, startProducten: z.array(StartProduct).min(1) }));
const StopZorgClient = def('StopZorgClient', 'Client of a 307/308.',
  z.strictObject({ ...zorgClientFields, stopProducten: z.array(StopProduct).min(1) }));

const Verwijzer = def('Verwijzer', 'Type (COD327) with Naam or ZorgverlenerCode.',
  z.strictObject({ type: code(), naam: tekst().optional(), zorgverlenerCode: code().optional() }));

const AangevraagdProduct = def('AangevraagdProduct', 'AangevraagdeProducten/AangevraagdProduct of a 315/316.', z.strictObject({
  referentieAanbieder: tekst(),
  beschikkingNummer: tekst().optional(),
  product: Product.optional(),
  beschikkingIngangsdatum: datum().optional(),
  toewijzingIngangsdatum: datum(),
  toewijzingEinddatum: datum().optional(),
  omvang: Omvang.optional(),
  budget: budget().optional(),
  verwijzer: Verwijzer,
  raamcontract: code().optional(),
  commentaar: tekst().optional(),
  retourCodes: retourCodes().optional(),
}));

const verzoekToewijzingClientFields = {
  ...zorgClientFields,
  commentaar: tekst().optional(),
  aangevraagdeProducten: z.array(AangevraagdProduct).min(1),
};
const VerzoekToewijzingClient = def('VerzoekToewijzingClient', 'Client of a WMO315/WMO316.', z.strictObject(verzoekToewijzingClientFields));
const VerzoekToewijzingClientJw = def('VerzoekToewijzingClientJw', 'Client of a JW315/JW316: adds GezagsdragerBekend (COD260).',
  z.strictObject({ ...verzoekToewijzingClientFields, gezagsdragerBekend: code().optional() }));

const OngewijzigdProduct = def('OngewijzigdProduct', 'OngewijzigdeProducten/OngewijzigdProduct of a 317/318.',
  z.strictObject({ toewijzingNummer: nummer(), retourCodes: retourCodes().optional() }));
const TeWijzigenProduct = def('TeWijzigenProduct', 'TeWijzigenProducten/TeWijzigenProduct of a 317/318.', z.strictObject({
  toewijzingNummer: nummer(),
  gewensteIngangsdatum: datum(),
  einddatum: datum().optional(),
  omvang: Omvang.optional(),
  budget: budget().optional(),
  retourCodes: retourCodes().optional(),
}));
const NieuwProduct = def('NieuwProduct', 'NieuweProducten/NieuwProduct of a 317/318.', z.strictObject({
  product: Product.optional(),
  gewensteIngangsdatum: datum(),
  einddatum: datum().optional(),
  omvang: Omvang.optional(),
  budget: budget().optional(),
  retourCodes: retourCodes().optional(),
}));
const Verzoek = def('Verzoek', 'Verzoek of a 317/318: RedenVerzoek (WJ758) and the three product lists.', z.strictObject({
  referentieAanbieder: tekst(),
  redenVerzoek: code(),
  ongewijzigdeProducten: z.array(OngewijzigdProduct),
  teWijzigenProducten: z.array(TeWijzigenProduct),
  nieuweProducten: z.array(NieuwProduct),
  retourCodes: retourCodes().optional(),
}));
const VerzoekWijzigingClient = def('VerzoekWijzigingClient', 'Client of a 317/318.',
  z.strictObject({ bsn: bsn(), verzoek: Verzoek, retourCodes: retourCodes().optional() }));

const antwoordFields = {
  referentieAanbieder: tekst(),
  verzoekAntwoord: doc('WJ760: 1 verzoek afgewezen, 2 aanvraag in onderzoek.', code()),
  redenAfwijzingVerzoek: code().optional(),
  retourCodes: retourCodes().optional(),
};
const Antwoord = def('Antwoord', 'Antwoord of a WMO319/WMO320.', z.strictObject(antwoordFields));
const Woonplaatsbeginsel = def('Woonplaatsbeginsel', 'The gemeente responsible under the woonplaatsbeginsel (iJw only).',
  z.strictObject({ gemeente: gemeentecode(), retourCodes: retourCodes().optional() }));
const AntwoordJw = def('AntwoordJw', 'Antwoord of a JW319/JW320: adds Woonplaatsbeginsel.',
  z.strictObject({ ...antwoordFields, woonplaatsbeginsel: Woonplaatsbeginsel.optional() }));

// ---- declaratie ----
const BedragMetDC = def('BedragMetDC', 'Bedrag (eurocent) with DebetCredit.', z.strictObject({ bedrag: eurocent(), debetCredit: debetCredit() }));
const TotaalBedragMetDC = def('TotaalBedragMetDC', 'TotaalBedrag (eurocent) with DebetCredit.',
  z.strictObject({ totaalBedrag: totaalEurocent(), debetCredit: debetCredit() }));

const Prestatie = def('Prestatie', 'Prestaties/Prestatie of a 323 (and the rejected ones in a 325).', z.strictObject({
  productReferentie: z.strictObject({ referentieNummer: tekst(), vorigReferentieNummer: tekst().optional() }),
  toewijzingNummer: nummer(),
  productCategorie: code(),
  productCode: code(),
  productPeriode: GeslotenPeriode,
  geleverdVolume: doc('GeleverdVolume; in eurocent when Eenheid is 83.', volume()),
  eenheid: code(),
  productTarief: doc('ProductTarief in eurocent; absent when Eenheid is 83 (CD087).', eurocent()).optional(),
  ingediendBedrag: BedragMetDC,
  retourCodes: retourCodes().optional(),
}));

const DeclaratieClient = def('DeclaratieClient', 'Clienten/Client of a 323/325.',
  z.strictObject({ bsn: bsn(), prestaties: z.array(Prestatie).min(1), retourCodes: retourCodes().optional() }));

const Declaratie = def('Declaratie', 'Declaratie of a 323.', z.strictObject({
  declaratieNummer: tekst(),
  declaratiePeriode: GeslotenPeriode,
  declaratieDagtekening: datum(),
  totaalIngediendBedrag: TotaalBedragMetDC,
  clienten: z.array(DeclaratieClient).min(1),
}));

const DeclaratieAntwoord = def('DeclaratieAntwoord', 'DeclaratieAntwoord of a 325: only the rejected prestaties (TR342).', z.strictObject({
  declaratieNummer: tekst(),
  totaalIngediendBedrag: TotaalBedragMetDC,
  totaalToegekendBedrag: TotaalBedragMetDC,
  clienten: z.array(DeclaratieClient),
  retourCodes: retourCodes().optional(),
}));

// ---- the documents, one variant per message (both standards share one where their XSDs agree) ----
const documentVersie = () => doc('Version of this JSON document format.', z.literal(1));

const berichtTypes = <N extends string>(nummer: N) => z.enum([`WMO${nummer}`, `JW${nummer}`] as [`WMO${N}`, `JW${N}`]);

export const toewijzingDocument = z.strictObject({
  documentVersie: documentVersie(), berichtType: berichtTypes('301'), header: HeaderAfzenderGemeente, client: ToewijzingClient,
});
export const toewijzingRetourDocument = z.strictObject({
  documentVersie: documentVersie(), berichtType: berichtTypes('302'), header: RetourHeaderAfzenderGemeente, client: ToewijzingClient.optional(),
});
export const startZorgDocument = z.strictObject({
  documentVersie: documentVersie(), berichtType: berichtTypes('305'), header: HeaderAfzenderAanbieder, client: StartZorgClient,
});
export const startZorgRetourDocument = z.strictObject({
  documentVersie: documentVersie(), berichtType: berichtTypes('306'), header: RetourHeaderAfzenderAanbieder, client: StartZorgClient.optional(),
});
export const stopZorgDocument = z.strictObject({
  documentVersie: documentVersie(), berichtType: berichtTypes('307'), header: HeaderAfzenderAanbieder, client: StopZorgClient,
});
export const stopZorgRetourDocument = z.strictObject({
  documentVersie: documentVersie(), berichtType: berichtTypes('308'), header: RetourHeaderAfzenderAanbieder, client: StopZorgClient.optional(),
});
export const verzoekToewijzingWmoDocument = z.strictObject({
  documentVersie: documentVersie(), berichtType: z.literal('WMO315'), header: HeaderAfzenderAanbieder, client: VerzoekToewijzingClient,
});
export const verzoekToewijzingJwDocument = z.strictObject({
  documentVersie: documentVersie(), berichtType: z.literal('JW315'), header: HeaderAfzenderAanbieder, client: VerzoekToewijzingClientJw,
});
export const verzoekToewijzingRetourWmoDocument = z.strictObject({
  documentVersie: documentVersie(), berichtType: z.literal('WMO316'), header: RetourHeaderAfzenderAanbieder, client: VerzoekToewijzingClient.optional(),
});
export const verzoekToewijzingRetourJwDocument = z.strictObject({
  documentVersie: documentVersie(), berichtType: z.literal('JW316'), header: RetourHeaderAfzenderAanbieder, client: VerzoekToewijzingClientJw.optional(),
});
export const verzoekWijzigingDocument = z.strictObject({
  documentVersie: documentVersie(), berichtType: berichtTypes('317'), header: HeaderAfzenderAanbieder, client: VerzoekWijzigingClient,
});
export const verzoekWijzigingRetourDocument = z.strictObject({
  documentVersie: documentVersie(), berichtType: berichtTypes('318'), header: RetourHeaderAfzenderAanbieder, client: VerzoekWijzigingClient.optional(),
});
export const antwoordWmoDocument = z.strictObject({
  documentVersie: documentVersie(), berichtType: z.literal('WMO319'), header: HeaderAfzenderGemeente, antwoord: Antwoord,
});
export const antwoordJwDocument = z.strictObject({
  documentVersie: documentVersie(), berichtType: z.literal('JW319'), header: HeaderAfzenderGemeente, antwoord: AntwoordJw,
});
export const antwoordRetourWmoDocument = z.strictObject({
  documentVersie: documentVersie(), berichtType: z.literal('WMO320'), header: RetourHeaderAfzenderGemeente, antwoord: Antwoord.optional(),
});
export const antwoordRetourJwDocument = z.strictObject({
  documentVersie: documentVersie(), berichtType: z.literal('JW320'), header: RetourHeaderAfzenderGemeente, antwoord: AntwoordJw.optional(),
});
export const declaratieDocument = z.strictObject({
  documentVersie: documentVersie(), berichtType: berichtTypes('323'), header: HeaderAfzenderAanbieder, declaratie: Declaratie,
});
export const declaratieAntwoordDocument = z.strictObject({
  documentVersie: documentVersie(), berichtType: berichtTypes('325'), header: DeclaratieAntwoordHeader, declaratieAntwoord: DeclaratieAntwoord.optional(),
});

/** The canonical JSON document of any iWmo/iJw 3.2 message, discriminated by `berichtType`. */
export const iwmoIjwJsonDocumentSchema = z.discriminatedUnion('berichtType', [
  toewijzingDocument, toewijzingRetourDocument,
  startZorgDocument, startZorgRetourDocument,
  stopZorgDocument, stopZorgRetourDocument,
  verzoekToewijzingWmoDocument, verzoekToewijzingJwDocument,
  verzoekToewijzingRetourWmoDocument, verzoekToewijzingRetourJwDocument,
  verzoekWijzigingDocument, verzoekWijzigingRetourDocument,
  antwoordWmoDocument, antwoordJwDocument,
  antwoordRetourWmoDocument, antwoordRetourJwDocument,
  declaratieDocument, declaratieAntwoordDocument,
]);
canonicalJsonMeta.add(iwmoIjwJsonDocumentSchema, {
  title: 'Ketenpoort canonical JSON document for iWmo 3.2 / iJw 3.2 messages',
  description: 'One iWmo/iJw 3.2 message as plain JSON, discriminated by berichtType. Field mapping: docs/iwmo-json.md.',
});

export type IwmoIjwJsonDocument = z.infer<typeof iwmoIjwJsonDocumentSchema>;

/** The classes, for the mapper's return types. */
export type JsonHeaderAfzenderGemeente = z.infer<typeof HeaderAfzenderGemeente>;
export type JsonHeaderAfzenderAanbieder = z.infer<typeof HeaderAfzenderAanbieder>;
export type JsonRetourHeader = z.infer<typeof RetourHeaderAfzenderGemeente> | z.infer<typeof RetourHeaderAfzenderAanbieder>;
export type JsonDeclaratieAntwoordHeader = z.infer<typeof DeclaratieAntwoordHeader>;
export type JsonToewijzingClient = z.infer<typeof ToewijzingClient>;
export type JsonStartZorgClient = z.infer<typeof StartZorgClient>;
export type JsonStopZorgClient = z.infer<typeof StopZorgClient>;
export type JsonVerzoekToewijzingClientJw = z.infer<typeof VerzoekToewijzingClientJw>;
export type JsonVerzoekWijzigingClient = z.infer<typeof VerzoekWijzigingClient>;
export type JsonAntwoordJw = z.infer<typeof AntwoordJw>;
export type JsonDeclaratie = z.infer<typeof Declaratie>;
export type JsonDeclaratieAntwoord = z.infer<typeof DeclaratieAntwoord>;
