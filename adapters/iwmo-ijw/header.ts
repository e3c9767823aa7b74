import { XmlXPath, type XmlDocument, type XmlElement } from 'libxml2-wasm';
import type { MessageSpec } from './messages.ts';

export interface HeaderFields {
  berichtCode: string | undefined;
  afzender: string | undefined;
  ontvanger: string | undefined;
  identificatie: string | undefined;
  bsns: string[];
}

/**
 * One compiled XPath per message type picks the header fields and every Bsn in a single pass over
 * the already-validated document. Namespace-qualified steps measured 5x cheaper than
 * local-name() predicates: 9.6 µs vs 51 µs on the 7 KB WMO301 sample (of which ~8 µs is the
 * XPath evaluation itself; reading names to classify the nodes costs ~0.5 µs).
 */
export function compileHeaderXPath(spec: MessageSpec): XmlXPath {
  const h = '/m:Bericht/m:Header/m:';
  return XmlXPath.compile(
    `${h}BerichtCode | ${h}Afzender | ${h}Ontvanger | ${h}BerichtIdentificatie/b:Identificatie | //m:Bsn`,
    { m: spec.namespace, b: spec.basisschemaNamespace },
  );
}

export function readHeader(doc: XmlDocument, xpath: XmlXPath): HeaderFields {
  const fields: HeaderFields = { berichtCode: undefined, afzender: undefined, ontvanger: undefined, identificatie: undefined, bsns: [] };
  for (const node of doc.find(xpath)) {
    const value = node.content;
    switch ((node as XmlElement).name) {
      case 'Bsn': fields.bsns.push(value); break;
      case 'BerichtCode': fields.berichtCode = value; break;
      case 'Afzender': fields.afzender = value; break;
      case 'Ontvanger': fields.ontvanger = value; break;
      case 'Identificatie': fields.identificatie = value; break;
    }
  }
  // Distinct, in document order: the store keys BSN hashes per message (a 323 can name a client twice).
  if (fields.bsns.length > 1) fields.bsns = [...new Set(fields.bsns)];
  return fields;
}
