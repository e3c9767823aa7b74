// npm run openapi: writes docs/openapi.json from the route schemas (ops/api/openapi-document.ts).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openApiText } from './openapi-document.ts';

export const OPENAPI_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'openapi.json');

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(OPENAPI_FILE, await openApiText());
  console.log(`wrote ${path.relative(process.cwd(), OPENAPI_FILE)}`);
}
