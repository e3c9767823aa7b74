// Every answer a test gateway gives is checked against the committed contract, docs/openapi.json: the operation
// and the status must be documented, the content type too, and a JSON body must match its schema (ajv, with
// OpenAPI's `nullable`). It also catches the serializer changing an answer: the object a handler sent is
// compared with what went out (a response schema drops members it does not name). Installed by
// startTestChain (tests/support/gateway.ts); tests/support/openapi-setup.ts fails each test file whose answers
// did not match, naming the route and the ajv error. Cheap: one compiled validator per response schema.
import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HITS_FILE } from '../../ops/api/coverage.ts';

// Not imported from ops/api/write-openapi.ts: that would load every route module into each test file.
const OPENAPI_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'openapi.json');

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

type Operation = { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> };
const DOC = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as { paths: Record<string, Record<string, Operation>> };

/** Where each test file appends the operations it hit (`METHOD /path status`, one a line): ops/api/coverage.ts reads it. */
export { HITS_FILE };

/** Appends this file's hits to HITS_FILE (tests/support/openapi-setup.ts, after each file). */
export function writeHits(): void {
  if (hits.size > 0) appendFileSync(HITS_FILE, [...hits].map((h) => `${h}\n`).join(''));
}

export interface Mismatch { route: string; status: number; problem: string }

/** What this test file's gateways answered that the contract does not allow. */
export const mismatches: Mismatch[] = [];
/** `METHOD /path status` of every documented answer this test file's gateways gave. */
export const hits = new Set<string>();

const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
ajv.addFormat('binary', true);
ajv.addSchema(DOC, 'openapi');
const validators = new Map<string, ValidateFunction>();

const pointer = (...parts: string[]) => parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

function validatorFor(oaPath: string, method: string, status: string, mediaType: string): ValidateFunction {
  const ref = `openapi#/paths/${pointer(oaPath, method, 'responses', status, 'content', mediaType, 'schema')}`;
  let v = validators.get(ref);
  if (!v) {
    v = ajv.compile({ $ref: ref });
    validators.set(ref, v);
  }
  return v;
}

/** The path as OpenAPI writes it: /v1/dkd/:dienst → /v1/dkd/{dienst}. */
export function openApiPath(route: string): string {
  return route.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\*$/, '{*}');
}

function sorted(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sorted);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])]));
  return v;
}

/** The first place where the two JSON values differ, as a path (never the values: they may be personal data). */
function firstDifference(a: unknown, b: unknown, at = '$'): string | undefined {
  if (JSON.stringify(sorted(a)) === JSON.stringify(sorted(b))) return undefined;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) !== Array.isArray(b)) return at;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`);
    if (d) return d;
  }
  return at;
}

const sent = new WeakMap<FastifyRequest, unknown>();

/** Compiles every JSON response schema once, so no compile lands inside a test's timing. */
function compileAll(): void {
  for (const [oaPath, item] of Object.entries(DOC.paths)) {
    for (const [method, op] of Object.entries(item)) {
      for (const [status, response] of Object.entries(op.responses)) {
        for (const mediaType of Object.keys(response.content ?? {})) {
          if (mediaType === 'application/json' || mediaType.endsWith('+json')) validatorFor(oaPath, method, status, mediaType);
        }
      }
    }
  }
}

export function installResponseCheck(app: FastifyInstance): void {
  if (validators.size === 0) compileAll();
  app.addHook('preSerialization', async (req, _reply, payload) => {
    if (payload !== null && typeof payload === 'object' && !Buffer.isBuffer(payload)) sent.set(req, JSON.parse(JSON.stringify(payload)));
    return payload;
  });
  app.addHook('onSend', async (req, reply, payload) => {
    const url = req.routeOptions.url;
    // No route (a 404 from the not-found handler) or the web cockpit's own files: not part of the API.
    if (url === undefined || (req.routeOptions.schema as { hide?: boolean } | undefined)?.hide) return payload;
    const oaPath = openApiPath(url);
    const method = req.method.toLowerCase();
    const status = String(reply.statusCode);
    const route = `${req.method} ${oaPath}`;
    const fail = (problem: string) => { mismatches.push({ route, status: reply.statusCode, problem }); };
    const op = DOC.paths[oaPath]?.[method];
    if (!op) return fail('the operation is not in docs/openapi.json'), payload;
    const response = op.responses[status] ?? op.responses.default;
    if (!response) return fail(`status ${status} is not documented`), payload;
    hits.add(`${route} ${status}`);
    if (reply.statusCode === 204 || reply.statusCode === 304 || payload === null || payload === undefined || payload === '') return payload;
    const mediaType = String(reply.getHeader('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const content = response.content?.[mediaType];
    if (!content) return fail(`content type ${mediaType || '(none)'} is not documented for ${status}`), payload;
    if (!(mediaType === 'application/json' || mediaType.endsWith('+json')) || typeof payload !== 'string') return payload;
    let body: unknown;
    try { body = JSON.parse(payload); } catch { return fail('the body is not JSON'), payload; }
    const validate = validatorFor(oaPath, method, status, mediaType);
    if (!validate(body)) fail(`the body does not match its schema: ${ajv.errorsText(validate.errors, { dataVar: 'body' })}`);
    const before = sent.get(req);
    if (before !== undefined) {
      const at = firstDifference(before, body);
      if (at) fail(`the serializer changed the answer at ${at} (the response schema drops or retypes what it does not name)`);
    }
    return payload;
  });
}
