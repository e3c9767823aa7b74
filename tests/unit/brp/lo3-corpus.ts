import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** ../shared/corpus/brp/lo3 (override the corpus root with KP_CORPUS_DIR, as tests/support/corpus.ts does). */
export const LO3_CORPUS = path.join(path.resolve(process.env.KP_CORPUS_DIR ?? '../shared/corpus'), 'brp', 'lo3');

/** The readable UTF-8 rendering of the Teletex table: not an LO3 message (see lo3-parse-corpus.test.ts). */
export const UTF8_RENDERING = 'rvig-berichten-api/Vb01_alle-tekens-utf8.GBA';

export interface Lo3CorpusFile {
  /** Relative to LO3_CORPUS, e.g. `rvig-berichten-api/Gv01.GBA`. */
  name: string;
  raw: Buffer;
  /** The RvIG JSON of the same message, `$schema` removed, when it stands beside the `.GBA`. */
  json?: unknown;
}

export function lo3CorpusFiles(): Lo3CorpusFile[] {
  const files: Lo3CorpusFile[] = [];
  for (const dir of readdirSync(LO3_CORPUS, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    for (const f of readdirSync(path.join(LO3_CORPUS, dir)).filter((f) => f.endsWith('.GBA')).sort()) {
      const name = `${dir}/${f}`;
      const jsonFile = path.join(LO3_CORPUS, dir, f.replace(/\.GBA$/, '.json'));
      const file: Lo3CorpusFile = { name, raw: readFileSync(path.join(LO3_CORPUS, name)) };
      if (existsSync(jsonFile)) {
        const json = JSON.parse(readFileSync(jsonFile, 'utf8')) as Record<string, unknown>;
        delete json.$schema; // a JSON-Schema annotation of the file, not part of the message
        file.json = json;
      }
      files.push(file);
    }
  }
  return files;
}

export function lo3Corpus(name: string): Buffer {
  return readFileSync(path.join(LO3_CORPUS, name));
}

export function lo3CorpusJson(name: string): Record<string, unknown> {
  const json = JSON.parse(readFileSync(path.join(LO3_CORPUS, name), 'utf8')) as Record<string, unknown>;
  delete json.$schema;
  return json;
}
