// Edit-and-replay: the mended payload is a new message, accepted through ingest as the original sender and
// linked to the original (parentId, relation 'edit-of'); both are kept, the original leaves the dead list.
import { createHash } from 'node:crypto';
import type { AuditLog } from '../audit/index.ts';
import type { Partner, PartnerRegistry } from '../config/partners.ts';
import type { Ingest } from '../ingest/accept.ts';
import { Refusal } from '../ingest/refusal.ts';
import type { Store } from '../store/index.ts';
import { recordDisclosure } from './access.ts';
import { deadLettersOfMessage } from './dead-letters.ts';
import { OpsError } from './errors.ts';
import { resolve } from './marks.ts';
import { findSummary, type CockpitDb } from './messages.ts';
import { oneOf } from './params.ts';
import type { MessageSummary } from './views.ts';

export interface EditRequest { payload: Buffer; contentType?: string }

export function parseEdit(body: Record<string, unknown>): EditRequest {
  const encoding = oneOf(body.encoding, 'body.encoding', ['utf8', 'base64'] as const, 'bad-body') ?? 'utf8';
  if (typeof body.payload !== 'string' || body.payload.length === 0) throw new OpsError(400, 'bad-body', 'body.payload must be the edited message as a non-empty string', 'body.payload');
  const payload = Buffer.from(body.payload, encoding);
  if (body.contentType !== undefined && (typeof body.contentType !== 'string' || !/^[\w.+-]+\/[\w.+-]+(;.{0,100})?$/.test(body.contentType))) {
    throw new OpsError(400, 'bad-body', 'body.contentType must be a media type such as application/xml', 'body.contentType');
  }
  return { payload, ...(typeof body.contentType === 'string' ? { contentType: body.contentType } : {}) };
}

export interface EditDeps { store: Store; db: CockpitDb; ingest: Ingest; partners: PartnerRegistry; audit: AuditLog }

export async function editAndReplay(deps: EditDeps, operator: Partner, messageId: string, edit: EditRequest): Promise<{ original: string; message: MessageSummary }> {
  const { db, ingest, partners, audit } = deps;
  const original = await findSummary(db, messageId);
  if (!original) throw new OpsError(404, 'message-not-found', `no message ${messageId}`);
  if (original.purged) throw new OpsError(409, 'payload-purged', `the payload of message ${messageId} was purged`);
  const letters = await deadLettersOfMessage(db, messageId);
  if (original.status !== 'dead' || letters.length === 0) throw new OpsError(409, 'not-dead', `message ${messageId} is not a dead letter (status ${original.status})`);
  const sender = partners.byName(original.sender.partner);
  if (!sender) throw new OpsError(409, 'sender-unknown', `the sender ${original.sender.partner} is not a configured partner; an edit is sent in as the original sender`);

  const detail = { originalSha256: original.sha256, originalSize: original.size, newSha256: createHash('sha256').update(edit.payload).digest('hex'), newSize: edit.payload.length };
  let accepted;
  try {
    accepted = await ingest.accept(sender, edit.payload, { contentType: edit.contentType ?? original.contentType, parentId: messageId, relation: 'edit-of' });
  } catch (err) {
    if (!(err instanceof Refusal)) throw err;
    const refusedId = typeof err.extra?.id === 'string' ? err.extra.id : null;
    await recordDisclosure(audit, operator, { action: 'message.edit', subjectType: 'message', subject: messageId, detail: { ...detail, outcome: 'refused', refusedId, reason: err.errors[0]?.code ?? 'refused' } });
    throw new OpsError(422, 'edit-refused', 'the edited message was refused at ingest; the errors say why', undefined, { refusedId, refusal: err.errors });
  }
  if ((accepted.kind === 'accepted' && accepted.duplicate) || accepted.meta.id === messageId) {
    throw new OpsError(409, 'edit-unchanged', `the edited payload is identical to message ${accepted.meta.id} of ${sender.name}; use replay to send the same message again`);
  }
  const newId = accepted.meta.id;
  await resolve(db, letters, { actor: operator.name, actorOin: operator.oin, note: `edited: ${newId}` });
  await deps.store.addEvent(messageId, 'edited', { by: operator.name, byOin: operator.oin, newMessageId: newId });
  await recordDisclosure(audit, operator, { action: 'message.edit', subjectType: 'message', subject: messageId, detail: { ...detail, outcome: 'accepted', newMessageId: newId } });
  return { original: messageId, message: (await findSummary(db, newId))! };
}
