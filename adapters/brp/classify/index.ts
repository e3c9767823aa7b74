export { classifyMutation } from './classify.ts';
export { brpDatum } from './datum.ts';
export { BRP_EVENT_TYPES } from './model.ts';
export type * from './model.ts';
