export { parseNpsLk01 } from './parse.ts';
export type { GelezenNpsLk01 } from './parse.ts';
export { loadStufBgSchemas, STUF_BG_SCHEMA_DIR } from './schemas.ts';
export type { StufBgSchemas } from './schemas.ts';
export { BG_NAMESPACE, STUF_NAMESPACE } from './model.ts';
export type * from './model.ts';
