// Classification of a StUF-BG npsLk01 kennisgeving from the municipality's own burgerzaken system
// (research/brp.md §5 column "StUF npsLk01", §6 point 3, §8):
//   C / F                 correctie → nothing
//   only the key (T / V)  placing / removing a StUF afnemerindicatie → nothing
//   W (old, new object)   compared like a Gv01 pair: gemeente changed → intergemeentelijk, address with new
//                         begindatum → binnengemeentelijk, overlijdensdatum → overleden, emigration data → geemigreerd
//   T (one full object)   death / emigration from the state; otherwise an inverhuizing into the gemeente of inschrijving
//   V (one object)        death / emigration / afvoering by reden opschorting; otherwise an uitverhuizing
import type { NpsGegevens, NpsLk01Bericht, NpsObject, NpsVerblijfsadres, StufWaarde } from '../stuf-bg/model.ts';
import { brpDatum } from './datum.ts';
import type { BrpDatum, BrpEvent, BrpPersoonSleutels, DatumBron, GeenAlert, MutatieClassificatie } from './model.ts';
import { RNI_GEMEENTECODE } from './verblijfplaats.ts';
import { geldigAnummer, geldigBsn } from './voorkomen.ts';

const ADRES_VELDEN: ReadonlyArray<keyof NpsVerblijfsadres> = [
  'identificatie', 'woonplaatsNaam', 'openbareRuimteNaam', 'postcode', 'huisnummer', 'huisletter', 'huisnummertoevoeging', 'locatiebeschrijving',
];

export function classifyNpsLk01(bericht: NpsLk01Bericht): MutatieClassificatie {
  // A W carries the old state, then the new one; any other mutatiesoort one object (a surplus is ignored).
  const wijziging = bericht.mutatiesoort === 'W' && bericht.objecten.length >= 2;
  const nieuw = bericht.objecten[wijziging ? 1 : 0]!;
  const oud = wijziging ? bericht.objecten[0] : undefined;
  const persoon = persoonUit(nieuw, oud);
  const klaar = (events: BrpEvent[], genegeerd: GeenAlert[] = []): MutatieClassificatie =>
    ({ soort: 'mutatie', berichtType: 'npsLk01', persoon, events, genegeerd });

  if (bericht.mutatiesoort === 'C' || bericht.mutatiesoort === 'F') {
    return klaar([], [{ reden: 'correctie', toelichting: `mutatiesoort ${bericht.mutatiesoort}: correctie, geen nieuwe gebeurtenis`, rubriek: 'mutatiesoort' }]);
  }
  if (nieuw.alleenSleutel && (oud === undefined || oud.alleenSleutel)) {
    if (bericht.mutatiesoort === 'W') return klaar([], [geenRelevanteWijziging()]);
    return klaar([], [{
      reden: 'stuf-afnemersindicatie',
      toelichting: `object met alleen de sleutel: ${bericht.mutatiesoort === 'T' ? 'plaatsen' : 'verwijderen'} van een StUF-afnemerindicatie`,
      rubriek: 'object',
    }]);
  }

  const n = nieuw.gegevens;
  const o = oud?.gegevens;
  const events: BrpEvent[] = [];
  const reden = tekst(n.redenOpschortingBijhouding);
  const redenNieuw = reden !== undefined && (o === undefined || reden !== tekst(o.redenOpschortingBijhouding));
  const opschorting = () => datumVan(n.datumOpschortingBijhouding, 'inp.datumOpschortingBijhouding');

  const overlijdensdatum = tekst(n.overlijdensdatum);
  if (overlijdensdatum !== undefined && (o === undefined || overlijdensdatum !== tekst(o.overlijdensdatum))) {
    events.push({ type: 'overleden', ...datumVan(n.overlijdensdatum, 'overlijdensdatum'), persoon, regel: 'stuf.overlijdensdatum' });
  } else if (reden === 'O' && redenNieuw) {
    events.push({ type: 'overleden', ...opschorting(), persoon, regel: 'stuf.opschorting-O' });
  }

  const land = tekst(n.emigratieLand) ?? tekst(n.verblijfBuitenland?.landcode);
  const vertrek = tekst(n.datumVertrekUitNederland);
  const wasBuitenland = o !== undefined && (tekst(o.emigratieLand) ?? tekst(o.verblijfBuitenland?.landcode) ?? tekst(o.datumVertrekUitNederland)) !== undefined;
  const oudeGemeente = o ? tekst(o.gemeenteVanInschrijving) : undefined;
  if ((land !== undefined || vertrek !== undefined) && !wasBuitenland) {
    events.push({
      type: 'geemigreerd',
      ...(vertrek !== undefined ? datumVan(n.datumVertrekUitNederland, 'inp.datumVertrekUitNederland') : opschorting()),
      persoon, regel: 'stuf.emigratie',
      ...(land ? { landcode: land } : {}),
      ...(oudeGemeente ? { oudeGemeentecode: oudeGemeente } : {}),
    });
  } else if ((reden === 'E' || reden === 'M') && redenNieuw) {
    events.push({ type: 'geemigreerd', ...opschorting(), persoon, regel: `stuf.opschorting-${reden}` });
  }

  if (reden === 'F' && redenNieuw) {
    events.push({ type: 'pl-afgevoerd', ...opschorting(), persoon, regel: 'stuf.opschorting-F', redenOpschorting: 'F' });
  }
  if (events.length > 0) return klaar(events);

  switch (bericht.mutatiesoort) {
    case 'W': return o === undefined ? klaar([], [geenVorigeToestand()]) : klaar(...verhuizingUitWijziging(n, o, persoon, wasBuitenland));
    case 'T': return klaar(...verhuizingUitToevoeging(n, persoon));
    case 'V': {
      const gemeente = tekst(n.gemeenteVanInschrijving);
      return klaar([{
        type: 'verhuisd.intergemeentelijk', datum: brpDatum(undefined), datumBron: 'geen', persoon, regel: 'stuf.V.uitverhuizing',
        ...(gemeente ? { oudeGemeentecode: gemeente } : {}),
      }]);
    }
  }
}

function verhuizingUitWijziging(n: NpsGegevens, o: NpsGegevens, persoon: BrpPersoonSleutels, wasBuitenland: boolean): [BrpEvent[], GeenAlert[]] {
  const nieuweGemeente = tekst(n.gemeenteVanInschrijving);
  const oudeGemeente = tekst(o.gemeenteVanInschrijving);
  const datum = () => tekst(n.verblijfsadres?.begindatumVerblijf) !== undefined || tekst(n.datumInschrijving) === undefined
    ? datumVan(n.verblijfsadres?.begindatumVerblijf, 'verblijfsadres.begindatumVerblijf')
    : datumVan(n.datumInschrijving, 'inp.datumInschrijving');

  if (nieuweGemeente !== undefined && oudeGemeente !== undefined && nieuweGemeente !== oudeGemeente) {
    if (oudeGemeente === RNI_GEMEENTECODE || wasBuitenland) return [[], [immigratie()]];
    if (nieuweGemeente === RNI_GEMEENTECODE) {
      return [[{ type: 'geemigreerd', ...datumVan(n.datumInschrijving, 'inp.datumInschrijving'), persoon, regel: 'stuf.naar-rni', oudeGemeentecode: oudeGemeente }], []];
    }
    return [[{
      type: 'verhuisd.intergemeentelijk', ...datum(), persoon, regel: 'stuf.W.gemeente-gewijzigd',
      nieuweGemeentecode: nieuweGemeente, oudeGemeentecode: oudeGemeente,
    }], []];
  }
  const adresGewijzigd = n.verblijfsadres !== undefined && ADRES_VELDEN.some((v) => tekst(n.verblijfsadres?.[v]) !== tekst(o.verblijfsadres?.[v]));
  const datumGewijzigd = tekst(n.verblijfsadres?.begindatumVerblijf) !== tekst(o.verblijfsadres?.begindatumVerblijf);
  if (!adresGewijzigd || !datumGewijzigd) return [[], [geenRelevanteWijziging()]];
  if (wasBuitenland) return [[], [immigratie()]];
  const gemeente = nieuweGemeente ?? oudeGemeente;
  return [[{
    type: 'verhuisd.binnengemeentelijk', ...datumVan(n.verblijfsadres?.begindatumVerblijf, 'verblijfsadres.begindatumVerblijf'),
    persoon, regel: 'stuf.W.adres-gewijzigd', ...(gemeente ? { nieuweGemeentecode: gemeente } : {}),
  }], []];
}

/** A T from the own register: the person is new there — an inverhuizing, unless born or immigrated on the day the address began. */
function verhuizingUitToevoeging(n: NpsGegevens, persoon: BrpPersoonSleutels): [BrpEvent[], GeenAlert[]] {
  const begin = tekst(n.verblijfsadres?.begindatumVerblijf);
  const gemeente = tekst(n.gemeenteVanInschrijving);
  if (begin === undefined || gemeente === undefined || gemeente === RNI_GEMEENTECODE) return [[], [geenVorigeToestand()]];
  if (begin === tekst(n.datumVestigingInNederland)) return [[], [immigratie()]];
  if (begin === tekst(n.geboortedatum)) {
    return [[], [{ reden: 'eerste-inschrijving', toelichting: 'adres vanaf de geboortedatum: eerste inschrijving', rubriek: 'geboortedatum' }]];
  }
  return [[{
    type: 'verhuisd.intergemeentelijk', ...datumVan(n.verblijfsadres?.begindatumVerblijf, 'verblijfsadres.begindatumVerblijf'),
    persoon, regel: 'stuf.T.inverhuizing', nieuweGemeentecode: gemeente,
  }], []];
}

function persoonUit(nieuw: NpsObject, oud: NpsObject | undefined): BrpPersoonSleutels {
  const bsn = geldigBsn(tekst(nieuw.gegevens.bsn)) ?? geldigBsn(tekst(oud?.gegevens.bsn));
  const anummer = geldigAnummer(tekst(nieuw.gegevens.anummer)) ?? geldigAnummer(tekst(oud?.gegevens.anummer));
  return { ...(bsn ? { bsn } : {}), ...(anummer ? { anummer } : {}) };
}

/** The trimmed text of an element with a value; undefined for absent, nil or empty. */
export function tekst(w: StufWaarde | undefined): string | undefined {
  if (w === undefined || w.waarde === null) return undefined;
  const t = w.waarde.trim();
  return t === '' ? undefined : t;
}

/** A StUF DatumMetIndicator: JJJJMMDD, where StUF:indOnvolledigeDatum J/M/D says which part is unknown. */
export function stufDatum(w: StufWaarde | undefined): BrpDatum {
  const t = tekst(w);
  if (t === undefined || w === undefined || w.waarde === null) return brpDatum(undefined);
  switch (w.indOnvolledigeDatum) {
    case 'J': return { iso: null, precisie: 'onbekend', bron: t };
    case 'M': return t.length === 8 ? { ...brpDatum(`${t.slice(0, 4)}0000`), bron: t } : brpDatum(t);
    case 'D': return t.length === 8 ? { ...brpDatum(`${t.slice(0, 6)}00`), bron: t } : brpDatum(t);
    default: return brpDatum(t);
  }
}

function datumVan(w: StufWaarde | undefined, datumBron: DatumBron): { datum: BrpDatum; datumBron: DatumBron } {
  return { datum: stufDatum(w), datumBron };
}

function immigratie(): GeenAlert {
  return { reden: 'immigratie', toelichting: 'vestiging vanuit het buitenland of de RNI: geen verhuizing binnen Nederland', rubriek: 'inp.datumVestigingInNederland' };
}

function geenRelevanteWijziging(): GeenAlert {
  return { reden: 'geen-relevante-wijziging', toelichting: 'geen wijziging van gemeente, verblijfsadres met begindatum, overlijden of emigratie' };
}

function geenVorigeToestand(): GeenAlert {
  return { reden: 'geen-vorige-toestand', toelichting: 'kennisgeving zonder vorige toestand en zonder adres met begindatum in een gemeente', rubriek: 'object' };
}
