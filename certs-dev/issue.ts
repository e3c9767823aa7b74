// Building blocks for development certificates: native RSA key generation (fast, off the main
// thread) and node-forge for the X.509 structure, which Node's crypto cannot create.
import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';

const generateRsa = promisify(generateKeyPair);

const DAY_MS = 24 * 60 * 60 * 1000;
/** Backdated so a certificate made a moment ago is valid on a machine whose clock is slightly behind. */
const CLOCK_SKEW_MS = 60 * 60 * 1000;

export interface KeyPair {
  /** PKCS#8 PEM, as written to disk. */
  readonly privateKeyPem: string;
  readonly privateKey: forge.pki.rsa.PrivateKey;
  readonly publicKey: forge.pki.rsa.PublicKey;
}

export async function newRsaKeyPair(): Promise<KeyPair> {
  const { privateKey, publicKey } = await generateRsa('rsa', {
    modulusLength: 2048,
    publicExponent: 0x10001,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return {
    privateKeyPem: privateKey,
    privateKey: forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey,
    publicKey: forge.pki.publicKeyFromPem(publicKey) as forge.pki.rsa.PublicKey,
  };
}

export function keyPairFromPem(privateKeyPem: string): KeyPair {
  const privateKey = forge.pki.privateKeyFromPem(privateKeyPem) as forge.pki.rsa.PrivateKey;
  return { privateKeyPem, privateKey, publicKey: forge.pki.setRsaPublicKey(privateKey.n, privateKey.e) };
}

export interface SubjectSpec {
  readonly commonName: string;
  readonly organization: string;
  /** Values for the subject serialNumber attribute (OID 2.5.4.5), where Digikoppeling puts the OIN. Usually one. */
  readonly serialNumbers?: readonly string[];
}

export interface Issuer {
  readonly cert: forge.pki.Certificate;
  readonly keys: KeyPair;
}

export type LeafUsage = 'serverAuth' | 'clientAuth';

export interface LeafSpec {
  readonly subject: SubjectSpec;
  readonly usage: LeafUsage;
  readonly validityDays: number;
  readonly dnsNames?: readonly string[];
  readonly ipAddresses?: readonly string[];
}

export function createCaCertificate(subject: SubjectSpec, keys: KeyPair, validityDays: number): forge.pki.Certificate {
  const cert = baseCertificate(keys, validityDays);
  const name = subjectAttributes(subject);
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return cert;
}

export function issueLeafCertificate(spec: LeafSpec, keys: KeyPair, issuer: Issuer): forge.pki.Certificate {
  const cert = baseCertificate(keys, spec.validityDays);
  cert.setSubject(subjectAttributes(spec.subject));
  cert.setIssuer(issuer.cert.subject.attributes);
  const altNames = [
    ...(spec.dnsNames ?? []).map((value) => ({ type: 2, value })),
    ...(spec.ipAddresses ?? []).map((ip) => ({ type: 7, ip })),
  ];
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', [spec.usage]: true },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: issuer.cert.generateSubjectKeyIdentifier().getBytes() },
    ...(altNames.length > 0 ? [{ name: 'subjectAltName', altNames }] : []),
  ]);
  cert.sign(issuer.keys.privateKey, forge.md.sha256.create());
  return cert;
}

function baseCertificate(keys: KeyPair, validityDays: number): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = randomSerialHex();
  const now = Date.now();
  cert.validity.notBefore = new Date(now - CLOCK_SKEW_MS);
  cert.validity.notAfter = new Date(now + validityDays * DAY_MS);
  return cert;
}

function subjectAttributes(subject: SubjectSpec): forge.pki.CertificateField[] {
  return [
    { shortName: 'C', value: 'NL' },
    { shortName: 'O', value: subject.organization },
    { shortName: 'CN', value: subject.commonName },
    ...(subject.serialNumbers ?? []).map((value) => ({ name: 'serialNumber', value })),
  ];
}

/** 16 random bytes, first byte 0x01–0x7f: positive as a DER INTEGER and without a leading zero byte. */
function randomSerialHex(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01;
  return bytes.toString('hex');
}
