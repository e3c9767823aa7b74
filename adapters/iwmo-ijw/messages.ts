// The iWmo and iJw 3.2 message set: which namespace is which message, its BerichtCode (Vektis
// COD002, fixed per XSD) and whether it is a retour. Source: ../shared/research/istandaarden.md §2.

export type Family = 'iwmo' | 'ijw';

export interface MessageSpec {
  family: Family;
  /** 'WMO301', 'JW323', … */
  type: string;
  berichtCode: string;
  /** A retour keeps the heen message's header, so its Afzender is the addressee (IV028). */
  retour: boolean;
  namespace: string;
  basisschemaNamespace: string;
  xsdFile: string;
}

export const SUPPORTED_RELEASE = '3_2';

// message number → [iWmo BerichtCode, iJw BerichtCode]
const BERICHTCODES: Readonly<Record<string, readonly [string, string]>> = {
  '301': ['414', '436'], '302': ['415', '437'],
  '305': ['418', '438'], '306': ['419', '439'],
  '307': ['420', '440'], '308': ['421', '441'],
  '315': ['444', '446'], '316': ['445', '447'],
  '317': ['480', '486'], '318': ['481', '487'],
  '319': ['482', '488'], '320': ['483', '489'],
  '323': ['484', '490'], '325': ['485', '491'],
};
const RETOURS = new Set(['302', '306', '308', '316', '318', '320']);

const FAMILIES = { iwmo: { typePrefix: 'WMO', nsPart: 'wmo' }, ijw: { typePrefix: 'JW', nsPart: 'jw' } } as const;

export const NAMESPACE_PREFIXES = ['http://www.istandaarden.nl/iwmo/', 'http://www.istandaarden.nl/ijw/'] as const;

function build(): MessageSpec[] {
  const specs: MessageSpec[] = [];
  for (const family of ['iwmo', 'ijw'] as const) {
    const { typePrefix, nsPart } = FAMILIES[family];
    const base = `http://www.istandaarden.nl/${family}/${SUPPORTED_RELEASE}`;
    for (const [nr, codes] of Object.entries(BERICHTCODES)) {
      const type = `${typePrefix}${nr}`;
      specs.push({
        family,
        type,
        berichtCode: family === 'iwmo' ? codes[0] : codes[1],
        retour: RETOURS.has(nr),
        namespace: `${base}/${nsPart}${nr}/schema`,
        basisschemaNamespace: `${base}/basisschema/schema`,
        xsdFile: `${type}.xsd`,
      });
    }
  }
  return specs;
}

export const MESSAGE_SPECS: readonly MessageSpec[] = build();

export type NamespaceVerdict =
  | { kind: 'unsupported-release'; family: Family; release: string }
  | { kind: 'unknown' };

const ANY_RELEASE = /^http:\/\/www\.istandaarden\.nl\/(iwmo|ijw)\/([^/]+)\//;

/** Why a namespace that is not one of MESSAGE_SPECS is refused. */
export function explainNamespace(namespace: string): NamespaceVerdict {
  const m = ANY_RELEASE.exec(namespace);
  if (m && m[2] !== SUPPORTED_RELEASE) return { kind: 'unsupported-release', family: m[1] as Family, release: m[2]!.replace(/_/g, '.') };
  return { kind: 'unknown' };
}
