export type DeadlineErrorCode =
  | 'DEADLINE_INVALID_DATE'
  | 'DEADLINE_YEAR_OUT_OF_RANGE'
  | 'DEADLINE_INVALID_COUNT'
  | 'DEADLINE_NO_EXPECTED_ANSWER';

/** Bad input to the working-day or deadline functions; the message names the argument and what is wrong. */
export class DeadlineError extends RangeError {
  constructor(readonly code: DeadlineErrorCode, message: string) {
    super(message);
    this.name = 'DeadlineError';
  }
}
