import type { ValidationIssue } from '../adapters/types.ts';

// A request the gateway will not take, with the HTTP status and the errors it answers with.
export class Refusal extends Error {
  constructor(readonly status: number, readonly errors: ValidationIssue[]) {
    super(errors.map((e) => `${e.code}: ${e.message}`).join('; '));
  }

  static of(status: number, code: string, message: string): Refusal {
    return new Refusal(status, [{ code, message }]);
  }
}
