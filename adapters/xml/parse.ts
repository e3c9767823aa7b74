import { ParseOption, XmlDocument } from 'libxml2-wasm';
import {
  error, xmlCtxtSetErrorHandler, xmlFreeDoc, xmlFreeParserCtxt, xmlNewParserCtxt, xmlReadMemory, type ErrorDetail,
} from 'libxml2-wasm/lib/libxml2.mjs';
import { redactValues } from '../../schemas/xsd-issues.ts';
import { MessageRejected, type ValidationIssue } from '../types.ts';

// No entity substitution (never XML_PARSE_NOENT), no external DTD or entity, no network.
const UNTRUSTED = ParseOption.XML_PARSE_NO_XXE | ParseOption.XML_PARSE_NONET;
/** libxml2 xmlErrorLevel: at this level or above a diagnostic is a failure (below: a warning). */
const XML_ERR_ERROR = 2;

const MAX_ISSUES = 20;

export function doctypeForbidden(line?: number, column?: number): MessageRejected {
  return MessageRejected.of(400, 'doctype-forbidden', 'a DOCTYPE is not allowed in a message', {
    ...(line ? { line } : {}),
    ...(column ? { column } : {}),
  });
}

/**
 * One libxml2 parser context, reused for every parse (libxml2-wasm's `XmlDocument.fromBuffer` makes and frees one
 * per call). A reused context keeps its name dictionary warm: the element names of the next message are found
 * instead of hashed in and allocated again, which measured about a quarter of the parse of a WMO301. The
 * dictionary only grows (a hostile body can fill it with made-up names), so the context is replaced after
 * RECYCLE_BYTES of input: what it can hold is bounded by that, not by the traffic.
 */
const RECYCLE_BYTES = 4 * 1024 * 1024;

class ParserContext {
  private ctxt = 0;
  private readonly errors: ErrorDetail[] = [];
  private readonly errorSlot = error.storage.allocate(this.errors);
  private bytes = 0;

  /** The parsed document's pointer, or the diagnostics that made it fail. */
  parse(body: Buffer, encoding: 'UTF-8' | null): { doc: number; errors?: never } | { doc?: never; errors: ErrorDetail[] } {
    if (this.ctxt === 0) {
      this.ctxt = xmlNewParserCtxt();
      if (this.ctxt === 0) throw new Error('libxml2 could not allocate a parser context');
      xmlCtxtSetErrorHandler(this.ctxt, error.errorCollector, this.errorSlot);
    }
    this.errors.length = 0;
    let doc = 0;
    try {
      doc = xmlReadMemory(this.ctxt, body, null, encoding, UNTRUSTED);
    } finally {
      this.bytes += body.length;
      if (this.bytes >= RECYCLE_BYTES) this.recycle();
    }
    // Warnings (level 1) leave a usable document, as in libxml2-wasm's own parse.
    if (doc !== 0 && !this.errors.some((d) => d.level >= XML_ERR_ERROR)) return { doc };
    if (doc !== 0) xmlFreeDoc(doc);
    const errors = this.errors.slice();
    this.errors.length = 0;
    return { errors };
  }

  private recycle(): void {
    xmlFreeParserCtxt(this.ctxt);
    this.ctxt = 0;
    this.bytes = 0;
  }
}

const context = new ParserContext();
// libxml2-wasm wraps and frees a document through this (internal) factory; the wrapper then behaves as any other.
const wrapDocument = (XmlDocument as unknown as { getInstance(ptr: number): XmlDocument }).getInstance.bind(XmlDocument);

/**
 * Parses an untrusted body that has already passed the prolog check (no DOCTYPE). The caller owns
 * the returned document and must dispose it. Throws MessageRejected 400 `xml-malformed`, or
 * `doctype-forbidden` should a DTD get through the prolog check after all.
 * `encoding` 'UTF-8' overrides the document's own declaration: for text that was a JS string, whose
 * declaration names the encoding of bytes it no longer is.
 */
export function parseUntrustedXml(body: Buffer, encoding: 'UTF-8' | null = null): XmlDocument {
  const parsed = context.parse(body, encoding);
  if (parsed.errors) throw new MessageRejected(400, malformedIssues(parsed.errors));
  const doc = wrapDocument(parsed.doc);
  if (doc.dtd !== null) {
    doc.dispose();
    throw doctypeForbidden();
  }
  return doc;
}

function malformedIssues(errors: ErrorDetail[]): ValidationIssue[] {
  const details = errors.filter((d) => d.level >= XML_ERR_ERROR);
  if (details.length === 0) return [{ code: 'xml-malformed', message: 'the message is not well-formed XML' }];
  return details.slice(0, MAX_ISSUES).map((d) => {
    const issue: ValidationIssue = { code: 'xml-malformed', message: redactValues(d.message.trim()) };
    if (d.line > 0) issue.line = d.line;
    if (d.col > 0) issue.column = d.col;
    return issue;
  });
}
