import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partnerClient } from '../../support/client.ts';
import { personalDataIn, sample } from '../../support/corpus.ts';
import { capturedLogs, startTestChain, type TestChain } from '../../support/gateway.ts';
import { npsLk01 } from '../../unit/brp-stuf-bg/stuf-corpus.ts';

// Issue 9: "every input gets a clear 4xx, never a 500" for processing instructions, over the whole gateway
// (every feature, so the iWmo/iJw message meets the istandaarden inspector's own reading of it too).
let chain: TestChain;

beforeAll(async () => {
  chain = await startTestChain({ endpoints: { 'aanbieder-42420001': () => ({ status: 200 }) } });
});

afterAll(async () => {
  await chain?.close();
  expect(personalDataIn(capturedLogs)).toEqual([]);
});

describe('processing instructions', () => {
  it('a StUF-BG kennisgeving with a processing instruction inside an element is taken (202), not a 500', async () => {
    const gbav = partnerClient(chain.certs, 'gbav');
    try {
      const xml = npsLk01('T', { inhoud: '<overlijdensdatum>20250901</overlijdensdatum>' }).toString('utf8')
        .replace('<parameters>', '<parameters><?x "?>').replace('20250901<', '2025<?pi?>0901<');
      const res = await gbav.post(chain.kp.url, xml);
      expect(res.status).toBe(202);
      expect(res.body.type).toBe('npsLk01');
    } finally {
      await gbav.close();
    }
  });

  // The iWmo/iJw path: the adapter (libxml2) takes `<?x "?>`, the istandaarden inspector's second parser
  // does not (issue 9). The spine's one-parse ingest fixes that; this is the regression test for it.
  it('an XSD-valid WMO301 with <?x "?> in its header is answered 202 or a 4xx, never a 500', async () => {
    const client = partnerClient(chain.certs, 'gemeente-0384');
    try {
      const xml = sample('iwmo-3.2', 'WMO301').toString('utf8').replace('<wmo301:Header>', '<wmo301:Header><?x "?>');
      const res = await client.post(chain.kp.url, xml);
      expect(res.status, JSON.stringify(res.body)).not.toBe(500);
      expect(res.status === 202 || (res.status >= 400 && res.status < 500)).toBe(true);
    } finally {
      await client.close();
    }
  });
});
