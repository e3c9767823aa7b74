import type { ValidationIssue } from '../adapters/types.ts';

/** An answer in the standard's own terms, sent instead of the JSON error body (a StUF Fo01 or Du01, say). */
export interface RawAnswer {
  contentType: string;
  body: string | Buffer;
  /** HTTP status to send it with, when not the refusal's own (a StUF Du01 carrying a refusing retour is a 200). */
  status?: number;
}

// A request the gateway will not take, with the HTTP status and the errors it answers with.
// `extra` is merged into the JSON answer (the retour built for it, the id it was kept under).
export class Refusal extends Error {
  extra: Record<string, unknown> | undefined;
  answer: RawAnswer | undefined;

  constructor(readonly status: number, readonly errors: ValidationIssue[], extra?: Record<string, unknown>, answer?: RawAnswer) {
    super(errors.map((e) => `${e.code}: ${e.message}`).join('; '));
    this.extra = extra;
    this.answer = answer;
  }

  static of(status: number, code: string, message: string): Refusal {
    return new Refusal(status, [{ code, message }]);
  }
}
