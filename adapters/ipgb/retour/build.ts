// IV028 for iPgb (ipgb.md §5): the WMO502/JW502 on a TKB and the WMO508/JW508 on a BAB. The retour is the heen
// message with the retour's BerichtCode and namespace, the header copied unchanged (Afzender resp. Ontvanger
// included) plus IdentificatieRetour, DagtekeningRetour, XsltVersie (when given), XsdVersieRetour and RetourCodes:
//   no findings        → header only, no RetourCodes (approved)
//   a level-2 finding  → header only, RetourCode 0001
//   level-3 findings   → header with the codes of header findings (else 0200), and the client copied with every
//                        class (Client, Budget, FunctieBudget, Relatie, Contact, FunctieBudgetBesteed) carrying
//                        the codes of its findings, or 0200
import { escapeText } from '../../xml/escape.ts';
import { parseUntrustedXml } from '../../xml/parse.ts';
import { childNamed, readElements, type TreeElement } from '../../xml/tree.ts';
import { IPGB_BERICHTCODES, retourTypeOf, type IpgbType } from '../messages.ts';
import type { Budgetafsluiting, IpgbMessage, Toekenning } from '../model/types.ts';
import { GEEN_OPMERKING, isPgb001, TECHNISCH_AFGEKEURD } from '../retourcodes.ts';
import type { IpgbFinding } from '../rules/types.ts';
import type { IpgbMessageSchema } from '../schemas.ts';
import { bundledRetourSchemas } from './default-schemas.ts';
import { IpgbRetourError } from './retour-error.ts';

/** Classes that carry RetourCodes in a retour (ipgb.md §5.3). */
export const RETOUR_KLASSEN: ReadonlySet<string> = new Set(['Client', 'Budget', 'FunctieBudget', 'Relatie', 'Contact', 'FunctieBudgetBesteed']);

export interface IpgbRetourInput {
  /** The heen message (501/507) exactly as received. */
  heen: Buffer | string;
  /** Its canonical model (from the adapter, of the same XML). */
  model: IpgbMessage;
  /** Level-2 and level-3 findings; none means approved. */
  findings?: readonly IpgbFinding[];
  /** IdentificatieRetour: 1–12 characters, unique per sender and message type (TR056). */
  identificatie: string;
  /** DagtekeningRetour is this moment's date in the Netherlands; default now. */
  now?: Date;
  /** XsltVersie (IV033), only when a versioned XSLT did the checks. */
  xsltVersie?: string;
  /** The schema set's messages (adapter.schemas); default the set KP_IPGB_SCHEMAS_DIR or the bundled folder names. */
  schemas?: ReadonlyMap<IpgbType, IpgbMessageSchema>;
}

export type IpgbRetourUitkomst = 'goedgekeurd' | 'technisch-afgekeurd' | 'afgekeurd';

export interface IpgbRetour {
  /** 'WMO502' | 'JW502' | 'WMO508' | 'JW508'. */
  type: IpgbType;
  xml: string;
  uitkomst: IpgbRetourUitkomst;
  /** Every distinct code in the retour (header and classes), for the ledger. */
  retourCodes: string[];
}

const amsterdamDate = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Amsterdam' });

/** IdentificatieRetour is an LDT_IdentificatieBericht: 1–12 characters, not only blanks, one line. */
export function checkIdentificatie(identificatie: string): void {
  const length = [...identificatie].length;
  if (length < 1 || length > 12 || !/\S/.test(identificatie) || /[\r\n]/.test(identificatie)) {
    throw new IpgbRetourError('RETOUR_INVALID_INPUT', 'identificatie must be 1 to 12 characters on one line, not only blanks');
  }
}

function checkInput(input: IpgbRetourInput): void {
  checkIdentificatie(input.identificatie);
  if (input.xsltVersie !== undefined && !/^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$/.test(input.xsltVersie)) {
    throw new IpgbRetourError('RETOUR_INVALID_INPUT', 'xsltVersie must be a version n.n.n');
  }
  for (const f of input.findings ?? []) {
    if (!isPgb001(f.code)) throw new IpgbRetourError('RETOUR_UNKNOWN_RETOURCODE', `retour code '${f.code}' of rule ${f.rule} is not in PGB001`, f.path);
  }
}

export class Writer {
  out = '<?xml version="1.0" encoding="UTF-8"?>\n';

  constructor(private readonly prefixes: ReadonlyMap<string, string>, readonly own: string) {}

  private qname(el: TreeElement): string {
    const p = this.prefixes.get(el.ns);
    if (p === undefined) throw new IpgbRetourError('RETOUR_XML_MISMATCH', `element ${el.path} is in an unexpected namespace`, el.path);
    return `${p}:${el.local}`;
  }

  open(local: string, depth: number): void {
    this.out += `${'\t'.repeat(depth)}<${this.own}:${local}>\n`;
  }

  close(local: string, depth: number): void {
    this.out += `${'\t'.repeat(depth)}</${this.own}:${local}>\n`;
  }

  leaf(qname: string, text: string, depth: number): void {
    this.out += `${'\t'.repeat(depth)}<${qname}>${escapeText(text)}</${qname}>\n`;
  }

  retourCodes(codes: readonly string[], depth: number): void {
    this.open('RetourCodes', depth);
    for (const c of codes) this.leaf(`${this.own}:RetourCode`, c, depth + 1);
    this.close('RetourCodes', depth);
  }

  copy(el: TreeElement, depth: number, codesFor: (el: TreeElement) => readonly string[] | undefined): void {
    const qn = this.qname(el);
    const codes = codesFor(el);
    if (el.children.length === 0 && codes === undefined) {
      this.leaf(qn, el.text, depth);
      return;
    }
    this.out += `${'\t'.repeat(depth)}<${qn}>\n`;
    for (const c of el.children) this.copy(c, depth + 1, codesFor);
    if (codes !== undefined) this.retourCodes(codes, depth + 1);
    this.out += `${'\t'.repeat(depth)}</${qn}>\n`;
  }
}

const BASIS_PREFIX = 'ipgb';

/** A writer with the retour's root start tag written; heen namespaces map to the retour's prefixes. */
export function openRetour(heenSchema: IpgbMessageSchema, retourSchema: IpgbMessageSchema, retourType: IpgbType): Writer {
  const own = retourType.toLowerCase();
  const w = new Writer(new Map([[heenSchema.namespace, own], [heenSchema.basisschemaNamespace, BASIS_PREFIX]]), own);
  w.out += `<${own}:Bericht xmlns:${own}="${retourSchema.namespace}" xmlns:${BASIS_PREFIX}="${retourSchema.basisschemaNamespace}">\n`;
  return w;
}

/** IV028 header: the heen header copied with the retour's BerichtCode, then the retour's own elements. */
export function writeRetourHeader(
  w: Writer, header: TreeElement, retourType: IpgbType, retourSchema: IpgbMessageSchema,
  p: { identificatie: string; now?: Date | undefined; xsltVersie?: string | undefined }, codes: readonly string[] | undefined,
): void {
  const own = w.own;
  w.open('Header', 1);
  for (const c of header.children) {
    if (c.local === 'BerichtCode') w.leaf(`${own}:BerichtCode`, IPGB_BERICHTCODES[retourType], 2);
    else w.copy(c, 2, () => undefined);
  }
  w.leaf(`${own}:IdentificatieRetour`, p.identificatie, 2);
  w.leaf(`${own}:DagtekeningRetour`, amsterdamDate.format(p.now ?? new Date()), 2);
  if (p.xsltVersie !== undefined) w.leaf(`${own}:XsltVersie`, p.xsltVersie, 2);
  w.open('XsdVersieRetour', 2);
  w.leaf(`${BASIS_PREFIX}:BasisschemaXsdVersie`, retourSchema.basisschemaXsdVersie, 3);
  w.leaf(`${BASIS_PREFIX}:BerichtXsdVersie`, retourSchema.berichtXsdVersie, 3);
  w.close('XsdVersieRetour', 2);
  if (codes) w.retourCodes(codes, 2);
  w.close('Header', 1);
}

function heenTree(input: IpgbRetourInput, model: Toekenning | Budgetafsluiting): TreeElement {
  const body = typeof input.heen === 'string' ? Buffer.from(input.heen, 'utf8') : input.heen;
  const doc = parseUntrustedXml(body);
  let root: TreeElement;
  try {
    root = readElements(doc);
  } finally {
    doc.dispose();
  }
  if (root.local !== 'Bericht' || root.ns !== model.namespace) {
    throw new IpgbRetourError('RETOUR_XML_MISMATCH', `the heen XML is not a ${model.type} Bericht`, '/Bericht');
  }
  const id = childNamed(childNamed(childNamed(root, 'Header') ?? root, 'BerichtIdentificatie') ?? root, 'Identificatie');
  if (!id || id.text.trim() !== model.header.berichtIdentificatie.identificatie) {
    throw new IpgbRetourError('RETOUR_XML_MISMATCH', 'the heen XML and its model are not the same message (BerichtIdentificatie differs)', '/Bericht/Header/BerichtIdentificatie/Identificatie');
  }
  return root;
}

function addCode(map: Map<string, string[]>, key: string, code: string): void {
  const list = map.get(key);
  if (!list) map.set(key, [code]);
  else if (!list.includes(code)) list.push(code);
}

/** The IV028 retour on a WMO501/JW501 (→ 502) or WMO507/JW507 (→ 508). */
export function buildIpgbRetour(input: IpgbRetourInput): IpgbRetour {
  const model = input.model;
  const retourType = retourTypeOf(model.type);
  if (retourType === undefined || (model.nummer !== '501' && model.nummer !== '507')) {
    throw new IpgbRetourError('RETOUR_NO_RETOUR_FOR_TYPE', `${model.type} is a retour and gets none`);
  }
  checkInput(input);
  const schemas = input.schemas ?? bundledRetourSchemas();
  const heenSchema = schemas.get(model.type);
  const retourSchema = schemas.get(retourType);
  if (!heenSchema || !retourSchema) throw new IpgbRetourError('RETOUR_INVALID_INPUT', `the schema set has no ${model.type} or ${retourType}`);
  const findings = input.findings ?? [];
  const root = heenTree(input, model);
  const header = childNamed(root, 'Header');
  const client = childNamed(root, 'Client');
  if (!header || !client) throw new IpgbRetourError('RETOUR_XML_MISMATCH', 'the heen XML has no Header or Client', '/Bericht');

  const classEls = new Set<TreeElement>();
  collectClasses(client, undefined, heenSchema.namespace, classEls);
  const technisch = findings.some((f) => f.level === 2 || f.code === TECHNISCH_AFGEKEURD);
  let uitkomst: IpgbRetourUitkomst = 'goedgekeurd';
  let headerCodes: string[] | undefined;
  const classCodes = new Map<string, string[]>();
  if (technisch) {
    uitkomst = 'technisch-afgekeurd';
    headerCodes = [TECHNISCH_AFGEKEURD];
  } else if (findings.length > 0) {
    uitkomst = 'afgekeurd';
    const klassen = new Set([header.path, ...[...classEls].map((el) => el.path)]);
    for (const f of findings) {
      if (!klassen.has(f.klasse)) throw new IpgbRetourError('RETOUR_INVALID_INPUT', `finding ${f.rule} names ${f.klasse}, which is no class of the message`, f.klasse);
      addCode(classCodes, f.klasse, f.code);
    }
    headerCodes = classCodes.get(header.path) ?? [GEEN_OPMERKING];
  }

  const w = openRetour(heenSchema, retourSchema, retourType);
  writeRetourHeader(w, header, retourType, retourSchema, { identificatie: input.identificatie, now: input.now, xsltVersie: input.xsltVersie }, headerCodes);
  if (uitkomst === 'afgekeurd') {
    w.copy(client, 1, (el) => (classEls.has(el) ? (classCodes.get(el.path) ?? [GEEN_OPMERKING]) : undefined));
  }
  w.out += `</${w.own}:Bericht>\n`;

  const all = new Set<string>(headerCodes ?? []);
  if (uitkomst === 'afgekeurd') {
    for (const codes of classCodes.values()) for (const c of codes) all.add(c);
    if ([...classEls].some((el) => !classCodes.has(el.path))) all.add(GEEN_OPMERKING);
  }
  return { type: retourType, xml: w.out, uitkomst, retourCodes: [...all] };
}

// The class elements of the payload. FunctieBudgetBesteed is both a class and, inside it, an amount element of
// the same name (ipgb.md §2.5): the inner one is a value, not a class.
function collectClasses(el: TreeElement, parent: TreeElement | undefined, ns: string, into: Set<TreeElement>): void {
  if (el.ns === ns && RETOUR_KLASSEN.has(el.local) && parent?.local !== el.local) into.add(el);
  for (const c of el.children) collectClasses(c, el, ns, into);
}
