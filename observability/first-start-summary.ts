// What a newcomer needs after `npm start`, in words beside the JSON log: where to reach the gateway, where its
// development certificates and keys are, a first message to send, and which partner endpoints do not listen
// (deliveries to them retry and end dead unless `npm run demo` or the partner itself runs).
import net from 'node:net';
import path from 'node:path';
import type { PartnerRegistry } from '../config/partners.ts';
import type { Settings } from '../config/settings.ts';

export interface SummaryInput {
  settings: Settings;
  partners: PartnerRegistry;
  /** Files the first start made (development certificates, dev-secrets.env). */
  made: readonly string[];
}

export async function firstStartSummary({ settings, partners, made }: SummaryInput): Promise<string> {
  const rel = (p: string) => path.relative(process.cwd(), p) || p;
  const host = settings.host === '0.0.0.0' || settings.host === '::' ? 'localhost' : settings.host;
  const certs = rel(settings.devCertsDir);
  const silent = await endpointsNotListening(partners);
  const lines = [
    '',
    `Ketenpoort listens on https://${host}:${settings.port} (mutual TLS)${settings.opsPort ? `; probes and metrics on http://${settings.opsHost}:${settings.opsPort}/readyz and /metrics` : ''}.`,
    `Cockpit: https://${host}:${settings.port}/cockpit/ (import ${certs}/operator.crt and .key into the browser).`,
    made.length > 0
      ? `Made on this first start: development certificates in ${certs}/ and keys in ${rel(path.join(settings.dataDir, 'dev-secrets.env'))} (never commit them).`
      : `Development certificates: ${certs}/; keys: ${rel(path.join(settings.dataDir, 'dev-secrets.env'))}.`,
    'Send a first message:',
    `  curl --cert ${certs}/gemeente-0384.crt --key ${certs}/gemeente-0384.key --cacert ${certs}/ca.crt \\`,
    `    -H 'content-type: application/xml' --data-binary @../shared/corpus/istandaarden/iwmo-3.2/samples/WMO301.xml \\`,
    `    https://${host}:${settings.port}/v1/messages`,
  ];
  if (silent.length > 0) {
    lines.push(
      `No endpoint listens for ${silent.join(', ')}: deliveries to them are retried and end dead`,
      '(see them with `npx ketenpoort dead list`) unless the partner runs; `npm run demo` starts stand-ins of its own.',
    );
  }
  return `${lines.join('\n')}\n`;
}

async function endpointsNotListening(partners: PartnerRegistry): Promise<string[]> {
  const checks = partners.partners
    .filter((p) => p.delivery !== undefined)
    .map(async (p) => ((await listens(new URL(p.delivery!.url))) ? undefined : p.name));
  return (await Promise.all(checks)).filter((n): n is string => n !== undefined);
}

function listens(url: URL): Promise<boolean> {
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  return new Promise((resolve) => {
    const socket = net.connect({ host: url.hostname, port, timeout: 500 });
    const done = (ok: boolean) => { socket.destroy(); resolve(ok); };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}
