// The JSON shapes of docs/cockpit-api.md, made from rows. Times are ISO 8601 strings.
import type { Selectable } from 'kysely';
import { META_COLUMNS, rowToMeta, toNumber, type MessageEvent } from '../store/index.ts';
import type { MessagesTable } from '../store/schema.ts';
import { PURGED_KEY_ID } from '../store/purge.ts';

export const SUMMARY_COLUMNS = [...META_COLUMNS, 'key_id'] as const;
export type SummaryRow = Pick<Selectable<MessagesTable>, (typeof SUMMARY_COLUMNS)[number]>;

export interface MessageSummary {
  id: string;
  receivedAt: string;
  sender: { partner: string; oin: string };
  family: string;
  type: string;
  status: string;
  correlationId: string | null;
  size: number;
  contentType: string;
  sha256: string;
  destinations: string[];
  parentId: string | null;
  relation: string | null;
  reason: string | null;
  publishedAt: string | null;
  deliveredAt: string | null;
  requestId: string | null;
  purged: boolean;
}

export function messageSummary(row: SummaryRow): MessageSummary {
  const m = rowToMeta(row);
  return {
    id: m.id,
    receivedAt: m.receivedAt.toISOString(),
    sender: { partner: m.senderPartner, oin: m.senderOin },
    family: m.family,
    type: m.type,
    status: m.status,
    correlationId: m.correlationId ?? null,
    size: m.size,
    contentType: m.contentType,
    sha256: m.sha256,
    destinations: m.destinations ?? [],
    parentId: m.parentId ?? null,
    relation: m.relation ?? null,
    reason: m.reason ?? null,
    publishedAt: m.publishedAt?.toISOString() ?? null,
    deliveredAt: m.deliveredAt?.toISOString() ?? null,
    requestId: m.requestId ?? null,
    purged: row.key_id === PURGED_KEY_ID,
  };
}

export interface EventView { seq: number; at: string; type: string; detail: Record<string, unknown> | null }

export function eventView(e: MessageEvent): EventView {
  return { seq: e.seq, at: e.at.toISOString(), type: e.type, detail: e.detail ?? null };
}

export const iso = (ms: number | string | bigint): string => new Date(toNumber(ms)).toISOString();
export const isoOrNull = (ms: number | string | bigint | null): string | null => (ms === null ? null : iso(ms));
