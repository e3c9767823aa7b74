// The README's configuration table, generated from the schema (config/schema.ts): `npm run config:doc`
// rewrites the part of README.md between the two markers; tests/unit/config/schema.test.ts keeps them equal.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VARIABLES } from './schema.ts';

export const README_PATH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../README.md');
export const TABLE_START = '<!-- configuration table: generated from config/schema.ts by `npm run config:doc` -->';
export const TABLE_END = '<!-- end of configuration table -->';

const cell = (text: string) => text.replace(/\n/g, ' ');
/** A default is shown as code unless it is a description (spaces) or already marked up. */
const shownDefault = (d: string) => (d === '–' || d.includes('`') || d.includes(' ') ? d : `\`${d}\``);

export function configurationTable(): string {
  const rows = Object.entries(VARIABLES).map(([name, v]) => `| \`${name}\` | ${cell(shownDefault(v.default))} | ${cell(v.meaning)} |`);
  return ['| variable | default | what |', '|---|---|---|', ...rows].join('\n');
}

/** `readme` with the part between the markers replaced by the generated table. */
export function withConfigurationTable(readme: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`README.md has no configuration table markers (${TABLE_START} … ${TABLE_END})`);
  return `${readme.slice(0, start + TABLE_START.length)}\n${configurationTable()}\n${readme.slice(end)}`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(README_PATH, withConfigurationTable(readFileSync(README_PATH, 'utf8')));
  console.log(`wrote the configuration table of ${path.relative(process.cwd(), README_PATH)}`);
}
