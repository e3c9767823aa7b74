import { describe, expect, it } from 'vitest';
import type { BrpEvent } from '../../../adapters/brp/classify/index.ts';
import { alertSource, buildAlert, nameBasedUuid } from '../../../subscriptions/cloudevent.ts';

const overleden: BrpEvent = {
  type: 'overleden', datum: { iso: '2025-09-01', precisie: 'dag', bron: '20250901' }, datumBron: '06.08.10',
  persoon: { anummer: '9990000018', bsn: '999993653' }, regel: 'lo3.c06.overlijden',
};
const verhuisd: BrpEvent = {
  type: 'verhuisd.intergemeentelijk', datum: { iso: '2025-09-01', precisie: 'dag', bron: '20250901' }, datumBron: '08.10.30',
  persoon: { anummer: '9990000018' }, regel: 'lo3.c08.gemeente-gewijzigd', nieuweGemeentecode: '0344', oudeGemeentecode: '0363',
};

describe('alert CloudEvent (NL GOV profile)', () => {
  const base = { referentie: 'WL-7', dedupKey: 'alert:abc:wsw-subscriber:overleden', source: alertSource('00000001000000384999'), time: new Date('2025-09-02T08:00:00Z') };

  it('has the CloudEvents 1.0 attributes, the reference, the event and its date — and no BSN', () => {
    const ce = buildAlert({ ...base, event: overleden });
    expect(ce).toEqual({
      specversion: '1.0',
      id: nameBasedUuid(base.dedupKey),
      source: 'urn:nld:oin:00000001000000384999:systeem:ketenpoort',
      type: 'nl.ketenpoort.brp.overleden',
      time: '2025-09-02T08:00:00.000Z',
      datacontenttype: 'application/json',
      data: { referentie: 'WL-7', gebeurtenis: 'overleden', datum: '2025-09-01', datumPrecisie: 'dag' },
    });
    expect(JSON.stringify(ce)).not.toContain('999993653');
    expect(JSON.stringify(ce)).not.toContain('9990000018');
  });

  it('carries the new gemeentecode for a move, and the BSN only when disclosed', () => {
    expect(buildAlert({ ...base, event: verhuisd }).data).toEqual({
      referentie: 'WL-7', gebeurtenis: 'verhuisd.intergemeentelijk', datum: '2025-09-01', datumPrecisie: 'dag', nieuweGemeentecode: '0344',
    });
    expect(buildAlert({ ...base, event: overleden, bsn: '999993653' }).data.burgerservicenummer).toBe('999993653');
  });

  it('leaves out an unknown date and a missing reference', () => {
    const onbekend: BrpEvent = { ...overleden, datum: { iso: null, precisie: 'onbekend', bron: '00000000' } };
    expect(buildAlert({ ...base, referentie: null, event: onbekend }).data).toEqual({ gebeurtenis: 'overleden', datumPrecisie: 'onbekend' });
  });

  it('gives the same id for the same alert and another for another', () => {
    expect(nameBasedUuid('a')).toBe(nameBasedUuid('a'));
    expect(nameBasedUuid('a')).not.toBe(nameBasedUuid('b'));
    expect(nameBasedUuid('a')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
