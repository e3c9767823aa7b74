import { XmlError, XmlLibError, type XmlDocument, type XsdValidator } from 'libxml2-wasm';
import { toXsdIssues } from '../../schemas/xsd.ts';
import { MessageRejected, type ValidationIssue } from '../types.ts';

const MAX_ISSUES = 100;

/** Validates a parsed document; throws MessageRejected 400 `xsd-invalid`, one issue per libxml2 detail. */
export function validateXsd(validator: XsdValidator, doc: XmlDocument): void {
  try {
    validator.validate(doc);
  } catch (err) {
    if (!(err instanceof XmlError)) throw err;
    // A plain XmlError (no details) is libxml2's "internal error", e.g. for entity references.
    const details = err instanceof XmlLibError ? err.details : [];
    const issues: ValidationIssue[] = toXsdIssues(details, MAX_ISSUES).map((i) => ({ code: 'xsd-invalid', ...i }));
    if (details.length > MAX_ISSUES) {
      issues.push({ code: 'xsd-invalid', message: `${details.length - MAX_ISSUES} further schema errors not shown` });
    }
    if (issues.length === 0) issues.push({ code: 'xsd-invalid', message: 'the message could not be validated against its schema' });
    throw new MessageRejected(400, issues);
  }
}
