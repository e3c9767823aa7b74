// Public surface of the BRP family. Submodules (lo3/, classify/, berichten-api/, stuf-bg/) have their own index.ts.
export { createBrpAdapter, readBrpMessage, toAcceptedMessage, BRP_FAMILY } from './adapter.ts';
export type { BrpAdapter, BrpGelezenBericht, ReadBrpOptions } from './adapter.ts';
export { detectBrpFormaat } from './sniff.ts';
export type { BrpFormaat } from './sniff.ts';
export { classifyMutation, brpDatum, BRP_EVENT_TYPES } from './classify/index.ts';
export type * from './classify/model.ts';
export { parseBerichtenApiJson, readBerichtenApiJson, readBerichtInhoud, BerichtenApiError } from './berichten-api/index.ts';
export type { BerichtKenmerken, BerichtenApiBericht, BerichtenApiErrorCode } from './berichten-api/index.ts';
export { parseNpsLk01, loadStufBgSchemas } from './stuf-bg/index.ts';
export type { GelezenNpsLk01, StufBgSchemas, NpsLk01Bericht, NpsObject, NpsGegevens, Mutatiesoort, StufWaarde } from './stuf-bg/index.ts';
export { parseLo3, buildAp01, buildAv01, serializeLo3, Lo3Error, Lo3BuildError } from './lo3/index.ts';
export type { Lo3Bericht, ParsedLo3, PlData, Stapel, Elementen } from './lo3/index.ts';
