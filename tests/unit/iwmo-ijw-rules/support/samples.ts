import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The read-only corpus next to the repository: ../shared/corpus/istandaarden (KP_CORPUS_DIR overrides the corpus root, as tests/support/corpus.ts does). */
export const CORPUS = process.env.KP_CORPUS_DIR
  ? resolve(process.env.KP_CORPUS_DIR, 'istandaarden')
  : resolve(import.meta.dirname, '../../../../../shared/corpus/istandaarden');

const DIRS = { WMO: 'iwmo-3.2', JW: 'ijw-3.2' } as const;

function dirOf(type: string): string {
  const prefix = type.startsWith('WMO') ? 'WMO' : 'JW';
  return join(CORPUS, DIRS[prefix]);
}

/** The XSD-valid sample for a type ('WMO301', 'JW323'). */
export function sample(type: string): string {
  return readFileSync(join(dirOf(type), 'samples', `${type}.xml`), 'utf8');
}

/** Every valid sample's type code, per standard. */
export function sampleTypes(): string[] {
  return Object.values(DIRS).flatMap((d) =>
    readdirSync(join(CORPUS, d, 'samples')).filter((f) => f.endsWith('.xml')).map((f) => f.slice(0, -4)),
  ).sort();
}

export function xsdPath(type: string): string {
  return join(dirOf(type), 'xsd', `${type}.xsd`);
}

/**
 * Replaces the n-th (1-based) occurrence of `from`; throws when it is not there, so a test never passes
 * on a mutation that silently did nothing.
 */
export function replaceNth(xml: string, from: string, to: string, n = 1): string {
  let at = -1;
  for (let i = 0; i < n; i++) {
    at = xml.indexOf(from, at + 1);
    if (at < 0) throw new Error(`mutation target #${n} not found: ${from}`);
  }
  return xml.slice(0, at) + to + xml.slice(at + from.length);
}

/** Replaces the only match of a regular expression; throws when it matches zero or several times. */
export function replaceUnique(xml: string, re: RegExp, to: string): string {
  const matches = xml.match(new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`)) ?? [];
  if (matches.length !== 1) throw new Error(`expected exactly one match of ${re}, found ${matches.length}`);
  return xml.replace(re, to);
}
