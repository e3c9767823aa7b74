export { AuditLog } from './log.ts';
export type { AuditEntry, AuditQuery, AuditRecord, AuditTables } from './log.ts';
export { auditFeature } from './feature.ts';
