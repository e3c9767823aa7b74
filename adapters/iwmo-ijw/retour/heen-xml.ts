// The heen message as libxml2 reads it (the parser the adapter validated it with), as an element tree, checked to
// be the message the canonical model describes.
import { MessageRejected } from '../../types.ts';
import { parseUntrustedXml } from '../../xml/parse.ts';
import { childNamed, readElements, type TreeElement } from '../../xml/tree.ts';
import type { CanonicalMessage } from '../model/index.ts';
import { RetourBuildError } from './retour-error.ts';
import { berichtNamespace } from './retour-soorten.ts';

function parse(heen: string | Buffer): TreeElement {
  let doc;
  try {
    // A string is text already: its XML declaration no longer names the encoding of what libxml2 gets.
    doc = typeof heen === 'string' ? parseUntrustedXml(Buffer.from(heen, 'utf8'), 'UTF-8') : parseUntrustedXml(heen);
  } catch (err) {
    if (!(err instanceof MessageRejected)) throw err;
    const first = err.errors[0];
    const where = first?.line ? ` (line ${first.line}${first.column ? `, column ${first.column}` : ''})` : '';
    // The code only: libxml2's own message may quote the body.
    throw new RetourBuildError('RETOUR_XML_MALFORMED', `heen message is not well-formed XML: ${first?.code ?? 'xml-malformed'}${where}`);
  }
  try {
    return readElements(doc);
  } finally {
    doc.dispose();
  }
}

/** Element tree of the heen XML; throws RETOUR_XML_MISMATCH when it is not the message of `msg`. */
export function readHeen(heen: string | Buffer, msg: CanonicalMessage): TreeElement {
  const root = parse(heen);
  if (root.local !== 'Bericht' || root.ns !== berichtNamespace(msg.type)) {
    throw new RetourBuildError('RETOUR_XML_MISMATCH', `the heen XML is not a ${msg.type} Bericht`, '/Bericht');
  }
  const identificatie = childNamed(childNamed(childNamed(root, 'Header') ?? root, 'BerichtIdentificatie') ?? root, 'Identificatie');
  // The value as the validating parse read it (a CDATA section, comment or processing instruction inside the
  // element is markup, not part of it); the XSD's token type collapses the whitespace, a model read from bytes
  // by another route may not have.
  if (!identificatie || collapse(identificatie.text) !== collapse(msg.header.berichtIdentificatie.identificatie)) {
    throw new RetourBuildError(
      'RETOUR_XML_MISMATCH',
      'the heen XML and its model are not the same message (BerichtIdentificatie differs)',
      '/Bericht/Header/BerichtIdentificatie/Identificatie',
    );
  }
  return root;
}

function collapse(s: string): string {
  return s.replace(/[ \t\r\n]+/g, ' ').trim();
}

/** A child the XSD requires; its absence means XML and model disagree. */
export function requireChild(el: TreeElement, local: string): TreeElement {
  const c = childNamed(el, local);
  if (!c) throw new RetourBuildError('RETOUR_XML_MISMATCH', `missing element ${el.path}/${local}`, `${el.path}/${local}`);
  return c;
}
