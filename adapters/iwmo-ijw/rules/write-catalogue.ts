// Writes docs/rules.md from the registered rules: `npm run rules:doc` (or `npx tsx adapters/iwmo-ijw/rules/write-catalogue.ts`).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rulesCatalogue } from './catalogue.ts';

export const CATALOGUE_PATH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docs/rules.md');

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(CATALOGUE_PATH, rulesCatalogue());
  console.log(`wrote ${path.relative(process.cwd(), CATALOGUE_PATH)}`);
}
