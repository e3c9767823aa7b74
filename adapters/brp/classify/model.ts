// What a BRP mutation means for a watchlist: the events the classifier raises (research/brp.md §5),
// the person keys to match them on, and why nothing was raised when nothing was.
// The same types come out of every input form: raw LO3, the BRP Berichten API JSON, StUF-BG npsLk01.
import type { Berichtnummer, Lo3Bericht } from '../lo3/model.ts';
import type { NpsLk01Bericht } from '../stuf-bg/model.ts';

/** A BRP message in the gateway's model: the RvIG model (raw LO3, Berichten API JSON) or a StUF-BG npsLk01. */
export type BrpBericht = Lo3Bericht | NpsLk01Bericht;

export type BrpEventType =
  | 'verhuisd.binnengemeentelijk'
  | 'verhuisd.intergemeentelijk'
  | 'geemigreerd'
  | 'overleden'
  | 'pl-afgevoerd'
  | 'anummer-gewijzigd';

export const BRP_EVENT_TYPES: readonly BrpEventType[] = [
  'verhuisd.binnengemeentelijk', 'verhuisd.intergemeentelijk', 'geemigreerd', 'overleden', 'pl-afgevoerd', 'anummer-gewijzigd',
];

/** How much of a date is known. LO3 and StUF write an unknown part as 00 (JJJJ0000, JJJJMM00, 00000000). */
export type DatumPrecisie = 'dag' | 'maand' | 'jaar' | 'onbekend';

/**
 * A date as the BRP knows it, possibly (partly) unknown — e.g. a rechtsvermoeden van overlijden has an
 * unknown date of death (00000000).
 */
export interface BrpDatum {
  /**
   * ISO 8601 at the precision known: `YYYY-MM-DD` (dag), `YYYY-MM` (maand: day unknown), `YYYY` (jaar:
   * month and day unknown); `null` when the date is wholly unknown, absent, or not a valid date.
   */
  iso: string | null;
  precisie: DatumPrecisie;
  /** The value as the message carried it (`JJJJMMDD`, 00 for unknown parts); `''` when the message had no date there. */
  bron: string;
}

/** Where an event's date was read: an LO3 rubriek, an LO3 header field, or a StUF-BG element. */
export type DatumBron =
  | '06.08.10' | '08.10.30' | '08.13.20' | '08.09.20' | '07.67.10' | 'Wa11.datumGeldigheid'
  | 'overlijdensdatum' | 'verblijfsadres.begindatumVerblijf' | 'inp.datumVertrekUitNederland'
  | 'inp.datumInschrijving' | 'inp.datumOpschortingBijhouding'
  /** The message carries no date for this event (a StUF-BG uitverhuizing, mutatiesoort V). */
  | 'geen';

/** The keys a mutation is matched on. Absent when the message does not carry it. */
export interface BrpPersoonSleutels {
  /** Burgerservicenummer (01.01.20, StUF `inp.bsn`), 9 digits. */
  bsn?: string;
  /** A-nummer (01.01.10, or the Gv01/Gv02/Af01/Af11 header; StUF `inp.a-nummer`), 10 digits. For a Wa11: the new one. */
  anummer?: string;
  /** Wa11 only: the A-nummer before the change (the header). */
  vorigAnummer?: string;
}

interface BrpEventBasis {
  /** The date of the fact itself (move, emigration, death), never the date the message was sent. */
  datum: BrpDatum;
  datumBron: DatumBron;
  persoon: BrpPersoonSleutels;
  /** Which classification rule raised the event, e.g. `lo3.c08.gemeente-gewijzigd` (for audit and explanation). */
  regel: string;
}

export interface VerhuisdBinnengemeentelijk extends BrpEventBasis {
  type: 'verhuisd.binnengemeentelijk';
  /** The gemeente (unchanged by the move) when the message names it (08.09.10 / 58.09.10, StUF gemeenteVanInschrijving); a Gv01 often leaves it out. */
  nieuweGemeentecode?: string;
}

export interface VerhuisdIntergemeentelijk extends BrpEventBasis {
  type: 'verhuisd.intergemeentelijk';
  /** 08.09.10 after the move. Absent only for a StUF-BG uitverhuizing (mutatiesoort V), which does not say where to. */
  nieuweGemeentecode?: string;
  /** 58.09.10 (the gemeente moved out of), when known. */
  oudeGemeentecode?: string;
}

export interface Geemigreerd extends BrpEventBasis {
  type: 'geemigreerd';
  /** Tabel 34 landcode (08.13.10, StUF `inp.emigratieLand` / `lnd.landcode`); `0000` = onbekend land. Absent when the message has no land (07.67.20 = E/M only). */
  landcode?: string;
  /** The gemeente left (58.09.10), when known. */
  oudeGemeentecode?: string;
}

export interface Overleden extends BrpEventBasis {
  type: 'overleden';
}

export interface PlAfgevoerd extends BrpEventBasis {
  type: 'pl-afgevoerd';
  /** 07.67.20 reden opschorting bijhouding: F fout, O overlijden, E emigratie, M ministerieel besluit, R RNI, `.` onbekend. */
  redenOpschorting?: string;
  /** 01.20.20 volgend A-nummer: the PL this one was merged into (Ng01). */
  volgendAnummer?: string;
}

export interface AnummerGewijzigd extends BrpEventBasis {
  type: 'anummer-gewijzigd';
  persoon: BrpPersoonSleutels & { anummer: string; vorigAnummer: string };
}

export type BrpEvent = VerhuisdBinnengemeentelijk | VerhuisdIntergemeentelijk | Geemigreerd | Overleden | PlAfgevoerd | AnummerGewijzigd;

/** Why (part of) a message raises no event. */
export type GeenAlertReden =
  /** Gv02: spontane mutatie door een infrastructurele wijziging (e.g. gemeentelijke herindeling). */
  | 'gv02'
  /** 08.72.10 = W (infrastructurele wijziging) or T (technische wijziging BAG). */
  | 'infrastructureel'
  /** 84.10 indicatie onjuist filled: a correction, not a new fact; StUF mutatiesoort C/F. */
  | 'correctie'
  /** 07.80.10 versienummer = 0000: eerste inschrijving. */
  | 'eerste-inschrijving'
  /** Address abroad before, address in the Netherlands now (also from the RNI, 58.09.10 = 1999). */
  | 'immigratie'
  /** Address abroad before and after. */
  | 'verhuisd-in-buitenland'
  /** A category changed without a previous occurrence to compare with (historic category empty or absent). */
  | 'geen-vorige-toestand'
  /** Nothing in the message is a move, emigration, death, PL afvoering or A-nummer change (e.g. a name change). */
  | 'geen-relevante-wijziging'
  /** Ag01, Af01, Af11: an answer on our Ap01/Av01 (see `antwoord`). */
  | 'antwoord'
  /** Ag11 / Ag21: the full authorised PL, not a change. */
  | 'volledige-levering'
  /** Ag31: foutherstel, replaces an earlier Ag/Gv; a state, not an event. */
  | 'foutherstel'
  /** Ha01: ad hoc antwoord. */
  | 'ad-hoc-antwoord'
  /** Lg01: synchronisatie between a gemeente and BRP-V, not meant for afnemers. */
  | 'synchronisatie'
  /** Ap01 / Av01: messages an afnemer sends, not receives. */
  | 'uitgaand-bericht'
  /** Vb01: vrij bericht. */
  | 'vrij-bericht'
  /** StUF-BG npsLk01 whose object holds only the key: placing (T) or removing (V) a StUF afnemerindicatie (research/brp.md §8). */
  | 'stuf-afnemersindicatie';

export interface GeenAlert {
  reden: GeenAlertReden;
  /** One sentence for people, never with a value from the message. */
  toelichting: string;
  /** The rubriek or element the decision rests on, e.g. `08.72.10`, `58.84.10`, `mutatiesoort`. */
  rubriek?: string;
}

/** Answers to our Ap01 (plaatsen) and Av01 (verwijderen afnemersindicatie). */
export type AfnemersindicatieAntwoord =
  | { antwoord: 'geplaatst'; berichtType: 'Ag01' }
  | { antwoord: 'plaatsen-geweigerd'; berichtType: 'Af01'; foutreden: string; foutredenOmschrijving?: string; gemeente?: string }
  | { antwoord: 'verwijderen-geweigerd'; berichtType: 'Af11'; foutreden: string; foutredenOmschrijving?: string; gemeente?: string };

export type BrpBerichtType = Berichtnummer | 'npsLk01';

interface ClassificatieBasis {
  berichtType: BrpBerichtType;
  /** The person the message is about (for an Ng01: the PL afgevoerd; for a Wa11: with both A-nummers). */
  persoon: BrpPersoonSleutels;
  /** What was looked at and raised nothing. Never empty when `events` is empty. */
  genegeerd: GeenAlert[];
}

/** Gv01, Gv02, Ng01, Wa11, npsLk01: a mutation; `events` may be empty (then `genegeerd` says why). */
export interface MutatieClassificatie extends ClassificatieBasis {
  soort: 'mutatie';
  events: BrpEvent[];
}

/** Ag01, Af01, Af11: the answer on an afnemersindicatie; never an event. */
export interface AntwoordClassificatie extends ClassificatieBasis {
  soort: 'antwoord';
  berichtType: 'Ag01' | 'Af01' | 'Af11';
  antwoord: AfnemersindicatieAntwoord;
  events: [];
}

/** Everything else (Ag11, Ag21, Ag31, Ha01, Lg01, Ap01, Av01, Vb01): no event. */
export interface OverigClassificatie extends ClassificatieBasis {
  soort: 'overig';
  events: [];
}

export type BrpClassificatie = MutatieClassificatie | AntwoordClassificatie | OverigClassificatie;
