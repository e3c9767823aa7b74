import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const CORPUS = path.resolve(process.env.KP_CORPUS_DIR ?? '../shared/corpus');
export const ISTANDAARDEN = path.join(CORPUS, 'istandaarden');

export function corpusFiles(dir: string): Array<{ name: string; file: string; body: Buffer }> {
  const full = path.join(ISTANDAARDEN, dir);
  return readdirSync(full).filter((f) => f.endsWith('.xml')).sort().map((name) => ({ name, file: path.join(full, name), body: readFileSync(path.join(full, name)) }));
}

export function sample(family: 'iwmo-3.2' | 'ijw-3.2', type: string): Buffer {
  return readFileSync(path.join(ISTANDAARDEN, family, 'samples', `${type}.xml`));
}

const PERSONAL_ELEMENTS = ['Bsn', 'Achternaam', 'Voornamen', 'Voorletters', 'Partnernaam', 'Straatnaam', 'Telefoonnummer', 'Emailadres'];

/** Every BSN and name-like value in the iWmo/iJw corpus: what must never show up in a log line. */
export function corpusPersonalData(): string[] {
  const values = new Set<string>();
  for (const dir of ['iwmo-3.2/samples', 'ijw-3.2/samples', 'ijw-3.2/samples-invalid']) {
    for (const { body } of corpusFiles(dir)) {
      const text = body.toString('utf8');
      for (const el of PERSONAL_ELEMENTS) {
        for (const m of text.matchAll(new RegExp(`<(?:\\w+:)?${el}>([^<]{3,})</(?:\\w+:)?${el}>`, 'g'))) values.add(m[1]!.trim());
      }
    }
  }
  return [...values];
}

const SUWI_PERSONAL_ELEMENTS = ['Burgerservicenr', 'Voornamen', 'SignificantDeelVanDeAchternaam', 'Geslachtsnaam'];

/** Every BSN and name in the SuwiML samples (corpus/suwi/samples and the Digikoppeling WUS envelope). */
export function suwiPersonalData(): string[] {
  const values = new Set<string>();
  const dirs = [path.join(CORPUS, 'suwi', 'samples', 'responses'), path.join(CORPUS, 'suwi', 'samples', 'examplerequests'), path.join(CORPUS, 'digikoppeling', 'wus')];
  for (const dir of dirs) {
    let files: string[];
    try { files = readdirSync(dir).filter((f) => f.endsWith('.xml')); } catch { continue; }
    for (const f of files) {
      const text = readFileSync(path.join(dir, f), 'utf8');
      for (const el of SUWI_PERSONAL_ELEMENTS) {
        for (const m of text.matchAll(new RegExp(`<(?:\\w+:)?${el}>([^<]{3,})</(?:\\w+:)?${el}>`, 'g'))) {
          const v = m[1]!.trim();
          if (v !== '000000000') values.add(v);
        }
      }
    }
  }
  return [...values];
}

/** Lines of `logs` that contain any of the corpus BSNs (anywhere) or names (as words of their own). */
export function personalDataIn(logs: readonly string[]): string[] {
  // A name is found as a word of its own: the corpus's short names ("Tim", "Wit") are also parts of words a log
  // line may hold for other reasons (a stack frame's `_onTimeout`, a function `stopWithin`). Digits (a BSN) are
  // found anywhere.
  const needles = [...corpusPersonalData(), ...suwiPersonalData()].map((n) => (/\d/.test(n) ? n : new RegExp(`(?<!\\p{L})${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\p{L})`, 'u')));
  return logs.filter((line) => needles.some((n) => (typeof n === 'string' ? line.includes(n) : n.test(line))));
}

/** A WMO301 made unique by its BerichtIdentificatie (≤ 12 characters), so each copy is a new message. */
export function uniqueWmo301(n: number): Buffer {
  const text = sample('iwmo-3.2', 'WMO301').toString('utf8');
  return Buffer.from(text.replace(/<iwmo:Identificatie>[^<]*<\/iwmo:Identificatie>/, `<iwmo:Identificatie>T${String(n).padStart(11, "0")}</iwmo:Identificatie>`));
}
