import { GGK_NS, STUF_NS } from './constants.ts';
import type { StufSysteem } from './types.ts';

// Characters XML 1.0 cannot carry at all; they can only reach a builder through free text (Fo01 details).
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

export function escapeText(value: string): string {
  return value.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** At most `max` characters (code points, as xs:maxLength counts), with an ellipsis when cut. */
export function truncate(value: string, max: number): string {
  const chars = Array.from(value);
  return chars.length <= max ? value : `${chars.slice(0, max - 1).join('')}…`;
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
export const NS_DECLARATIONS = `xmlns:StUF="${STUF_NS}" xmlns:GGK="${GGK_NS}"`;

/** `<StUF:name>value</StUF:name>` at the given depth (tabs, as the GGk examples). */
export function leaf(depth: number, qname: string, value: string): string {
  return `${'\t'.repeat(depth)}<${qname}>${escapeText(value)}</${qname}>\n`;
}

export function systeem(depth: number, qname: string, s: Partial<StufSysteem> & { applicatie: string }): string {
  const pad = '\t'.repeat(depth);
  let out = `${pad}<${qname}>\n`;
  if (s.organisatie !== undefined) out += leaf(depth + 1, 'StUF:organisatie', s.organisatie);
  out += leaf(depth + 1, 'StUF:applicatie', s.applicatie);
  if (s.administratie !== undefined) out += leaf(depth + 1, 'StUF:administratie', s.administratie);
  if (s.gebruiker !== undefined) out += leaf(depth + 1, 'StUF:gebruiker', s.gebruiker);
  return `${out}${pad}</${qname}>\n`;
}
