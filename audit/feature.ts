import type { Feature } from '../feature.ts';
import { auditMigrations } from './migrations.ts';

/** The audit log's table; the parts that disclose personal data write to it through AuditLog. */
export const auditFeature: Feature = {
  name: 'audit',
  migrations: auditMigrations,
  setup: () => ({}),
};
