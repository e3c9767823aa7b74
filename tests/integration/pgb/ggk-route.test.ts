// A TKB through the GGk (issue 11, routing): with KP_PGB_VIA_GGK naming the municipality, its WMO501 does not go
// to the SVB directly but to the GGk stand-in, over mTLS, in a StUF-GGk Di01 that validates against the ggk0210
// XSD and carries the TKB byte for byte (functie WMO501, zender the gemeentecode, ontvanger the SVB). The ledger
// books the TKB `verzonden` all the same. Fixtures: tests/fixtures/ipgb (synthetic BSNs, never printed).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditFeature } from '../../../audit/index.ts';
import { createStufGgkCodec, type StufGgkCodec } from '../../../adapters/stuf-ggk/index.ts';
import { SCHEMAS_DIR } from '../../../ketenpoort.ts';
import { PGB_SUBSCRIPTION } from '../../../pgb/brp.ts';
import { pgbFeature } from '../../../pgb/feature.ts';
import type { PgbTables } from '../../../pgb/tables.ts';
import { createSubscriptionsFeature } from '../../../subscriptions/feature.ts';
import type { Receipt } from '../../../demo/partner-endpoint.ts';
import { partnerClient } from '../../support/client.ts';
import { personalDataIn } from '../../support/corpus.ts';
import { capturedLogs, receivedAt, startTestChain, type TestChain } from '../../support/gateway.ts';

const TKB = readFileSync(path.resolve('tests/fixtures/ipgb/WMO501.xml'));
const FIXTURE_BSN = '777000003';

let chain: TestChain;
let codec: StufGgkCodec;

beforeAll(async () => {
  chain = await startTestChain({
    features: [auditFeature, createSubscriptionsFeature({ internal: [PGB_SUBSCRIPTION] }), pgbFeature],
    endpoints: { 'gemeente-0384': () => ({ status: 200 }), svb: () => ({ status: 200 }), ggk: () => ({ status: 200 }), gbav: () => ({ status: 200 }) },
    env: { KP_PGB_VIA_GGK: '0384', KP_BRP_SYNC_INTERVAL_MS: '0', KP_PGB_DEADLINE_SCAN_MS: '0', KP_PGB_FOLLOW_SYNC_MS: '0', KP_PGB_GEMEENTECODES: '0384' },
  });
  codec = createStufGgkCodec(SCHEMAS_DIR);
});
afterAll(async () => {
  await chain?.close();
  codec?.dispose();
  expect(personalDataIn(capturedLogs)).toEqual([]);
  expect(capturedLogs.filter((l) => l.includes(FIXTURE_BSN))).toEqual([]);
});

const received = (endpoint: string, find: (r: Receipt) => boolean) => receivedAt(chain, endpoint, find);

describe('a TKB through the GGk (KP_PGB_VIA_GGK)', () => {
  it('reaches the GGk stand-in in a valid Di01 carrying the TKB, not the SVB directly; the ledger says verzonden', async () => {
    const gemeente = partnerClient(chain.certs, 'gemeente-0384');
    try {
      const sent = await gemeente.post(chain.kp.url, TKB);
      expect(sent.status).toBe(202);
      const atGgk = await received('ggk', (r) => r.id === sent.body.id);
      expect(atGgk.contentType).toMatch(/^application\/xml/);
      expect(codec.validate(atGgk.body, 'Di01')).toEqual([]);
      const di01 = codec.parseDi01(atGgk.body);
      expect(di01.payload.kind).toBe('xml');
      expect(di01.payload.bytes.equals(TKB)).toBe(true);
      expect(di01.stuurgegevens).toMatchObject({ berichtcode: 'Di01', functie: 'WMO501', zender: { organisatie: '0384' }, ontvanger: { organisatie: 'SVB' } });
      // Not to the SVB as well: one route per message.
      await new Promise((r) => setTimeout(r, 300));
      expect(chain.endpoints.svb!.received.has(sent.body.id)).toBe(false);

      const db = chain.kp.store.tables<PgbTables>() as unknown as Kysely<PgbTables>;
      const budget = await db.selectFrom('pgb_budgets').select(['state', 'versions']).where('budget_id', '=', 'PGB-W-2026-001').executeTakeFirst();
      expect(budget).toMatchObject({ state: 'verzonden', versions: 1 });
      const version = await db.selectFrom('pgb_tkb_versions').select(['message_id', 'state']).where('budget_id', '=', 'PGB-W-2026-001').executeTakeFirstOrThrow();
      expect(version).toEqual({ message_id: sent.body.id, state: 'verzonden' });
    } finally {
      await gemeente.close();
    }
  });
});
