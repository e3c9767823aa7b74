export { createStufGgkCodec, isDi01, type StufGgkCodec, type StufGgkBerichtcode } from './codec.ts';
export { acceptsStufGgk, describeStufGgk } from './sniff.ts';
export {
  checkEnvelopeAgreement, payloadHeaderOf,
  type EnvelopeMismatch, type EnvelopeMismatchCode, type PayloadHeader,
} from './agreement.ts';
export {
  buildDu01, buildFo01, fo01Details, retourFunctie, wrapDi01,
  type BuildDu01Input, type BuildFo01Input, type WrapDi01Input,
} from './builders.ts';
export type { PartyInput } from './build-input.ts';
export { decodeBase64Strict, type Base64Verdict } from './base64.ts';
export { StufGgkBuildError, StufGgkRejected, type StufGgkErrorCode, type StufGgkIssue } from './errors.ts';
export { stufTijdstip } from './tijdstip.ts';
export {
  DEFAULT_APPLICATIE, DEFAULT_PARAMETERS, DI01_ROOT, DU01_ROOT, FO01_ROOT, GGK_APPLICATIE, GGK_NS, STUF_FOUTCODES,
  STUF_NS, UUID_V4, type StufFoutcode,
} from './constants.ts';
export type * from './types.ts';
export { createStufGgkAdapter, isDi01Envelope } from './adapter.ts';
