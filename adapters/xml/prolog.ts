// Reads the start of an XML document byte by byte, without parsing it: what stands before the
// root element (only the XML declaration, comments and processing instructions are allowed
// through; a DOCTYPE is reported so it can be refused before libxml2 ever sees it) and the
// namespace of the root element.

export type XmlProlog =
  | { kind: 'not-xml' }
  /** Starts like XML, but the root start tag was not reached or not complete within the bytes read, or something else stands before it. */
  | { kind: 'unreadable' }
  | { kind: 'doctype'; line: number; column: number }
  | { kind: 'root'; name: string; namespace: string | undefined };

const LT = 0x3c, GT = 0x3e, QM = 0x3f, BANG = 0x21, DASH = 0x2d, SLASH = 0x2f, EQ = 0x3d, DQ = 0x22, SQ = 0x27, COLON = 0x3a;
const NOT_XML: XmlProlog = { kind: 'not-xml' };
const UNREADABLE: XmlProlog = { kind: 'unreadable' };

function isSpace(b: number | undefined): boolean {
  return b === 0x20 || b === 0x0a || b === 0x09 || b === 0x0d;
}

function skipSpace(buf: Buffer, i: number, end: number): number {
  while (i < end && isSpace(buf[i])) i++;
  return i;
}

function startsWithDoctype(buf: Buffer, i: number, end: number): boolean {
  const word = 'DOCTYPE';
  if (i + word.length > end) return false;
  for (let k = 0; k < word.length; k++) {
    if (((buf[i + k] ?? 0) & 0xdf) !== word.charCodeAt(k)) return false; // ASCII upper-case fold
  }
  return true;
}

/** Position just after `needle` when it ends before `end`, else -1. */
function after(buf: Buffer, needle: string, from: number, end: number): number {
  const at = buf.indexOf(needle, from, 'latin1');
  return at >= 0 && at + needle.length <= end ? at + needle.length : -1;
}

function lineAndColumn(buf: Buffer, pos: number): { line: number; column: number } {
  let line = 1, lineStart = 0;
  for (let i = 0; i < pos; i++) {
    if (buf[i] === 0x0a) { line++; lineStart = i + 1; }
  }
  return { line, column: pos - lineStart + 1 };
}

/** Looks at no more than `limit` bytes of `buf`. */
export function readXmlProlog(buf: Buffer, limit: number = buf.length): XmlProlog {
  const end = Math.min(limit, buf.length);
  let i = end >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  i = skipSpace(buf, i, end);
  if (i >= end || buf[i] !== LT) return NOT_XML;
  for (;;) {
    i = skipSpace(buf, i, end);
    if (i + 1 >= end || buf[i] !== LT) return UNREADABLE;
    const next = buf[i + 1];
    if (next === QM) {
      i = after(buf, '?>', i + 2, end);
      if (i < 0) return UNREADABLE;
    } else if (next === BANG) {
      if (buf[i + 2] === DASH && buf[i + 3] === DASH) {
        i = after(buf, '-->', i + 4, end);
        if (i < 0) return UNREADABLE;
      } else if (startsWithDoctype(buf, i + 2, end)) {
        return { kind: 'doctype', ...lineAndColumn(buf, i) };
      } else {
        return UNREADABLE;
      }
    } else {
      return readRootTag(buf, i, end);
    }
  }
}

function readRootTag(buf: Buffer, start: number, end: number): XmlProlog {
  let j = start + 1, colon = -1;
  while (j < end) {
    const b = buf[j];
    if (isSpace(b) || b === GT || b === SLASH) break;
    if (b === COLON && colon < 0) colon = j;
    j++;
  }
  if (j === start + 1 || j >= end) return UNREADABLE;
  const name = buf.toString('utf8', start + 1, j);
  const wanted = colon < 0 ? 'xmlns' : `xmlns:${buf.toString('utf8', start + 1, colon)}`;
  for (;;) {
    j = skipSpace(buf, j, end);
    if (j >= end) return UNREADABLE;
    if (buf[j] === GT || buf[j] === SLASH) return { kind: 'root', name, namespace: undefined };
    const nameStart = j;
    while (j < end && !isSpace(buf[j]) && buf[j] !== EQ && buf[j] !== GT && buf[j] !== SLASH) j++;
    const attrEnd = j;
    j = skipSpace(buf, j, end);
    if (buf[j] !== EQ) return UNREADABLE;
    j = skipSpace(buf, j + 1, end);
    const quote = buf[j];
    if (quote !== DQ && quote !== SQ) return UNREADABLE;
    const valueEnd = buf.indexOf(quote, j + 1);
    if (valueEnd < 0 || valueEnd >= end) return UNREADABLE;
    if (attrEnd - nameStart === wanted.length && buf.toString('latin1', nameStart, attrEnd) === wanted) {
      return { kind: 'root', name, namespace: buf.toString('utf8', j + 1, valueEnd) };
    }
    j = valueEnd + 1;
  }
}

/** A short, safe rendering of what the prolog reader saw, for "unknown message type" answers. */
export function describeXmlProlog(prolog: XmlProlog): string | undefined {
  switch (prolog.kind) {
    case 'not-xml': return undefined;
    case 'unreadable': return 'XML whose root element could not be read from the start of the message';
    case 'doctype': return 'XML with a DOCTYPE';
    case 'root': return prolog.namespace === undefined
      ? `XML root element ${quoted(prolog.name)} has no namespace`
      : `XML root element namespace ${quoted(prolog.namespace)}`;
  }
}

function quoted(text: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, '?');
  return `'${clean.length > 200 ? `${clean.slice(0, 200)}…` : clean}'`;
}
