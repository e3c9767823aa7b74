import { ParseOption, XmlDocument, XmlError, XmlLibError } from 'libxml2-wasm';
import { redactValues } from '../../schemas/xsd-issues.ts';
import { MessageRejected, type ValidationIssue } from '../types.ts';

// No entity substitution (never XML_PARSE_NOENT), no external DTD or entity, no network.
const UNTRUSTED = { option: ParseOption.XML_PARSE_NO_XXE | ParseOption.XML_PARSE_NONET } as const;

const MAX_ISSUES = 20;

export function doctypeForbidden(line?: number, column?: number): MessageRejected {
  return MessageRejected.of(400, 'doctype-forbidden', 'a DOCTYPE is not allowed in a message', {
    ...(line ? { line } : {}),
    ...(column ? { column } : {}),
  });
}

/**
 * Parses an untrusted body that has already passed the prolog check (no DOCTYPE). The caller owns
 * the returned document and must dispose it. Throws MessageRejected 400 `xml-malformed`, or
 * `doctype-forbidden` should a DTD get through the prolog check after all.
 */
export function parseUntrustedXml(body: Buffer): XmlDocument {
  let doc: XmlDocument;
  try {
    doc = XmlDocument.fromBuffer(body, UNTRUSTED);
  } catch (err) {
    if (err instanceof XmlError) throw new MessageRejected(400, malformedIssues(err));
    throw err;
  }
  if (doc.dtd !== null) {
    doc.dispose();
    throw doctypeForbidden();
  }
  return doc;
}

function malformedIssues(err: XmlError): ValidationIssue[] {
  const details = err instanceof XmlLibError ? err.details.filter((d) => d.level >= 2) : [];
  if (details.length === 0) return [{ code: 'xml-malformed', message: 'the message is not well-formed XML' }];
  return details.slice(0, MAX_ISSUES).map((d) => {
    const issue: ValidationIssue = { code: 'xml-malformed', message: redactValues(d.message.trim()) };
    if (d.line > 0) issue.line = d.line;
    if (d.col > 0) issue.column = d.col;
    return issue;
  });
}
