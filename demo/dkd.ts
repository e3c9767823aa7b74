// The Digitaal Klantdossier step of `npm run demo`: the Suwinet stand-in where config/dkd.dev.yaml expects
// it, and one klantbeeld asked as gemeente-0384, shown per source (never the BSN or a name: the demo shows
// statuses, durations and how many fields each source gave).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Agent, request } from 'undici';
import { parse } from 'yaml';
import { GATEWAY_OIN, SUWINET_OIN, type DevCertFiles } from '../certs-dev/generate.ts';
import { readVariables } from '../config/schema.ts';
import { SuwinetStandin } from './suwinet-standin.ts';

export const DEMO_DKD_FILE = 'config/dkd.dev.yaml';

/** Starts the stand-in on the port the DKD file's endpoints name. */
export async function startDemoSuwinet(certs: DevCertFiles, dkdFile = DEMO_DKD_FILE): Promise<SuwinetStandin> {
  const config = parse(readFileSync(dkdFile, 'utf8')) as { diensten: Record<string, { url: string }> };
  const port = Number(new URL(Object.values(config.diensten)[0]!.url).port);
  return new SuwinetStandin({
    port,
    identity: { key: readFileSync(certs.suwinetKey), cert: readFileSync(certs.suwinetCert) },
    ca: readFileSync(certs.caCert),
    requesterOins: [GATEWAY_OIN],
    oin: SUWINET_OIN,
    corpusDir: path.resolve(readVariables(process.env, ['KP_CORPUS_DIR']).KP_CORPUS_DIR!),
  }).start();
}

function leaves(v: unknown): number {
  if (v === null || typeof v !== 'object') return 1;
  return Object.values(v as Record<string, unknown>).reduce<number>((n, c) => n + leaves(c), 0);
}

/** Asks a klantbeeld for the corpus person with the most sources and prints what came back per source. */
export async function showKlantbeeld(kpUrl: string, certs: DevCertFiles, standin: SuwinetStandin, say: (text: string) => void): Promise<boolean> {
  const counts = new Map<string, number>();
  // The person with the most sources, none of them the FWI Fout example.
  for (const [dienst, bsn] of standin.sampleKeys) counts.set(bsn, standin.sample(dienst, bsn)!.includes('<Fout>') ? -100 : (counts.get(bsn) ?? 0) + 1);
  const bsn = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (bsn === undefined) { say('   (no SuwiML samples found: set KP_CORPUS_DIR)'); return false; }
  const gemeente = certs.partner('gemeente-0384');
  const agent = new Agent({ connect: { ca: readFileSync(certs.caCert), cert: readFileSync(gemeente.cert), key: readFileSync(gemeente.key), servername: 'localhost' } });
  try {
    say('8. gemeente-0384 asks a klantbeeld (doelbinding Participatiewet) for a fictitious person of the SuwiML samples:');
    say(`   POST ${kpUrl}/v1/dkd/klantbeeld {"burgerservicenummer":"…","doelbinding":"Participatiewet","zaakreferentie":"DEMO-1"}`);
    const res = await request(`${kpUrl}/v1/dkd/klantbeeld`, {
      method: 'POST', dispatcher: agent, headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ burgerservicenummer: bsn, doelbinding: 'Participatiewet', zaakreferentie: 'DEMO-1' }),
    });
    const view = (await res.body.json()) as { volledig: boolean; ontbrekend: string[]; bronnen: { dienst: string; status: string; duurMs: number; code?: string }[]; klant: Record<string, unknown> };
    say(`   → ${res.statusCode} (cache-control: ${res.headers['cache-control']}), volledig: ${view.volledig}`);
    for (const b of view.bronnen ?? []) {
      const data = view.klant?.[b.dienst];
      say(`     ${b.dienst.padEnd(24)} ${b.status.padEnd(15)} ${String(Math.round(b.duurMs)).padStart(5)} ms${data ? `  ${leaves(data)} fields` : ''}${b.code ? `  (${b.code})` : ''}`);
    }
    say(`   the stand-in verified ${standin.totalRequests} signed requests and refused ${standin.refused.length}; every lookup is in the protocol: npx ketenpoort dkd protocol`);
    return res.statusCode === 200;
  } finally {
    await agent.close();
  }
}
