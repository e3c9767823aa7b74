export { parseIwmoIjw } from './parse.ts';
export { IwmoIjwModelError, type ModelErrorCode } from './model-error.ts';
export {
  ALL_TYPES, BERICHT_CODES, BERICHT_NUMMERS, HEEN_NUMMERS, berichtSoort, typesFor,
  type BerichtNummer, type BerichtSoort, type BerichtType, type Standaard,
} from './bericht-types.ts';
export type * from './types.ts';
export type * from './messages.ts';
