export { parseBerichtenApiJson, readBerichtenApiJson, readBerichtInhoud } from './parse.ts';
export type { BerichtKenmerken, BerichtenApiBericht } from './parse.ts';
export { BerichtenApiError } from './errors.ts';
export type { BerichtenApiErrorCode } from './errors.ts';
