// Which retour answers which heen message, which classes of it carry RetourCodes, and the fixed data a
// retour header needs (namespaces, XSD versions).
import { berichtSoort, type BerichtNummer, type BerichtType, type Standaard } from '../model/index.ts';
import { RetourBuildError } from './retour-error.ts';

/** Heen message → its retour (IV028), and 323 → 325 (IV087). */
export const RETOUR_NUMMER = {
  '301': '302', '305': '306', '307': '308', '315': '316', '317': '318', '319': '320', '323': '325',
} as const satisfies Partial<Record<BerichtNummer, BerichtNummer>>;

export type HeenNummer = keyof typeof RETOUR_NUMMER;

/**
 * Elements of each heen message that are a class with RetourCodes in its retour XSD (302 … 320), checked
 * against the XSDs by tests/unit/iwmo-ijw-retour. The Header is a class too but handled on its own.
 */
export const RETOUR_KLASSEN: Readonly<Record<Exclude<HeenNummer, '323'>, ReadonlySet<string>>> = {
  '301': new Set(['Client', 'Relatie', 'Contact', 'ToegewezenProduct']),
  '305': new Set(['Client', 'StartProduct']),
  '307': new Set(['Client', 'StopProduct']),
  '315': new Set(['Client', 'AangevraagdProduct']),
  '317': new Set(['Client', 'Verzoek', 'OngewijzigdProduct', 'TeWijzigenProduct', 'NieuwProduct']),
  '319': new Set(['Antwoord', 'Woonplaatsbeginsel']),
};

/**
 * BasisschemaXsdVersie and BerichtXsdVersie of the retour XSDs, as IV034 asks (copied from their
 * xs:appinfo). The iJw copies in schemas/istandaarden say 0.1.0 (see schemas/SOURCES.md); the test
 * compares these with the XSD files so that a replaced schema set shows up here.
 */
export const RETOUR_XSD_VERSIE: Readonly<Record<Standaard, { basisschema: string; bericht: string }>> = {
  iwmo: { basisschema: '1.0.0', bericht: '1.0.0' },
  ijw: { basisschema: '0.1.0', bericht: '0.1.0' },
};

/**
 * The version of the official TR-CD-CS XSLT whose rules the level-2 engine ports (rules/*.ts cite it);
 * IV033 asks the retour to name it as XsltVersie, and the validation report names it as XSLTVersie.
 */
export const XSLT_VERSIE = '2.10.5';

export const basisNamespace = (s: Standaard): string => `http://www.istandaarden.nl/${s}/3_2/basisschema/schema`;

/** 'WMO302' → http://www.istandaarden.nl/iwmo/3_2/wmo302/schema */
export function berichtNamespace(type: BerichtType): string {
  const s = berichtSoort(type);
  if (!s) throw new RetourBuildError('RETOUR_INVALID_INPUT', `unknown message type ${type}`);
  return `http://www.istandaarden.nl/${s.standaard}/3_2/${type.toLowerCase()}/schema`;
}

/** The retour type of a heen type: 'WMO301' → 'WMO302', 'JW323' → 'JW325'; undefined for any other type. */
export function retourTypeFor(type: BerichtType | string): BerichtType | undefined {
  const s = berichtSoort(type);
  if (!s || !(s.nummer in RETOUR_NUMMER)) return undefined;
  return `${s.standaard === 'iwmo' ? 'WMO' : 'JW'}${RETOUR_NUMMER[s.nummer as HeenNummer]}` as BerichtType;
}
