// The gateway with every feature and no KP_DKD_FILE: it starts, is ready, and a DKD lookup is a protocolled
// 503 (no dienst configured), never a 500; the breaker states say not-configured.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AuditLog } from '../../../audit/index.ts';
import { partnerClient } from '../../support/client.ts';
import { startTestChain, type TestChain } from '../../support/gateway.ts';

let chain: TestChain;
beforeAll(async () => {
  chain = await startTestChain({ endpoints: {} });
});
afterAll(async () => {
  await chain?.close();
});

it('answers 503 with every feature on and no DKD services configured, and protocols the lookup', async () => {
  const gemeente = partnerClient(chain.certs, 'gemeente-0384');
  const res = await gemeente.send('POST', chain.kp.url, '/v1/dkd/BRPDossierPersoonGSD', { burgerservicenummer: '123456782', doelbinding: 'Participatiewet' });
  const beeld = await gemeente.send('POST', chain.kp.url, '/v1/dkd/klantbeeld', { burgerservicenummer: '123456782', doelbinding: 'Participatiewet' });
  await gemeente.close();
  expect(res.status).toBe(503);
  expect(res.body).toMatchObject({ code: 'dienst-niet-beschikbaar', detail: 'not-configured' });
  expect(beeld.status).toBe(200);
  expect(beeld.body.volledig).toBe(false);
  expect(beeld.body.ontbrekend).toHaveLength(4);
  const records = await new AuditLog(chain.kp.store).list({ action: 'dkd.lookup' });
  expect(records).toHaveLength(5);
  expect(records.every((r) => r.detail?.outcome === 'niet-beschikbaar')).toBe(true);
  const operator = partnerClient(chain.certs, 'operator');
  const ready = await operator.get(chain.kp.url, '/readyz');
  await operator.close();
  expect(ready.status).toBe(200);
  expect(Object.values(ready.body.info.dkd)).toEqual(['not-configured', 'not-configured', 'not-configured', 'not-configured']);
});
