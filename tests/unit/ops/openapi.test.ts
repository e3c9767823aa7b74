// The OpenAPI contract: docs/openapi.json is what the route schemas generate (`npm run openapi` after a change),
// and Spectral with the API Design Rules (ops/api/adr-ruleset.yaml, waivers in ops/api/ketenpoort-ruleset.yaml
// and the README) finds nothing in it.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApiText } from '../../../ops/api/openapi-document.ts';
import { lintOpenApi } from '../../../ops/api/lint.ts';
import { OPENAPI_FILE } from '../../../ops/api/write-openapi.ts';

const committed = () => readFileSync(OPENAPI_FILE, 'utf8');

describe('docs/openapi.json', () => {
  it('is what the route schemas generate (run `npm run openapi` after changing a route)', async () => {
    expect(committed() === (await openApiText()), 'docs/openapi.json is stale: run `npm run openapi`').toBe(true);
  });

  it('documents every API, each operation with an id, tags and its error answers', () => {
    const doc = JSON.parse(committed()) as { openapi: string; paths: Record<string, Record<string, { operationId?: string; tags?: string[]; responses: Record<string, unknown> }>> };
    expect(doc.openapi).toMatch(/^3\.0\.\d$/);
    const paths = Object.keys(doc.paths);
    for (const prefix of ['/v1/messages', '/v1/istandaarden/retours', '/v1/brp/', '/v1/ops/', '/v1/pgb/', '/v1/dkd/', '/v1/ops/dkd/', '/healthz', '/readyz', '/metrics', '/v1/openapi.json']) {
      expect(paths.some((p) => p.startsWith(prefix)), prefix).toBe(true);
    }
    expect(paths.filter((p) => p.startsWith('/cockpit'))).toEqual([]);
    const ids = new Set<string>();
    for (const [p, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        expect(op.operationId, `${method} ${p}`).toBeTruthy();
        expect(ids.has(op.operationId!), `operationId ${op.operationId} twice`).toBe(false);
        ids.add(op.operationId!);
        expect(op.tags?.length, `${method} ${p} tags`).toBeGreaterThan(0);
        if (p.startsWith('/v1/') && p !== '/v1/openapi.json') expect(Object.keys(op.responses).some((s) => /^4\d\d$/.test(s)), `${method} ${p} documents no 4xx`).toBe(true);
      }
    }
  });
});

describe('Spectral with the API Design Rules', () => {
  it('finds nothing in docs/openapi.json (the waivers are in ops/api/ketenpoort-ruleset.yaml)', async () => {
    const findings = await lintOpenApi(OPENAPI_FILE);
    expect(findings.map((f) => `${f.severity} ${f.rule} ${f.path}: ${f.message}`)).toEqual([]);
  }, 60_000);

  it('does find what the rules forbid (a missing contact, version header or problem type, a camelCase path)', async () => {
    const doc = JSON.parse(committed());
    delete doc.info.contact.email;
    delete doc.paths['/healthz'].get.responses['200'].headers;
    doc.paths['/v1/dkd/klantbeeld'].post.responses['400'].content = { 'application/json': { schema: { type: 'object' } } };
    doc.paths['/v1/brp/volgIndicaties'] = doc.paths['/v1/brp/volgindicaties'];
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'kp-openapi-')), 'openapi.json');
    writeFileSync(file, JSON.stringify(doc, null, 2));
    const rules = new Set((await lintOpenApi(file)).map((f) => f.rule));
    for (const rule of ['nlgov:info-contact-fields-exist', 'nlgov:missing-header', 'kp:use-problem-schema', 'nlgov:paths-kebab-case']) expect(rules, rule).toContain(rule);
  }, 60_000);
});
