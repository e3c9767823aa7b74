import type { Store, DbInt } from '../store/index.ts';
import { toDate, toNumber } from '../store/index.ts';

export interface AuditTables {
  audit_log: {
    seq: import('kysely').Generated<DbInt>;
    at: DbInt;
    actor: string;
    actor_oin: string;
    action: string;
    subject_type: string;
    subject: string;
    personal_data: number;
    detail: string | null;
  };
}

/**
 * One audited act: who (partner name and OIN, from the client certificate), what (action on a subject) and
 * when. A BSN is never a subject as such: it is recorded as its keyed hash (subjectType 'bsn-hash').
 */
export interface AuditEntry {
  actor: string;
  actorOin: string;
  /** 'payload.view', 'bsn.search', 'dead.replay', 'dead.purge', 'dead.hold', 'message.edit', 'alert.disclose', … */
  action: string;
  /** 'message', 'bsn-hash', 'filter', 'volgindicatie', … */
  subjectType: string;
  subject: string;
  /** Whether personal data was disclosed by this act (AVG: every disclosure is recorded). */
  personalData: boolean;
  /** No BSN, no name. */
  detail?: Record<string, unknown>;
}

export interface AuditRecord extends AuditEntry { seq: number; at: Date }

export interface AuditQuery { actor?: string; action?: string; subjectType?: string; subject?: string; since?: Date; afterSeq?: number; limit?: number }

// The audit log lives beside the messages in the same database, written in the same moment as the act it
// records: a view that could not be audited is not served.
export class AuditLog {
  constructor(private readonly store: Store) {}

  async record(entry: AuditEntry, at = Date.now()): Promise<void> {
    await this.store.tables<AuditTables>().insertInto('audit_log').values({
      at,
      actor: entry.actor,
      actor_oin: entry.actorOin,
      action: entry.action,
      subject_type: entry.subjectType,
      subject: entry.subject,
      personal_data: entry.personalData ? 1 : 0,
      detail: entry.detail === undefined ? null : JSON.stringify(entry.detail),
    }).execute();
  }

  /** Oldest first. */
  async list(q: AuditQuery = {}): Promise<AuditRecord[]> {
    let query = this.store.tables<AuditTables>().selectFrom('audit_log').selectAll();
    if (q.actor) query = query.where('actor', '=', q.actor);
    if (q.action) query = query.where('action', '=', q.action);
    if (q.subjectType) query = query.where('subject_type', '=', q.subjectType);
    if (q.subject) query = query.where('subject', '=', q.subject);
    if (q.since) query = query.where('at', '>=', q.since.getTime());
    if (q.afterSeq !== undefined) query = query.where('seq', '>', q.afterSeq);
    const rows = await query.orderBy('seq').limit(Math.min(q.limit ?? 500, 5_000)).execute();
    return rows.map((r) => ({
      seq: toNumber(r.seq),
      at: toDate(r.at),
      actor: r.actor,
      actorOin: r.actor_oin,
      action: r.action,
      subjectType: r.subject_type,
      subject: r.subject,
      personalData: toNumber(r.personal_data) === 1,
      ...(r.detail === null ? {} : { detail: JSON.parse(r.detail) as Record<string, unknown> }),
    }));
  }
}
