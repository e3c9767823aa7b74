import type { FastifyInstance } from 'fastify';
import { parseIwmoIjw } from '../adapters/iwmo-ijw/model/index.ts';
import { RetourBuildError, retourTypeFor } from '../adapters/iwmo-ijw/retour/index.ts';
import type { PartnerRegistry } from '../config/partners.ts';
import { requirePartner } from '../gateway/partner-identity.ts';
import type { Ingest } from '../ingest/accept.ts';
import type { Store } from '../store/index.ts';
import type { IstandaardenJudge } from './inspector.ts';
import { RETOUR_SCHEMA, type RetourRequest } from './retour-schema.ts';


// A municipality's backend that judged a heen message (level 4: contract, product list, …) asks the
// gateway for the retour: built as IV028/IV087 prescribe, validated, and routed back to the sender.
export function retourRoutes(deps: { judge: IstandaardenJudge; store: Store; ingest: Ingest; partners: PartnerRegistry }) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.post<{ Body: RetourRequest }>('/v1/istandaarden/retours', { schema: RETOUR_SCHEMA }, async (req, reply) => {
      const partner = requirePartner(req, reply);
      if (!partner) return reply;
      const { messageId, findings } = req.body;
      const meta = await deps.store.getMeta(messageId);
      // Only the party the message went to may answer it; to anyone else it does not exist.
      if (!meta || !(meta.destinations ?? []).includes(partner.name) || (meta.family !== 'iwmo' && meta.family !== 'ijw')) {
        return reply.code(404).send({ errors: [{ code: 'message-not-found', message: `no iWmo/iJw message ${messageId} was delivered to ${partner.name}` }] });
      }
      if (retourTypeFor(meta.type) === undefined) {
        return reply.code(409).send({ errors: [{ code: 'no-retour', message: `a ${meta.type} gets no retour` }] });
      }
      const payload = await deps.store.readPayload(messageId);
      const model = parseIwmoIjw(payload, meta.type);
      let retour;
      try {
        retour = deps.judge.retourFor(payload, model, findings.map((f) => ({ rule: f.rule, code: f.code, path: f.path, ...(f.message ? { message: f.message } : {}) }))).retour!;
      } catch (err) {
        if (err instanceof RetourBuildError) return reply.code(422).send({ errors: [{ code: err.code, message: err.message }] });
        throw err;
      }
      const emitted = await deps.ingest.emit({
        family: meta.family,
        type: retour.type,
        payload: Buffer.from(retour.xml, 'utf8'),
        contentType: 'application/xml',
        destinations: [meta.senderPartner],
        dedupKey: `retour-on-request:${messageId}`,
        parentId: messageId,
        relation: 'retour-of',
      });
      return reply.code(emitted.duplicate ? 200 : 201).send({ id: emitted.meta.id, type: retour.type, uitkomst: retour.uitkomst, duplicate: emitted.duplicate, xml: retour.xml });
    });
  };
}
