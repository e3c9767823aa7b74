// The protocol of DKD lookups: the audit log's `dkd.lookup` records, searchable by partner, dienst, outcome,
// doelbinding, zaakreferentie, BSN (as its keyed hash) and time, and counted per dienst and outcome over time.
import type { AuditLog, AuditRecord } from '../audit/index.ts';
import { PROTOCOL_ACTION } from './lookup.ts';

export interface ProtocolQuery {
  partner?: string;
  dienst?: string;
  outcome?: string;
  doelbinding?: string;
  zaakreferentie?: string;
  bsnHash?: string;
  from?: Date;
  to?: Date;
  afterSeq?: number;
  limit?: number;
}

export interface ProtocolEntry {
  seq: number;
  at: string;
  partner: string;
  partnerOin: string;
  dienst: string;
  doelbinding: string;
  zaakreferentie: string | null;
  outcome: string;
  code: string | null;
  durationMs: number;
  bsnHash: string;
  requestId: string | null;
  klantbeeld: boolean;
}

const BATCH = 1_000;
const MAX_SCAN = 50_000;

export function toEntry(r: AuditRecord): ProtocolEntry {
  const d = (r.detail ?? {}) as Record<string, unknown>;
  return {
    seq: r.seq,
    at: r.at.toISOString(),
    partner: r.actor,
    partnerOin: r.actorOin,
    dienst: String(d.dienst ?? ''),
    doelbinding: String(d.doelbinding ?? ''),
    zaakreferentie: typeof d.zaakreferentie === 'string' ? d.zaakreferentie : null,
    outcome: String(d.outcome ?? ''),
    code: typeof d.code === 'string' ? d.code : null,
    durationMs: typeof d.durationMs === 'number' ? d.durationMs : 0,
    bsnHash: r.subject,
    requestId: typeof d.requestId === 'string' ? d.requestId : null,
    klantbeeld: d.klantbeeld === true,
  };
}

/** Oldest first; `nextAfterSeq` continues the search when more may match. */
export async function searchProtocol(audit: AuditLog, q: ProtocolQuery): Promise<{ items: ProtocolEntry[]; nextAfterSeq: number | null }> {
  const limit = Math.min(Math.max(q.limit ?? 100, 1), 1_000);
  const items: ProtocolEntry[] = [];
  let afterSeq = q.afterSeq;
  let scanned = 0;
  for (;;) {
    const batch = await audit.list({
      action: PROTOCOL_ACTION,
      ...(q.partner ? { actor: q.partner } : {}),
      ...(q.bsnHash ? { subjectType: 'bsn-hash', subject: q.bsnHash } : {}),
      ...(q.from ? { since: q.from } : {}),
      ...(afterSeq !== undefined ? { afterSeq } : {}),
      limit: BATCH,
    });
    scanned += batch.length;
    for (const r of batch) {
      afterSeq = r.seq;
      if (q.to && r.at > q.to) return { items, nextAfterSeq: null };
      const e = toEntry(r);
      if (q.dienst && e.dienst !== q.dienst) continue;
      if (q.outcome && e.outcome !== q.outcome) continue;
      if (q.doelbinding && e.doelbinding !== q.doelbinding) continue;
      if (q.zaakreferentie && e.zaakreferentie !== q.zaakreferentie) continue;
      items.push(e);
      if (items.length >= limit) return { items, nextAfterSeq: e.seq };
    }
    if (batch.length < BATCH) return { items, nextAfterSeq: null };
    if (scanned >= MAX_SCAN) return { items, nextAfterSeq: afterSeq ?? null };
  }
}

export interface ProtocolBucket { from: string; counts: Record<string, Record<string, number>> }

/** Lookups per dienst and outcome in buckets of `bucketMs` over the last `spanMs`. */
export async function protocolOverTime(audit: AuditLog, spanMs: number, bucketMs: number, now = Date.now()): Promise<ProtocolBucket[]> {
  const start = Math.floor((now - spanMs) / bucketMs) * bucketMs;
  const buckets: ProtocolBucket[] = [];
  for (let t = start; t <= now; t += bucketMs) buckets.push({ from: new Date(t).toISOString(), counts: {} });
  let afterSeq: number | undefined;
  let scanned = 0;
  for (;;) {
    const batch = await audit.list({ action: PROTOCOL_ACTION, since: new Date(start), ...(afterSeq !== undefined ? { afterSeq } : {}), limit: 5_000 });
    for (const r of batch) {
      afterSeq = r.seq;
      const bucket = buckets[Math.floor((r.at.getTime() - start) / bucketMs)];
      if (!bucket) continue;
      const e = toEntry(r);
      const perDienst = (bucket.counts[e.dienst] ??= {});
      perDienst[e.outcome] = (perDienst[e.outcome] ?? 0) + 1;
    }
    scanned += batch.length;
    if (batch.length < 5_000 || scanned >= 200_000) return buckets;
  }
}
