// Which messages answer a heen message, and within how many working days (iWmo 3.2 and iJw 3.2 alike).
// Sources (copies of the Zorginstituut texts in i-Sociaal-Lab/jaapjunior, packages/api/{wmo,jw}/bronnen/):
// - OP090: "Voor ieder ontvangen bericht wordt binnen drie werkdagen na ontvangst een retourbericht verzonden."
//   (regels/bedrijfsregels/OP090.md) — 302, 306, 308, 316, 318, 320.
// - OP090x4: a 325 within 10 werkdagen after receiving a 323 (regels/bedrijfsregels/OP090x4.md). A 323 has no
//   separate retour: the 325 is both the technical and the contents answer.
// - FAQ "Vragen over reactietijden" (veelgestelde-vragen-iwmo-3.2-en-ijw-3.2.md): after a 315 (VOT) or 317 (VOW)
//   the gemeente sends a 301 or a 319 within 5 werkdagen. For a VOT this may be per aangevraagd product; a
//   319 "aanvraag in onderzoek" (VerzoekAntwoord 2) is an answer in time, after which the final 301/319 may take
//   up to 8 weeks after the request's Dagtekening (10 days when the woonplaatsbeginsel is investigated); those
//   longer terms are not in this table.
// A 325 gets no retour (there is no 326), so it expects nothing.
import type { BerichtNummer, BerichtType, Standaard } from '../adapters/iwmo-ijw/model/bericht-types.ts';

export type AntwoordSoort =
  /** The retour of IV028 (302, 306, 308, 316, 318, 320). */
  | 'retour'
  /** The gemeente's decision on a VOT/VOW: a 301 toewijzing or a 319 antwoord. */
  | 'toewijzing-of-antwoord'
  /** The 325 on a 323. */
  | 'declaratie-antwoord';

export interface ExpectedAnswer {
  soort: AntwoordSoort;
  /** Any one of these message types (same standard as the heen message) answers. */
  antwoordTypes: readonly BerichtType[];
  /** The answer is due at the latest on this working day after the day of receipt (day 0). */
  werkdagen: number;
  /** The rule or text of the iStandaarden that sets the term. */
  bron: string;
}

const OP090 = 'OP090';
const OP090X4 = 'OP090x4';
const VOT_VOW_TERM = 'FAQ iWmo/iJw 3.2, Vragen over reactietijden (301/319 op VOT en VOW)';

type Answering = Array<[AntwoordSoort, readonly BerichtNummer[], number, string]>;

const BY_NUMMER: Readonly<Partial<Record<BerichtNummer, Answering>>> = {
  '301': [['retour', ['302'], 3, OP090]],
  '305': [['retour', ['306'], 3, OP090]],
  '307': [['retour', ['308'], 3, OP090]],
  '315': [['retour', ['316'], 3, OP090], ['toewijzing-of-antwoord', ['301', '319'], 5, VOT_VOW_TERM]],
  '317': [['retour', ['318'], 3, OP090], ['toewijzing-of-antwoord', ['301', '319'], 5, VOT_VOW_TERM]],
  '319': [['retour', ['320'], 3, OP090]],
  '323': [['declaratie-antwoord', ['325'], 10, OP090X4]],
};

/** The heen message types that expect an answer: 301, 305, 307, 315, 317, 319 and 323 of both standards. */
export type HeenTypeMetAntwoord = `${'WMO' | 'JW'}${'301' | '305' | '307' | '315' | '317' | '319' | '323'}`;

function typeOf(standaard: Standaard, nummer: BerichtNummer): BerichtType {
  return standaard === 'iwmo' ? `WMO${nummer}` : `JW${nummer}`;
}

function buildTable(): Readonly<Record<HeenTypeMetAntwoord, readonly ExpectedAnswer[]>> {
  const table: Partial<Record<HeenTypeMetAntwoord, readonly ExpectedAnswer[]>> = {};
  for (const standaard of ['iwmo', 'ijw'] as const) {
    for (const [nummer, answering] of Object.entries(BY_NUMMER) as Array<[BerichtNummer, Answering]>) {
      table[typeOf(standaard, nummer) as HeenTypeMetAntwoord] = Object.freeze(
        answering.map(([soort, nummers, werkdagen, bron]) =>
          Object.freeze({ soort, antwoordTypes: Object.freeze(nummers.map((n) => typeOf(standaard, n))), werkdagen, bron }),
        ),
      );
    }
  }
  return Object.freeze(table as Record<HeenTypeMetAntwoord, readonly ExpectedAnswer[]>);
}

/** Heen type → the answers it expects, in the order they are due. Retours and the 325 are not keys. */
export const EXPECTED_ANSWERS = buildTable();

/** The answers `type` expects; empty for a retour, a 325 or anything that is not an iWmo/iJw type. */
export function expectedAnswers(type: string): readonly ExpectedAnswer[] {
  return Object.hasOwn(EXPECTED_ANSWERS, type) ? EXPECTED_ANSWERS[type as HeenTypeMetAntwoord] : [];
}

/** The heen types that `answerType` answers (the reverse lookup): 'WMO301' → ['WMO315', 'WMO317']. */
export function answeredBy(answerType: string): HeenTypeMetAntwoord[] {
  return (Object.keys(EXPECTED_ANSWERS) as HeenTypeMetAntwoord[]).filter((heen) =>
    EXPECTED_ANSWERS[heen].some((a) => a.antwoordTypes.includes(answerType as BerichtType)),
  );
}
