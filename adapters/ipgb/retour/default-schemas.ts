import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IpgbType } from '../messages.ts';
import { findIpgbSchemas, ipgbSchemasDir, type IpgbMessageSchema } from '../schemas.ts';

const SCHEMAS_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'schemas');

let cached: { dir: string; schemas: ReadonlyMap<IpgbType, IpgbMessageSchema> } | undefined;

/** Namespaces and versions of the set the adapter loads by default (KP_IPGB_SCHEMAS_DIR, else schemas/ipgb-2.1). */
export function bundledRetourSchemas(env: NodeJS.ProcessEnv = process.env): ReadonlyMap<IpgbType, IpgbMessageSchema> {
  const dir = ipgbSchemasDir(SCHEMAS_ROOT, env);
  if (cached?.dir !== dir) cached = { dir, schemas: new Map(findIpgbSchemas(dir).map((s) => [s.type, s])) };
  return cached.schemas;
}
