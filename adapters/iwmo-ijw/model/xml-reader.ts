import { XmlElement } from 'libxml2-wasm';
import { parseUntrustedXml } from '../../xml/parse.ts';
import { readTree, type Tree, type XmlObject } from '../../xml/tree.ts';
import { IwmoIjwModelError } from './model-error.ts';

/**
 * A reader on the root `Bericht` element: of the document libxml2 already parsed and validated (the adapter's
 * one parse, as its element or as the tree `readTree` read from it), or of raw XML (a stored message read back),
 * which is parsed by libxml2 the same way, so both routes give the same model. A string is taken as the text it
 * is (UTF-8 whatever its declaration says). Raw XML that is not well-formed throws MessageRejected 400.
 */
export function readBericht(xml: Buffer | string | XmlElement | Tree): ElementReader {
  let root: unknown;
  if (xml instanceof XmlElement) xml = readTree(xml);
  if (typeof xml === 'string' || Buffer.isBuffer(xml)) {
    const doc = typeof xml === 'string' ? parseUntrustedXml(Buffer.from(xml, 'utf8'), 'UTF-8') : parseUntrustedXml(xml);
    try {
      xml = readTree(doc);
    } finally {
      doc.dispose();
    }
  }
  if (xml.name === 'Bericht') root = xml.value;
  if (root === undefined || Array.isArray(root) || typeof root === 'string') {
    throw new IwmoIjwModelError('IWMO_IJW_NOT_A_BERICHT', 'root element is not Bericht', '/');
  }
  return new ElementReader(root as XmlObject, '/Bericht');
}

// Values are kept as the document has them: the iWmo/iJw string types preserve whitespace, so 'RN001 ' is
// not 'RN001' (issue 14; fast-xml-parser's trimValues made them equal). xs:date collapses whitespace, so a
// date the XSD took with spaces around it gets the date it means; numbers go through Number(), which
// ignores them anyway.
const SPACED_DATE = /^\s*\d{4}-\d{2}-\d{2}(?:T[0-9:.]+)?(?:Z|[+-]\d{2}:\d{2})?\s*$/;

const isXmlSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;

function value(v: string): string {
  if (v.length === 0 || (!isXmlSpace(v.charCodeAt(0)) && !isXmlSpace(v.charCodeAt(v.length - 1)))) return v;
  return SPACED_DATE.test(v) ? v.trim() : v;
}

/** Whitespace only: what an element with element-only content and no child elements reads as (the XSD ignores it). */
function isBlank(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  for (let i = 0; i < v.length; i++) if (!isXmlSpace(v.charCodeAt(i))) return false;
  return true;
}

/** Path-aware access to one parsed element; every child reader knows its own element path. */
export class ElementReader {
  constructor(private readonly el: XmlObject, readonly path: string) {}

  has(name: string): boolean {
    return this.el[name] !== undefined;
  }

  text(name: string): string | undefined {
    const v = this.el[name];
    if (v === undefined) return undefined;
    if (typeof v === 'string') return value(v);
    throw new IwmoIjwModelError('IWMO_IJW_TYPE_MISMATCH', `expected a simple value in ${this.path}/${name}`, `${this.path}/${name}`);
  }

  requireText(name: string): string {
    const v = this.text(name);
    if (v === undefined) throw this.missing(name);
    return v;
  }

  /** xs:integer value (amounts, volumes): '058000' and '+5' are valid lexical forms. */
  number(name: string): number | undefined {
    const v = this.text(name);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (v === '' || !Number.isFinite(n)) {
      throw new IwmoIjwModelError('IWMO_IJW_NOT_A_NUMBER', `expected a number in ${this.path}/${name}`, `${this.path}/${name}`);
    }
    return n;
  }

  requireNumber(name: string): number {
    const v = this.number(name);
    if (v === undefined) throw this.missing(name);
    return v;
  }

  child(name: string): ElementReader | undefined {
    const v = this.el[name];
    if (v === undefined) return undefined;
    if (isBlank(v)) return new ElementReader({}, `${this.path}/${name}`);
    if (typeof v === 'string' || Array.isArray(v)) {
      throw new IwmoIjwModelError('IWMO_IJW_TYPE_MISMATCH', `expected one element ${this.path}/${name}`, `${this.path}/${name}`);
    }
    return new ElementReader(v, `${this.path}/${name}`);
  }

  requireChild(name: string): ElementReader {
    const c = this.child(name);
    if (c === undefined) throw this.missing(name);
    return c;
  }

  /** The repeating `item` elements inside the optional `wrapper` (e.g. ToegewezenProducten/ToegewezenProduct). */
  list(wrapper: string, item: string): ElementReader[] {
    const w = this.child(wrapper);
    return w === undefined ? [] : w.items(item);
  }

  /** The repeating `name` elements directly under this one; indexed in the path only when there are several. */
  items(name: string): ElementReader[] {
    const v = this.el[name];
    if (v === undefined) return [];
    const arr = Array.isArray(v) ? v : [v];
    const indexed = arr.length > 1;
    return arr.map((item, i) => {
      const path = indexed ? `${this.path}/${name}[${i + 1}]` : `${this.path}/${name}`;
      if (isBlank(item)) return new ElementReader({}, path);
      if (typeof item === 'string' || Array.isArray(item)) {
        throw new IwmoIjwModelError('IWMO_IJW_TYPE_MISMATCH', `expected element content in ${path}`, path);
      }
      return new ElementReader(item, path);
    });
  }

  /** Text values of a repeating simple element (RetourCode). */
  texts(name: string): string[] {
    const v = this.el[name];
    if (v === undefined) return [];
    const arr = Array.isArray(v) ? v : [v];
    return arr.map((item) => {
      if (typeof item !== 'string') {
        throw new IwmoIjwModelError('IWMO_IJW_TYPE_MISMATCH', `expected simple values in ${this.path}/${name}`, `${this.path}/${name}`);
      }
      return value(item);
    });
  }

  private missing(name: string): IwmoIjwModelError {
    return new IwmoIjwModelError('IWMO_IJW_MISSING_ELEMENT', `missing element ${this.path}/${name}`, `${this.path}/${name}`);
  }
}
