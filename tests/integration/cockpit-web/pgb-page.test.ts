// Issue 11, Done-when 4, in Debian's Chromium: a PGB administrator imports an uitvallijst through the
// cockpit's PGB page, opens an item, marks it opgelost, and downloads the XLSX export, which is read back.
import { existsSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditFeature } from '../../../audit/index.ts';
import { cockpitFeature } from '../../../cockpit/feature.ts';
import { PGB_LEDGERS, pgbFeature } from '../../../pgb/feature.ts';
import { capturedLogs, startTestChain, type TestChain } from '../../support/gateway.ts';
import { listCsv, seedScenario, type ListRow } from '../../support/pgb.ts';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let chain: TestChain;
let browser: Browser;
let rows: ListRow[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Debian's Chromium is not installed at ${CHROMIUM}; install it with apt-get install -y chromium`);
  chain = await startTestChain({
    features: [auditFeature, cockpitFeature, pgbFeature],
    env: { KP_PGB_DEADLINE_SCAN_MS: '0', KP_PGB_FOLLOW_SYNC_MS: '0', KP_PGB_GEMEENTECODES: '0384' },
  });
  rows = await seedScenario(PGB_LEDGERS.get(chain.kp.store)!, 1, 500);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await chain?.close();
  expect(capturedLogs.filter((line) => rows.some((r) => line.includes(r.bsn)))).toEqual([]);
});

function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  return problems;
}

describe('the PGB page in Chromium', () => {
  it('imports a list, opens an item, marks it opgelost and downloads the XLSX export', async () => {
    const files = chain.certs.partner('pgb-beheer');
    const context = await browser.newContext({ ignoreHTTPSErrors: true, acceptDownloads: true, clientCertificates: [{ origin: chain.kp.url, certPath: files.cert, keyPath: files.key }] });
    const page = await context.newPage();
    const problems = watchProblems(page);
    try {
      await page.goto(`${chain.kp.url}/cockpit/#/pgb`);
      await page.getByRole('heading', { level: 1, name: 'PGB uitval' }).waitFor();
      expect(await page.locator('#nav-pgb').isHidden()).toBe(false);

      await page.setInputFiles('#pgb-file', { name: 'uitval-browser.csv', mimeType: 'text/csv', buffer: listCsv(rows) });
      await page.getByRole('button', { name: 'Import' }).click();
      const notice = page.locator('#pgb-import-result .notice.good');
      await notice.waitFor({ timeout: 20_000 });
      expect(await notice.textContent()).toContain(`${rows.length} rows`);
      expect(await page.locator('a[data-item]').count()).toBe(rows.length);
      expect(await page.locator('svg.chart polyline').count()).toBeGreaterThan(0);

      await page.locator('a[data-item]').first().click();
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.locator('button[data-status="opgelost"]').click();
      await page.locator('#pgb-item-status', { hasText: 'opgelost' }).waitFor({ timeout: 10_000 });
      expect(await page.locator('#pgb-item-status').textContent()).toContain('pgb-beheer');

      await page.getByRole('link', { name: '← Worklist' }).click();
      await page.getByRole('heading', { level: 1, name: 'PGB uitval' }).waitFor();
      // The default view shows what is still to do: one item fewer.
      expect(await page.locator('a[data-item]').count()).toBe(rows.length - 1);
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('a[data-export="xlsx"]').click()]);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(await download.path());
      const values = wb.worksheets[0]!.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1));
      expect(values[0]!.slice(0, 3)).toEqual(['id', 'status', 'diagnose']);
      expect(values.length - 1).toBe(rows.length - 1);
      expect(new Set(values.slice(1).map((r) => r[1]))).toEqual(new Set(['open']));
      // No BRP events in this chain: those budgethouders' rows are onverklaard here.
      const expected = new Set(rows.map((r) => (r.expected.startsWith('budgethouder-') ? 'onverklaard' : r.expected)));
      expect(values.slice(1).map((r) => r[2]).filter((d) => !expected.has(d as never))).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
