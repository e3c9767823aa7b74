export type MessageStatus = 'received' | 'published' | 'routed' | 'delivered' | 'dead';

export const MESSAGE_STATUSES: readonly MessageStatus[] = ['received', 'published', 'routed', 'delivered', 'dead'];

export interface NewMessage {
  senderPartner: string;
  senderOin: string;
  family: string;
  type: string;
  correlationId?: string;
  dedupKey: string;
  payload: Buffer;
  contentType: string;
  bsns: readonly string[];
  requestId?: string;
}

export interface MessageMeta {
  id: string;
  receivedAt: Date;
  senderPartner: string;
  senderOin: string;
  family: string;
  type: string;
  correlationId?: string;
  sha256: string;
  size: number;
  contentType: string;
  requestId?: string;
  status: MessageStatus;
  publishedAt?: Date;
  deliveredAt?: Date;
}

export interface MessageEvent {
  seq: number;
  messageId: string;
  at: Date;
  type: string;
  detail?: Record<string, unknown>;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'dead';

export type ClaimResult =
  | { state: 'claimed'; attempts: number }
  | { state: 'done'; status: 'delivered' | 'dead' }
  | { state: 'busy'; leaseUntil: Date };

export interface AttemptRecord {
  attempt: number;
  outcome: 'delivered' | 'retry' | 'dead';
  httpStatus?: number;
  error?: string;
  reason?: string;
  durationMs: number;
  nextDelayMs?: number;
}

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  ping(): Promise<void>;
  /** Flushes pending group commits first. */
  close(): Promise<void>;
  /** Durable when it resolves. A known (senderPartner, dedupKey) writes nothing and returns the existing meta. */
  insertMessage(m: NewMessage): Promise<{ meta: MessageMeta; duplicate: boolean }>;
  /** received → published (+ event 'published'); no-op when the message is already past received. */
  markPublished(id: string): Promise<void>;
  /** Status 'received' and received before `olderThan`, oldest first. */
  findUnpublished(olderThan: Date, limit: number): Promise<MessageMeta[]>;
  getMeta(id: string): Promise<MessageMeta | undefined>;
  readPayload(id: string): Promise<Buffer>;
  findByBsn(bsn: string): Promise<MessageMeta[]>;
  recordRouted(id: string, partners: readonly string[]): Promise<void>;
  claimDelivery(id: string, partner: string, owner: string, leaseMs: number): Promise<ClaimResult>;
  recordAttempt(id: string, partner: string, a: AttemptRecord): Promise<void>;
  addEvent(id: string, type: string, detail?: Record<string, unknown>): Promise<void>;
  events(id: string): Promise<MessageEvent[]>;
  countByStatus(): Promise<Record<MessageStatus, number>>;
}
