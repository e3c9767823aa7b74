import { ParseOption, XmlDocument, XmlError, XmlLibError, type XmlElement } from 'libxml2-wasm';
import { redactValues } from '../../schemas/xsd-issues.ts';
import { StufGgkRejected, type StufGgkIssue } from './errors.ts';

// As adapters/xml/parse.ts (no entity substitution, no external DTD or entity, no network), plus
// XML_PARSE_HUGE: the base64 payload is one text node, and libxml2 refuses text nodes over 10 MB without it,
// while the GGk allows 25 MB including base64. The body size itself is capped by ingest (KP_MAX_BODY_BYTES);
// a DOCTYPE is refused before parsing, so there are no entities to expand.
const ENVELOPE_PARSE = {
  option: ParseOption.XML_PARSE_NO_XXE | ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_HUGE,
} as const;

const MAX_ISSUES = 20;

export function doctypeRefused(line?: number, column?: number): StufGgkRejected {
  return new StufGgkRejected(400, [{
    code: 'doctype-forbidden',
    message: 'a DOCTYPE is not allowed in a message',
    ...(line ? { line } : {}),
    ...(column ? { column } : {}),
  }]);
}

/** Parses an untrusted envelope that passed the prolog check; the caller disposes the document. */
export function parseEnvelopeXml(body: Buffer): XmlDocument {
  let doc: XmlDocument;
  try {
    doc = XmlDocument.fromBuffer(body, ENVELOPE_PARSE);
  } catch (err) {
    if (err instanceof XmlError) throw new StufGgkRejected(400, malformedIssues(err));
    throw err;
  }
  if (doc.dtd !== null) {
    doc.dispose();
    throw doctypeRefused();
  }
  return doc;
}

function malformedIssues(err: XmlError): StufGgkIssue[] {
  const details = err instanceof XmlLibError ? err.details.filter((d) => d.level >= 2) : [];
  if (details.length === 0) return [{ code: 'xml-malformed', message: 'the envelope is not well-formed XML' }];
  return details.slice(0, MAX_ISSUES).map((d) => ({
    code: 'xml-malformed',
    message: redactValues(d.message.trim()),
    ...(d.line > 0 ? { line: d.line } : {}),
    ...(d.col > 0 ? { column: d.col } : {}),
  }));
}

/** `/GGK:envelopHeenbericht-ggk_Di01/GGK:parameters/…`, with the prefixes the document uses. */
export function elementPath(el: XmlElement): string {
  const steps: string[] = [];
  for (let e: XmlElement | null = el; e; e = e.parent) steps.push(e.prefix ? `${e.prefix}:${e.name}` : e.name);
  return `/${steps.reverse().join('/')}`;
}
