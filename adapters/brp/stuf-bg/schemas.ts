// The StUF-BG 0310 XSDs (schemas/stuf-bg-0310/, patch 32) compiled once. SchemaSet serves one folder
// each, so every sub-folder gets its own set under the url prefix that mirrors its path: a relative
// schemaLocation such as ../entiteiten/bg0310_ent_basis.xsd then resolves to a served buffer. The entry
// point is our npsLk01-wrapper.xsd (see the comment in it and schemas/SOURCES.md).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { XsdValidator } from 'libxml2-wasm';
import { SchemaSet } from '../../../schemas/xsd.ts';

export const STUF_BG_SCHEMA_DIR = 'stuf-bg-0310';
const WRAPPER = 'npsLk01-wrapper.xsd';

export interface StufBgSchemas {
  /** Validates an npsLk01 element (the root, or the one inside a SOAP Body). */
  readonly npsLk01: XsdValidator;
  readonly compileMs: number;
  dispose(): void;
}

/** `schemasRoot` is the repository's `schemas/` folder. */
export function loadStufBgSchemas(schemasRoot: string): StufBgSchemas {
  const started = performance.now();
  const root = path.join(schemasRoot, STUF_BG_SCHEMA_DIR);
  const sets: SchemaSet[] = [];
  const dispose = () => {
    for (const set of sets.reverse()) set.dispose();
    sets.length = 0;
  };
  try {
    for (const dir of xsdFolders(root)) {
      if (dir === root) continue;
      sets.push(SchemaSet.load(dir, [], `${STUF_BG_SCHEMA_DIR}/${path.relative(root, dir).split(path.sep).join('/')}`));
    }
    const main = SchemaSet.load(root, [WRAPPER], STUF_BG_SCHEMA_DIR);
    sets.push(main);
    return { npsLk01: main.validator(WRAPPER), compileMs: performance.now() - started, dispose };
  } catch (err) {
    dispose();
    throw err;
  }
}

/** Every folder under `dir` (itself included) that holds an .xsd, sorted. */
function xsdFolders(dir: string): string[] {
  const found: string[] = [];
  const entries = readdirSync(dir, { withFileTypes: true });
  if (entries.some((e) => e.isFile() && e.name.endsWith('.xsd'))) found.push(dir);
  for (const e of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    found.push(...xsdFolders(path.join(dir, e.name)));
  }
  return found;
}
