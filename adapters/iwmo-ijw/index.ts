export { createIwmoIjwAdapter, type IwmoIjwAdapter } from './adapter.ts';
export { MESSAGE_SPECS, type MessageSpec } from './messages.ts';
