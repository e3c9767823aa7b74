// Classification of a message in the RvIG model (raw LO3 and the BRP Berichten API JSON alike).
import type {
  Af01Bericht, Af11Bericht, Gv01Bericht, Lg01Bericht, Lo3Bericht, Ng01Bericht, PlData, Stapel, Wa11Bericht,
} from '../lo3/model.ts';
import { antwoordAf, persoonUitAf } from './antwoord.ts';
import { brpDatum } from './datum.ts';
import type {
  AntwoordClassificatie, BrpEvent, BrpPersoonSleutels, GeenAlert, GeenAlertReden, MutatieClassificatie, OverigClassificatie,
} from './model.ts';
import { classifyVerblijfplaats } from './verblijfplaats.ts';
import { eersteStapel, geldigAnummer, gevuld, sleutelsUit, verschilt, vorigVoorkomen } from './voorkomen.ts';

export function classifyLo3(bericht: Lo3Bericht): MutatieClassificatie | AntwoordClassificatie | OverigClassificatie {
  switch (bericht.berichtType) {
    case 'Gv01': return classifyGv01(bericht);
    case 'Gv02': return mutatie('Gv02', persoonUitKop(bericht.aNummer, bericht.plData), [], [{
      reden: 'gv02',
      toelichting: 'Gv02: spontane mutatie door een infrastructurele wijziging (bijvoorbeeld gemeentelijke herindeling), geen verhuizing',
    }]);
    case 'Ng01': return classifyNg01(bericht);
    case 'Wa11': return classifyWa11(bericht);
    case 'Ag01': return {
      soort: 'antwoord', berichtType: 'Ag01', persoon: sleutelsUit(eersteStapel(bericht.plData, 'c01')),
      antwoord: { antwoord: 'geplaatst', berichtType: 'Ag01' }, events: [],
      genegeerd: [{ reden: 'antwoord', toelichting: 'Ag01: afnemersindicatie geplaatst; de beginstand van de persoonslijst, geen mutatie' }],
    };
    case 'Af01':
    case 'Af11': return classifyAf(bericht);
    case 'Ag11':
    case 'Ag21': return overig(bericht.berichtType, bericht.plData, 'volledige-levering',
      `${bericht.berichtType}: de volledige geautoriseerde persoonslijst, geen wijziging`);
    case 'Ag31': return overig('Ag31', bericht.plData, 'foutherstel', 'Ag31: foutherstel, vervangt een eerder Ag/Gv-bericht als toestand, geen gebeurtenis');
    case 'Ha01': return overig('Ha01', bericht.plData, 'ad-hoc-antwoord', 'Ha01: antwoord op een ad hoc vraag, geen abonnement');
    case 'Lg01': return classifyLg01(bericht);
    case 'Ap01':
    case 'Av01': return overig(bericht.berichtType, bericht.plData, 'uitgaand-bericht',
      `${bericht.berichtType}: een bericht dat een afnemer verstuurt, niet ontvangt`);
    case 'Vb01': return {
      soort: 'overig', berichtType: 'Vb01', persoon: {}, events: [],
      genegeerd: [{ reden: 'vrij-bericht', toelichting: 'Vb01: vrij bericht, geen persoonsgegevens in rubrieken' }],
    };
  }
}

function classifyGv01(bericht: Gv01Bericht): MutatieClassificatie {
  const { plData } = bericht;
  const persoon = persoonUitKop(bericht.aNummer, plData);
  const c07 = eersteStapel(plData, 'c07');
  if (c07?.e8010 === '0000') {
    return mutatie('Gv01', persoon, [], [{ reden: 'eerste-inschrijving', toelichting: 'versienummer 0000: eerste inschrijving, geen gebeurtenis', rubriek: '07.80.10' }]);
  }

  const events: BrpEvent[] = [];
  const genegeerd: GeenAlert[] = [];
  const c08 = eersteStapel(plData, 'c08');
  if (c08 !== undefined) {
    const uitkomst = classifyVerblijfplaats(c08, persoon);
    if (uitkomst.soort === 'event') events.push(uitkomst.event);
    else genegeerd.push(uitkomst.genegeerd);
  }

  const c06 = eersteStapel(plData, 'c06');
  if (c06 !== undefined && gevuld(c06, 'e0810')) {
    const oud = vorigVoorkomen(c06);
    if (gevuld(oud, 'e8410') || gevuld(c06, 'e8410')) {
      genegeerd.push({ reden: 'correctie', toelichting: 'overlijdensgegevens met indicatie onjuist: een correctie', rubriek: gevuld(oud, 'e8410') ? '56.84.10' : '06.84.10' });
    } else if (verschilt(c06, oud, 'e0810')) {
      events.push({ type: 'overleden', datum: brpDatum(c06.e0810), datumBron: '06.08.10', persoon, regel: 'lo3.c06.datum-overlijden' });
    }
  }

  if (c07 !== undefined) opschorting(c07, persoon, events, genegeerd);

  if (events.length === 0 && genegeerd.length === 0) {
    genegeerd.push({ reden: 'geen-relevante-wijziging', toelichting: 'geen wijziging van verblijfplaats, overlijden of opschorting bijhouding' });
  }
  return mutatie('Gv01', persoon, events, genegeerd);
}

/** 07.67.20 reden opschorting bijhouding, when it newly appears: the fallback for an afnemer without 06/08 authorisation. */
function opschorting(c07: Stapel, persoon: BrpPersoonSleutels, events: BrpEvent[], genegeerd: GeenAlert[]): void {
  const reden = c07.e6720;
  if (reden === undefined || reden === '' || !verschilt(c07, vorigVoorkomen(c07), 'e6720')) return;
  if (gevuld(vorigVoorkomen(c07), 'e8410') || gevuld(c07, 'e8410')) {
    genegeerd.push({ reden: 'correctie', toelichting: 'opschorting bijhouding met indicatie onjuist: een correctie', rubriek: '57.84.10' });
    return;
  }
  const datum = brpDatum(c07.e6710);
  const heeft = (type: BrpEvent['type']) => events.some((e) => e.type === type);
  if (reden === 'O' && !heeft('overleden')) {
    events.push({ type: 'overleden', datum, datumBron: '07.67.10', persoon, regel: 'lo3.c07.opschorting-O' });
  } else if ((reden === 'E' || reden === 'M') && !heeft('geemigreerd')) {
    events.push({ type: 'geemigreerd', datum, datumBron: '07.67.10', persoon, regel: `lo3.c07.opschorting-${reden}` });
  } else if (reden === 'F') {
    events.push({ type: 'pl-afgevoerd', datum, datumBron: '07.67.10', persoon, regel: 'lo3.c07.opschorting-F', redenOpschorting: 'F' });
  }
}

function classifyNg01(bericht: Ng01Bericht): MutatieClassificatie {
  const c01 = eersteStapel(bericht.plData, 'c01');
  const c07 = eersteStapel(bericht.plData, 'c07');
  const persoon = sleutelsUit(c01);
  const volgendAnummer = geldigAnummer(c01?.e2020);
  const reden = c07?.e6720;
  return mutatie('Ng01', persoon, [{
    type: 'pl-afgevoerd', datum: brpDatum(c07?.e6710), datumBron: '07.67.10', persoon, regel: 'lo3.ng01',
    ...(reden ? { redenOpschorting: reden } : {}),
    ...(volgendAnummer ? { volgendAnummer } : {}),
  }], []);
}

function classifyWa11(bericht: Wa11Bericht): MutatieClassificatie {
  const c01 = eersteStapel(bericht.plData, 'c01');
  const { bsn, anummer } = sleutelsUit(c01);
  const vorigAnummer = geldigAnummer(bericht.aNummer);
  const persoon: BrpPersoonSleutels = { ...(bsn ? { bsn } : {}), ...(anummer ? { anummer } : {}), ...(vorigAnummer ? { vorigAnummer } : {}) };
  if (anummer === undefined || vorigAnummer === undefined || anummer === vorigAnummer) {
    return mutatie('Wa11', persoon, [], [{
      reden: 'geen-relevante-wijziging',
      toelichting: 'Wa11 zonder twee verschillende geldige A-nummers (kop en 01.01.10)',
      rubriek: anummer === undefined ? '01.01.10' : 'Wa11.aNummer',
    }]);
  }
  return mutatie('Wa11', persoon, [{
    type: 'anummer-gewijzigd', datum: brpDatum(bericht.datumGeldigheid), datumBron: 'Wa11.datumGeldigheid',
    persoon: { ...persoon, anummer, vorigAnummer }, regel: 'lo3.wa11',
  }], []);
}

function classifyAf(bericht: Af01Bericht | Af11Bericht): AntwoordClassificatie {
  const antwoord = antwoordAf(bericht);
  const wat = bericht.berichtType === 'Af01' ? 'plaatsen' : 'verwijderen';
  return {
    soort: 'antwoord', berichtType: bericht.berichtType, persoon: persoonUitAf(bericht), antwoord, events: [],
    genegeerd: [{ reden: 'antwoord', toelichting: `${bericht.berichtType}: ${wat} afnemersindicatie geweigerd (foutreden ${antwoord.foutreden})` }],
  };
}

function classifyLg01(bericht: Lg01Bericht): OverigClassificatie {
  const uitPl = sleutelsUit(eersteStapel(bericht.plData, 'c01'));
  const anummer = uitPl.anummer ?? geldigAnummer(bericht.aNummer);
  return {
    soort: 'overig', berichtType: 'Lg01', persoon: { ...(uitPl.bsn ? { bsn: uitPl.bsn } : {}), ...(anummer ? { anummer } : {}) }, events: [],
    genegeerd: [{ reden: 'synchronisatie', toelichting: 'Lg01: synchronisatie van een volledige persoonslijst, niet voor afnemers' }],
  };
}

/** Gv01/Gv02: the header A-nummer, and the BSN when category 01 came along. */
function persoonUitKop(aNummer: string, plData: PlData): BrpPersoonSleutels {
  const uitPl = sleutelsUit(eersteStapel(plData, 'c01'));
  const anummer = geldigAnummer(aNummer) ?? uitPl.anummer;
  return { ...(uitPl.bsn ? { bsn: uitPl.bsn } : {}), ...(anummer ? { anummer } : {}) };
}

function mutatie(berichtType: MutatieClassificatie['berichtType'], persoon: BrpPersoonSleutels, events: BrpEvent[], genegeerd: GeenAlert[]): MutatieClassificatie {
  return { soort: 'mutatie', berichtType, persoon, events, genegeerd };
}

function overig(berichtType: OverigClassificatie['berichtType'], plData: PlData, reden: GeenAlertReden, toelichting: string): OverigClassificatie {
  return { soort: 'overig', berichtType, persoon: sleutelsUit(eersteStapel(plData, 'c01')), events: [], genegeerd: [{ reden, toelichting }] };
}
