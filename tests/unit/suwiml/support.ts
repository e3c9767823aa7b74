// Test support for the SuwiML codec: the corpus samples, an independent reading of their XML (fast-xml-parser,
// not the codec's libxml2 tree walk) and an assertion that names a path but never a value, so a failing test
// cannot print a corpus BSN or name.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { CORPUS } from '../../support/corpus.ts';
import type { Dienst } from '../../../adapters/suwiml/index.ts';

export const SUWI = path.join(CORPUS, 'suwi');
export const RESPONSES = path.join(SUWI, 'samples/responses');
export const REQUESTS = path.join(SUWI, 'samples/examplerequests');

export interface Sample { file: string; dienst: Dienst; xml: string }

export function samples(dir: string): Sample[] {
  return readdirSync(dir).filter((f) => f.endsWith('.xml')).sort().map((file) => ({
    file, dienst: file.split('_')[0] as Dienst, xml: readFileSync(path.join(dir, file), 'utf8'),
  }));
}

export function response(file: string): string {
  return readFileSync(path.join(RESPONSES, file), 'utf8');
}

/** Throws naming only `what` (a path or label), never the values compared. */
export function same(actual: unknown, expected: unknown, what: string): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) throw new Error(`mismatch at ${what}`);
}

export function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`failed: ${what}`);
}

type Ordered = Array<Record<string, unknown>>;
const parser = new XMLParser({
  preserveOrder: true, removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false, trimValues: true,
  ignoreDeclaration: true, ignorePiTags: true,
});

export interface XmlLeaf { path: string; steps: Array<{ name: string; index: number }>; text: string }
export interface XmlTree { root: string; leaves: XmlLeaf[]; elements: Map<string, Ordered> }

function nameOf(node: Record<string, unknown>): string | undefined {
  return Object.keys(node).find((k) => k !== ':@' && k !== '#text');
}

/** Every leaf element (no child elements) of the document, with its libxml2-style path and its text. */
export function xmlLeaves(xml: string): XmlTree {
  const top = parser.parse(xml) as Ordered;
  const rootNode = top.find((n) => nameOf(n) !== undefined)!;
  const root = nameOf(rootNode)!;
  const leaves: XmlLeaf[] = [];
  const elements = new Map<string, Ordered>();
  const walk = (children: Ordered, p: string, steps: XmlLeaf['steps']) => {
    const named = children.filter((c) => nameOf(c) !== undefined);
    const counts = new Map<string, number>();
    for (const c of named) counts.set(nameOf(c)!, (counts.get(nameOf(c)!) ?? 0) + 1);
    const seen = new Map<string, number>();
    for (const c of named) {
      const name = nameOf(c)!;
      const index = seen.get(name) ?? 0;
      seen.set(name, index + 1);
      const at = counts.get(name)! > 1 ? `${p}/${name}[${index + 1}]` : `${p}/${name}`;
      const kids = c[name] as Ordered;
      const s = [...steps, { name, index }];
      elements.set(at, kids);
      if (kids.some((k) => nameOf(k) !== undefined)) walk(kids, at, s);
      else leaves.push({ path: at, steps: s, text: kids.map((k) => String(k['#text'] ?? '')).join('').trim() });
    }
  };
  walk(rootNode[root] as Ordered, `/${root}`, []);
  return { root, leaves, elements };
}

/** Names of the elements a dienst's XSDs declare with a given type (e.g. sml:Datum), read from the XSD text. */
export function elementsOfType(xsdFiles: string[], type: string): Set<string> {
  const names = new Set<string>();
  for (const f of xsdFiles) {
    for (const m of readFileSync(f, 'utf8').matchAll(/<(?:xs:)?element\s+name="([^"]+)"\s+type="([^"]+)"/g)) {
      if (m[2] === type) names.add(m[1]!);
    }
  }
  return names;
}

/** Every element name declared in the files. */
export function declaredElements(xsdFiles: string[]): Set<string> {
  const names = new Set<string>();
  for (const f of xsdFiles) for (const m of readFileSync(f, 'utf8').matchAll(/<(?:xs:)?element\s+name="([^"]+)"/g)) names.add(m[1]!);
  return names;
}

/** The dienst's response XSDs in the repository copy: BodyReaction.xsd and its ComplexTypes/. */
export function reactionXsds(schemasDir: string, dienst: Dienst, release: string): string[] {
  const dir = path.join(schemasDir, 'Diensten', dienst, release);
  const complex = path.join(dir, 'ComplexTypes');
  let extra: string[] = [];
  try { extra = readdirSync(complex).map((f) => path.join(complex, f)); } catch { /* none */ }
  return [path.join(dir, 'BodyReaction.xsd'), ...extra];
}

/** The Basisschema's StandaardBedr (amounts) and Datum are typed in the shared folder. */
export function basisXsds(schemasDir: string): string[] {
  const dir = path.join(schemasDir, 'Basisschema/v0801-b01/ComplexTypes');
  return readdirSync(dir).map((f) => path.join(dir, f));
}
