// Maps a SuwiML element tree onto a DKD zod schema, leniently: the schema's shape says what each child
// element becomes (field = element name with a lower-case first letter; see model/common.ts), so the
// TypeScript type, the JSON Schema and the mapping cannot drift apart. What cannot be read is left out and
// reported as a warning with its path, never with its value.
import { XmlCData, XmlElement, XmlText } from 'libxml2-wasm';
import { childNodes } from '../xml/children.ts';
import { z } from 'zod';
import { LEAF_KINDS, type SuwiDatum } from './model/common.ts';

export interface MapWarning { code: 'waarde-onleesbaar' | 'element-onbekend' | 'element-herhaald' | 'tekst-genegeerd'; path: string; message: string }

const DATUM = /^([0-9]{4})([0-9]{2})([0-9]{2})$/;
const EUROCENT = /^\+?[0-9]{1,18}$/; // xs:nonNegativeInteger, totalDigits 18 (a leading + is lexically allowed)
const MAX_WARNINGS = 100;

/** A SuwiML Datum (jjjjmmdd, zeros for unknown parts) as a SuwiDatum; undefined when it is not one. */
export function readDatum(text: string): SuwiDatum | undefined {
  const m = DATUM.exec(text);
  if (!m) return undefined;
  const [jaar, maand, dag] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (maand > 12 || dag > 31) return undefined;
  const datum = `${m[1]}-${m[2]}-${m[3]}`;
  if (jaar === 0 || maand === 0 || dag === 0) return { datum, volledig: false };
  const d = new Date(Date.UTC(jaar, maand - 1, dag));
  if (d.getUTCFullYear() !== jaar || d.getUTCMonth() !== maand - 1 || d.getUTCDate() !== dag) return undefined;
  return { datum, volledig: true };
}

/** A WaardeBedr (eurocent, non-negative integer) as a number; undefined when it is not one or too large to be exact. */
export function readEurocent(text: string): number | undefined {
  if (!EUROCENT.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
}

export function lcfirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function unwrap(schema: z.ZodType): z.ZodType {
  return schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
}

/** An element read out of libxml2 once: the mapper then works on plain objects (no WASM call per look-up). */
export interface PlainElement { name: string; namespace: string; children: PlainElement[]; text: string }

/** `el` and everything below it as plain objects: local names, namespaces, and the text/CDATA directly inside (comments dropped), trimmed. */
export function plain(el: XmlElement): PlainElement {
  const children: PlainElement[] = [];
  let text = '';
  for (const n of childNodes(el)) {
    if (n instanceof XmlElement) children.push(plain(n));
    else if (n instanceof XmlText || n instanceof XmlCData) text += n.content;
  }
  return { name: el.name, namespace: el.namespaceUri, children, text: text.trim() };
}

/** Child paths as libxml2 writes them: `Name`, or `Name[i]` (1-based) when the name occurs more than once. */
function childPaths(parent: string, children: PlainElement[]): string[] {
  const count = new Map<string, number>();
  for (const c of children) count.set(c.name, (count.get(c.name) ?? 0) + 1);
  const seen = new Map<string, number>();
  return children.map((c) => {
    const i = (seen.get(c.name) ?? 0) + 1;
    seen.set(c.name, i);
    return (count.get(c.name) ?? 0) > 1 ? `${parent}/${c.name}[${i}]` : `${parent}/${c.name}`;
  });
}

export class LenientMapper {
  readonly warnings: MapWarning[] = [];

  /**
   * The children of `el` mapped onto `schema` (a zod object). `skip` tells which children belong to
   * something else (the FWI beside ClientSuwi) and are passed over in silence.
   */
  object(schema: z.ZodObject, el: PlainElement, path: string, skip: (child: PlainElement) => boolean = () => false): Record<string, unknown> {
    const shape = schema.shape as Record<string, z.ZodType>;
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(shape)) if (unwrap(field) instanceof z.ZodArray) out[key] = [];
    const children = el.children;
    const paths = childPaths(path, children);
    if (children.length > 0 && el.text !== '') {
      this.warn('tekst-genegeerd', path, 'text beside child elements is ignored');
    }
    children.forEach((child, i) => {
      const at = paths[i]!;
      if (skip(child)) return;
      const key = lcfirst(child.name);
      const field = shape[key];
      if (child.namespace !== '' || field === undefined) {
        this.warn('element-onbekend', at, 'element not in the DKD model for this answer; left out');
        return;
      }
      const target = unwrap(field);
      if (target instanceof z.ZodArray) {
        const value = this.value(target.element as z.ZodType, child, at);
        if (value !== undefined) (out[key] as unknown[]).push(value);
      } else if (key in out) {
        this.warn('element-herhaald', at, 'element occurs more often than the XSD allows; the first is kept');
      } else {
        const value = this.value(target, child, at);
        if (value !== undefined) out[key] = value;
      }
    });
    // Fields in the schema's (the XSD's) order, whatever order the answer had them in.
    const ordered: Record<string, unknown> = {};
    for (const key of Object.keys(shape)) if (key in out) ordered[key] = out[key];
    return ordered;
  }

  private value(schema: z.ZodType, el: PlainElement, path: string): unknown {
    const kind = LEAF_KINDS.get(schema);
    if (kind !== undefined || !(schema instanceof z.ZodObject)) {
      if (el.children.length > 0) {
        this.warn('waarde-onleesbaar', path, 'a simple value was expected, the element has child elements; left out');
        return undefined;
      }
      const text = el.text;
      if (text === '') return undefined;
      switch (kind) {
        case 'datum': return this.checked(readDatum(text), path, 'not a SuwiML Datum (jjjjmmdd); left out');
        case 'eurocent': return this.checked(readEurocent(text), path, 'not a WaardeBedr (whole eurocent); left out');
        default: return text;
      }
    }
    if (el.children.length === 0 && el.text !== '') {
      this.warn('waarde-onleesbaar', path, 'text where child elements were expected (e.g. an amount not as StandaardBedr); left out');
      return undefined;
    }
    return this.object(schema, el, path);
  }

  private checked<T>(value: T | undefined, path: string, message: string): T | undefined {
    if (value === undefined) this.warn('waarde-onleesbaar', path, message);
    return value;
  }

  private warn(code: MapWarning['code'], path: string, message: string): void {
    if (this.warnings.length < MAX_WARNINGS) this.warnings.push({ code, path, message });
    else if (this.warnings.length === MAX_WARNINGS) this.warnings.push({ code, path, message: 'further findings not shown' });
  }
}
