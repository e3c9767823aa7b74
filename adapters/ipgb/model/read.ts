// Maps the element tree of an XSD-valid iPgb message to its canonical model (types.ts).
import { IPGB_BERICHTCODES, nummerOf, wetOf, type IpgbType } from '../messages.ts';
import type { TreeElement } from '../../xml/tree.ts';
import { IpgbModelError } from './model-error.ts';
import { Reader } from './reader.ts';
import type {
  Achternaam, Adres, BerichtIdentificatie, BudgetafsluitingClient, BudgetafsluitingHeader, Budget, Contact, FunctieBudget,
  FunctieBudgetBesteed, Huis, IpgbMessage, Periode, RedenBudgetafsluiting, Relatie, RetourVelden, Telefoon, Telefoonnummers,
  ToekenningClient, ToekenningHeader, VolledigeNaam, XsdVersie,
} from './types.ts';

/** Drops undefined properties, so an absent optional element is an absent property. */
function defined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

const opt = <T>(r: Reader, name: string, read: (c: Reader) => T): T | undefined => {
  const c = r.child(name);
  return c && read(c);
};

const periode = (r: Reader): Periode => ({ path: r.path, begindatum: r.requireText('Begindatum'), einddatum: r.requireText('Einddatum') });

const berichtIdentificatie = (r: Reader): BerichtIdentificatie =>
  ({ path: r.path, identificatie: r.requireText('Identificatie'), dagtekening: r.requireText('Dagtekening') });

const xsdVersie = (r: Reader): XsdVersie =>
  ({ path: r.path, basisschemaXsdVersie: r.requireText('BasisschemaXsdVersie'), berichtXsdVersie: r.requireText('BerichtXsdVersie') });

function headerBasis(r: Reader) {
  return {
    path: r.path,
    berichtCode: r.requireText('BerichtCode'),
    berichtVersie: r.requireText('BerichtVersie'),
    berichtSubversie: r.requireText('BerichtSubversie'),
    berichtIdentificatie: berichtIdentificatie(r.requireChild('BerichtIdentificatie')),
    xsdVersie: xsdVersie(r.requireChild('XsdVersie')),
  };
}

const toekenningHeader = (r: Reader): ToekenningHeader => ({ ...headerBasis(r), afzender: r.requireText('Afzender') });
const budgetafsluitingHeader = (r: Reader): BudgetafsluitingHeader => ({ ...headerBasis(r), ontvanger: r.requireText('Ontvanger') });

const retourVelden = (r: Reader): RetourVelden => defined({
  identificatieRetour: r.requireText('IdentificatieRetour'),
  dagtekeningRetour: r.requireText('DagtekeningRetour'),
  xsltVersie: r.text('XsltVersie'),
  xsdVersieRetour: xsdVersie(r.requireChild('XsdVersieRetour')),
  retourCodes: r.retourCodes(),
});

const achternaam = (r: Reader): Achternaam => defined({ path: r.path, achternaam: r.requireText('Achternaam'), voorvoegsel: r.text('Voorvoegsel') });

const volledigeNaam = (r: Reader): VolledigeNaam => defined({
  path: r.path,
  geslachtsnaam: achternaam(r.requireChild('Geslachtsnaam')),
  partnernaam: opt(r, 'Partnernaam', achternaam),
  voornamen: r.text('Voornamen'),
  voorletters: r.text('Voorletters'),
  naamGebruik: r.requireText('NaamGebruik'),
});

const huis = (r: Reader): Huis => defined({
  path: r.path,
  huisnummer: r.requireNumber('Huisnummer'),
  huisletter: r.text('Huisletter'),
  huisnummerToevoeging: r.text('HuisnummerToevoeging'),
  aanduidingWoonadres: r.text('AanduidingWoonadres'),
});

const adres = (r: Reader): Adres => defined({
  path: r.path,
  huis: opt(r, 'Huis', huis),
  postcode: r.text('Postcode'),
  straatnaam: r.text('Straatnaam'),
  plaatsnaam: r.text('Plaatsnaam'),
  landCode: r.text('LandCode'),
});

const telefoon = (r: Reader): Telefoon => ({ path: r.path, telefoonnummer: r.requireText('Telefoonnummer'), landnummer: r.requireText('Landnummer') });

const telefoonnummers = (r: Reader): Telefoonnummers =>
  defined({ path: r.path, telefoon01: telefoon(r.requireChild('Telefoon01')), telefoon02: opt(r, 'Telefoon02', telefoon) });

const contact = (r: Reader): Contact => defined({
  path: r.path,
  adres: opt(r, 'Adres', adres),
  telefoon: opt(r, 'Telefoon', telefoonnummers),
  emailadres: r.text('Emailadres'),
  ingangsdatum: r.text('Ingangsdatum'),
  retourCodes: r.retourCodes(),
});

const relatie = (r: Reader): Relatie => defined({
  path: r.path,
  nummer: r.requireText('Nummer'),
  soort: r.requireText('Soort'),
  bsn: r.text('Bsn'),
  kvkNummer: r.text('KvkNummer'),
  organisatie: r.text('Organisatie'),
  geslacht: r.text('Geslacht'),
  naam: opt(r, 'Naam', volledigeNaam),
  ingangsdatum: r.text('Ingangsdatum'),
  contact: opt(r, 'Contact', contact),
  retourCodes: r.retourCodes(),
});

const functieBudget = (r: Reader): FunctieBudget => defined({
  path: r.path,
  zorgfunctie: r.requireText('Zorgfunctie'),
  functieBudgetPeriode: periode(r.requireChild('FunctieBudgetPeriode')),
  functieBudgetBedrag: r.requireNumber('FunctieBudgetBedrag'),
  verantwoordingsvrijBedrag: r.number('VerantwoordingsvrijBedrag'),
  retourCodes: r.retourCodes(),
});

const budget = (r: Reader): Budget => defined({
  path: r.path,
  budgetIdentificatie: r.requireText('BudgetIdentificatie'),
  budgetIdentificatieOud: r.text('BudgetIdentificatieOud'),
  budgetPeriode: opt(r, 'BudgetPeriode', periode),
  afgiftedatum: r.text('Afgiftedatum'),
  functieBudgetten: r.list('FunctieBudgetten', 'FunctieBudget').map(functieBudget),
  retourCodes: r.retourCodes(),
});

const toekenningClient = (r: Reader): ToekenningClient => defined({
  path: r.path,
  bsn: r.requireText('Bsn'),
  budget: budget(r.requireChild('Budget')),
  relaties: r.list('Relaties', 'Relatie').map(relatie),
  contact: opt(r, 'Contact', contact),
  retourCodes: r.retourCodes(),
});

function reden(r: Reader): RedenBudgetafsluiting {
  const v = r.requireText('RedenBudgetafsluiting');
  if (v !== '1' && v !== '2' && v !== '3') {
    throw new IpgbModelError('IPGB_TYPE_MISMATCH', `unknown code in ${r.path}/RedenBudgetafsluiting`, `${r.path}/RedenBudgetafsluiting`);
  }
  return v;
}

const functieBudgetBesteed = (r: Reader): FunctieBudgetBesteed => defined({
  path: r.path,
  budgetIdentificatie: r.requireText('BudgetIdentificatie'),
  zorgfunctie: r.requireText('Zorgfunctie'),
  bestedingsPeriode: periode(r.requireChild('BestedingsPeriode')),
  redenBudgetafsluiting: reden(r),
  functieBudgetBesteed: r.requireNumber('FunctieBudgetBesteed'),
  verantwoordingsvrijBedragBesteed: r.number('VerantwoordingsvrijBedragBesteed'),
  ziekengeldBesteed: r.number('ZiekengeldBesteed'),
  retourCodes: r.retourCodes(),
});

const budgetafsluitingClient = (r: Reader): BudgetafsluitingClient => defined({
  path: r.path,
  bsn: r.requireText('Bsn'),
  functieBudgettenBesteed: r.list('FunctieBudgettenBesteed', 'FunctieBudgetBesteed').map(functieBudgetBesteed),
  retourCodes: r.retourCodes(),
});

/**
 * The canonical model of an XSD-valid iPgb message of `type`. Throws IpgbModelError when the tree is not that
 * message (wrong root, BerichtCode of another type, a required element missing).
 */
export function readIpgbModel(root: TreeElement, type: IpgbType): IpgbMessage {
  if (root.local !== 'Bericht') throw new IpgbModelError('IPGB_NOT_A_BERICHT', 'root element is not Bericht', `/${root.local}`);
  const bericht = new Reader(root);
  const h = bericht.requireChild('Header');
  const code = h.requireText('BerichtCode');
  if (code !== IPGB_BERICHTCODES[type]) {
    throw new IpgbModelError('IPGB_TYPE_MISMATCH', `BerichtCode does not belong to ${type} (expected ${IPGB_BERICHTCODES[type]})`, '/Bericht/Header/BerichtCode');
  }
  const base = { type, wet: wetOf(type), namespace: root.ns };
  const nummer = nummerOf(type);
  switch (nummer) {
    case '501':
      return { ...base, nummer, header: toekenningHeader(h), client: toekenningClient(bericht.requireChild('Client')) };
    case '502':
      return defined({ ...base, nummer, header: { ...toekenningHeader(h), ...retourVelden(h) }, client: opt(bericht, 'Client', toekenningClient) });
    case '507':
      return { ...base, nummer, header: budgetafsluitingHeader(h), client: budgetafsluitingClient(bericht.requireChild('Client')) };
    case '508':
      return defined({ ...base, nummer, header: { ...budgetafsluitingHeader(h), ...retourVelden(h) }, client: opt(bericht, 'Client', budgetafsluitingClient) });
  }
}
