// Lints an OpenAPI document with Spectral and ops/api/ketenpoort-ruleset.yaml (the API Design Rules with our
// waivers). Used by tests/unit/ops/openapi.test.ts.
import * as fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import spectralCore from '@stoplight/spectral-core';
import spectralParsers from '@stoplight/spectral-parsers';
import { bundleAndLoadRuleset } from '@stoplight/spectral-ruleset-bundler/with-loader';

const { Document, Spectral } = spectralCore;
const { Json } = spectralParsers;

export const RULESET_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'ketenpoort-ruleset.yaml');

export interface Finding { rule: string; severity: 'error' | 'warn' | 'info' | 'hint'; path: string; message: string }

const SEVERITY = ['error', 'warn', 'info', 'hint'] as const;

/** Every finding of the ruleset on the document in `file`. */
export async function lintOpenApi(file: string, ruleset = RULESET_FILE): Promise<Finding[]> {
  const spectral = new Spectral();
  spectral.setRuleset(await bundleAndLoadRuleset(ruleset, { fs, fetch: globalThis.fetch as never }));
  const results = await spectral.run(new Document(fs.readFileSync(file, 'utf8'), Json, file));
  return results.map((r) => ({ rule: String(r.code), severity: SEVERITY[r.severity] ?? 'hint', path: r.path.join('.'), message: r.message }));
}
