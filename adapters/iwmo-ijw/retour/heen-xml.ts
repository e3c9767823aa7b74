// The heen message as text and as element tree, checked to be the message the canonical model describes.
import type { CanonicalMessage } from '../model/index.ts';
import { RetourBuildError } from './retour-error.ts';
import { berichtNamespace } from './retour-soorten.ts';
import { textValue } from './xml-text.ts';
import { childNamed, parseXmlTree, type XmlElement } from './xml-tree.ts';

function decode(buf: Buffer): string {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return buf.toString('utf8', 3);
  if (buf[0] === 0xff && buf[1] === 0xfe) return new TextDecoder('utf-16le').decode(buf.subarray(2));
  if (buf[0] === 0xfe && buf[1] === 0xff) return new TextDecoder('utf-16be').decode(buf.subarray(2));
  const declared = /^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(buf.toString('latin1', 0, 200))?.[1];
  if (declared === undefined || /^utf-?8$/i.test(declared)) return buf.toString('utf8');
  try {
    return new TextDecoder(declared).decode(buf);
  } catch {
    throw new RetourBuildError('RETOUR_INVALID_INPUT', `unsupported XML encoding ${declared}`);
  }
}

/**
 * Element tree of the heen XML; throws RETOUR_XML_MISMATCH when it is not the message of `msg`.
 * `headerOnly` reads no further than the Header.
 */
export function readHeen(heen: string | Buffer, msg: CanonicalMessage, headerOnly = false): XmlElement {
  const xml = typeof heen === 'string' ? (heen.charCodeAt(0) === 0xfeff ? heen.slice(1) : heen) : decode(heen);
  const root = parseXmlTree(xml, headerOnly ? 'Header' : undefined);
  if (root.local !== 'Bericht' || root.ns !== berichtNamespace(msg.type)) {
    throw new RetourBuildError('RETOUR_XML_MISMATCH', `the heen XML is not a ${msg.type} Bericht`, '/Bericht');
  }
  const identificatie = childNamed(childNamed(childNamed(root, 'Header') ?? root, 'BerichtIdentificatie') ?? root, 'Identificatie');
  // The text as the validating parse saw it: a CDATA section, comment or processing instruction inside the
  // element is markup, not part of the value (the XSD's token type collapses the whitespace).
  if (!identificatie || collapse(textValue(identificatie.raw)) !== collapse(msg.header.berichtIdentificatie.identificatie)) {
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
export function requireChild(el: XmlElement, local: string): XmlElement {
  const c = childNamed(el, local);
  if (!c) throw new RetourBuildError('RETOUR_XML_MISMATCH', `missing element ${el.path}/${local}`, `${el.path}/${local}`);
  return c;
}
