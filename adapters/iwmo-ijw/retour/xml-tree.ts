// A minimal, allocation-light reader of an XSD-valid iWmo/iJw message: elements with their resolved
// namespace, children, and for leaf elements the raw source text (entities, CDATA and all), so a retour
// copies every value byte for byte. Whitespace and comments between elements are not kept; attributes
// other than namespace declarations are dropped (the iStandaarden XSDs define none).
import { RetourBuildError } from './retour-error.ts';
import { decodeEntities } from './xml-text.ts';

export interface XmlElement {
  readonly local: string;
  /** Namespace URI; '' for no namespace. */
  readonly ns: string;
  readonly children: XmlElement[];
  /** Source text between start and end tag of an element without element children; '' otherwise. */
  raw: string;
  /** Locatie-style path as the official XSLT writes it: an index only among same-name siblings. */
  path: string;
}

interface Frame {
  el: XmlElement;
  qname: string;
  contentStart: number;
  /** Prefix → namespace in scope; shared with the parent frame when the element declares none. */
  scope: ReadonlyMap<string, string>;
  parent: Frame | undefined;
}

const NO_BINDINGS: ReadonlyMap<string, string> = new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]);

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isNameEnd = (c: number) => isSpace(c) || c === 0x3e /* > */ || c === 0x2f /* / */;

function malformed(what: string, at: number): RetourBuildError {
  return new RetourBuildError('RETOUR_XML_MALFORMED', `heen message is not well-formed XML: ${what} (offset ${at})`);
}

function skipPast(xml: string, end: string, from: number, what: string): number {
  const i = xml.indexOf(end, from);
  if (i < 0) throw malformed(`unterminated ${what}`, from);
  return i + end.length;
}

// Same-name siblings are always adjacent in an XSD-valid iWmo/iJw message (each repeating element is one
// particle of an xs:sequence), so a run of equal names is the sibling group the index counts in.
function assignPaths(el: XmlElement, path: string): void {
  el.path = path;
  const kids = el.children;
  const n = kids.length;
  let i = 0;
  while (i < n) {
    const local = (kids[i] as XmlElement).local;
    let end = i + 1;
    while (end < n && (kids[end] as XmlElement).local === local) end++;
    if (end - i === 1) assignPaths(kids[i] as XmlElement, `${path}/${local}`);
    else for (let k = i; k < end; k++) assignPaths(kids[k] as XmlElement, `${path}/${local}[${k - i + 1}]`);
    i = end;
  }
}

/**
 * Reads the document's element tree; throws RetourBuildError (RETOUR_XML_MALFORMED) on broken markup.
 * With `stopAfter`, reading ends when that child of the root element closes (a header-only retour needs
 * nothing after the Header); the tree then holds the root's children up to and including that one.
 */
export function parseXmlTree(xml: string, stopAfter?: string): XmlElement {
  const n = xml.length;
  let pos = 0;
  let top: Frame | undefined;
  let root: XmlElement | undefined;
  while (pos < n) {
    const lt = xml.indexOf('<', pos);
    if (lt < 0) break;
    const next = xml.charCodeAt(lt + 1);
    if (next === 0x3f /* ? */) {
      pos = skipPast(xml, '?>', lt + 2, 'processing instruction');
      continue;
    }
    if (next === 0x21 /* ! */) {
      if (xml.startsWith('<!--', lt)) {
        pos = skipPast(xml, '-->', lt + 4, 'comment');
        continue;
      }
      if (xml.startsWith('<![CDATA[', lt) && top) {
        pos = skipPast(xml, ']]>', lt + 9, 'CDATA section');
        continue;
      }
      throw malformed('DOCTYPE and other declarations are not accepted', lt);
    }
    if (next === 0x2f /* / */) {
      if (!top) throw malformed('unexpected end tag', lt);
      const nameEnd = lt + 2 + top.qname.length;
      const gt = xml.indexOf('>', nameEnd);
      if (gt < 0 || !xml.startsWith(top.qname, lt + 2) || xml.slice(nameEnd, gt).trim() !== '') {
        throw malformed(`end tag does not close ${top.qname}`, lt);
      }
      const closed = top.el;
      if (closed.children.length === 0) closed.raw = xml.slice(top.contentStart, lt);
      top = top.parent;
      pos = gt + 1;
      if (stopAfter !== undefined && closed.local === stopAfter && top !== undefined && top.parent === undefined && root) {
        assignPaths(root, `/${root.local}`);
        return root;
      }
      continue;
    }
    if (root && !top) throw malformed('content after the root element', lt);
    let i = lt + 1;
    while (i < n && !isNameEnd(xml.charCodeAt(i))) i++;
    const qname = xml.slice(lt + 1, i);
    if (qname === '') throw malformed('element without a name', lt);
    let bindings: Map<string, string> | undefined;
    let selfClosing = false;
    for (;;) {
      while (i < n && isSpace(xml.charCodeAt(i))) i++;
      if (i >= n) throw malformed('unterminated start tag', lt);
      const c = xml.charCodeAt(i);
      if (c === 0x3e /* > */) {
        i++;
        break;
      }
      if (c === 0x2f /* / */) {
        if (xml.charCodeAt(i + 1) !== 0x3e) throw malformed('stray / in start tag', i);
        selfClosing = true;
        i += 2;
        break;
      }
      const eq = xml.indexOf('=', i);
      if (eq < 0) throw malformed('attribute without value', i);
      const name = xml.slice(i, eq).trim();
      let q = eq + 1;
      while (q < n && isSpace(xml.charCodeAt(q))) q++;
      const quote = xml[q];
      if (quote !== '"' && quote !== "'") throw malformed('unquoted attribute value', q);
      const endQuote = xml.indexOf(quote, q + 1);
      if (endQuote < 0) throw malformed('unterminated attribute value', q);
      if (name === 'xmlns' || name.startsWith('xmlns:')) {
        (bindings ??= new Map(top?.scope ?? NO_BINDINGS)).set(name === 'xmlns' ? '' : name.slice(6), decodeEntities(xml.slice(q + 1, endQuote)));
      }
      i = endQuote + 1;
    }
    const scope: ReadonlyMap<string, string> = bindings ?? top?.scope ?? NO_BINDINGS;
    const colon = qname.indexOf(':');
    const prefix = colon < 0 ? '' : qname.slice(0, colon);
    const ns = scope.get(prefix);
    if (ns === undefined && prefix !== '') throw malformed(`undeclared namespace prefix '${prefix}'`, lt);
    const el: XmlElement = { local: colon < 0 ? qname : qname.slice(colon + 1), ns: ns ?? '', children: [], raw: '', path: '' };
    if (top) top.el.children.push(el);
    else root = el;
    if (!selfClosing) top = { el, qname, contentStart: i, scope, parent: top };
    pos = i;
  }
  if (!root) throw malformed('no root element', 0);
  if (top) throw malformed(`element ${top.qname} is not closed`, n);
  assignPaths(root, `/${root.local}`);
  return root;
}

/** The first child with this local name. */
export function childNamed(el: XmlElement, local: string): XmlElement | undefined {
  return el.children.find((c) => c.local === local);
}
