// Writes the iPgb 2.1 XSD set in this folder: basisschema.xsd and WMO501/502/507/508, JW501/502/507/508.
// Run: npx tsx schemas/ipgb-2.1/generate.ts
//
// No official iPgb XSD is public. The set is reconstructed from the information model described in
// ../shared/research/ipgb.md (BiZZdesign export "iPgb 21 regelscripts IST" of the iPgb 2.1 model) and reuses
// the iStandaarden basisschema datatypes of iWmo 3.2 (schemas/istandaarden/iwmo-3.2/basisschema.xsd, a
// byte copy of ../shared/corpus/istandaarden/iwmo-3.2/xsd/basisschema.xsd — see schemas/SOURCES.md), with the
// prefix renamed and the iPgb code lists added. Every guessed point is written into the header comment of
// each generated file (GUESSES below). A municipality that has the official release package from
// Zorginstituut points KP_IPGB_SCHEMAS_DIR at it instead; nothing here is then used.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const IWMO_BASIS = path.join(HERE, '..', 'istandaarden', 'iwmo-3.2', 'basisschema.xsd');

const NS_ROOT = 'http://www.istandaarden.nl/ipgb/2_1';
const BASIS_NS = `${NS_ROOT}/basisschema/schema`;

const GUESSES = [
  'namespace URIs http://www.istandaarden.nl/ipgb/2_1/<bericht>/schema and .../basisschema/schema, prefix ipgb, file names (ipgb.md §6 #1)',
  'root element Bericht of type Root, complexTypes named after the classes (ipgb.md §6 #2)',
  'element order inside every class: key elements first, then the attributes in the order of ipgb.md §2.4/§2.5, then child classes; RetourCodes last (§6 #3)',
  'order of the classes under Client: Budget, Relaties, Contact (§6 #4)',
  'Contact may stand both under Client and under Relatie (§6 #5)',
  'retour header: XsdVersieRetour present and mandatory, between XsltVersie and RetourCodes, as in iWmo 3.2 WMO302 (§6 #6)',
  'LDT_Referentie string 1..36 with a non-blank pattern, taken from iWmo 3.2 (§6 #7)',
  'LDT_ZorgfunctiePgbWmo/Jw, LDT_SoortVertegenwoordiging (maxLength 2) and LDT_RedenBudgetafsluiting (maxLength 1) as xs:string enumerations (§6 #8)',
  'LDT_Geslacht, LDT_LandCode, LDT_AanduidingWoonadres with the iWmo 3.2 values (§6 #16)',
  'LDT_KvkNummer: string of 8 digits (RS036, attribution to KvkNummer inferred)',
  'appinfo BerichtXsdVersie and BasisschemaXsdVersie 1.0.0 (the model says so; the element names follow iWmo 3.2)',
];

// ---------------------------------------------------------------------------------------------------------
// basisschema

const COPIED_TYPES = [
  'CDT_Achternaam', 'CDT_Adres', 'CDT_BerichtIdentificatie', 'CDT_GeslotenPeriode', 'CDT_Huis', 'CDT_Telefoon',
  'CDT_Telefoonnummers', 'CDT_VolledigeNaam', 'CDT_XsdVersie',
  'LDT_AanduidingWoonadres', 'LDT_Bedrag', 'LDT_BerichtCode', 'LDT_BerichtSubversie', 'LDT_BerichtVersie',
  'LDT_BurgerServicenummer', 'LDT_Datum', 'LDT_Emailadres', 'LDT_Gemeente', 'LDT_Geslacht', 'LDT_Huisletter',
  'LDT_Huisnummer', 'LDT_HuisnummerToevoeging', 'LDT_IdentificatieBericht', 'LDT_LandCode', 'LDT_Landnummer',
  'LDT_Naam', 'LDT_NaamGebruik', 'LDT_Organisatienaam', 'LDT_Persoonsid', 'LDT_Plaatsnaam', 'LDT_Postcode',
  'LDT_Referentie', 'LDT_Straatnaam', 'LDT_Telefoonnummer', 'LDT_Versie', 'LDT_Voorletters', 'LDT_Voorvoegsel',
] as const;

function copiedType(source: string, name: string): string {
  const start = source.search(new RegExp(`\\t<xs:(complexType|simpleType) name="${name}">`));
  if (start < 0) throw new Error(`${name} not in the iWmo 3.2 basisschema`);
  const kind = source.slice(start).match(/<xs:(complexType|simpleType)/)![1];
  const endTag = `</xs:${kind}>`;
  const end = source.indexOf(endTag, start) + endTag.length;
  return source.slice(start, end).replaceAll('iwmo:', 'ipgb:');
}

function enumType(name: string, doc: string, maxLength: number, values: ReadonlyArray<readonly [string, string]>): string {
  const lits = values.map(([v, d]) => `\t\t\t<xs:enumeration value="${v}">\n\t\t\t\t<xs:annotation>\n\t\t\t\t\t<xs:documentation>${d}</xs:documentation>\n\t\t\t\t</xs:annotation>\n\t\t\t</xs:enumeration>\n`).join('');
  return `\t<xs:simpleType name="${name}">\n\t\t<xs:annotation>\n\t\t\t<xs:documentation>${doc}</xs:documentation>\n\t\t</xs:annotation>\n\t\t<xs:restriction base="xs:string">\n${lits}\t\t\t<xs:maxLength value="${maxLength}"/>\n\t\t</xs:restriction>\n\t</xs:simpleType>`;
}

const ZORGFUNCTIE_WMO: ReadonlyArray<readonly [string, string]> = [
  ['01', 'Hulp bij het huishouden'], ['02', 'Begeleiding'], ['03', 'Persoonlijke verzorging'], ['04', 'Kortdurend verblijf'],
  ['05', 'Woondiensten'], ['06', 'Overige ondersteuning gericht op het individu of huishouden/gezin'], ['07', 'Dagbesteding'],
  ['08', 'Vervoerdiensten'], ['09', 'Overige groepsgerichte ondersteuning'], ['10', 'Overige maatwerk arrangementen'],
  ['11', 'Rolstoelen'], ['12', 'Vervoervoorzieningen'], ['13', 'Woonvoorzieningen'], ['14', 'Overige hulpmiddelen'],
  ['15', 'Beschermd wonen'], ['16', 'Opvang'], ['17', 'Spoedopvang'], ['18', 'Overige beschermd wonen en opvang'],
  ['99', 'Totaal zorgpakket'],
];

const ZORGFUNCTIE_JW: ReadonlyArray<readonly [string, string]> = [
  ['31', '(2015) Zonder verblijf: uitgevoerd door wijk- of buurtteam'],
  ['32', '(2015) Zonder verblijf: ambulante jeugdhulp op locatie van de aanbieder'],
  ['33', '(2015) Zonder verblijf: daghulp op locatie van de aanbieder'],
  ['34', '(2015) Zonder verblijf: jeugdhulp in het netwerk van de jeugdige'],
  ['35', '(2015) Met verblijf: pleegzorg'], ['36', '(2015) Met verblijf: gezinsgericht'],
  ['37', '(2015) Met verblijf: gesloten plaatsing'], ['38', '(2015) Met verblijf: overig residentieel'],
  ['40', 'Persoonlijke verzorging'], ['41', 'Dagbehandeling'], ['42', 'Vervoerdiensten'],
  ['43', 'Jeugdhulp verblijf (incl. behandeling)'], ['44', 'Jeugdhulp verblijf (excl. behandeling)'], ['45', 'Jeugdhulp ambulant'],
  ['46', 'Jeugdhulp crisis'], ['47', 'Jeugdreclassering'], ['48', 'Jeugdbescherming'],
  ['49', 'Activiteiten in het preventief justitieel kader'], ['50', 'Maatwerkarrangementen jeugd'], ['51', 'Generalistische basis-ggz'],
  ['52', 'Specialistische ggz'], ['53', 'Kindergeneeskunde'], ['54', 'Jeugd-ggz'], ['55', 'Landelijk ingekochte zorg'],
  ['99', 'Totaal zorgpakket'],
];

const SOORT_VERTEGENWOORDIGING: ReadonlyArray<readonly [string, string]> = [
  ['1', 'Contactpersoon - zorginhoudelijk en financieel verantwoordelijk'],
  ['2', 'Gemachtigde - zorginhoudelijk en financieel verantwoordelijk'],
  ['3', 'Wettelijk vertegenwoordiger - zorginhoudelijk en financieel verantwoordelijk'],
  ['4', 'Gewaarborgde hulp'],
  ['5', 'Contactpersoon - zorginhoudelijk verantwoordelijk'],
  ['6', 'Gemachtigde - zorginhoudelijk verantwoordelijk'],
  ['7', 'Wettelijk vertegenwoordiger - zorginhoudelijk verantwoordelijk'],
  ['8', 'Contactpersoon - financieel verantwoordelijk'],
  ['9', 'Gemachtigde - financieel verantwoordelijk'],
  ['10', 'Wettelijk vertegenwoordiger - financieel verantwoordelijk'],
];

const REDEN_BUDGETAFSLUITING: ReadonlyArray<readonly [string, string]> = [
  ['1', 'Einddatum functiebudgetperiode'],
  ['2', 'Administratieve jaarafsluiting'],
  ['3', 'Bestedingsconflict - boven budget en/of buiten budgetperiode'],
];

const PGB001: ReadonlyArray<readonly [string, string]> = [
  ['0001', 'Bericht is afgekeurd om technische redenen.'],
  ['0200', 'Geen opmerking over deze berichtklasse.'],
  ['0233', 'Berichtklasse is niet beoordeeld.'],
  ['9016', 'Bericht voldoet niet aan technische regel TR016'],
  ['9056', 'Bericht voldoet niet aan technische regel 56'],
  ['9101', 'Bericht voldoet niet aan technische regel TR101'],
  ['9501', 'Voldoet niet aan technische regel TR501'],
  ['9502', 'Voldoet niet aan technische regel TR502'],
  ['9503', 'Voldoet niet aan technische regel TR503'],
  ['9504', 'Voldoet niet aan technische regel TR504'],
  ['9506', 'Voldoet niet aan technische regel TR506'],
  ['9507', 'Voldoet niet aan technische regel TR507'],
  ['9508', 'Bericht voldoet niet aan technische regel TR508'],
  ['9509', 'Voldoet niet aan technische regel TR509'],
  ['9510', 'Voldoet niet aan technische regel TR510'],
  ['9511', 'Bericht voldoet niet aan technische regel TR511'],
  ['9512', 'Voldoet niet aan technische regel TR512'],
  ['9513', 'Voldoet niet aan technische regel TR513'],
  ['9514', 'Bericht voldoet niet aan technische regel TR514'],
  ['9515', 'Bericht voldoet niet aan technische regel TR515'],
  ['9516', 'Bericht voldoet niet aan technische regel TR516'],
  ['9562', 'Voldoet niet aan technische regel TR562'],
  ['9574', 'Voldoet niet aan technische regel TR574'],
  ['S002', 'Bericht voldoet niet aan constraint CS002'],
  ['S003', 'Bericht voldoet niet aan constraint CS003'],
  ['S023', 'Bericht voldoet niet aan constraint CS023'],
  ['S318', 'Bericht voldoet niet aan constraint CS318.'],
  ['S050', 'Bericht voldoet niet aan constraint CS050'],
  ['S064', 'Bericht voldoet niet aan constraint CS064'],
  ['S089', 'Bericht voldoet niet aan constraint CS089'],
  ['S300', 'Bericht voldoet niet aan constraint CS300'],
  ['S501', 'Bericht voldoet niet aan constraint CS501'],
  ['S502', 'Bericht voldoet niet aan constraint CS502'],
  ['D005', 'Bericht voldoet niet aan conditie CD005'],
  ['D025', 'Bericht voldoet niet aan conditie CD025'],
  ['D504', 'Bericht voldoet niet aan conditie CD504'],
  ['D505', 'Bericht voldoet niet aan conditie CD505'],
];

function headerComment(what: string): string {
  return `<!--
  iPgb 2.1 ${what} — RECONSTRUCTED, not the official Zorginstituut XSD (none is public).
  Source: the iPgb 2.1 information model as described in ipgb.md (BiZZdesign export "iPgb 21 regelscripts IST",
  GitHub onnohaldar/istd-ld-voorbeelden @ ebacbdd020bed0efea7a344810d77c1fc2d88042); shared datatypes copied from the
  iStandaarden basisschema of iWmo 3.2 (BasisschemaXsdVersie 1.0.0, via i-Sociaal-Lab/jaapjunior, see schemas/SOURCES.md).
  Generated by schemas/ipgb-2.1/generate.ts. Replace the whole folder by the official release package when available
  (KP_IPGB_SCHEMAS_DIR).
  Guessed points:
${GUESSES.map((g) => `  - ${g}`).join('\n')}
-->`;
}

function appinfo(bericht: string, withBericht: boolean): string {
  const lines = [
    `<ipgb:standaard>ipgb</ipgb:standaard>`,
    `<ipgb:bericht>${bericht}</ipgb:bericht>`,
    `<ipgb:release>2.1</ipgb:release>`,
    ...(withBericht ? ['<ipgb:BerichtXsdVersie>1.0.0</ipgb:BerichtXsdVersie>', '<ipgb:BerichtXsdMinVersie>1.0.0</ipgb:BerichtXsdMinVersie>', '<ipgb:BerichtXsdMaxVersie>1.0.0</ipgb:BerichtXsdMaxVersie>'] : []),
    '<ipgb:BasisschemaXsdVersie>1.0.0</ipgb:BasisschemaXsdVersie>',
    '<ipgb:BasisschemaXsdMinVersie>1.0.0</ipgb:BasisschemaXsdMinVersie>',
    '<ipgb:BasisschemaXsdMaxVersie>1.0.0</ipgb:BasisschemaXsdMaxVersie>',
  ];
  return `\t<xs:annotation>\n\t\t<xs:appinfo>\n${lines.map((l) => `\t\t\t${l}`).join('\n')}\n\t\t</xs:appinfo>\n\t</xs:annotation>`;
}

function basisschema(): string {
  const source = readFileSync(IWMO_BASIS, 'utf8');
  const copied = COPIED_TYPES.map((n) => copiedType(source, n));
  const own = [
    `\t<xs:simpleType name="LDT_KvkNummer">\n\t\t<xs:annotation>\n\t\t\t<xs:documentation>Uniek administratienummer van een rechtspersoon (niet-natuurlijk persoon), uitgegeven door de Kamer van Koophandel.</xs:documentation>\n\t\t</xs:annotation>\n\t\t<xs:restriction base="xs:string">\n\t\t\t<xs:minLength value="1"/>\n\t\t\t<xs:maxLength value="8"/>\n\t\t\t<xs:pattern value="[0-9]{8}"/>\n\t\t</xs:restriction>\n\t</xs:simpleType>`,
    enumType('LDT_RedenBudgetafsluiting', 'PGB507: de reden waarom een budgetafsluiting wordt verstuurd.', 1, REDEN_BUDGETAFSLUITING),
    enumType('LDT_RetourCode', 'PGB001: melding in een retourbericht; code die het resultaat van de beoordeling van een (deel van een) ontvangen bericht weergeeft.', 4, PGB001),
    enumType('LDT_SoortVertegenwoordiging', 'COD473: de soort vertegenwoordiging die een persoon of organisatie ten opzichte van de client heeft.', 2, SOORT_VERTEGENWOORDIGING),
    enumType('LDT_ZorgfunctiePgbJw', 'JZ022: ProductcategoriePgb (Jeugdwet).', 2, ZORGFUNCTIE_JW),
    enumType('LDT_ZorgfunctiePgbWmo', 'WMO022: ProductcategoriePgb (Wmo).', 2, ZORGFUNCTIE_WMO),
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>
${headerComment('basisschema')}
<xs:schema targetNamespace="${BASIS_NS}" elementFormDefault="qualified" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:ipgb="${BASIS_NS}">
${appinfo('basisschema', false)}
${[...copied, ...own].join('\n')}
</xs:schema>
`;
}

// ---------------------------------------------------------------------------------------------------------
// message schemas

interface El { name: string; type: string; min?: 0; many?: true; doc?: string }
interface Cls { name: string; els: El[]; doc?: string; retourable?: boolean }

const e = (name: string, type: string, opts: Partial<El> = {}): El => ({ name, type, ...opts });

type Soort = '501' | '507';
type Wet = 'wmo' | 'jw';

const CODES: Record<`${Wet}${Soort | '502' | '508'}`, string> = {
  wmo501: '458', wmo502: '459', jw501: '460', jw502: '461', wmo507: '464', wmo508: '465', jw507: '466', jw508: '467',
};

function classes(soort: Soort, wet: Wet, retour: boolean): Cls[] {
  const zorgfunctie = wet === 'wmo' ? 'ipgb:LDT_ZorgfunctiePgbWmo' : 'ipgb:LDT_ZorgfunctiePgbJw';
  const m = (t: string) => `m:${t}`;
  const header: El[] = [
    e('BerichtCode', 'BERICHTCODE', { doc: 'Code ter identificatie van een soort bericht.' }),
    e('BerichtVersie', 'BERICHTVERSIE', { doc: 'Volgnummer van de formele uitgifte van een major release van een iStandaard.' }),
    e('BerichtSubversie', 'BERICHTSUBVERSIE', { doc: 'Volgnummer van de formele uitgifte van een minor release van een iStandaard.' }),
    soort === '501'
      ? e('Afzender', 'ipgb:LDT_Gemeente', { doc: 'Identificerende code van de gemeente die het budget verstrekt.' })
      : e('Ontvanger', 'ipgb:LDT_Gemeente', { doc: 'Identificerende code van de gemeente die het budget heeft verstrekt.' }),
    e('BerichtIdentificatie', 'ipgb:CDT_BerichtIdentificatie', { doc: 'Naam of nummer en dagtekening ter identificatie van een totale aanlevering.' }),
    e('XsdVersie', 'ipgb:CDT_XsdVersie', { doc: "Volgnummer van de formele uitgifte van een versie van de XSD's die zijn ingezet voor het opstellen van het heenbericht." }),
  ];
  if (retour) {
    header.push(
      e('IdentificatieRetour', 'ipgb:LDT_IdentificatieBericht', { doc: 'Naam of nummer ter identificatie van het retourbericht.' }),
      e('DagtekeningRetour', 'ipgb:LDT_Datum', { doc: 'De datum van verzending van het retourbericht.' }),
      e('XsltVersie', 'ipgb:LDT_Versie', { min: 0, doc: 'Versie van de XSLT waarmee het heenbericht is gecontroleerd.' }),
      e('XsdVersieRetour', 'ipgb:CDT_XsdVersie', { doc: "Versie van de XSD's waarmee het retourbericht is opgesteld." }),
      e('RetourCodes', m('RetourCodes'), { min: 0 }),
    );
  }
  const out: Cls[] = [{ name: 'Header', els: header }];
  if (soort === '501') {
    out.push(
      { name: 'Client', retourable: true, doc: 'Persoonsgegevens van de client (budgethouder).', els: [
        e('Bsn', 'ipgb:LDT_BurgerServicenummer', { doc: 'Burgerservicenummer van de client.' }),
        e('Budget', m('Budget')),
        e('Relaties', m('Relaties'), { min: 0 }),
        e('Contact', m('Contact'), { min: 0 }),
      ] },
      { name: 'Budget', retourable: true, doc: 'Gegevens over het pgb dat aan de client is toegekend.', els: [
        e('BudgetIdentificatie', 'ipgb:LDT_Referentie', { doc: 'Identificatie van het budget zoals toegekend door de verstrekker.' }),
        e('BudgetIdentificatieOud', 'ipgb:LDT_Referentie', { min: 0, doc: 'Identificatie van het eerder toegekende budget dat wordt vervangen.' }),
        e('BudgetPeriode', 'ipgb:CDT_GeslotenPeriode', { min: 0, doc: 'Periode waarin de toekenning geldig is.' }),
        e('Afgiftedatum', 'ipgb:LDT_Datum', { min: 0, doc: 'Datum waarop het budget behorend bij een beschikking is toegekend.' }),
        e('FunctieBudgetten', m('FunctieBudgetten')),
      ] },
      { name: 'FunctieBudgetten', els: [e('FunctieBudget', m('FunctieBudget'), { many: true })] },
      { name: 'FunctieBudget', retourable: true, doc: '(Deel van het) budget van de client per zorgfunctie.', els: [
        e('Zorgfunctie', zorgfunctie, { doc: 'Gecodeerde zorgfunctie.' }),
        e('FunctieBudgetPeriode', 'ipgb:CDT_GeslotenPeriode', { doc: 'Eerste tot en met laatste dag waarop zorg voor deze functie geleverd mag worden.' }),
        e('FunctieBudgetBedrag', 'ipgb:LDT_Bedrag', { doc: 'Hoogte van het functiebudget voor de periode, inclusief het verantwoordingsvrije bedrag.' }),
        e('VerantwoordingsvrijBedrag', 'ipgb:LDT_Bedrag', { min: 0, doc: 'Deel van het functiebudget dat de budgethouder vrij mag besteden.' }),
      ] },
      { name: 'Relaties', els: [e('Relatie', m('Relatie'), { many: true })] },
      { name: 'Relatie', retourable: true, doc: 'Persoonsgegevens van een relatie (vertegenwoordiger, contactpersoon) van de client.', els: [
        e('Nummer', 'ipgb:LDT_Persoonsid', { doc: 'Identificerend nummer van de relatie van een client.' }),
        e('Soort', 'ipgb:LDT_SoortVertegenwoordiging', { doc: 'De soort vertegenwoordiging ten opzichte van de client.' }),
        e('Bsn', 'ipgb:LDT_BurgerServicenummer', { min: 0 }),
        e('KvkNummer', 'ipgb:LDT_KvkNummer', { min: 0 }),
        e('Organisatie', 'ipgb:LDT_Organisatienaam', { min: 0 }),
        e('Geslacht', 'ipgb:LDT_Geslacht', { min: 0 }),
        e('Naam', 'ipgb:CDT_VolledigeNaam', { min: 0 }),
        e('Ingangsdatum', 'ipgb:LDT_Datum', { min: 0, doc: 'Datum vanaf wanneer de relatie geldig is.' }),
        e('Contact', m('Contact'), { min: 0 }),
      ] },
      { name: 'Contact', retourable: true, doc: 'Het correspondentieadres voor het pgb (alleen als het afwijkt van het BRP-adres).', els: [
        e('Adres', 'ipgb:CDT_Adres', { min: 0 }),
        e('Telefoon', 'ipgb:CDT_Telefoonnummers', { min: 0 }),
        e('Emailadres', 'ipgb:LDT_Emailadres', { min: 0 }),
        e('Ingangsdatum', 'ipgb:LDT_Datum', { min: 0, doc: 'Datum vanaf wanneer de contactgegevens gelden.' }),
      ] },
    );
  } else {
    out.push(
      { name: 'Client', retourable: true, doc: 'Persoonsgegevens van de client (budgethouder).', els: [
        e('Bsn', 'ipgb:LDT_BurgerServicenummer'),
        e('FunctieBudgettenBesteed', m('FunctieBudgettenBesteed')),
      ] },
      { name: 'FunctieBudgettenBesteed', els: [e('FunctieBudgetBesteed', m('FunctieBudgetBesteed'), { many: true })] },
      { name: 'FunctieBudgetBesteed', retourable: true, doc: 'Bestedingsgegevens van een budget van de client.', els: [
        e('BudgetIdentificatie', 'ipgb:LDT_Referentie'),
        e('Zorgfunctie', zorgfunctie),
        e('BestedingsPeriode', 'ipgb:CDT_GeslotenPeriode', { doc: 'Periode waarvoor het functiebudget is toegekend.' }),
        e('RedenBudgetafsluiting', 'ipgb:LDT_RedenBudgetafsluiting'),
        e('FunctieBudgetBesteed', 'ipgb:LDT_Bedrag', { doc: 'Totaal uitbetaald op dit functiebudget, inclusief verantwoordingsvrije betalingen, exclusief ziekengeld en vrijwillige stortingen.' }),
        e('VerantwoordingsvrijBedragBesteed', 'ipgb:LDT_Bedrag', { min: 0 }),
        e('ZiekengeldBesteed', 'ipgb:LDT_Bedrag', { min: 0 }),
      ] },
    );
  }
  if (retour) {
    out.push({ name: 'RetourCodes', els: [e('RetourCode', 'ipgb:LDT_RetourCode', { many: true, doc: 'Gecodeerde aanduiding in een retourbericht van het resultaat van de beoordeling van een (deel van het) ontvangen bericht.' })] });
    for (const c of out) if (c.retourable) c.els.push(e('RetourCodes', m('RetourCodes')));
  }
  return out;
}

function restricted(name: string, base: string, pattern: string, doc: string | undefined): string {
  return `\t\t\t<xs:element name="${name}">\n${docBlock(doc, 4)}\t\t\t\t<xs:simpleType>\n\t\t\t\t\t<xs:restriction base="${base}">\n\t\t\t\t\t\t<xs:pattern value="${pattern}"/>\n\t\t\t\t\t</xs:restriction>\n\t\t\t\t</xs:simpleType>\n\t\t\t</xs:element>\n`;
}

function docBlock(doc: string | undefined, depth: number): string {
  if (!doc) return '';
  const t = '\t'.repeat(depth);
  return `${t}<xs:annotation>\n${t}\t<xs:documentation>${doc}</xs:documentation>\n${t}</xs:annotation>\n`;
}

function element(el: El, prefix: string, berichtCode: string): string {
  if (el.type === 'BERICHTCODE') return restricted(el.name, 'ipgb:LDT_BerichtCode', berichtCode, el.doc);
  if (el.type === 'BERICHTVERSIE') return restricted(el.name, 'ipgb:LDT_BerichtVersie', '2', el.doc);
  if (el.type === 'BERICHTSUBVERSIE') return restricted(el.name, 'ipgb:LDT_BerichtSubversie', '1', el.doc);
  const type = el.type.startsWith('m:') ? `${prefix}:${el.type.slice(2)}` : el.type;
  const occurs = `${el.min === 0 ? ' minOccurs="0"' : ''}${el.many ? ' maxOccurs="unbounded"' : ''}`;
  if (!el.doc) return `\t\t\t<xs:element name="${el.name}" type="${type}"${occurs}/>\n`;
  return `\t\t\t<xs:element name="${el.name}" type="${type}"${occurs}>\n${docBlock(el.doc, 4)}\t\t\t</xs:element>\n`;
}

const TITLES: Record<Soort | '502' | '508', (w: string) => string> = {
  '501': (w) => `Toekenning Pgb ${w}: bericht van de budgetverstrekker (gemeente) aan de betaalinstantie (SVB).`,
  '502': (w) => `Retourbericht op de Toekenning Pgb ${w} (van de SVB aan de gemeente).`,
  '507': (w) => `Budgetafsluiting Pgb ${w}: bericht van de betaalinstantie (SVB) aan de budgetverstrekker (gemeente).`,
  '508': (w) => `Retourbericht op de Budgetafsluiting Pgb ${w} (van de gemeente aan de SVB).`,
};

function messageSchema(wet: Wet, nummer: '501' | '502' | '507' | '508'): { file: string; xml: string } {
  const retour = nummer === '502' || nummer === '508';
  const soort: Soort = nummer === '501' || nummer === '502' ? '501' : '507';
  const bericht = `${wet}${nummer}`;
  const prefix = bericht;
  const ns = `${NS_ROOT}/${bericht}/schema`;
  const code = CODES[bericht as keyof typeof CODES];
  const cls = classes(soort, wet, retour);
  const root = `\t<xs:element name="Bericht" type="${prefix}:Root"/>
\t<xs:complexType name="Root">
${docBlock(TITLES[nummer](wet === 'wmo' ? 'Wmo' : 'Jw'), 2)}\t\t<xs:sequence>
\t\t\t<xs:element name="Header" type="${prefix}:Header"/>
\t\t\t<xs:element name="Client" type="${prefix}:Client"${retour ? ' minOccurs="0"' : ''}/>
\t\t</xs:sequence>
\t</xs:complexType>
`;
  const types = cls.map((c) => `\t<xs:complexType name="${c.name}">\n${docBlock(c.doc, 2)}\t\t<xs:sequence>\n${c.els.map((x) => element(x, prefix, code)).join('')}\t\t</xs:sequence>\n\t</xs:complexType>\n`).join('');
  const file = `${wet === 'wmo' ? 'WMO' : 'JW'}${nummer}.xsd`;
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
${headerComment(`${file.replace('.xsd', '')} (BerichtCode ${code})`)}
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:ipgb="${BASIS_NS}" xmlns:${prefix}="${ns}" targetNamespace="${ns}" elementFormDefault="qualified">
\t<xs:import namespace="${BASIS_NS}" schemaLocation="basisschema.xsd"/>
${appinfo(bericht, true)}
${root}${types}</xs:schema>
`;
  return { file, xml };
}

/** Every file of the set: name → content. */
export function ipgbSchemaFiles(): Map<string, string> {
  const files = new Map([['basisschema.xsd', basisschema()]]);
  for (const wet of ['wmo', 'jw'] as const) {
    for (const nummer of ['501', '502', '507', '508'] as const) {
      const { file, xml } = messageSchema(wet, nummer);
      files.set(file, xml);
    }
  }
  return files;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const [file, xml] of ipgbSchemaFiles()) writeFileSync(path.join(HERE, file), xml);
}
