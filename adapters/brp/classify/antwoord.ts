// Af01 / Af11: BRP-V refuses to place / remove an afnemersindicatie. Foutreden codes from OBRP-M
// impl/Af11Bericht.java (enum Foutreden) and isc uc1003 AfnemersIndicatieJbpmConstants (B G H I R U V X).
import type { Af01Bericht, Af11Bericht, Elementen } from '../lo3/model.ts';
import type { AfnemersindicatieAntwoord, BrpPersoonSleutels } from './model.ts';
import { eersteStapel, geldigAnummer, sleutelsUit } from './voorkomen.ts';

const GEMEENSCHAPPELIJK: Readonly<Record<string, string>> = {
  B: 'persoonslijst geblokkeerd in verband met verhuizing naar de gemeente in de kop',
  G: 'persoon komt niet voor',
  H: 'betrokkene heeft om geheimhouding verzocht',
  U: 'eenduidige identificatie niet gelukt',
  V: 'persoon is verhuisd naar de gemeente in de kop',
  X: 'niet geautoriseerd',
};

/** Af11 'I' is documented (no indication to remove); for Af01 its meaning is not in our sources, so it gets none. */
const FOUTREDEN_OMSCHRIJVING: Readonly<Record<'Af01' | 'Af11', Readonly<Record<string, string>>>> = {
  Af01: GEMEENSCHAPPELIJK,
  Af11: { ...GEMEENSCHAPPELIJK, I: 'geen afnemersindicatie geplaatst bij deze persoon' },
};

type AfAntwoord = Extract<AfnemersindicatieAntwoord, { berichtType: 'Af01' | 'Af11' }>;

export function antwoordAf(bericht: Af01Bericht | Af11Bericht): AfAntwoord {
  const omschrijving = FOUTREDEN_OMSCHRIJVING[bericht.berichtType][bericht.foutreden];
  const gemeente = /^[0-9]{4}$/.test(bericht.gemeente) && bericht.gemeente !== '0000' ? bericht.gemeente : undefined;
  const details = {
    foutreden: bericht.foutreden,
    ...(omschrijving ? { foutredenOmschrijving: omschrijving } : {}),
    ...(gemeente ? { gemeente } : {}),
  };
  return bericht.berichtType === 'Af01'
    ? { antwoord: 'plaatsen-geweigerd', berichtType: 'Af01', ...details }
    : { antwoord: 'verwijderen-geweigerd', berichtType: 'Af11', ...details };
}

/**
 * The person an Af01/Af11 is about: the header A-nummer (0000000000 when BRP-V found nobody), else
 * the identification BRP-V sends back from our Ap01/Av01 (category 01, or historic 51).
 */
export function persoonUitAf(bericht: Af01Bericht | Af11Bericht): BrpPersoonSleutels {
  const stapel = eersteStapel(bericht.plData, 'c01');
  const voorkomens: Array<Elementen | undefined> = [stapel, ...(stapel?.historie ?? [])];
  let bsn: string | undefined;
  let anummer = geldigAnummer(bericht.aNummer);
  for (const v of voorkomens) {
    const s = sleutelsUit(v);
    bsn ??= s.bsn;
    anummer ??= s.anummer;
  }
  return { ...(bsn ? { bsn } : {}), ...(anummer ? { anummer } : {}) };
}
