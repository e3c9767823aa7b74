import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cockpitWebRoutes, COCKPIT_CSP } from '../../../cockpit/web/routes.ts';
import { loadAssets } from '../../../cockpit/web/assets.ts';
import { LEVEL2_RULES, LEVEL4_LOCAL_RULES } from '../../../adapters/iwmo-ijw/rules/index.ts';
import { LEVEL3_RULES } from '../../../adapters/iwmo-ijw/rules/level3-catalogue.ts';
import type { Feature } from '../../../feature.ts';
import { partnerClient } from '../../support/client.ts';
import { startTestChain, type TestChain } from '../../support/gateway.ts';

// The page's files and their headers, without a browser: only the web plugin is mounted here.
const webOnly: Feature = { name: 'cockpit-web', setup: () => ({ gatewayRoutes: cockpitWebRoutes }) };

let chain: TestChain;

beforeAll(async () => {
  chain = await startTestChain({ features: [webOnly] });
});

afterAll(async () => {
  await chain?.close();
});

describe('web cockpit files (/cockpit)', () => {
  it('serves the page to an operator with a strict CSP and no inline script or style', async () => {
    const client = partnerClient(chain.certs, 'operator');
    const page = await client.get(chain.kp.url, '/cockpit/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toBe(COCKPIT_CSP);
    expect(COCKPIT_CSP).toContain("script-src 'self'");
    expect(COCKPIT_CSP).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const html = String(page.body);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);   // every script is a file
    expect(html).not.toMatch(/\sstyle=|<style|\son[a-z]+=/i);    // no inline style or handler
    expect(html).not.toMatch(/https?:\/\//);                      // nothing from another origin

    const script = await client.get(chain.kp.url, '/cockpit/js/main.js');
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toMatch(/^text\/javascript/);
    expect(script.headers['content-security-policy']).toBe(COCKPIT_CSP);

    const redirect = await client.get(chain.kp.url, '/cockpit');
    expect(redirect.status).toBe(308);
    expect(redirect.headers.location).toBe('/cockpit/');
    await client.close();
  });

  it('serves the rule catalogue, generated from the rule definitions, with one anchored row per rule and the same strict CSP', async () => {
    const client = partnerClient(chain.certs, 'operator');
    try {
      const page = await client.get(chain.kp.url, '/cockpit/rules.html');
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.headers['content-security-policy']).toBe(COCKPIT_CSP);
      const html = String(page.body);
      expect(html).not.toMatch(/<script|\sstyle=|<style|\son[a-z]+=/i);
      const anchors = [...html.matchAll(/<tr id="([a-z0-9]+)"><th scope="row">([A-Z0-9]+)<\/th><td>(\d)<\/td><td>(\w+)<\/td>/g)]
        .map((m) => ({ anchor: m[1], id: m[2], level: Number(m[3]), code: m[4] }));
      const registered = [
        ...[...LEVEL2_RULES, ...LEVEL4_LOCAL_RULES].map((r) => ({ anchor: r.id.toLowerCase(), id: r.id, level: r.level, code: r.retourCode })),
        ...LEVEL3_RULES.map((r) => ({ anchor: r.id.toLowerCase(), id: r.id, level: 3, code: r.retourCode })),
      ].sort((a, b) => a.id.localeCompare(b.id));
      expect(anchors).toEqual(registered);
      expect(anchors.find((a) => a.id === 'TR380')).toEqual({ anchor: 'tr380', id: 'TR380', level: 2, code: '0001' });
      expect(anchors.find((a) => a.id === 'TR063')).toEqual({ anchor: 'tr063', id: 'TR063', level: 3, code: '9063' });
      expect((await partnerClient(chain.certs, 'gemeente-0384').get(chain.kp.url, '/cockpit/rules.html')).status).toBe(403);
    } finally {
      await client.close();
    }
  });

  it('answers 304 to a matching ETag and 404 to files it does not have', async () => {
    const client = partnerClient(chain.certs, 'operator');
    const css = await client.get(chain.kp.url, '/cockpit/cockpit.css');
    expect(css.status).toBe(200);
    const etag = css.headers.etag as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
    const { request } = await import('undici');
    const again = await request(`${chain.kp.url}/cockpit/cockpit.css`, { headers: { 'if-none-match': etag }, dispatcher: client.agent });
    await again.body.dump();
    expect(again.statusCode).toBe(304);
    for (const path of ['/cockpit/nope.js', '/cockpit/../package.json', '/cockpit/%2e%2e/feature.ts', '/cockpit/assets.ts', '/cockpit/index.html']) {
      expect((await client.get(chain.kp.url, path)).status, path).toBe(404);
    }
    await client.close();
  });

  it('refuses a partner without the operator role', async () => {
    const client = partnerClient(chain.certs, 'gemeente-0384');
    for (const path of ['/cockpit/', '/cockpit/js/main.js', '/cockpit/session.json']) {
      const res = await client.get(chain.kp.url, path);
      expect(res.status, path).toBe(403);
      expect(res.body.errors[0].code).toBe('not-authorised');
    }
    await client.close();
  });

  it('tells the page who the operator is and whether it may see personal data', async () => {
    for (const [who, permissions] of [['operator', []], ['operator-pd', ['personal-data']]] as const) {
      const client = partnerClient(chain.certs, who);
      const res = await client.get(chain.kp.url, '/cockpit/session.json');
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toEqual({ operator: who, permissions });
      await client.close();
    }
  });

  it('holds only page files: HTML, CSS, JavaScript modules and the icon, and the charting library from its package', () => {
    const names = [...loadAssets().keys()].sort();
    expect(names).toContain('index.html');
    expect(names).toContain('js/main.js');
    expect(names.filter((n) => n.startsWith('vendor/'))).toEqual(['vendor/uPlot.esm.js', 'vendor/uPlot.min.css']);
    for (const name of names.filter((n) => !n.startsWith('vendor/'))) expect(name).toMatch(/^[a-z0-9/-]+\.(html|css|js|svg)$/);
  });
});
