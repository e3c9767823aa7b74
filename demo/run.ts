import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Agent, request } from 'undici';
import { ensureDevCerts } from '../certs-dev/generate.ts';
import { withDevSecrets } from '../config/dev-secrets.ts';
import { loadPartners } from '../config/partners.ts';
import { readVariables, SettingsError } from '../config/schema.ts';
import { settingsFromEnv } from '../config/settings.ts';
import { startKetenpoort } from '../ketenpoort.ts';
import { createLogger } from '../observability/logger.ts';
import { deleteTopology } from '../queue/topology.ts';
import { DEMO_DKD_FILE, showKlantbeeld, startDemoSuwinet } from './dkd.ts';
import { PartnerEndpoint } from './partner-endpoint.ts';
import { showPgbFlow, startDemoGbav, startDemoSvb } from './pgb.ts';

// `npm run demo`: the chain in one command. Starts the gateway and the care provider's endpoint
// (aanbieder-42420001, the Ontvanger of the corpus WMO301), sends the WMO301 as gemeente-0384
// over mutual TLS, and shows it arrive.
const say = (text: string) => process.stdout.write(`${text}\n`);
// The demo's own variables by the one configuration schema (config/schema.ts); the gateway's are validated by
// settingsFromEnv below. A bad value is a clear message, never a stack trace.
const demoEnv = (() => {
  try {
    return readVariables(process.env, ['KP_DEMO_MESSAGE', 'KP_DEMO_PORT', 'KP_DEMO_DKD_FILE']);
  } catch (err) {
    if (!(err instanceof SettingsError)) throw err;
    say(`demo: ${err.message}`);
    return process.exit(2);
  }
})();
const SAMPLE = path.resolve(demoEnv.KP_DEMO_MESSAGE!);

// Beside a running `npm start`: its own port (8543), no ops port, its own database (removed at the end) and
// its own queues (removed at the end). Only the development certificates and keys are shared.
const demoDir = mkdtempSync(path.join(os.tmpdir(), 'kp-demo-'));
const settings = settingsFromEnv({
  ...process.env,
  KP_QUEUE_PREFIX: process.env.KP_QUEUE_PREFIX ?? `kp-demo-${process.pid}`,
  KP_PORT: String(demoEnv.KP_DEMO_PORT),
  KP_OPS_PORT: '0',
  KP_SQLITE_FILE: path.join(demoDir, 'demo.db'),
  DATABASE_URL: '',
  // KP_DEMO_DKD_FILE: another DKD file (its endpoints name the stand-in's port), e.g. to run beside another demo.
  KP_DKD_FILE: demoEnv.KP_DEMO_DKD_FILE ?? (process.env.KP_DKD_FILE || DEMO_DKD_FILE),
});
process.on('exit', () => rmSync(demoDir, { recursive: true, force: true }));
/** A port in use is a clear message, never a stack trace. */
async function orSay<T>(what: string, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { port?: number };
    if (e.code === 'EADDRINUSE') say(`demo: ${what} cannot listen: port ${e.port ?? ''} is in use (another demo running?)${what === 'Ketenpoort' ? '; KP_DEMO_PORT picks another' : ''}.`);
    else say(`demo: ${what} could not start: ${e.message}`);
    process.exit(1);
  }
}
const partners = loadPartners(settings.partnersFile);
const certs = await ensureDevCerts({ outDir: settings.devCertsDir, partners: partners.partners.map((p) => ({ name: p.name, oin: p.oin })) });
const env = withDevSecrets(process.env, settings.dataDir);

const aanbieder = partners.byName('aanbieder-42420001');
const endpointUrl = new URL(aanbieder!.delivery!.url);
const endpoint = await orSay('the care provider\'s endpoint', () => new PartnerEndpoint({
  port: Number(endpointUrl.port), key: readFileSync(certs.serverKey), cert: readFileSync(certs.serverCert), ca: readFileSync(certs.caCert),
}).start());
// The municipality's own endpoint, where retours for its messages arrive.
const gemeenteUrl = new URL(partners.byName('gemeente-0384')!.delivery!.url);
const gemeenteEndpoint = await orSay('the municipality\'s endpoint', () => new PartnerEndpoint({
  port: Number(gemeenteUrl.port), key: readFileSync(certs.serverKey), cert: readFileSync(certs.serverCert), ca: readFileSync(certs.caCert),
}).start());
say(`1. care provider aanbieder-42420001 listens on ${endpoint.url}; gemeente-0384 on ${gemeenteEndpoint.url}`);

// The Suwinet stand-in for the Digitaal Klantdossier step, where config/dkd.dev.yaml expects it.
const suwinet = await orSay('the Suwinet stand-in', () => startDemoSuwinet(certs, settings.dkd.file ?? DEMO_DKD_FILE));
// The SVB stand-in for the PGB step, where config/partners.dev.yaml expects partner svb.
const svb = await orSay('the SVB stand-in', () => startDemoSvb(certs, partners));
// The GBA-V stand-in, where the BRP follow of a budgethouder (the Ap01) is delivered.
const gbav = await orSay('the GBA-V stand-in', () => startDemoGbav(certs, partners));
const kp = await orSay('Ketenpoort', () => startKetenpoort(settings, env, { logger: createLogger({ level: 'warn' }) }));
say(`2. Ketenpoort listens on ${kp.url} (mTLS; store: ${kp.store.dialect}; broker: ${settings.amqpUrl.replace(/\/\/[^@]*@/, '//')})`);
if (!(await kp.broker.whenUp(10_000))) say('   (RabbitMQ is not reachable yet: the message will be stored and answered 503 until it is)');

const gemeente = certs.partner('gemeente-0384');
const agent = new Agent({ connect: { ca: readFileSync(certs.caCert), cert: readFileSync(gemeente.cert), key: readFileSync(gemeente.key), servername: 'localhost' } });
// A BerichtIdentificatie of its own each run: the gateway keeps what it saw, and a used one is 9056 (TR056).
const identificatie = `D${Date.now().toString(36).toUpperCase().slice(-11)}`;
const body = Buffer.from(readFileSync(SAMPLE, 'utf8').replace(/(<\w+:BerichtIdentificatie>\s*<\w+:Identificatie>)[^<]*/, `$1${identificatie}`));
say(`3. gemeente-0384 sends ${path.basename(SAMPLE)} as Identificatie ${identificatie} (${body.length} bytes); the corpus file itself with curl:`);
say(`   curl --cert ${gemeente.cert} --key ${gemeente.key} --cacert ${certs.caCert} -H 'content-type: application/xml' --data-binary @${SAMPLE} ${kp.url}/v1/messages`);
const res = await request(`${kp.url}/v1/messages`, { method: 'POST', body, headers: { 'content-type': 'application/xml' }, dispatcher: agent });
const answer = (await res.body.json()) as { id: string; status: string };
say(`   → ${res.statusCode} ${JSON.stringify(answer)}`);

let code = 0;
try {
  const before = endpoint.received.size;
  await endpoint.waitFor(before + 1, 15_000);
  const got = [...endpoint.received.values()].find((r) => r.id === answer.id) ?? [...endpoint.received.values()].at(-1)!;
  say(`4. aanbieder-42420001 received message ${got.id} (${got.type}, ${got.body.length} bytes, identical: ${got.body.equals(body)})`);
  let events = await kp.store.events(got.id);
  for (let i = 0; i < 50 && !events.some((e) => e.type === 'delivered'); i++) {
    await new Promise((r) => setTimeout(r, 100));
    events = await kp.store.events(got.id);
  }
  say(`5. its history in the store: ${events.map((e) => e.type).join(' → ')}`);
  const again = await request(`${kp.url}/v1/messages`, { method: 'POST', body, headers: { 'content-type': 'application/xml' }, dispatcher: agent });
  const refused = (await again.body.json()) as { errors?: { code: string }[]; retourCodes?: string[]; answers?: { id: string; type: string }[] };
  say(`6. the same message again: ${again.statusCode} ${(refused.errors ?? []).map((e) => e.code).join(', ')} (${refused.retourCodes?.join(', ') ?? '-'}): a used Identificatie`);
  const retour = refused.answers?.[0];
  if (retour) {
    for (let i = 0; i < 150 && !gemeenteEndpoint.received.has(retour.id); i++) await new Promise((r) => setTimeout(r, 100));
    const got = gemeenteEndpoint.received.get(retour.id);
    say(`7. gemeente-0384 received the ${retour.type} retour ${retour.id} (${got?.body.length ?? 0} bytes) with RetourCode ${/RetourCode>(\w+)</.exec(got?.body.toString() ?? '')?.[1] ?? '?'}`);
  }
  if (!(await showKlantbeeld(kp.url, certs, suwinet, say))) code = 1;
  if (!(await showPgbFlow(kp, certs, svb, say, gbav))) code = 1;
} catch (err) {
  say(`4. not delivered: ${(err as Error).message}`);
  code = 1;
} finally {
  await agent.close();
  await kp.close();
  await deleteTopology(settings.amqpUrl, settings.queuePrefix, kp.destinations, settings.retryTiers).catch(() => undefined);
  await endpoint.stop();
  await gemeenteEndpoint.stop();
  await suwinet.stop();
  await svb.stop();
  await gbav.stop();
}
process.exit(code);
