// StUF-BG npsLk01 into the same event model. Expectations from research/brp.md §5 (column "StUF npsLk01"),
// §6 point 3 (T = inverhuizing, V = uitverhuizing from the own register) and §8 (key-only T/V = afnemerindicatie).
import { describe, expect, it } from 'vitest';
import { classifyMutation } from '../../../adapters/brp/classify/index.ts';
import type { BrpClassificatie } from '../../../adapters/brp/classify/index.ts';
import { parseNpsLk01 } from '../../../adapters/brp/stuf-bg/index.ts';
import { adres, npsLk01, stufVoorbeeld } from '../brp-stuf-bg/stuf-corpus.ts';

function classify(body: Buffer): BrpClassificatie {
  return classifyMutation(parseNpsLk01(body).bericht);
}

const BSN = '999993653';
const NIL = 'xsi:nil="true" StUF:noValue="geenWaarde"';

describe('corpus examples', () => {
  it.each([
    ['npsLk01-afnemersindicatie-plaatsen-T.xml', { bsn: '555555021' }],
    ['npsLk01-afnemersindicatie-plaatsen-T.soap.xml', { bsn: '555555021' }],
    ['npsLk01-afnemersindicatie-verwijderen-V.xml', { bsn: '555555021' }],
    ['npsLk01-afnemersindicatie-T-sleutelOntvangend.xml', {}],
  ])('%s: only the key, an afnemerindicatie request — no event', (name, persoon) => {
    const c = classify(stufVoorbeeld(name));
    expect(c).toMatchObject({ soort: 'mutatie', berichtType: 'npsLk01', events: [] });
    expect(c.persoon).toEqual(persoon);
    expect(c.genegeerd.map((g) => g.reden)).toEqual(['stuf-afnemersindicatie']);
  });

  it('levering T na verhuizing: an inverhuizing into 0518 from 2025-06-12; the nil BSN is no key, the A-nummer is', () => {
    const c = classify(stufVoorbeeld('npsLk01-levering-T-na-verhuizing.soap.xml'));
    expect(c.persoon).toEqual({ anummer: '3959725474' });
    expect(c.events).toEqual([{
      type: 'verhuisd.intergemeentelijk', nieuweGemeentecode: '0518',
      datum: { iso: '2025-06-12', precisie: 'dag', bron: '20250612' }, datumBron: 'verblijfsadres.begindatumVerblijf',
      persoon: { anummer: '3959725474' }, regel: 'stuf.T.inverhuizing',
    }]);
  });
});

describe('W: old and new object compared', () => {
  it('gemeente 0363 → 0344 with a new address: verhuisd.intergemeentelijk dated begindatumVerblijf', () => {
    const c = classify(npsLk01('W', { inhoud: adres('Proefweg', '20200414', '0363') }, { inhoud: adres('Teststraat', '20250901', '0344') }));
    expect(c.persoon).toEqual({ bsn: BSN });
    expect(c.events).toMatchObject([{
      type: 'verhuisd.intergemeentelijk', nieuweGemeentecode: '0344', oudeGemeentecode: '0363',
      datum: { iso: '2025-09-01' }, datumBron: 'verblijfsadres.begindatumVerblijf',
    }]);
  });

  it('another address in the same gemeente: verhuisd.binnengemeentelijk', () => {
    const c = classify(npsLk01('W', { inhoud: adres('Proefweg', '20200414', '0363') }, { inhoud: adres('Nieuwelaan', '20250901', '0363') }));
    expect(c.events).toMatchObject([{ type: 'verhuisd.binnengemeentelijk', nieuweGemeentecode: '0363', datum: { iso: '2025-09-01' } }]);
  });

  it('the same address with another begindatum only: nothing relevant', () => {
    const c = classify(npsLk01('W', { inhoud: adres('Proefweg', '20200414', '0363') }, { inhoud: adres('Proefweg', '20200415', '0363') }));
    expect(c.events).toEqual([]);
    expect(c.genegeerd.map((g) => g.reden)).toEqual(['geen-relevante-wijziging']);
  });

  it('overlijdensdatum from nil to a date: overleden', () => {
    const c = classify(npsLk01('W', { inhoud: `<overlijdensdatum ${NIL}/>` }, { inhoud: '<overlijdensdatum>20250901</overlijdensdatum>' }));
    expect(c.events).toMatchObject([{ type: 'overleden', datumBron: 'overlijdensdatum', datum: { iso: '2025-09-01', precisie: 'dag' } }]);
  });

  it('emigration data appear: geemigreerd with the emigratieLand and datumVertrekUitNederland', () => {
    const oud = `<sub.verblijfBuitenland><lnd.landcode ${NIL}/></sub.verblijfBuitenland><inp.datumVertrekUitNederland ${NIL}/><inp.emigratieLand ${NIL}/>`;
    const nieuw = '<sub.verblijfBuitenland><lnd.landcode>5010</lnd.landcode></sub.verblijfBuitenland><inp.datumVertrekUitNederland>20250901</inp.datumVertrekUitNederland><inp.emigratieLand>5010</inp.emigratieLand>';
    const c = classify(npsLk01('W', { inhoud: oud }, { inhoud: nieuw }));
    expect(c.events).toMatchObject([{ type: 'geemigreerd', landcode: '5010', datumBron: 'inp.datumVertrekUitNederland', datum: { iso: '2025-09-01' } }]);
  });
});

describe('T and V with data, C and F', () => {
  it('T with a partial overlijdensdatum (StUF:indOnvolledigeDatum D): overleden in the month', () => {
    const c = classify(npsLk01('T', { inhoud: '<overlijdensdatum StUF:indOnvolledigeDatum="D">20250900</overlijdensdatum>' }));
    expect(c.events).toMatchObject([{ type: 'overleden', datum: { iso: '2025-09', precisie: 'maand' } }]);
  });

  it('T of a person born on the day the address began: eerste inschrijving, no move', () => {
    const c = classify(npsLk01('T', { inhoud: `<geboortedatum>20250901</geboortedatum>${adres('Teststraat', '20250901', '0363')}` }));
    expect(c.events).toEqual([]);
    expect(c.genegeerd.map((g) => g.reden)).toEqual(['eerste-inschrijving']);
  });

  it('V with data and no reden opschorting: uitverhuizing from the own gemeente, the new one unknown', () => {
    const c = classify(npsLk01('V', { inhoud: adres('Proefweg', '20200414', '0363') }));
    expect(c.events).toEqual([{
      type: 'verhuisd.intergemeentelijk', oudeGemeentecode: '0363', datum: { iso: null, precisie: 'onbekend', bron: '' }, datumBron: 'geen',
      persoon: { bsn: BSN }, regel: 'stuf.V.uitverhuizing',
    }]);
  });

  it('V with reden opschorting O: overleden dated datumOpschortingBijhouding', () => {
    const c = classify(npsLk01('V', { inhoud: '<inp.datumOpschortingBijhouding>20250903</inp.datumOpschortingBijhouding><inp.redenOpschortingBijhouding>O</inp.redenOpschortingBijhouding>' }));
    expect(c.events).toMatchObject([{ type: 'overleden', datumBron: 'inp.datumOpschortingBijhouding', datum: { iso: '2025-09-03' } }]);
  });

  it('T with a surplus object: the first object is the person, the second is ignored', () => {
    const c = classify(npsLk01('T', { inhoud: '<overlijdensdatum>20250901</overlijdensdatum>' }, { bsn: '111222333' }));
    expect(c.persoon).toEqual({ bsn: BSN });
    expect(c.events).toMatchObject([{ type: 'overleden' }]);
  });

  it.each(['C', 'F'])('mutatiesoort %s: correctie, no event even for a new gemeente', (soort) => {
    const c = classify(npsLk01(soort, { inhoud: adres('Proefweg', '20200414', '0363') }, { inhoud: adres('Teststraat', '20250901', '0344') }));
    expect(c.events).toEqual([]);
    expect(c.genegeerd).toMatchObject([{ reden: 'correctie', rubriek: 'mutatiesoort' }]);
  });
});
