// Lints an OpenAPI document with Spectral and ops/api/ketenpoort-ruleset.yaml (the API Design Rules with our
// waivers). Used by tests/unit/ops/openapi.test.ts.
import * as fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import spectralCore from '@stoplight/spectral-core';
import spectralParsers from '@stoplight/spectral-parsers';

// Loaded without its typings: they pull in the DOM lib (`/// <reference lib="dom" />`), whose global Node
// clashes with @xmldom/xmldom's in the rest of the program.
const BUNDLER: string = '@stoplight/spectral-ruleset-bundler/with-loader';
const { bundleAndLoadRuleset } = (await import(BUNDLER)) as {
  bundleAndLoadRuleset(file: string, io: { fs: typeof fs; fetch: typeof globalThis.fetch }): Promise<Parameters<InstanceType<typeof spectralCore.Spectral>['setRuleset']>[0]>;
};

const { Document, Spectral } = spectralCore;
const { Json } = spectralParsers;

export const RULESET_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'ketenpoort-ruleset.yaml');

export interface Finding { rule: string; severity: 'error' | 'warn' | 'info' | 'hint'; path: string; message: string }

const SEVERITY = ['error', 'warn', 'info', 'hint'] as const;

/** Every finding of the ruleset on the document in `file`. */
export async function lintOpenApi(file: string, ruleset = RULESET_FILE): Promise<Finding[]> {
  const spectral = new Spectral();
  spectral.setRuleset(await bundleAndLoadRuleset(ruleset, { fs, fetch: globalThis.fetch }));
  const results = await spectral.run(new Document(fs.readFileSync(file, 'utf8'), Json, file));
  return results.map((r) => ({ rule: String(r.code), severity: SEVERITY[r.severity] ?? 'hint', path: r.path.join('.'), message: r.message }));
}
