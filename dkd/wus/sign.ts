// A WS-Security signed SOAP 1.1 envelope as Digikoppeling WUS 2W-be-S asks (WB002, WB004, WB010): a
// Timestamp, the signing certificate as a BinarySecurityToken referenced directly, and one XML signature
// (RSA-SHA256, exclusive c14n, SHA-256 digests) over the Body, the Timestamp, every WS-Addressing header and,
// in an answer, the SignatureConfirmation. The signing itself is xml-crypto's (docs/decisions/0003-wus-signing.md).
import { randomUUID, X509Certificate } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import { ALG, BASE64_BINARY, NS, X509_TOKEN, xmlEscape } from './namespaces.ts';

export interface SigningIdentity {
  /** PEM private key. */
  key: string | Buffer;
  /** PEM certificate (the first one is used). */
  cert: string | Buffer;
}

export interface Addressing {
  to: string;
  /** wsa:From/wsa:Address. */
  from?: string;
  messageId: string;
  action: string;
  relatesTo?: string;
}

export interface EnvelopeSpec {
  addressing: Addressing;
  /** The Body's child element, as XML text. */
  bodyChildXml: string;
  /** An answer confirms the request's SignatureValue (WB014). */
  signatureConfirmation?: string;
  /** Timestamp lifetime; default 300 s (as the Suwinet broker does). */
  ttlSeconds?: number;
  now?: Date;
}

export interface SignedEnvelope { xml: string; signatureValue: string }

const SECURITY_XPATH = "/*[local-name()='Envelope']/*[local-name()='Header']/*[local-name()='Security']";

/** Certificate as base64 DER for a BinarySecurityToken; cached per identity. */
const derCache = new WeakMap<object, string>();
function certificateBase64(identity: SigningIdentity): string {
  let der = derCache.get(identity);
  if (der === undefined) {
    der = new X509Certificate(identity.cert).raw.toString('base64');
    derCache.set(identity, der);
  }
  return der;
}

export function signEnvelope(identity: SigningIdentity, spec: EnvelopeSpec): SignedEnvelope {
  const now = spec.now ?? new Date();
  const expires = new Date(now.getTime() + (spec.ttlSeconds ?? 300) * 1000);
  const id = (kind: string) => `${kind}-${randomUUID()}`;
  const ids = { ts: id('TS'), bst: id('X509'), sc: id('SC'), to: id('id'), from: id('id'), mid: id('id'), action: id('id'), rel: id('id'), body: id('id') };
  const a = spec.addressing;
  // Each reference by a direct path to its element: a `//*[@wsu:Id=…]` search would walk the whole document
  // once per reference, which is most of the signing time for a large Body.
  const HEADER = "/*[local-name()='Envelope']/*[local-name()='Header']";
  const SECURITY = `${HEADER}/*[local-name()='Security']`;
  const signed: string[] = [`/*[local-name()='Envelope']/*[local-name()='Body']`, `${SECURITY}/*[local-name()='Timestamp']`];
  const header: string[] = [];
  header.push(`<wsa:To wsu:Id="${ids.to}">${xmlEscape(a.to)}</wsa:To>`);
  signed.push(`${HEADER}/*[local-name()='To']`);
  if (a.from !== undefined) {
    header.push(`<wsa:From wsu:Id="${ids.from}"><wsa:Address>${xmlEscape(a.from)}</wsa:Address></wsa:From>`);
    signed.push(`${HEADER}/*[local-name()='From']`);
  }
  header.push(`<wsa:MessageID wsu:Id="${ids.mid}">${xmlEscape(a.messageId)}</wsa:MessageID>`);
  header.push(`<wsa:Action wsu:Id="${ids.action}">${xmlEscape(a.action)}</wsa:Action>`);
  signed.push(`${HEADER}/*[local-name()='MessageID']`, `${HEADER}/*[local-name()='Action']`);
  if (a.relatesTo !== undefined) {
    header.push(`<wsa:RelatesTo wsu:Id="${ids.rel}">${xmlEscape(a.relatesTo)}</wsa:RelatesTo>`);
    signed.push(`${HEADER}/*[local-name()='RelatesTo']`);
  }
  let confirmation = '';
  if (spec.signatureConfirmation !== undefined) {
    confirmation = `<wsse11:SignatureConfirmation xmlns:wsse11="${NS.wsse11}" wsu:Id="${ids.sc}" Value="${xmlEscape(spec.signatureConfirmation)}"/>`;
    signed.push(`${SECURITY}/*[local-name()='SignatureConfirmation']`);
  }
  const xml =
    `<soapenv:Envelope xmlns:soapenv="${NS.soapenv}" xmlns:wsa="${NS.wsa}" xmlns:wsse="${NS.wsse}" xmlns:wsu="${NS.wsu}">` +
    '<soapenv:Header>' +
    '<wsse:Security soapenv:mustUnderstand="1">' +
    `<wsu:Timestamp wsu:Id="${ids.ts}"><wsu:Created>${now.toISOString()}</wsu:Created><wsu:Expires>${expires.toISOString()}</wsu:Expires></wsu:Timestamp>` +
    confirmation +
    `<wsse:BinarySecurityToken EncodingType="${BASE64_BINARY}" ValueType="${X509_TOKEN}" wsu:Id="${ids.bst}">${certificateBase64(identity)}</wsse:BinarySecurityToken>` +
    '</wsse:Security>' +
    header.join('') +
    '</soapenv:Header>' +
    `<soapenv:Body wsu:Id="${ids.body}">${spec.bodyChildXml}</soapenv:Body>` +
    '</soapenv:Envelope>';

  const sig = new SignedXml({
    privateKey: identity.key,
    signatureAlgorithm: ALG.rsaSha256,
    canonicalizationAlgorithm: ALG.excC14n,
    idMode: 'wssecurity',
    getKeyInfoContent: () =>
      `<wsse:SecurityTokenReference xmlns:wsse="${NS.wsse}"><wsse:Reference URI="#${ids.bst}" ValueType="${X509_TOKEN}"/></wsse:SecurityTokenReference>`,
  });
  for (const xpath of signed) sig.addReference({ xpath, transforms: [ALG.excC14n], digestAlgorithm: ALG.sha256 });
  sig.computeSignature(xml, { prefix: 'ds', location: { reference: SECURITY_XPATH, action: 'append' } });
  const signatureValue = /<ds:SignatureValue>([^<]+)<\/ds:SignatureValue>/.exec(sig.getSignatureXml())?.[1];
  if (signatureValue === undefined) throw new Error('wus: the signature has no SignatureValue');
  return { xml: sig.getSignedXml(), signatureValue };
}
