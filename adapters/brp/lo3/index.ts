export { parseLo3 } from './parse.ts';
export { buildAp01, buildAv01 } from './build.ts';
export type { BuildOptions } from './build.ts';
export { serializeLo3 } from './serialize.ts';
export { decodeTeletex, encodeTeletex } from './teletex.ts';
export { Lo3BuildError, Lo3Error } from './errors.ts';
export type { Lo3BuildErrorCode, Lo3ErrorCode } from './errors.ts';
export { BERICHTNUMMERS, KOP_VELDEN } from './kop.ts';
export type * from './model.ts';
