// Category 08 (verblijfplaats) of a Gv01: a real move, an emigration, or nothing (research/brp.md §5;
// GEB features/user-journeys/wijzigingen-verblijfplaats.feature and classificatie-service/verhuizing.feature).
import type { ElementCode, Elementen, Stapel } from '../lo3/model.ts';
import { brpDatum } from './datum.ts';
import type { BrpPersoonSleutels, Geemigreerd, GeenAlert, VerhuisdBinnengemeentelijk, VerhuisdIntergemeentelijk } from './model.ts';
import { gevuld, isLeeg, verschilt, vorigVoorkomen } from './voorkomen.ts';

/** 10.10 functie adres, groep 11 (adres), groep 12 (locatie), groep 13 (adres buitenland). */
const ADRES_ELEMENTEN: readonly ElementCode[] = [
  'e1010',
  'e1110', 'e1115', 'e1120', 'e1130', 'e1140', 'e1150', 'e1160', 'e1170', 'e1180', 'e1190',
  'e1210',
  'e1310', 'e1320', 'e1330', 'e1340', 'e1350',
];

/** Gemeentecode of the RNI (Registratie Niet-Ingezetenen): a PL there belongs to someone living abroad. */
export const RNI_GEMEENTECODE = '1999';

const INFRASTRUCTUREEL: Readonly<Record<string, string>> = {
  W: 'infrastructurele wijziging',
  T: 'technische wijziging in verband met de BAG',
};

export type VerblijfplaatsUitkomst =
  | { soort: 'event'; event: VerhuisdBinnengemeentelijk | VerhuisdIntergemeentelijk | Geemigreerd }
  | { soort: 'genegeerd'; genegeerd: GeenAlert };

export function classifyVerblijfplaats(stapel: Stapel, persoon: BrpPersoonSleutels): VerblijfplaatsUitkomst {
  const nieuw: Elementen = stapel;
  const oud = vorigVoorkomen(stapel);

  const aangifte = nieuw.e7210;
  if (aangifte !== undefined && Object.hasOwn(INFRASTRUCTUREEL, aangifte)) {
    return genegeerd('infrastructureel', `omschrijving aangifte adreshouding ${aangifte}: ${INFRASTRUCTUREEL[aangifte]}, geen verhuizing`, '08.72.10');
  }
  if (gevuld(oud, 'e8410')) return genegeerd('correctie', 'de vorige verblijfplaats is als onjuist gemarkeerd: een correctie, geen verhuizing', '58.84.10');
  if (gevuld(nieuw, 'e8410')) return genegeerd('correctie', 'de verblijfplaats draagt een indicatie onjuist: een correctie, geen verhuizing', '08.84.10');
  if (oud === undefined || isLeeg(oud)) {
    return genegeerd('geen-vorige-toestand', 'verblijfplaats zonder vorig voorkomen (categorie 58 leeg of afwezig): niets om mee te vergelijken', '58');
  }

  const adresGewijzigd = ADRES_ELEMENTEN.some((e) => verschilt(nieuw, oud, e));
  const datumGewijzigd = verschilt(nieuw, oud, 'e1030') || verschilt(nieuw, oud, 'e1320');
  if (!adresGewijzigd || !datumGewijzigd) {
    return genegeerd('geen-relevante-wijziging',
      'verblijfplaats gewijzigd zonder nieuw adres met nieuwe datum aanvang (10.10/11/12/13 en 10.30/13.20)', '08.10.30');
  }

  const nieuwLand = nieuw.e1310 ?? '';
  const oudLand = oud.e1310 ?? '';
  const nieuweGemeente = gevuld(nieuw, 'e0910') ? nieuw.e0910! : undefined;
  const oudeGemeente = gevuld(oud, 'e0910') ? oud.e0910! : undefined;

  if (oudLand !== '' && nieuwLand !== '') {
    return genegeerd('verhuisd-in-buitenland', 'van een adres in het buitenland naar een ander adres in het buitenland', '08.13.10');
  }
  if (oudLand !== '' || oudeGemeente === RNI_GEMEENTECODE) {
    return genegeerd('immigratie', 'vestiging vanuit het buitenland of de RNI: geen verhuizing binnen Nederland', oudLand !== '' ? '58.13.10' : '58.09.10');
  }
  if (nieuwLand !== '' || nieuweGemeente === RNI_GEMEENTECODE) {
    const datumBron = gevuld(nieuw, 'e1320') || !gevuld(nieuw, 'e0920') ? '08.13.20' : '08.09.20';
    return {
      soort: 'event',
      event: {
        type: 'geemigreerd',
        datum: brpDatum(datumBron === '08.13.20' ? nieuw.e1320 : nieuw.e0920),
        datumBron,
        persoon,
        regel: nieuwLand !== '' ? 'lo3.c08.adres-buitenland' : 'lo3.c08.naar-rni',
        ...(nieuwLand !== '' ? { landcode: nieuwLand } : {}),
        ...(oudeGemeente ? { oudeGemeentecode: oudeGemeente } : {}),
      },
    };
  }

  if (!gevuld(nieuw, 'e1030')) {
    return genegeerd('geen-relevante-wijziging', 'verblijfplaats zonder nieuwe datum aanvang adreshouding: geen verhuizing naar een nieuw adres', '08.10.30');
  }
  const datum = brpDatum(nieuw.e1030);
  if (nieuweGemeente !== undefined && oudeGemeente !== undefined && nieuweGemeente !== oudeGemeente) {
    return {
      soort: 'event',
      event: {
        type: 'verhuisd.intergemeentelijk', datum, datumBron: '08.10.30', persoon, regel: 'lo3.c08.gemeente-gewijzigd',
        nieuweGemeentecode: nieuweGemeente, oudeGemeentecode: oudeGemeente,
      },
    };
  }
  const gemeente = nieuweGemeente ?? oudeGemeente;
  return {
    soort: 'event',
    event: {
      type: 'verhuisd.binnengemeentelijk', datum, datumBron: '08.10.30', persoon, regel: 'lo3.c08.adres-gewijzigd',
      ...(gemeente ? { nieuweGemeentecode: gemeente } : {}),
    },
  };
}

function genegeerd(reden: GeenAlert['reden'], toelichting: string, rubriek: string): VerblijfplaatsUitkomst {
  return { soort: 'genegeerd', genegeerd: { reden, toelichting, rubriek } };
}
