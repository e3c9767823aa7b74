import { MessageRejected, type ValidationIssue } from '../types.ts';
import type { ReadableStuurgegevens } from './types.ts';

/**
 * Why an envelope was refused. `code` of each issue:
 * - `doctype-forbidden`, `xml-malformed`: the body is not XML the gateway will parse;
 * - `not-stuf-ggk-envelope` (415): the root element is not in the ggk0210 namespace;
 * - `envelope-unknown`: ggk0210 namespace, but neither a Di01 nor a Du01 envelope;
 * - `envelope-not-di01`: a Du01 where a Di01 was expected;
 * - `payload-missing`: no `parameters/bericht/xmlBestand|tekstBestand`, or it is empty;
 * - `payload-base64-invalid`: the payload is not base64;
 * - `envelope-xsd-invalid`: the envelope breaks the StUF-GGk XSD (one issue per libxml2 error).
 */
export type StufGgkErrorCode =
  | 'doctype-forbidden' | 'xml-malformed' | 'not-stuf-ggk-envelope' | 'envelope-unknown' | 'envelope-not-di01'
  | 'payload-missing' | 'payload-base64-invalid' | 'envelope-xsd-invalid';

export interface StufGgkIssue extends ValidationIssue { code: StufGgkErrorCode }

/** A refused envelope. `readable` holds what could be read of its stuurgegevens, to address the Fo01 answer. */
export class StufGgkRejected extends MessageRejected {
  declare readonly errors: StufGgkIssue[];

  constructor(
    status: 400 | 415,
    errors: StufGgkIssue[],
    readonly readable: { stuurgegevens?: ReadableStuurgegevens } = {},
  ) {
    super(status, errors);
    this.name = 'StufGgkRejected';
  }

  get code(): StufGgkErrorCode {
    return this.errors[0]?.code ?? 'envelope-xsd-invalid';
  }
}

/** A builder was given input that cannot make a schema-valid envelope (a programming error, not bad input). */
export class StufGgkBuildError extends Error {
  readonly code = 'stuf-ggk-build-input';

  constructor(message: string, readonly field: string) {
    super(`${field}: ${message}`);
    this.name = 'StufGgkBuildError';
  }
}
