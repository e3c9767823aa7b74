// The DKD part of the operator API (role operator, on the mTLS port), for the cockpit and the CLI:
//   GET  /v1/ops/dkd/protocol?partner=&dienst=&outcome=&doelbinding=&zaakreferentie=&from=&to=&afterSeq=&limit=
//   POST /v1/ops/dkd/protocol/search-by-bsn {burgerservicenummer, …same filters}   personal-data only, audited
//   GET  /v1/ops/dkd/overview?hours=24      lookups per dienst and outcome over time, and each service's state
// The protocol holds no BSN: a lookup's person is its keyed hash.
import type { FastifyError, FastifyInstance } from 'fastify';
import type { AuditLog } from '../audit/index.ts';
import { requireOperator } from '../cockpit/access.ts';
import { opsValidationAnswer } from '../cockpit/errors.ts';
import { bsnProblem } from '../subscriptions/bsn.ts';
import { OVERVIEW_SCHEMA, PROTOCOL_BSN_SCHEMA, PROTOCOL_SCHEMA } from './api/schemas.ts';
import { protocolOverTime, searchProtocol, type ProtocolQuery } from './protocol.ts';

export interface DkdOpsDeps {
  audit: AuditLog;
  bsnHash(bsn: string): string;
  services(): Record<string, { url: string | null; breaker: string }>;
}

const FILTERS = ['partner', 'dienst', 'outcome', 'doelbinding', 'zaakreferentie'] as const;

function bad(message: string, path?: string) {
  return { errors: [{ code: 'bad-request', message, ...(path ? { path } : {}) }] };
}

/** The filters of a query or body ajv judged; `from` and `to` are read as times here (a schema cannot). */
function queryOf(raw: Record<string, unknown>): ProtocolQuery | string {
  const q: ProtocolQuery = {};
  for (const f of FILTERS) if (typeof raw[f] === 'string' && raw[f] !== '') q[f] = raw[f] as string;
  for (const f of ['from', 'to'] as const) {
    if (raw[f] === undefined || raw[f] === '') continue;
    const t = Date.parse(String(raw[f]));
    if (Number.isNaN(t)) return `${f} must be an ISO time`;
    q[f] = new Date(t);
  }
  for (const f of ['afterSeq', 'limit'] as const) if (typeof raw[f] === 'number') q[f] = raw[f];
  return q;
}

export function dkdOpsRoutes(deps: DkdOpsDeps) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    // Only an operator's request is judged; a fault is answered in the operator API's {errors} body.
    app.addHook('onRequest', async (req, reply) => {
      if (!requireOperator(req, reply)) return reply;
      return undefined;
    });
    app.setErrorHandler((err: FastifyError, _req, reply) => {
      const invalid = opsValidationAnswer(err);
      if (invalid) return reply.code(400).send(invalid);
      throw err;
    });

    app.get('/v1/ops/dkd/protocol', PROTOCOL_SCHEMA, async (req, reply) => {
      const q = queryOf(req.query as Record<string, unknown>);
      if (typeof q === 'string') return reply.code(400).send(bad(q));
      return searchProtocol(deps.audit, q);
    });

    app.post('/v1/ops/dkd/protocol/search-by-bsn', PROTOCOL_BSN_SCHEMA, async (req, reply) => {
      const operator = req.partner!;
      const body = req.body as Record<string, unknown> & { burgerservicenummer: string };
      const bsn = body.burgerservicenummer;
      // The schema judged the form; the elfproef it cannot.
      if (bsnProblem(bsn)) return reply.code(400).send(bad('burgerservicenummer must be a BSN (9 digits, elfproef)', 'body.burgerservicenummer'));
      const hash = deps.bsnHash(bsn);
      const actor = { actor: operator.name, actorOin: operator.oin, subjectType: 'bsn-hash', subject: hash };
      if (!operator.permissions.has('personal-data')) {
        await deps.audit.record({ ...actor, action: 'dkd.protocol.search.denied', personalData: false });
        return reply.code(403).send({ errors: [{ code: 'personal-data-required', message: `operator ${operator.name} does not have the personal-data permission` }] });
      }
      const q = queryOf({ ...body, burgerservicenummer: undefined });
      if (typeof q === 'string') return reply.code(400).send(bad(q));
      const result = await searchProtocol(deps.audit, { ...q, bsnHash: hash });
      await deps.audit.record({ ...actor, action: 'dkd.protocol.search', personalData: true, detail: { found: result.items.length } });
      return reply.header('cache-control', 'no-store').send(result);
    });

    app.get<{ Querystring: { hours: number } }>('/v1/ops/dkd/overview', OVERVIEW_SCHEMA, async (req) => {
      const { hours } = req.query;
      const bucketMs = hours <= 1 ? 5 * 60_000 : hours <= 48 ? 3_600_000 : 86_400_000;
      return { hours, bucketMs, buckets: await protocolOverTime(deps.audit, hours * 3_600_000, bucketMs), services: deps.services() };
    });
  };
}
