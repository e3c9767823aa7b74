// Writes schemas/json/dkd-<Dienst>.schema.json from the zod schemas:  npx tsx adapters/suwiml/write-schemas.ts
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { DIENSTEN, type Dienst } from './diensten.ts';
import { dkdJsonSchemaFile, renderDkdJsonSchema } from './json-schema.ts';

for (const dienst of Object.keys(DIENSTEN) as Dienst[]) {
  writeFileSync(dkdJsonSchemaFile(dienst), renderDkdJsonSchema(dienst));
  process.stdout.write(`wrote ${path.relative(process.cwd(), dkdJsonSchemaFile(dienst))}\n`);
}
