// Development PKI: one dev CA, the gateway's server and client certificates, one client certificate per
// configured partner, plus two deliberately wrong client certificates for tests (unknown CA; unknown OIN).
// Run directly (`npm run certs:dev [-- --force]`) it reads config/partners.dev.yaml and writes certs-dev/out/.
import { existsSync, mkdirSync, readFileSync, chmodSync, statSync } from 'node:fs';
import { join, resolve, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import forge from 'node-forge';
import {
  createCaCertificate,
  issueLeafCertificate,
  keyPairFromPem,
  newRsaKeyPair,
  type Issuer,
  type KeyPair,
  type LeafUsage,
} from './issue.ts';
import { withDirectoryLock, writeFileAtomic } from './files.ts';
import { loadPartners } from '../config/partners.ts';
import { readVariables, SettingsError } from '../config/schema.ts';

/** The gateway's own (fictitious) OIN, in its server and outgoing client certificate. */
export const GATEWAY_OIN = '00000001000000384999';
/** Signed by the dev CA, but in no partner registry. */
export const STRANGER_OIN = '00000009999999999000';
/** The Suwinet stand-in (demo/suwinet-standin.ts): its HTTPS server and WS-Security signing certificate. */
export const SUWINET_OIN = '00000001000000000053';
/** The rogue client claims gemeente-0384's OIN, so a test shows the chain check (not the OIN lookup) rejects it. */
export const ROGUE_OIN = '00000001000000384000';

const ORGANIZATION = 'Ketenpoort development';
const CA_VALIDITY_DAYS = 3652;
const LEAF_VALIDITY_DAYS = 730;
/** A certificate that expires sooner than this is replaced on the next run. */
const RENEW_WITHIN_DAYS = 30;
const KEY_FILE_MODE = 0o600;
const CERT_FILE_MODE = 0o644;

const PARTNER_NAME = /^[a-z0-9][a-z0-9-]*$/;
const OIN = /^\d{20}$/;
const RESERVED_NAMES = new Set(['ca', 'server', 'gateway-client', 'rogue-ca', 'rogue-client', 'stranger', 'suwinet']);

export interface DevCertFiles {
  dir: string;
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  /** The gateway's own client certificate for outgoing deliveries. */
  gatewayClientCert: string;
  gatewayClientKey: string;
  /** Absolute paths of a configured partner's client certificate and key; throws for a name not passed in. */
  partner(name: string): { cert: string; key: string };
  /** Client certificate from a CA nobody trusts. */
  rogueCaCert: string;
  rogueClientCert: string;
  rogueClientKey: string;
  /** Signed by the dev CA, OIN STRANGER_OIN (in no registry). */
  strangerCert: string;
  strangerKey: string;
  /** The Suwinet stand-in: server certificate for localhost that also signs its SOAP answers, OIN SUWINET_OIN. */
  suwinetCert: string;
  suwinetKey: string;
  /** Absolute paths written by this call, in the order written; empty when everything was already in place. */
  created: readonly string[];
}

export interface DevCertPartner {
  name: string;
  oin: string;
}

export class DevCertError extends Error {
  readonly code = 'dev-certs-invalid';
  override readonly name = 'DevCertError';
}

interface LeafPlan {
  readonly base: string;
  readonly commonName: string;
  readonly oin: string;
  readonly usage: LeafUsage;
  readonly dnsNames?: readonly string[];
  readonly ipAddresses?: readonly string[];
}

export async function ensureDevCerts(opts: {
  outDir: string;
  partners: ReadonlyArray<DevCertPartner>;
  force?: boolean;
}): Promise<DevCertFiles> {
  checkPartners(opts.partners);
  const dir = resolve(opts.outDir);
  mkdirSync(dir, { recursive: true });
  const created = await withDirectoryLock(dir, () => ensureLocked(dir, opts.partners, opts.force === true));
  return describeFiles(dir, opts.partners, created);
}

async function ensureLocked(dir: string, partners: ReadonlyArray<DevCertPartner>, force: boolean): Promise<string[]> {
  const created: string[] = [];
  const write = (base: string, cert: forge.pki.Certificate, keys: KeyPair): void => {
    const certFile = join(dir, `${base}.crt`);
    const keyFile = join(dir, `${base}.key`);
    writeFileAtomic(keyFile, keys.privateKeyPem, KEY_FILE_MODE);
    writeFileAtomic(certFile, forge.pki.certificateToPem(cert), CERT_FILE_MODE);
    created.push(certFile, keyFile);
  };

  const existingCa = force ? undefined : readIssuer(join(dir, 'ca.crt'), join(dir, 'ca.key'));
  const renewAll = existingCa === undefined;
  const leaves = leafPlans(partners).filter((plan) => renewAll || !leafIsCurrent(dir, plan, existingCa));
  const renewRogue = renewAll || !rogueIsCurrent(dir);

  // Keys are generated concurrently on libuv's thread pool; this is where nearly all the time goes.
  const keyCount = (renewAll ? 1 : 0) + leaves.length + (renewRogue ? 2 : 0);
  const keys = await Promise.all(Array.from({ length: keyCount }, () => newRsaKeyPair()));
  const nextKey = (): KeyPair => {
    const key = keys.pop();
    if (key === undefined) throw new Error('dev certs: key count miscalculated');
    return key;
  };

  let ca = existingCa;
  if (ca === undefined) {
    const caKeys = nextKey();
    ca = { cert: createCaCertificate({ commonName: 'Ketenpoort development CA', organization: ORGANIZATION }, caKeys, CA_VALIDITY_DAYS), keys: caKeys };
    write('ca', ca.cert, ca.keys);
  }
  for (const plan of leaves) {
    const leafKeys = nextKey();
    write(plan.base, issueLeaf(plan, leafKeys, ca, ORGANIZATION), leafKeys);
  }
  if (renewRogue) {
    const rogueCaKeys = nextKey();
    const rogueCa = {
      cert: createCaCertificate({ commonName: 'Rogue development CA', organization: 'Not Ketenpoort' }, rogueCaKeys, CA_VALIDITY_DAYS),
      keys: rogueCaKeys,
    };
    const clientKeys = nextKey();
    // Same organisation name as the real ones: only the chain gives it away.
    const client = issueLeaf({ base: 'rogue-client', commonName: 'rogue-client', oin: ROGUE_OIN, usage: 'clientAuth' }, clientKeys, rogueCa, ORGANIZATION);
    write('rogue-client', client, clientKeys);
    // The rogue CA key is not kept: nothing else is ever signed with it.
    const rogueCaFile = join(dir, 'rogue-ca.crt');
    writeFileAtomic(rogueCaFile, forge.pki.certificateToPem(rogueCa.cert), CERT_FILE_MODE);
    created.push(rogueCaFile);
  }
  tightenKeyModes(dir, partners);
  return created;
}

function leafPlans(partners: ReadonlyArray<DevCertPartner>): LeafPlan[] {
  return [
    { base: 'server', commonName: 'localhost', oin: GATEWAY_OIN, usage: 'serverAuth', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1', '::1'] },
    { base: 'gateway-client', commonName: 'gateway-client', oin: GATEWAY_OIN, usage: 'clientAuth' },
    ...partners.map((p): LeafPlan => ({ base: p.name, commonName: p.name, oin: p.oin, usage: 'clientAuth' })),
    { base: 'stranger', commonName: 'stranger', oin: STRANGER_OIN, usage: 'clientAuth' },
    { base: 'suwinet', commonName: 'suwinet', oin: SUWINET_OIN, usage: 'serverAuth', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1', '::1'] },
  ];
}

function issueLeaf(plan: LeafPlan, keys: KeyPair, issuer: Issuer, organization: string): forge.pki.Certificate {
  return issueLeafCertificate(
    {
      subject: { commonName: plan.commonName, organization, serialNumbers: [plan.oin] },
      usage: plan.usage,
      validityDays: LEAF_VALIDITY_DAYS,
      ...(plan.dnsNames ? { dnsNames: plan.dnsNames } : {}),
      ...(plan.ipAddresses ? { ipAddresses: plan.ipAddresses } : {}),
    },
    keys,
    issuer,
  );
}

/** The CA on disk, if both files exist, belong together and the certificate is not about to expire. */
function readIssuer(certFile: string, keyFile: string): Issuer | undefined {
  const pair = readPair(certFile, keyFile);
  if (pair === undefined || !isSelfSigned(pair.cert)) return undefined;
  return pair;
}

function leafIsCurrent(dir: string, plan: LeafPlan, ca: Issuer): boolean {
  const pair = readPair(join(dir, `${plan.base}.crt`), join(dir, `${plan.base}.key`));
  if (pair === undefined) return false;
  const subject = pair.cert.subject;
  return (
    verifies(ca.cert, pair.cert) &&
    subject.getField({ name: 'serialNumber' })?.value === plan.oin &&
    subject.getField('CN')?.value === plan.commonName
  );
}

function rogueIsCurrent(dir: string): boolean {
  const client = readPair(join(dir, 'rogue-client.crt'), join(dir, 'rogue-client.key'));
  const rogueCa = readCertificate(join(dir, 'rogue-ca.crt'));
  return client !== undefined && rogueCa !== undefined && verifies(rogueCa, client.cert);
}

function readPair(certFile: string, keyFile: string): Issuer | undefined {
  const cert = readCertificate(certFile);
  if (cert === undefined || !existsSync(keyFile)) return undefined;
  try {
    const keys = keyPairFromPem(readFileSync(keyFile, 'utf8'));
    const certKey = cert.publicKey as forge.pki.rsa.PublicKey;
    if (!certKey.n.equals(keys.publicKey.n) || !certKey.e.equals(keys.publicKey.e)) return undefined;
    return { cert, keys };
  } catch {
    return undefined;
  }
}

function readCertificate(file: string): forge.pki.Certificate | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const cert = forge.pki.certificateFromPem(readFileSync(file, 'utf8'));
    const renewBy = Date.now() + RENEW_WITHIN_DAYS * 24 * 60 * 60 * 1000;
    return cert.validity.notAfter.getTime() > renewBy ? cert : undefined;
  } catch {
    return undefined;
  }
}

function isSelfSigned(cert: forge.pki.Certificate): boolean {
  return cert.isIssuer(cert) && verifies(cert, cert);
}

function verifies(issuer: forge.pki.Certificate, cert: forge.pki.Certificate): boolean {
  try {
    return issuer.verify(cert);
  } catch {
    return false;
  }
}

function tightenKeyModes(dir: string, partners: ReadonlyArray<DevCertPartner>): void {
  const bases = ['ca', 'rogue-client', ...leafPlans(partners).map((p) => p.base)];
  for (const base of bases) {
    const file = join(dir, `${base}.key`);
    if (existsSync(file) && (statSync(file).mode & 0o777) !== KEY_FILE_MODE) chmodSync(file, KEY_FILE_MODE);
  }
}

function checkPartners(partners: ReadonlyArray<DevCertPartner>): void {
  const seen = new Set<string>();
  for (const { name, oin } of partners) {
    if (!PARTNER_NAME.test(name)) throw new DevCertError(`dev certs: partner name "${name}" must match ${PARTNER_NAME.source}`);
    if (RESERVED_NAMES.has(name)) throw new DevCertError(`dev certs: partner name "${name}" is reserved for ${name}.crt`);
    if (seen.has(name)) throw new DevCertError(`dev certs: partner name "${name}" appears twice`);
    if (!OIN.test(oin)) throw new DevCertError(`dev certs: partner "${name}": oin must be exactly 20 digits`);
    seen.add(name);
  }
}

function describeFiles(dir: string, partners: ReadonlyArray<DevCertPartner>, created: readonly string[]): DevCertFiles {
  const known = new Set(partners.map((p) => p.name));
  const file = (name: string): string => join(dir, name);
  return {
    dir,
    caCert: file('ca.crt'),
    caKey: file('ca.key'),
    serverCert: file('server.crt'),
    serverKey: file('server.key'),
    gatewayClientCert: file('gateway-client.crt'),
    gatewayClientKey: file('gateway-client.key'),
    partner(name: string) {
      if (!known.has(name)) throw new DevCertError(`dev certs: no certificate for partner "${name}"`);
      return { cert: file(`${name}.crt`), key: file(`${name}.key`) };
    },
    rogueCaCert: file('rogue-ca.crt'),
    rogueClientCert: file('rogue-client.crt'),
    rogueClientKey: file('rogue-client.key'),
    strangerCert: file('stranger.crt'),
    strangerKey: file('stranger.key'),
    suwinetCert: file('suwinet.crt'),
    suwinetKey: file('suwinet.key'),
    created,
  };
}

async function main(): Promise<void> {
  // The same files the gateway reads: KP_PARTNERS_FILE and KP_DEV_CERTS_DIR, relative to the working directory,
  // checked by the one configuration schema (a bad value names the variable); unset, the ones beside this script.
  const given = readVariables(process.env, ['KP_PARTNERS_FILE', 'KP_DEV_CERTS_DIR']);
  const set = (name: 'KP_PARTNERS_FILE' | 'KP_DEV_CERTS_DIR') => (process.env[name]?.trim() ? resolve(given[name]!) : undefined);
  const configFile = set('KP_PARTNERS_FILE') ?? fileURLToPath(new URL('../config/partners.dev.yaml', import.meta.url));
  const outDir = set('KP_DEV_CERTS_DIR') ?? fileURLToPath(new URL('./out/', import.meta.url));
  const registry = loadPartners(relative(process.cwd(), configFile) || configFile);
  const result = await ensureDevCerts({
    outDir,
    partners: registry.partners.map(({ name, oin }) => ({ name, oin })),
    force: process.argv.includes('--force'),
  });
  for (const path of result.created) console.log(relative(process.cwd(), path));
  if (result.created.length === 0) console.log(`${relative(process.cwd(), outDir) || outDir}: up to date`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = error instanceof SettingsError ? 2 : 1;
  });
}
