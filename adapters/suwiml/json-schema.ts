// The JSON Schema of each dienst's `data`, generated from the zod schemas, and where it is kept:
// schemas/json/dkd-<Dienst>.schema.json. Write them with `npx tsx adapters/suwiml/write-schemas.ts`;
// a unit test fails when a file on disk differs from what would be written now.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Dienst } from './diensten.ts';
import { DKD_DATA_SCHEMAS, dkdJsonMeta } from './model/index.ts';

const JSON_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../schemas/json');

export function dkdJsonSchemaFile(dienst: Dienst): string {
  return path.join(JSON_DIR, `dkd-${dienst}.schema.json`);
}

/** JSON Schema (draft 2020-12) of `data` in a 'gevonden' answer of `dienst`; named parts are in $defs. */
export function dkdJsonSchema(dienst: Dienst): Record<string, unknown> {
  const schema = z.toJSONSchema(DKD_DATA_SCHEMAS[dienst], { metadata: dkdJsonMeta, target: 'draft-2020-12' }) as Record<string, unknown>;
  const { $schema, ...rest } = schema;
  return { $schema, title: `DKD ${dienst}: data of a gevonden answer`, ...rest };
}

/** The exact text of the schema file: 2-space JSON with a final newline. */
export function renderDkdJsonSchema(dienst: Dienst): string {
  return `${JSON.stringify(dkdJsonSchema(dienst), null, 2)}\n`;
}
