import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditFeature } from '../../../audit/index.ts';
import { cockpitFeature } from '../../../cockpit/feature.ts';
import { istandaardenFeature } from '../../../istandaarden/feature.ts';
import { personalDataIn, sample, uniqueWmo301 } from '../../support/corpus.ts';
import { partnerClient } from '../../support/client.ts';
import { capturedLogs, startTestChain, untilEvent, type TestChain } from '../../support/gateway.ts';

// Done-when #1 of issue 5, in Debian's Chromium: the operator opens the cockpit with its client certificate,
// finds the dead letter a failing partner caused, replays it once the partner is back, and sees it delivered.

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const PARTNER = 'aanbieder-42420001';

let chain: TestChain;
let browser: Browser;
let partnerFails = true;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Debian's Chromium is not installed at ${CHROMIUM}; the cockpit browser test needs it. ` +
      'Install it with `apt-get install -y chromium` as root (bash .ci/run does this when apt is available).');
  }
  chain = await startTestChain({
    features: [auditFeature, cockpitFeature, istandaardenFeature],
    endpoints: { [PARTNER]: () => ({ status: partnerFails ? 500 : 200 }) },
    delivery: { maxAttempts: 1, timeoutMs: 5_000 },
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await chain?.close();
  expect(personalDataIn(capturedLogs)).toEqual([]);
});

/** A browser context presenting `who`'s client certificate to the gateway (the server certificate is from the dev CA). */
async function operatorContext(who: 'operator' | 'operator-pd'): Promise<BrowserContext> {
  const files = chain.certs.partner(who);
  return browser.newContext({
    ignoreHTTPSErrors: true,
    clientCertificates: [{ origin: chain.kp.url, certPath: files.cert, keyPath: files.key }],
  });
}

/** Every console error, uncaught exception and CSP violation of the page: there must be none. */
function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  return problems;
}

async function sendDeadLetter(n: number): Promise<string> {
  const client = partnerClient(chain.certs, 'gemeente-0384');
  const res = await client.post(chain.kp.url, uniqueWmo301(n));
  await client.close();
  expect(res.status).toBe(202);
  const id = res.body.id as string;
  await untilEvent(chain, id, 'dead', 30_000);
  return id;
}

/** Form controls without an accessible name, and the number of h1 elements, on the current view. */
async function accessibilityGaps(page: Page): Promise<{ unlabelled: string[]; h1: number }> {
  // A string, evaluated in the page: this project's TypeScript has no DOM library.
  return page.evaluate(`(() => ({
    unlabelled: [...document.querySelectorAll('input, select, textarea, button')]
      .filter((el) => !el.hidden && !(el.labels?.length > 0 || el.getAttribute('aria-label') || (el.tagName === 'BUTTON' && el.textContent.trim())))
      .map((el) => el.outerHTML.slice(0, 80)),
    h1: document.querySelectorAll('main h1').length,
  }))()`);
}

describe('web cockpit in Chromium', () => {
  it('finds the dead letter of a failing partner, replays it after the partner recovers, and shows it delivered', async () => {
    const id = await sendDeadLetter(5001);
    const endpoint = chain.endpoints[PARTNER]!;
    expect(endpoint.received.has(id)).toBe(false);

    const context = await operatorContext('operator');
    const page = await context.newPage();
    const problems = watchProblems(page);
    const response = await page.goto(`${chain.kp.url}/cockpit/`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");

    // The dashboard: the dead letter's reason and the failing partner.
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Dashboard');
    const deadSection = page.locator('section', { has: page.getByRole('heading', { name: 'Dead letters by reason' }) });
    await deadSection.getByRole('link', { name: 'attempts-exhausted' }).waitFor();
    const attention = page.locator('section', { has: page.getByRole('heading', { name: 'Partners needing attention' }) });
    expect(await attention.getByRole('row', { name: new RegExp(PARTNER) }).textContent()).toContain('failing');
    expect(await page.locator('#who').textContent()).toContain('no personal data');

    // From the dashboard to the dead letters of that reason: its group opens with the message in it.
    await deadSection.getByRole('link', { name: 'attempts-exhausted' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Dead letters');
    const row = page.locator(`tr[data-key="${id}/${PARTNER}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('500');
    expect(await accessibilityGaps(page)).toEqual({ unlabelled: [], h1: 1 });

    // The partner is back; select the dead letter with the keyboard and replay it: dry run first.
    partnerFails = false;
    await page.getByLabel(`Select ${id} to ${PARTNER}`).focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Replay selected (1)…' }).click();
    const panel = page.locator('#replay-panel');
    await expect.poll(() => panel.getByRole('status').first().textContent(), { timeout: 10_000 })
      .toMatch(/^Dry run: 1 dead letter matches, 1 can be replayed\. Nothing has changed yet\.$/);
    expect(endpoint.hits.get(id)).toHaveLength(1);   // the dry run sent nothing
    await panel.getByRole('button', { name: 'Replay 1 now' }).click();
    await expect.poll(() => panel.getByRole('status').first().textContent(), { timeout: 30_000 })
      .toBe('Replay finished: 1 replayed, 0 skipped, 0 failed.');
    await expect.poll(() => panel.locator('ul.follow li').textContent(), { timeout: 60_000 }).toBe(`${id}: delivered`);
    expect(await panel.getByRole('status').last().textContent()).toBe('1 of 1 replayed message delivered.');

    // The message's own page: delivered, with the whole history, and no payload for this operator.
    await panel.getByRole('link', { name: id }).click();
    await expect.poll(() => page.locator('#message-status').textContent()).toBe('delivered');
    const events = await page.locator('section', { has: page.getByRole('heading', { name: 'Event history' }) }).locator('tbody tr td:nth-child(3)').allTextContents();
    expect(events).toEqual(expect.arrayContaining(['received', 'published', 'dead', 'replayed', 'delivered']));
    expect(events.indexOf('replayed')).toBeLessThan(events.lastIndexOf('delivered'));
    expect(await page.locator('section', { has: page.getByRole('heading', { name: 'Payload' }) }).textContent())
      .toContain('lacks the personal-data permission');
    expect(await page.getByRole('button', { name: /Show the payload/ }).count()).toBe(0);

    // The partner took it exactly once: one failed request, one accepted, no duplicate.
    expect(endpoint.received.has(id)).toBe(true);
    expect(endpoint.hits.get(id)).toHaveLength(2);
    expect(endpoint.duplicateRequests).toBe(0);
    expect((await chain.kp.store.getMeta(id))?.status).toBe('delivered');

    // And the dead-letter list is empty again.
    await page.getByRole('link', { name: 'Dead letters', exact: true }).click();
    await expect.poll(() => page.locator('#dead-results').textContent()).toContain('No dead letters.');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('counts a filter replay in a dry run and changes nothing when the operator cancels', async () => {
    partnerFails = true;
    const ids = [await sendDeadLetter(5002), await sendDeadLetter(5003)];
    const context = await operatorContext('operator');
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(`${chain.kp.url}/cockpit/#/dead?reason=attempts-exhausted`);
    const group = page.locator('details[data-reason="attempts-exhausted"]');
    await group.locator('tbody tr').nth(1).waitFor();
    await group.getByRole('button', { name: 'Replay this group (2)…' }).click();
    const panel = page.locator('#replay-panel');
    await expect.poll(() => panel.getByRole('status').first().textContent(), { timeout: 10_000 }).toMatch(/^Dry run: 2 dead letters match, 2 can be replayed/);
    await panel.getByRole('button', { name: 'Cancel' }).click();
    expect(await panel.isHidden()).toBe(true);
    for (const id of ids) {
      expect((await chain.kp.store.getMeta(id))?.status).toBe('dead');
      expect(chain.endpoints[PARTNER]!.hits.get(id)).toHaveLength(1);
    }
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows the payload only to an operator with the personal-data permission, on request', async () => {
    const [id] = (await chain.kp.store.tables().selectFrom('messages').select('id').where('status', '=', 'dead').execute()).map((r) => r.id);
    expect(id).toBeDefined();
    const context = await operatorContext('operator-pd');
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(`${chain.kp.url}/cockpit/#/messages/${id}`);
    await page.locator('#message-status').waitFor();
    expect(await page.locator('#who').textContent()).toContain('may view personal data');
    const payload = page.locator('pre.payload');
    expect(await payload.count()).toBe(0);      // nothing personal until asked for
    await page.getByRole('button', { name: 'Show the payload (written to the audit log)' }).click();
    await payload.waitFor();
    expect(await payload.textContent()).toContain('<');
    expect(problems).toEqual([]);
    await context.close();
  });

  // Last: the refusal's retour goes to a partner without an endpoint here and adds a dead delivery of its own.
  it('links a message refused by an iWmo/iJw rule from the reason list to that rule\'s line in the rule catalogue', async () => {
    const aanbieder = partnerClient(chain.certs, 'aanbieder-65656055');
    const refused = await aanbieder.post(chain.kp.url, sample('iwmo-3.2', 'WMO317')); // the corpus WMO317 breaks TR380
    await aanbieder.close();
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0].code).toBe('TR380');
    const context = await operatorContext('operator');
    const page = await context.newPage();
    const problems = watchProblems(page);

    // The dashboard's reason list links the rule id, beside the link to its dead letters.
    await page.goto(`${chain.kp.url}/cockpit/#/`);
    const deadSection = page.locator('section', { has: page.getByRole('heading', { name: 'Dead letters by reason' }) });
    const fromDashboard = deadSection.getByRole('link', { name: 'TR380 in the rule catalogue' });
    await fromDashboard.waitFor();
    expect(await fromDashboard.getAttribute('href')).toBe('/cockpit/rules.html#tr380');
    expect(await deadSection.getByRole('link', { name: 'attempts-exhausted in the rule catalogue' }).count()).toBe(0);

    // The dead letters' group of that reason links it too; following it lands on the rule's own row.
    await page.goto(`${chain.kp.url}/cockpit/#/dead?kind=refused&reason=TR380`);
    const group = page.locator('details[data-reason="TR380"]');
    await group.getByRole('link', { name: 'TR380 in the rule catalogue' }).click();
    await page.waitForURL(/\/cockpit\/rules\.html#tr380$/);
    const row = page.locator('tr#tr380');
    await expect.poll(() => row.locator('th').textContent()).toBe('TR380');
    expect(await row.locator('td').nth(1).textContent()).toBe('0001');
    expect(await page.evaluate('document.querySelector(":target")?.id')).toBe('tr380');
    expect(problems).toEqual([]);
    await context.close();
  });
});
