// Writes schemas/json/iwmo-ijw-canonical.schema.json from the zod schema:
//   npx tsx mappings/iwmo-json/write-schema.ts
// A unit test fails when the file on disk differs from what this would write.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { JSON_SCHEMA_FILE, renderIwmoIjwJsonSchema } from './json-schema.ts';

mkdirSync(path.dirname(JSON_SCHEMA_FILE), { recursive: true });
writeFileSync(JSON_SCHEMA_FILE, renderIwmoIjwJsonSchema());
process.stdout.write(`wrote ${path.relative(process.cwd(), JSON_SCHEMA_FILE)}\n`);
