// The JSON Schema of the canonical document, generated from the zod schema, and where it is kept.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { canonicalJsonMeta, iwmoIjwJsonDocumentSchema } from './schema.ts';

export const JSON_SCHEMA_FILE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../schemas/json/iwmo-ijw-canonical.schema.json',
);

/** The JSON Schema (draft 2020-12) of the canonical iWmo/iJw JSON document; named classes are in $defs. */
export function iwmoIjwJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(iwmoIjwJsonDocumentSchema, { metadata: canonicalJsonMeta, target: 'draft-2020-12' }) as Record<string, unknown>;
}

/** The exact text of the schema file: 2-space JSON with a final newline. */
export function renderIwmoIjwJsonSchema(): string {
  return `${JSON.stringify(iwmoIjwJsonSchema(), null, 2)}\n`;
}
