import type { Tree, XmlValue } from '../xml/tree.ts';
import type { MessageSpec } from './messages.ts';

export interface HeaderFields {
  berichtCode: string | undefined;
  afzender: string | undefined;
  ontvanger: string | undefined;
  identificatie: string | undefined;
  bsns: string[];
}

/** What the adapter asks `readTree` to collect while it walks: every Bsn of the message's own namespace. */
export function bsnsOf(spec: MessageSpec): { namespace: string; name: string } {
  return { namespace: spec.namespace, name: 'Bsn' };
}

const field = (v: XmlValue | undefined, name: string): XmlValue | undefined =>
  v !== undefined && typeof v === 'object' && !Array.isArray(v) ? v[name] : undefined;
const text = (v: XmlValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * The header fields and every Bsn, from the tree the adapter read of the validated document (no XPath, no
 * second walk). The XSD fixes where each field stands (/Bericht/Header/BerichtCode, Afzender, Ontvanger and
 * BerichtIdentificatie/Identificatie, the last in the basisschema namespace), so the tree's local names are
 * enough; the Bsns were collected during the walk, only those in the message's namespace.
 */
export function readHeader(tree: Tree): HeaderFields {
  const header = tree.name === 'Bericht' ? field(tree.value, 'Header') : undefined;
  const fields: HeaderFields = {
    berichtCode: text(field(header, 'BerichtCode')),
    afzender: text(field(header, 'Afzender')),
    ontvanger: text(field(header, 'Ontvanger')),
    identificatie: text(field(field(header, 'BerichtIdentificatie'), 'Identificatie')),
    bsns: tree.collected,
  };
  // Distinct, in document order: the store keys BSN hashes per message (a 323 can name a client twice).
  if (fields.bsns.length > 1) fields.bsns = [...new Set(fields.bsns)];
  return fields;
}
