// `ketenpoort partners check`: certificate expiry of every file the partners configuration points at, and a
// TLS handshake with each partner endpoint using the gateway's own client certificate. Runs where the
// configuration is; it does not need a running gateway.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import { certificateViews, type CertificateView } from '../../cockpit/partner-health.ts';
import { loadPartners, type Partner } from '../../config/partners.ts';
import { parseArgs, UsageError } from '../args.ts';
import { ROOT, cliVariables, devCertsDir, positiveInt, printJson, type Io } from '../context.ts';
import { table } from '../format.ts';

export interface Reachability { ok: boolean; ms: number; error?: string; authorized?: boolean }

export interface PartnerCheck {
  name: string;
  role: string;
  endpoint: string | null;
  reachable: Reachability | null;
  certificates: CertificateView[];
  problems: string[];
}

/** A TLS handshake only (no request): proves the address, the server certificate and that our client certificate is taken. */
export function handshake(partner: Partner, identity: { cert: Buffer; key: Buffer }, timeoutMs: number): Promise<Reachability> {
  const d = partner.delivery!;
  const url = new URL(d.url);
  const started = performance.now();
  return new Promise((resolve) => {
    let ca: Buffer;
    try {
      ca = readFileSync(d.serverCaFile);
    } catch (err) {
      resolve({ ok: false, ms: 0, error: `cannot read serverCa: ${(err as NodeJS.ErrnoException).code}` });
      return;
    }
    const socket = tls.connect({
      host: url.hostname, port: Number(url.port || 443), servername: d.serverName ?? url.hostname,
      ca, cert: identity.cert, key: identity.key, minVersion: 'TLSv1.2', timeout: timeoutMs,
    });
    const done = (r: Reachability) => { socket.destroy(); resolve(r); };
    socket.once('secureConnect', () => done({ ok: socket.authorized, ms: Math.round(performance.now() - started), authorized: socket.authorized, ...(socket.authorized ? {} : { error: String(socket.authorizationError) }) }));
    socket.once('timeout', () => done({ ok: false, ms: Math.round(performance.now() - started), error: `no handshake within ${timeoutMs} ms` }));
    socket.once('error', (err: NodeJS.ErrnoException) => done({ ok: false, ms: Math.round(performance.now() - started), error: `${err.code ?? 'error'}: ${err.message}` }));
  });
}

export async function checkPartners(partnersFile: string, identity: { cert: Buffer; key: Buffer }, timeoutMs: number): Promise<PartnerCheck[]> {
  const registry = loadPartners(partnersFile);
  return Promise.all(registry.partners.map(async (p) => {
    const certificates = [...certificateViews('client-ca', p.caFile), ...(p.delivery ? certificateViews('server-ca', p.delivery.serverCaFile) : [])];
    const reachable = p.delivery ? await handshake(p, identity, timeoutMs) : null;
    const problems: string[] = [];
    for (const c of certificates) {
      if (c.error) problems.push(`${c.use} ${c.error}`);
      else if (c.expiresWithin30Days) problems.push(`${c.use} certificate expires in ${c.daysLeft} days`);
    }
    if (reachable && !reachable.ok) problems.push(`endpoint unreachable: ${reachable.error}`);
    return { name: p.name, role: p.role, endpoint: p.delivery?.url ?? null, reachable, certificates, problems };
  }));
}

export async function partnersCommand(argv: readonly string[], env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'check') throw new UsageError('ketenpoort partners check [--partners FILE] [--client-cert F --client-key F] [--timeout MS]');
  const args = parseArgs(rest, { options: ['partners', 'client-cert', 'client-key', 'timeout'], switches: ['json'] });
  const v = cliVariables(env, ['KP_CLIENT_CERT', 'KP_CLIENT_KEY']);
  // Unset, the registry beside the CLI (ROOT); set, the validated path (relative to the working directory).
  const given = env.KP_PARTNERS_FILE?.trim() ? cliVariables(env, ['KP_PARTNERS_FILE']).KP_PARTNERS_FILE : undefined;
  const partnersFile = path.resolve(args.options.get('partners') ?? given ?? path.join(ROOT, 'config/partners.dev.yaml'));
  const certFile = path.resolve(args.options.get('client-cert') ?? v.KP_CLIENT_CERT ?? path.join(devCertsDir(env), 'gateway-client.crt'));
  const keyFile = path.resolve(args.options.get('client-key') ?? v.KP_CLIENT_KEY ?? path.join(devCertsDir(env), 'gateway-client.key'));
  let identity: { cert: Buffer; key: Buffer };
  try {
    identity = { cert: readFileSync(certFile), key: readFileSync(keyFile) };
  } catch (err) {
    io.err(`cannot read the gateway client certificate (${(err as NodeJS.ErrnoException).code}): ${certFile}; pass --client-cert/--client-key or run \`ketenpoort certs dev\``);
    return 3;
  }
  const checks = await checkPartners(partnersFile, identity, positiveInt(args, 'timeout') ?? 5_000);
  const own = certificateViews('gateway-client', certFile);
  const failing = checks.some((c) => c.problems.length > 0) || own.some((c) => c.error || c.expiresWithin30Days);
  if (args.switches.has('json')) {
    printJson(io, { partners: checks, gatewayClient: own, ok: !failing });
    return failing ? 1 : 0;
  }
  io.out(table(['PARTNER', 'ROLE', 'ENDPOINT', 'REACHABLE', 'CERT DAYS LEFT', 'PROBLEMS'], checks.map((c) => [
    c.name, c.role, c.endpoint,
    c.reachable === null ? '-' : c.reachable.ok ? `yes (${c.reachable.ms} ms)` : 'NO',
    minDays(c.certificates),
    c.problems.join('; ') || 'ok',
  ])));
  io.out('');
  io.out(`gateway client certificate: ${own.map((c) => (c.error ? c.error : `${c.daysLeft} days left`)).join(', ')}`);
  io.out(failing ? 'Problems found.' : 'All partners ok.');
  return failing ? 1 : 0;
}

function minDays(certs: readonly CertificateView[]): string {
  const days = certs.map((c) => c.daysLeft).filter((d): d is number => d !== null);
  return days.length === 0 ? '-' : String(Math.min(...days));
}
