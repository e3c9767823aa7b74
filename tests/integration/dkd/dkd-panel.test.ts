// The cockpit's Klantdossier panel in Debian's Chromium, under the cockpit's strict CSP: each Suwinet service's
// state and the lookups per dienst and outcome, after real lookups against the stand-in.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditFeature } from '../../../audit/index.ts';
import { cockpitFeature } from '../../../cockpit/feature.ts';
import type { SuwinetStandin } from '../../../demo/suwinet-standin.ts';
import { dkdFeature } from '../../../dkd/feature.ts';
import { partnerClient } from '../../support/client.ts';
import { suwiPersonalData } from '../../support/corpus.ts';
import { testCerts } from '../../support/certs.ts';
import { startTestChain, type TestChain } from '../../support/gateway.ts';
import { startStandin, writeDkdFile } from '../../support/suwinet.ts';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let chain: TestChain;
let standin: SuwinetStandin;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Debian's Chromium is not installed at ${CHROMIUM}`);
  const certs = await testCerts();
  standin = await startStandin(certs);
  chain = await startTestChain({ features: [auditFeature, cockpitFeature, dkdFeature], endpoints: {}, env: { KP_DKD_FILE: writeDkdFile(certs, standin) } });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await chain?.close();
  await standin?.stop();
});

describe('the Klantdossier panel', () => {
  it('shows every service closed and the lookups per dienst and outcome, with no personal data and no CSP problem', async () => {
    const gemeente = partnerClient(chain.certs, 'gemeente-0384');
    const bsn = standin.sampleKeys.find(([d]) => d === 'SVBDossierPersoonGSD')![1];
    expect((await gemeente.send('POST', chain.kp.url, '/v1/dkd/SVBDossierPersoonGSD', { burgerservicenummer: bsn, doelbinding: 'Participatiewet' })).status).toBe(200);
    expect((await gemeente.send('POST', chain.kp.url, '/v1/dkd/SVBDossierPersoonGSD', { burgerservicenummer: bsn, doelbinding: 'Schuldhulpverlening' })).status).toBe(403);
    await gemeente.close();

    const files = chain.certs.partner('operator');
    const context = await browser.newContext({ ignoreHTTPSErrors: true, clientCertificates: [{ origin: chain.kp.url, certPath: files.cert, keyPath: files.key }] });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await page.goto(`${chain.kp.url}/cockpit/#/dkd`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Digitaal Klantdossier');
    expect(await page.getByRole('link', { name: 'Klantdossier' }).getAttribute('aria-current')).toBe('page');

    const services = page.locator('section', { has: page.getByRole('heading', { name: 'Services' }) });
    for (const d of ['BRPDossierPersoonGSD', 'UWVDossierInkomstenGSD', 'SVBDossierPersoonGSD', 'Bijstandsregelingen']) {
      expect(await services.getByRole('row', { name: new RegExp(d) }).textContent()).toContain('closed');
    }
    const totals = page.locator('section', { has: page.getByRole('heading', { name: 'Lookups per dienst and outcome' }) });
    const svb = totals.getByRole('row', { name: /SVBDossierPersoonGSD/ });
    expect(await totals.getByRole('columnheader').allTextContents()).toEqual(['Dienst', 'gevonden', 'geweigerd-doelbinding', 'Total']);
    expect((await svb.getByRole('cell').allTextContents())).toEqual(['1', '1', '2']);
    const latest = await page.locator('section', { has: page.getByRole('heading', { name: 'Latest lookups' }) }).textContent();
    expect(latest).toContain('gemeente-0384');
    expect(suwiPersonalData().filter((n) => (latest ?? '').includes(n))).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
