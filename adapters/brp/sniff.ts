// Which BRP form a body is in, judged from its first bytes only (never parsed).
import { readXmlProlog } from '../xml/prolog.ts';
import { BG_NAMESPACE } from './stuf-bg/model.ts';

export type BrpFormaat = 'lo3' | 'berichten-api' | 'stuf-bg';

const SOAP_NAMESPACES = ['http://schemas.xmlsoap.org/soap/envelope/', 'http://www.w3.org/2003/05/soap-envelope'];
const JSON_MARKERS = ['"berichtType"', '"berichtInhoud"', '"opgehaaldeBerichten"'];

export function detectBrpFormaat(head: Buffer): BrpFormaat | undefined {
  if (looksLikeLo3(head)) return 'lo3';
  if (looksLikeBerichtenApiJson(head)) return 'berichten-api';
  if (looksLikeStufBg(head)) return 'stuf-bg';
  return undefined;
}

/**
 * Random key (8 digits) + berichtnummer (2 letters, 2 digits). An unknown berichtnummer such as
 * `Xx99` still counts, so it is refused with its byte offset instead of an anonymous 415.
 */
export function looksLikeLo3(head: Buffer): boolean {
  if (head.length < 10) return false;
  for (let i = 0; i < 8; i++) if (!isDigit(head[i]!)) return false;
  if (!isLetter(head[8]!) || !isLetter(head[9]!)) return false;
  for (let i = 10; i < 12 && i < head.length; i++) if (!isDigit(head[i]!)) return false;
  return true;
}

/** A JSON object whose first bytes name a BerichtInhoud or an envelope around one. */
export function looksLikeBerichtenApiJson(head: Buffer): boolean {
  let i = head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x0a || head[i] === 0x0d || head[i] === 0x09)) i++;
  if (head[i] !== 0x7b) return false;
  return JSON_MARKERS.some((m) => head.includes(m, i, 'latin1'));
}

/**
 * A StUF-BG 0310 document: root element in the BG namespace, or a SOAP Envelope whose first bytes
 * carry an npsLk01 in that namespace. XML with a DOCTYPE is claimed as well, as every XML adapter
 * does (adapters/xml/claim.ts), so it meets the explicit 400 doctype-forbidden, never a parser.
 */
export function looksLikeStufBg(head: Buffer): boolean {
  const prolog = readXmlProlog(head);
  if (prolog.kind === 'doctype') return true;
  if (prolog.kind !== 'root' || prolog.namespace === undefined) return false;
  if (prolog.namespace === BG_NAMESPACE) return true;
  return SOAP_NAMESPACES.includes(prolog.namespace) && head.includes(BG_NAMESPACE, 0, 'latin1') && head.includes('npsLk01', 0, 'latin1');
}

function isDigit(b: number): boolean {
  return b >= 0x30 && b <= 0x39;
}

function isLetter(b: number): boolean {
  return (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
}
