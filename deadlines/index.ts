export { type CivilDate, type DateInput, TIME_ZONE } from './civil-date.ts';
export { DeadlineError, type DeadlineErrorCode } from './deadline-error.ts';
export {
  easterSunday, feestdagen, FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR, type Feestdag, type FeestdagNaam,
} from './feestdagen.ts';
export { addWorkingDays, isWorkingDay, workingDaysBetween } from './working-days.ts';
export {
  answeredBy, EXPECTED_ANSWERS, expectedAnswers, type AntwoordSoort, type ExpectedAnswer, type HeenTypeMetAntwoord,
} from './expected-answers.ts';
export { retourDeadline, workingDayDeadline } from './retour-deadline.ts';
