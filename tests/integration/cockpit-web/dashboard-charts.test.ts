import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditFeature } from '../../../audit/index.ts';
import { cockpitFeature } from '../../../cockpit/feature.ts';
import { uniqueWmo301 } from '../../support/corpus.ts';
import { partnerClient } from '../../support/client.ts';
import { startTestChain, untilEvent, type TestChain } from '../../support/gateway.ts';

// Issue 13, done-when 4: the dashboard draws its charts with data, shows a message waiting for its retry in the
// delay queue of its tier, and has no serious accessibility violation (axe-core, in Debian's Chromium).

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const PARTNER = 'aanbieder-42420001';
const RETRY_MS = 120_000;

let chain: TestChain;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Debian's Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium)`);
  chain = await startTestChain({
    features: [auditFeature, cockpitFeature],
    endpoints: { [PARTNER]: () => ({ status: 503 }) },
    delivery: { maxAttempts: 3, backoffBaseMs: RETRY_MS, backoffMaxMs: RETRY_MS, timeoutMs: 5_000 },
    // One long delay tier: after its first failed attempt the message waits there for two minutes.
    env: { KP_RETRY_TIERS_MS: String(RETRY_MS) },
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await chain?.close();
});

function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  return problems;
}

describe('cockpit dashboard charts in Chromium', () => {
  it('draws flow, failed attempts and dead letters over time, and shows the message waiting in its retry queue', async () => {
    const client = partnerClient(chain.certs, 'gemeente-0384');
    const res = await client.post(chain.kp.url, uniqueWmo301(7101));
    await client.close();
    expect(res.status).toBe(202);
    await untilEvent(chain, res.body.id as string, 'delivery-attempt', 30_000);

    const files = chain.certs.partner('operator');
    const context = await browser.newContext({ ignoreHTTPSErrors: true, clientCertificates: [{ origin: chain.kp.url, certPath: files.cert, keyPath: files.key }] });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(`${chain.kp.url}/cockpit/`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Dashboard');

    // Three charts, each drawn by uPlot on a canvas; the flow and the failures carry the message sent above.
    const charts = page.locator('figure.chart[data-drawn="true"]');
    await expect.poll(() => charts.count(), { timeout: 15_000 }).toBe(3);
    expect(await page.locator('figure.chart canvas').count()).toBe(3);
    expect(Number(await page.locator('figure[data-chart="flow"]').getAttribute('data-total'))).toBeGreaterThanOrEqual(1);
    expect(Number(await page.locator('figure[data-chart="failures"]').getAttribute('data-total'))).toBeGreaterThanOrEqual(1);
    expect(await page.locator('figure[data-chart="flow"]').textContent()).toMatch(/1 message received in the last hour \(iwmo\)/);
    // The 24-hour window draws too.
    await page.getByRole('button', { name: 'Last 24 hours' }).click();
    await expect.poll(() => page.locator('figure[data-chart="flow"] figcaption').textContent()).toMatch(/per 15 min/);
    await expect.poll(() => charts.count()).toBe(3);

    // The queue table: the message waits in the two-minute delay queue, not in its partner's queue.
    const queues = page.locator('section', { has: page.getByRole('heading', { name: 'Queue depths' }) });
    const retryRow = queues.getByRole('row', { name: /retry after 2 min/ });
    await retryRow.waitFor();
    await expect.poll(async () => {
      await page.getByRole('button', { name: 'Refresh' }).click();
      return (await queues.getByRole('row', { name: /retry after 2 min/ }).locator('td').last().textContent())?.trim();
    }, { timeout: 20_000 }).toBe('1');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('has no serious or critical accessibility violation (axe-core)', async () => {
    const files = chain.certs.partner('operator');
    // axe is injected as a script of its own, which the cockpit's CSP (rightly) forbids: this context only.
    const context = await browser.newContext({ bypassCSP: true, ignoreHTTPSErrors: true, clientCertificates: [{ origin: chain.kp.url, certPath: files.cert, keyPath: files.key }] });
    const page = await context.newPage();
    const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
    const views = ['#/', '#/dead', '#/messages'];
    const found: string[] = [];
    for (const view of views) {
      await page.goto(`${chain.kp.url}/cockpit/${view}`);
      await page.locator('main h1').first().waitFor();
      if (view === '#/') await expect.poll(() => page.locator('figure.chart[data-drawn="true"]').count(), { timeout: 15_000 }).toBe(3);
      await page.addScriptTag({ path: axePath });
      const violations = await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })))`) as { id: string; impact: string; nodes: number }[];
      for (const v of violations) if (v.impact === 'serious' || v.impact === 'critical') found.push(`${view} ${v.id} (${v.impact}, ${v.nodes} nodes)`);
    }
    expect(found).toEqual([]);
    await context.close();
  });
});
