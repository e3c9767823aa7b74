// Table tests of the classifier over the LO3 corpus. Every expectation is read off the scenario file
// (lo3/synthetic/README.md, the bytes themselves) or research/brp.md §5, never off the classifier's output.
import { describe, expect, it } from 'vitest';
import { classifyMutation } from '../../../adapters/brp/classify/index.ts';
import type { BrpClassificatie, BrpEvent } from '../../../adapters/brp/classify/index.ts';
import { parseLo3 } from '../../../adapters/brp/lo3/index.ts';
import type { Gv01Bericht, Lo3Bericht } from '../../../adapters/brp/lo3/index.ts';
import { lo3Corpus } from '../brp/lo3-corpus.ts';

function classify(name: string): BrpClassificatie {
  return classifyMutation(parseLo3(lo3Corpus(name)).bericht);
}

const SYNTHETISCH_ANUMMER = '9990000018';

describe('synthetic Gv01 scenarios (lo3/synthetic/README.md)', () => {
  it.each<[string, BrpEvent]>([
    ['gv01-verhuizing-intergemeentelijk.GBA', {
      // README: 0363 -> 0344, 08.09.10 nieuw != 58.09.10 oud; bytes: 08.10.30 = 20250901
      type: 'verhuisd.intergemeentelijk', nieuweGemeentecode: '0344', oudeGemeentecode: '0363',
      datum: { iso: '2025-09-01', precisie: 'dag', bron: '20250901' }, datumBron: '08.10.30',
      persoon: { anummer: SYNTHETISCH_ANUMMER }, regel: expect.any(String) as string,
    }],
    ['gv01-verhuizing-binnengemeentelijk.GBA', {
      // README: binnen 0363, 08.09.10 ontbreekt (ongewijzigd): the message itself does not name the gemeente
      type: 'verhuisd.binnengemeentelijk',
      datum: { iso: '2025-09-01', precisie: 'dag', bron: '20250901' }, datumBron: '08.10.30',
      persoon: { anummer: SYNTHETISCH_ANUMMER }, regel: expect.any(String) as string,
    }],
    ['gv01-emigratie.GBA', {
      // README: 0363 -> Belgie (5010), groep 13 gevuld; date from 08.13.20 (brp.md §5 note b)
      type: 'geemigreerd', landcode: '5010', oudeGemeentecode: '0363',
      datum: { iso: '2025-09-01', precisie: 'dag', bron: '20250901' }, datumBron: '08.13.20',
      persoon: { anummer: SYNTHETISCH_ANUMMER }, regel: expect.any(String) as string,
    }],
    ['gv01-overlijden.GBA', {
      // README: 06.08.10 gevuld, cat 56 leeg, 07.67.20 = O
      type: 'overleden',
      datum: { iso: '2025-09-01', precisie: 'dag', bron: '20250901' }, datumBron: '06.08.10',
      persoon: { anummer: SYNTHETISCH_ANUMMER }, regel: expect.any(String) as string,
    }],
  ])('%s raises exactly one event', (file, event) => {
    const c = classify(`synthetic/${file}`);
    expect(c.soort).toBe('mutatie');
    expect(c.persoon).toEqual({ anummer: SYNTHETISCH_ANUMMER });
    expect(c.events).toEqual([event]);
    expect(c.genegeerd).toEqual([]);
  });
});

describe('RvIG examples (brp.md §3, §5)', () => {
  it('Gv02 (gemeentelijke herindeling 1811 → 1810, 72.10 T → W): no alert, reason gv02', () => {
    const c = classify('rvig-berichten-api/Gv02.GBA');
    expect(c).toMatchObject({ soort: 'mutatie', berichtType: 'Gv02', persoon: { anummer: '8478102473' }, events: [] });
    expect(c.genegeerd.map((g) => g.reden)).toEqual(['gv02']);
  });

  it('Ng01: pl-afgevoerd with 07.67.10 as date, 07.67.20 = F and 01.20.20 as volgend A-nummer', () => {
    const c = classify('rvig-berichten-api/Ng01.GBA');
    expect(c.persoon).toEqual({ anummer: '3853458937' });
    expect(c.events).toEqual([{
      type: 'pl-afgevoerd', redenOpschorting: 'F', volgendAnummer: '8146315790',
      datum: { iso: '2012-05-03', precisie: 'dag', bron: '20120503' }, datumBron: '07.67.10',
      persoon: { anummer: '3853458937' }, regel: expect.any(String) as string,
    }]);
  });

  it('Wa11: anummer-gewijzigd, the header the old A-nummer and 01.01.10 the new one, dated datumGeldigheid', () => {
    const c = classify('rvig-berichten-api/Wa11.GBA');
    const persoon = { anummer: '7824352058', vorigAnummer: '2929292929' };
    expect(c.persoon).toEqual(persoon);
    expect(c.events).toEqual([{
      type: 'anummer-gewijzigd', datum: { iso: '2021-10-02', precisie: 'dag', bron: '20211002' }, datumBron: 'Wa11.datumGeldigheid',
      persoon, regel: expect.any(String) as string,
    }]);
  });

  it('Gv01 vestiging vanuit België (58.13.10 = 5010 → leeg, 14.10 = 5010): immigratie, no move alert', () => {
    const c = classify('rvig-berichten-api/Gv01.GBA');
    expect(c.events).toEqual([]);
    expect(c.genegeerd.map((g) => g.reden)).toEqual(['immigratie']);
  });

  it('Gv01 with only a new child (c09, empty 59) and a Gv01 of voornamen: nothing relevant', () => {
    for (const name of ['rvig-berichten-api/Gv01-lege-cat59.GBA', 'operatiebrp/gv01-wijziging-voornamen.GBA']) {
      const c = classify(name);
      expect(c.events).toEqual([]);
      expect(c.genegeerd.map((g) => g.reden)).toEqual(['geen-relevante-wijziging']);
    }
  });
});

describe('answers: Ag01, Af01, Af11', () => {
  it('Ag01: afnemersindicatie geplaatst, the person from 01.01.10 / 01.01.20', () => {
    const c = classify('rvig-berichten-api/Ag01.GBA');
    expect(c).toMatchObject({ soort: 'antwoord', antwoord: { antwoord: 'geplaatst', berichtType: 'Ag01' }, events: [] });
    expect(c.persoon).toEqual({ anummer: '4257050406', bsn: '000004650' });
  });

  it('Af01: plaatsen geweigerd, foutreden H (geheimhouding); header A-nummer 0000000000 is no key', () => {
    const c = classify('rvig-berichten-api/Af01.GBA');
    expect(c).toMatchObject({
      soort: 'antwoord', events: [],
      antwoord: { antwoord: 'plaatsen-geweigerd', berichtType: 'Af01', foutreden: 'H', foutredenOmschrijving: 'betrokkene heeft om geheimhouding verzocht' },
    });
    expect(c.soort === 'antwoord' && 'gemeente' in c.antwoord).toBe(false); // header gemeente 0000
    expect(c.persoon).toEqual({});
  });

  it('Af11: verwijderen geweigerd, foutreden I (geen afnemersindicatie), person by A-nummer', () => {
    const c = classify('rvig-berichten-api/Af11.GBA');
    expect(c).toMatchObject({ soort: 'antwoord', antwoord: { antwoord: 'verwijderen-geweigerd', berichtType: 'Af11', foutreden: 'I' } });
    expect(c.persoon).toEqual({ anummer: '7165798219' });
  });

  it.each([
    ['rvig-berichten-api/Ag11.GBA', 'volledige-levering'],
    ['rvig-berichten-api/Ag21.GBA', 'volledige-levering'],
    ['rvig-berichten-api/Ag31.GBA', 'foutherstel'],
    ['rvig-berichten-api/Ha01.GBA', 'ad-hoc-antwoord'],
    ['rvig-berichten-api/Lg01.GBA', 'synchronisatie'],
    ['operatiebrp/lg01-emigratie-rni.GBA', 'synchronisatie'],
    ['rvig-berichten-api/Ap01.GBA', 'uitgaand-bericht'],
    ['rvig-berichten-api/Vb01_alle-tekens-teletex.GBA', 'vrij-bericht'],
  ])('%s: overig, no event (%s)', (name, reden) => {
    const c = classify(name);
    expect(c.soort).toBe('overig');
    expect(c.events).toEqual([]);
    expect(c.genegeerd.map((g) => g.reden)).toEqual([reden]);
  });
});

// Variants of the intergemeentelijke verhuizing, each changing one rubriek that §5 names.
function intergemeentelijk(): Gv01Bericht {
  return parseLo3(lo3Corpus('synthetic/gv01-verhuizing-intergemeentelijk.GBA')).bericht as Gv01Bericht;
}
function overlijden(): Gv01Bericht {
  return parseLo3(lo3Corpus('synthetic/gv01-overlijden.GBA')).bericht as Gv01Bericht;
}
function redenen(bericht: Lo3Bericht): string[] {
  return classifyMutation(bericht).genegeerd.map((g) => g.reden);
}

describe('no-alert rules of brp.md §5 on otherwise real moves', () => {
  it.each(['W', 'T'])('08.72.10 = %s: infrastructureel, no move', (code) => {
    const b = intergemeentelijk();
    b.plData.c08![0]!.e7210 = code;
    const c = classifyMutation(b);
    expect(c.events).toEqual([]);
    expect(c.genegeerd).toMatchObject([{ reden: 'infrastructureel', rubriek: '08.72.10' }]);
  });

  it('58.84.10 filled (the previous address marked onjuist): correctie', () => {
    const b = intergemeentelijk();
    b.plData.c08![0]!.historie![0]!.e8410 = 'O';
    expect(classifyMutation(b).events).toEqual([]);
    expect(redenen(b)).toEqual(['correctie']);
  });

  it('07.80.10 = 0000: eerste inschrijving, no event at all', () => {
    const b = intergemeentelijk();
    b.plData.c07 = [{ e8010: '0000', historie: [{}] }];
    expect(classifyMutation(b).events).toEqual([]);
    expect(redenen(b)).toEqual(['eerste-inschrijving']);
  });

  it('07.80.10 ≠ 0000 changes nothing', () => {
    const b = intergemeentelijk();
    b.plData.c07 = [{ e8010: '0003', historie: [{ e8010: '0002' }] }];
    expect(classifyMutation(b).events.map((e) => e.type)).toEqual(['verhuisd.intergemeentelijk']);
  });

  it('the same message as a Gv02: no alert (gv02), even with a new gemeente', () => {
    const b = { ...intergemeentelijk(), berichtType: 'Gv02' as const };
    expect(classifyMutation(b).events).toEqual([]);
    expect(redenen(b)).toEqual(['gv02']);
  });

  it('08.10.30 unchanged: the address changed without a new date, no move', () => {
    const b = intergemeentelijk();
    b.plData.c08![0]!.e1030 = b.plData.c08![0]!.historie![0]!.e1030!;
    expect(redenen(b)).toEqual(['geen-relevante-wijziging']);
  });

  it('an empty current 08 (only the old address in 58): no move', () => {
    const b = intergemeentelijk();
    b.plData.c08 = [{ historie: b.plData.c08![0]!.historie! }];
    expect(classifyMutation(b).events).toEqual([]);
    expect(redenen(b)).toEqual(['geen-relevante-wijziging']);
  });

  it('13.10 filled before and after: verhuisd-in-buitenland, no alert', () => {
    const b = intergemeentelijk();
    Object.assign(b.plData.c08![0]!, { e1310: '5010', e1320: '20250901' });
    Object.assign(b.plData.c08![0]!.historie![0]!, { e1310: '6014', e1320: '20200414' });
    expect(redenen(b)).toEqual(['verhuisd-in-buitenland']);
  });

  it('08.09.10 → 1999 (RNI) without group 13: geemigreerd, dated 08.09.20, no land', () => {
    const b = intergemeentelijk();
    Object.assign(b.plData.c08![0]!, { e0910: '1999', e0920: '20250905', e1030: '' });
    const [event] = classifyMutation(b).events;
    expect(event).toMatchObject({ type: 'geemigreerd', datumBron: '08.09.20', datum: { iso: '2025-09-05' }, oudeGemeentecode: '0363' });
    expect(event).not.toHaveProperty('landcode');
  });
});

describe('overlijden: dates and corrections', () => {
  it('06.08.10 = 00000000 (rechtsvermoeden van overlijden): overleden with an unknown date', () => {
    const b = overlijden();
    b.plData.c06![0]!.e0810 = '00000000';
    expect(classifyMutation(b).events).toMatchObject([{ type: 'overleden', datum: { iso: null, precisie: 'onbekend', bron: '00000000' } }]);
  });

  it.each([
    ['20250900', { iso: '2025-09', precisie: 'maand' }],
    ['20250000', { iso: '2025', precisie: 'jaar' }],
  ])('06.08.10 = %s: a partial date', (waarde, datum) => {
    const b = overlijden();
    b.plData.c06![0]!.e0810 = waarde;
    expect(classifyMutation(b).events).toMatchObject([{ type: 'overleden', datum: { ...datum, bron: waarde } }]);
  });

  it('56.84.10 filled: correction of the death data, no alert', () => {
    const b = overlijden();
    b.plData.c06![0]!.historie = [{ e0810: '20250801', e8410: 'O' }];
    delete b.plData.c07;
    const c = classifyMutation(b);
    expect(c.events).toEqual([]);
    expect(c.genegeerd).toMatchObject([{ reden: 'correctie', rubriek: '56.84.10' }]);
  });

  it('only 07.67.20 = O (no authorisation for category 06): overleden dated 07.67.10', () => {
    const b = overlijden();
    delete b.plData.c06;
    expect(classifyMutation(b).events).toMatchObject([{ type: 'overleden', datumBron: '07.67.10', datum: { iso: '2025-09-01' } }]);
  });

  it('only 07.67.20 = E: geemigreerd dated 07.67.10, without a land', () => {
    const b = overlijden();
    delete b.plData.c06;
    b.plData.c07![0]!.e6720 = 'E';
    const events = classifyMutation(b).events;
    expect(events).toMatchObject([{ type: 'geemigreerd', datumBron: '07.67.10' }]);
    expect(events[0]).not.toHaveProperty('landcode');
  });
});

describe('the classifier is pure', () => {
  it('does not change the message and gives the same answer twice', () => {
    const b = intergemeentelijk();
    const before = structuredClone(b);
    const first = classifyMutation(b);
    expect(b).toStrictEqual(before);
    expect(classifyMutation(b)).toStrictEqual(first);
  });
});
