export { toCanonicalJson } from './to-canonical-json.ts';
export { canonicalJsonMeta, iwmoIjwJsonDocumentSchema, type IwmoIjwJsonDocument } from './schema.ts';
export { iwmoIjwJsonSchema, JSON_SCHEMA_FILE, renderIwmoIjwJsonSchema } from './json-schema.ts';
