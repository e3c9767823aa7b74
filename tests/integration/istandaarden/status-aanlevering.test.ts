import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditFeature } from '../../../audit/index.ts';
import { istandaardenFeature } from '../../../istandaarden/feature.ts';
import { partnerClient } from '../../support/client.ts';
import { personalDataIn } from '../../support/corpus.ts';
import { capturedLogs, startTestChain, type TestChain } from '../../support/gateway.ts';
import { xsdErrors } from '../../support/xsd.ts';
import { FAMILIES, startZorg, stopZorg, toewijzing, type Family } from './support/heen.ts';
import { retourCodesIn } from '../../support/retour-codes.ts';

// StatusAanlevering 3 (OP033, IV008): a 305/307 class with value 3 deletes the earlier delivery with the same
// logical key, which then counts as never sent. TR063 refuses a deletion of a delivery that does not exist,
// TR071 the deletion of a start that already has a stop; what follows is judged against the corrected state
// (TR069: a stop needs a current start; TR074: a first delivery of a key already held).
let chain: TestChain;
beforeAll(async () => {
  chain = await startTestChain({ features: [auditFeature, istandaardenFeature], endpoints: {} });
});
afterAll(async () => {
  await chain?.close();
  expect(personalDataIn(capturedLogs)).toEqual([]);
});

type Leveringen = { iv_leveringen: { soort: string; toewijzing_nummer: string; reservation: string } };

describe.each(FAMILIES)('StatusAanlevering 3 in %s', (family: Family) => {
  const n = family === 'iwmo' ? 71 : 72;
  const nummer = `${n}0001`; // LDT_Nummer: an integer
  const [t305, t306, t307, t308] = family === 'iwmo' ? ['WMO305', 'WMO306', 'WMO307', 'WMO308'] : ['JW305', 'JW306', 'JW307', 'JW308'];
  const starts = () => chain.kp.store.tables<Leveringen>().selectFrom('iv_leveringen').select(['soort', 'reservation'])
    .where('toewijzing_nummer', '=', nummer).where('soort', '=', 'start').execute();

  it('refuses a deletion of a start that was never delivered (TR063, 9063 on its class), deletes one that was, and judges the next messages against that', async () => {
    const gemeente = partnerClient(chain.certs, 'gemeente-0384');
    const aanbieder = partnerClient(chain.certs, 'aanbieder-42420001');
    let id = n * 1000;
    try {
      expect((await gemeente.post(chain.kp.url, toewijzing(family, ++id, nummer))).status).toBe(202);

      // Nothing to delete yet: TR063 on the class's StatusAanlevering, 0200 on the rest.
      const unknown = await aanbieder.post(chain.kp.url, startZorg(family, ++id, nummer, '3'));
      expect(unknown.status).toBe(422);
      expect(unknown.body.level).toBe(3);
      expect(unknown.body.errors).toEqual([expect.objectContaining({ code: 'TR063', path: '/Bericht/Client/StartProducten/StartProduct/StatusAanlevering' })]);
      expect(unknown.body.retourCodes).toEqual(['9063']);
      expect(unknown.body.retour.type).toBe(t306);
      expect(retourCodesIn(unknown.body.retour.xml)).toEqual(expect.arrayContaining(['9063', '0200']));
      expect(xsdErrors(t306!, unknown.body.retour.xml)).toEqual([]);
      expect(await starts()).toEqual([]); // a refused deletion is never recorded as a start

      const start = await aanbieder.post(chain.kp.url, startZorg(family, ++id, nummer, '1'));
      expect(start.status).toBe(202);
      expect((await starts()).map((r) => r.reservation)).toEqual([start.body.id]);

      // The deletion of that start is accepted and leaves no start.
      const deletion = await aanbieder.post(chain.kp.url, startZorg(family, ++id, nummer, '3'));
      expect(deletion.status).toBe(202);
      expect(await starts()).toEqual([]);

      // Judged against the corrected state: a stop has no current start (TR069), a second deletion has nothing
      // to delete (TR063), and the same start may be delivered again (no TR074).
      const stop = await aanbieder.post(chain.kp.url, stopZorg(family, ++id, nummer, '1'));
      expect(stop.status).toBe(422);
      expect(stop.body.errors).toEqual([expect.objectContaining({ code: 'TR069', path: '/Bericht/Client/StopProducten/StopProduct/Begindatum' })]);
      expect(stop.body.retourCodes).toEqual(['9069']);
      expect(xsdErrors(t308!, stop.body.retour.xml)).toEqual([]);
      const again = await aanbieder.post(chain.kp.url, startZorg(family, ++id, nummer, '3'));
      expect(again.status).toBe(422);
      expect(again.body.errors.map((e: { code: string }) => e.code)).toEqual(['TR063']);
      const restart = await aanbieder.post(chain.kp.url, startZorg(family, ++id, nummer, '1'));
      expect(restart.status).toBe(202);
      const twice = await aanbieder.post(chain.kp.url, startZorg(family, ++id, nummer, '1'));
      expect(twice.status).toBe(422);
      expect(twice.body.errors).toEqual([expect.objectContaining({ code: 'TR074', path: '/Bericht/Client/StartProducten/StartProduct/StatusAanlevering' })]);
      expect(twice.body.retourCodes).toEqual(['9074']);

      // Once stopped, the start cannot be deleted (TR071) until the stop is deleted (TR063 holds for stops too).
      const stopped = await aanbieder.post(chain.kp.url, stopZorg(family, ++id, nummer, '1'));
      expect(stopped.status).toBe(202);
      const tooLate = await aanbieder.post(chain.kp.url, startZorg(family, ++id, nummer, '3'));
      expect(tooLate.status).toBe(422);
      expect(tooLate.body.errors).toEqual([expect.objectContaining({ code: 'TR071', path: '/Bericht/Client/StartProducten/StartProduct/StatusAanlevering' })]);
      expect(tooLate.body.retourCodes).toEqual(['9071']);
      expect((await aanbieder.post(chain.kp.url, stopZorg(family, ++id, nummer, '3'))).status).toBe(202);
      const noStop = await aanbieder.post(chain.kp.url, stopZorg(family, ++id, nummer, '3'));
      expect(noStop.status).toBe(422);
      expect(noStop.body.errors).toEqual([expect.objectContaining({ code: 'TR063', path: '/Bericht/Client/StopProducten/StopProduct/StatusAanlevering' })]);
      expect(xsdErrors(t308!, noStop.body.retour.xml)).toEqual([]);
      expect((await aanbieder.post(chain.kp.url, startZorg(family, ++id, nummer, '3'))).status).toBe(202);
      expect(await starts()).toEqual([]);
      expect(t307).toBeDefined();
    } finally {
      await gemeente.close();
      await aanbieder.close();
    }
  });
});
