// When the answer to a heen message is due.
// Counting: the Europe/Amsterdam calendar date on which the message was received is day 0 and is never
// counted, whatever the hour and whether or not it is a working day. Working day 1 is the first working day
// after it. An answer due "within n werkdagen" may be sent until the end of working day n, so the deadline
// returned is the instant that day ends: 00:00 Europe/Amsterdam on the next calendar day. An answer sent
// at or after that instant is late.
import { amsterdamMidnight, toDayNumber } from './civil-date.ts';
import { DeadlineError } from './deadline-error.ts';
import { type ExpectedAnswer, expectedAnswers } from './expected-answers.ts';
import { addWorkingDayNumbers } from './working-days.ts';

/** The instant at which `werkdagen` working days after the day of `receivedAt` have passed. */
export function workingDayDeadline(receivedAt: Date, werkdagen: number): Date {
  const dueDay = addWorkingDayNumbers(toDayNumber(receivedAt, 'receivedAt'), werkdagen);
  return amsterdamMidnight(dueDay + 1);
}

/**
 * The deadline of the answer to a heen message of `type` received at `receivedAt`.
 * Without `answerType`: the first answer the type expects — its retour (3 working days; 302 on 301, 316 on
 * 315, …) or, for a 323, the 325 (10 working days). With `answerType` (e.g. 'WMO301' for a 'WMO315'): the
 * deadline of that answer (5 working days for a 301 or 319 on a 315/317).
 * Throws DeadlineError DEADLINE_NO_EXPECTED_ANSWER when the type expects no answer (a retour, a 325) or
 * `answerType` does not answer it.
 */
export function retourDeadline(type: string, receivedAt: Date, answerType?: string): Date {
  const expected = findExpected(type, answerType);
  return workingDayDeadline(receivedAt, expected.werkdagen);
}

function findExpected(type: string, answerType: string | undefined): ExpectedAnswer {
  const answers = expectedAnswers(type);
  const found = answerType === undefined
    ? answers[0]
    : answers.find((a) => (a.antwoordTypes as readonly string[]).includes(answerType));
  if (!found) {
    throw new DeadlineError(
      'DEADLINE_NO_EXPECTED_ANSWER',
      answerType === undefined ? `${type} expects no answer` : `${answerType} is not an answer to ${type}`,
    );
  }
  return found;
}
