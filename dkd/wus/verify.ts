// Reading a signed WUS envelope safely (WB013, WB014, WB004). The order matters:
//  1. the structure: one Envelope with one Header and one Body, one Security with one Signature, one
//     Timestamp and one BinarySecurityToken, no ds:Signature elsewhere and no Id used twice anywhere;
//  2. the signer: the token the signature's KeyInfo references directly, trusted (trust.ts);
//  3. the signature, by xml-crypto: every reference resolved by its Id, digests and SignatureValue;
//  4. coverage: the Body that is the Envelope's own child, the Timestamp, every WS-Addressing header and the
//     SignatureConfirmation must each be a signed reference;
//  5. the Body's child is then taken from xml-crypto's canonical copy of the signed Body reference, never
//     from the document, so nothing outside what the signature covers is ever read (signature wrapping).
import { X509Certificate } from 'node:crypto';
import { DOMParser, XMLSerializer, type Document, type Element, type Node } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { ACCEPTED_DIGEST_ALGORITHMS, ACCEPTED_SIGNATURE_ALGORITHMS, ALG, NS } from './namespaces.ts';
import { WusError } from './errors.ts';
import type { SignerTrust } from './trust.ts';

export interface VerifyOptions {
  trust: SignerTrust;
  now?: Date;
  /** Allowed clock difference; default 120 s. */
  skewSeconds?: number;
  /** A Timestamp without Expires is taken for this long after Created; default 300 s. */
  maxAgeSeconds?: number;
  /** WB014: the SignatureValue of our request, which the answer must confirm in a signed SignatureConfirmation. */
  confirms?: string;
  /** Our request's MessageID: a RelatesTo, when present, must name it. */
  relatesTo?: string;
  /** wsa:Action values accepted (answer and fault); when absent any. */
  actions?: ReadonlySet<string>;
  /** Addressing headers that must be present (a request needs To, MessageID and Action). */
  requireHeaders?: readonly ('To' | 'From' | 'MessageID' | 'Action' | 'RelatesTo')[];
}

export interface VerifiedEnvelope {
  /** The Body's child element as XML text, from the signed copy. */
  bodyChildXml: string;
  bodyChild: { namespace: string | null; localName: string };
  addressing: { to?: string; from?: string; messageId?: string; action?: string; relatesTo?: string };
  signerOin: string;
  signatureValue: string;
}

const ADDRESSING_HEADERS = ['To', 'From', 'MessageID', 'Action', 'RelatesTo', 'ReplyTo', 'FaultTo'] as const;

function parse(xml: string): Document {
  if (/<!DOCTYPE/i.test(xml)) throw new WusError('malformed', 'the answer contains a DOCTYPE');
  try {
    return new DOMParser({ onError: (level, message) => { if (level !== 'warning') throw new Error(message); } }).parseFromString(xml, 'text/xml');
  } catch (err) {
    throw new WusError('malformed', `the answer is not well-formed XML: ${(err as Error).message.split('\n')[0]}`);
  }
}

export function elementChildren(node: Node): Element[] {
  const out: Element[] = [];
  for (let c = node.firstChild; c !== null; c = c.nextSibling) if (c.nodeType === 1) out.push(c as Element);
  return out;
}

function only(parent: Node, ns: string, local: string, what: string, required = true): Element | undefined {
  const found = elementChildren(parent).filter((e) => e.namespaceURI === ns && e.localName === local);
  if (found.length > 1) throw new WusError('signature-coverage', `${what} appears ${found.length} times`);
  if (found.length === 0 && required) throw new WusError(what === 'ds:Signature' ? 'unsigned' : 'malformed', `no ${what}`);
  return found[0];
}

const wsuId = (e: Element): string | null => e.getAttributeNS(NS.wsu, 'Id') || null;

function allIds(doc: Document): string[] {
  const ids: string[] = [];
  const walk = (e: Element) => {
    for (let i = 0; i < e.attributes.length; i++) {
      const attr = e.attributes.item(i)!;
      if (attr.localName === 'Id' || attr.localName === 'ID' || attr.localName === 'id') ids.push(attr.value);
    }
    for (const c of elementChildren(e)) walk(c);
  };
  walk(doc.documentElement!);
  return ids;
}

export function verifyEnvelope(xml: string, opts: VerifyOptions): VerifiedEnvelope {
  const now = opts.now ?? new Date();
  const skewMs = (opts.skewSeconds ?? 120) * 1000;
  const doc = parse(xml);
  const envelope = doc.documentElement;
  if (!envelope || envelope.namespaceURI !== NS.soapenv || envelope.localName !== 'Envelope') throw new WusError('malformed', 'the root is not a SOAP 1.1 Envelope');
  const children = elementChildren(envelope);
  const header = only(envelope, NS.soapenv, 'Header', 'soapenv:Header', false);
  const body = only(envelope, NS.soapenv, 'Body', 'soapenv:Body')!;
  if (children.length !== (header ? 2 : 1) || (header && children[0] !== header)) throw new WusError('malformed', 'the Envelope holds other elements than one Header and one Body');
  if (!header) throw new WusError('unsigned', 'no Header, so no WS-Security');
  const security = only(header, NS.wsse, 'Security', 'wsse:Security', false);
  if (!security) throw new WusError('unsigned', 'no wsse:Security header');
  const signature = only(security, NS.ds, 'Signature', 'ds:Signature')!;
  if (doc.getElementsByTagNameNS(NS.ds, 'Signature').length !== 1) throw new WusError('signature-coverage', 'a second ds:Signature appears in the message');
  const timestamp = only(security, NS.wsu, 'Timestamp', 'wsu:Timestamp');
  if (!timestamp) throw new WusError('timestamp', 'no wsu:Timestamp');
  const ids = allIds(doc);
  if (new Set(ids).size !== ids.length) throw new WusError('signature-coverage', 'an Id value is used twice');

  // 2. The signer: the BinarySecurityToken that the KeyInfo's SecurityTokenReference names.
  const keyInfo = only(signature, NS.ds, 'KeyInfo', 'ds:KeyInfo');
  const str = keyInfo && only(keyInfo, NS.wsse, 'SecurityTokenReference', 'wsse:SecurityTokenReference');
  const ref = str && only(str, NS.wsse, 'Reference', 'wsse:Reference');
  const tokenId = ref?.getAttribute('URI')?.replace(/^#/, '');
  const token = elementChildren(security).find((e) => e.namespaceURI === NS.wsse && e.localName === 'BinarySecurityToken' && wsuId(e) === tokenId);
  if (!token) throw new WusError('untrusted-signer', 'the signature does not reference a BinarySecurityToken in the Security header');
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(Buffer.from((token.textContent ?? '').replace(/\s+/g, ''), 'base64'));
  } catch {
    throw new WusError('untrusted-signer', 'the BinarySecurityToken holds no X.509 certificate');
  }
  const verdict = opts.trust.check(cert, now);
  if (!verdict.ok) throw new WusError('untrusted-signer', verdict.reason);

  // 3. The signature itself.
  const sig = new SignedXml({ publicCert: cert.toString(), idMode: 'wssecurity', getCertFromKeyInfo: () => null });
  // References resolve by `Id` attributes only (wsu:Id): one document scan per reference instead of three.
  // Safe because no Id, ID or id value occurs twice in the message (checked above).
  sig.idAttributes = ['Id'];
  sig.loadSignature(signature);
  if (!ACCEPTED_SIGNATURE_ALGORITHMS.has(sig.signatureAlgorithm ?? '')) throw new WusError('signature-invalid', 'the signature algorithm is not RSA with SHA-256 or stronger');
  if (sig.canonicalizationAlgorithm !== ALG.excC14n) throw new WusError('signature-invalid', 'the SignedInfo is not canonicalised with exclusive c14n');
  let valid = false;
  try {
    valid = sig.checkSignature(xml);
  } catch (err) {
    throw new WusError('signature-invalid', `the signature does not verify: ${(err as Error).message.split(':')[0]}`);
  }
  if (!valid) throw new WusError('signature-invalid', 'a reference\'s digest does not match (the message was changed)');
  const references = sig.getReferences();
  const signedById = new Map<string, string>();
  for (const r of references) {
    if (!ACCEPTED_DIGEST_ALGORITHMS.has(r.digestAlgorithm)) throw new WusError('signature-invalid', 'a digest algorithm is not SHA-256 or stronger');
    if (r.transforms.some((t) => t !== ALG.excC14n)) throw new WusError('signature-invalid', 'a reference uses another transform than exclusive c14n');
    const uri = r.uri.replace(/^#/, '');
    if (signedById.has(uri) || r.signedReference === undefined) throw new WusError('signature-coverage', 'a reference appears twice');
    signedById.set(uri, r.signedReference);
  }

  // 4. Coverage.
  const mustBeSigned = (e: Element, what: string) => {
    const id = wsuId(e);
    if (id === null || !signedById.has(id)) throw new WusError('signature-coverage', `${what} is not covered by the signature`);
    return signedById.get(id)!;
  };
  const signedBody = mustBeSigned(body, 'the Body');
  mustBeSigned(timestamp, 'the Timestamp');
  const addressing: VerifiedEnvelope['addressing'] = {};
  for (const e of elementChildren(header)) {
    if (e.namespaceURI !== NS.wsa) continue;
    if (!(ADDRESSING_HEADERS as readonly string[]).includes(e.localName ?? '')) continue;
    mustBeSigned(e, `wsa:${e.localName}`);
    const value = e.localName === 'From' || e.localName === 'ReplyTo' || e.localName === 'FaultTo'
      ? elementChildren(e).find((c) => c.localName === 'Address')?.textContent ?? ''
      : e.textContent ?? '';
    const key = ({ To: 'to', From: 'from', MessageID: 'messageId', Action: 'action', RelatesTo: 'relatesTo' } as const)[e.localName as 'To'];
    if (key !== undefined) {
      if (addressing[key] !== undefined) throw new WusError('signature-coverage', `wsa:${e.localName} appears twice`);
      addressing[key] = value.trim();
    }
  }
  for (const h of opts.requireHeaders ?? []) {
    const key = ({ To: 'to', From: 'from', MessageID: 'messageId', Action: 'action', RelatesTo: 'relatesTo' } as const)[h];
    if (addressing[key] === undefined) throw new WusError('addressing', `no wsa:${h}`);
  }
  if (opts.relatesTo !== undefined && addressing.relatesTo !== undefined && addressing.relatesTo !== opts.relatesTo) {
    throw new WusError('addressing', 'wsa:RelatesTo names another request');
  }
  if (opts.actions !== undefined && addressing.action !== undefined && !opts.actions.has(addressing.action)) {
    throw new WusError('addressing', 'wsa:Action is not the answer or fault of this operation');
  }

  checkTimestamp(timestamp, now, skewMs, (opts.maxAgeSeconds ?? 300) * 1000);

  if (opts.confirms !== undefined) {
    const confirmations = elementChildren(security).filter((e) => e.namespaceURI === NS.wsse11 && e.localName === 'SignatureConfirmation');
    if (confirmations.length !== 1) throw new WusError('signature-confirmation', confirmations.length === 0 ? 'no SignatureConfirmation (WB014)' : 'more than one SignatureConfirmation');
    mustBeSigned(confirmations[0]!, 'the SignatureConfirmation');
    if (confirmations[0]!.getAttribute('Value') !== opts.confirms) throw new WusError('signature-confirmation', 'the SignatureConfirmation does not confirm our request\'s signature');
  }

  // 5. Read the Body from what the signature covers.
  const signedDoc = parse(signedBody);
  const signedBodyEl = signedDoc.documentElement!;
  if (signedBodyEl.namespaceURI !== NS.soapenv || signedBodyEl.localName !== 'Body') throw new WusError('signature-coverage', 'the signed Body reference is not a Body');
  const child = elementChildren(signedBodyEl);
  if (child.length !== 1) throw new WusError('malformed', `the Body holds ${child.length} elements, not one`);
  return {
    bodyChildXml: new XMLSerializer().serializeToString(child[0]!),
    bodyChild: { namespace: child[0]!.namespaceURI, localName: child[0]!.localName ?? '' },
    addressing,
    signerOin: verdict.oin,
    signatureValue: (only(signature, NS.ds, 'SignatureValue', 'ds:SignatureValue')!.textContent ?? '').replace(/\s+/g, ''),
  };
}

function checkTimestamp(timestamp: Element, now: Date, skewMs: number, maxAgeMs: number): void {
  const text = (local: string) => elementChildren(timestamp).find((e) => e.namespaceURI === NS.wsu && e.localName === local)?.textContent?.trim();
  const created = Date.parse(text('Created') ?? '');
  if (Number.isNaN(created)) throw new WusError('timestamp', 'the Timestamp has no valid Created (WB002)');
  if (created > now.getTime() + skewMs) throw new WusError('timestamp', 'the Timestamp is created in the future');
  const expiresText = text('Expires');
  const expires = expiresText === undefined ? created + maxAgeMs : Date.parse(expiresText);
  if (Number.isNaN(expires) || expires < now.getTime() - skewMs) throw new WusError('timestamp', 'the Timestamp has expired');
}
