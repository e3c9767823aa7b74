// The PGB step of `npm run demo`: the SVB stand-in (partner `svb`, where config/partners.dev.yaml expects it)
// answers TKBs as the SVB would. gemeente-0384 sends a TKB (WMO501); the SVB rejects it with a TR code; the
// municipality sends the corrected TKB for the same budget; the SVB accepts it. The ledger state is shown after
// each retour, and the GBA-V stand-in (partner `gbav`) takes the Ap01 that follows the budgethouder in the BRP. No BSN is printed: the constructed TKB's budgethouder is synthetic, and only states and codes show.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { Agent, request } from 'undici';
import { buildIpgbRetour, createIpgbAdapter, ipgbSchemasDir, type IpgbFinding, type Toekenning } from '../adapters/ipgb/index.ts';
import type { DevCertFiles } from '../certs-dev/generate.ts';
import type { PartnerRegistry } from '../config/partners.ts';
import type { Ketenpoort } from '../ketenpoort.ts';
import { SCHEMAS_DIR } from '../ketenpoort.ts';
import type { PgbTables } from '../pgb/tables.ts';
import { PartnerEndpoint } from './partner-endpoint.ts';

/** A constructed WMO501 with synthetic data (tests/fixtures/ipgb, made from ../shared/research/ipgb.md). */
const TKB = path.resolve('tests/fixtures/ipgb/WMO501.xml');

export async function startDemoSvb(certs: DevCertFiles, partners: PartnerRegistry): Promise<PartnerEndpoint> {
  const url = new URL(partners.byName('svb')!.delivery!.url);
  return new PartnerEndpoint({ port: Number(url.port), key: readFileSync(certs.serverKey), cert: readFileSync(certs.serverCert), ca: readFileSync(certs.caCert) }).start();
}

/**
 * The GBA-V stand-in (partner `gbav`): the gateway follows every budgethouder with an active budget in the BRP,
 * so the first TKB makes it send an Ap01 (a volgindicatie) there. Without it that delivery fails and is retried.
 */
export async function startDemoGbav(certs: DevCertFiles, partners: PartnerRegistry): Promise<PartnerEndpoint> {
  const url = new URL(partners.byName('gbav')!.delivery!.url);
  return new PartnerEndpoint({ port: Number(url.port), key: readFileSync(certs.serverKey), cert: readFileSync(certs.serverCert), ca: readFileSync(certs.caCert) }).start();
}

export async function showPgbFlow(kp: Ketenpoort, certs: DevCertFiles, svb: PartnerEndpoint, say: (text: string) => void, gbav?: PartnerEndpoint): Promise<boolean> {
  const adapter = createIpgbAdapter(ipgbSchemasDir(SCHEMAS_DIR));
  const agents = Object.fromEntries(['gemeente-0384', 'svb'].map((who) => {
    const files = certs.partner(who);
    return [who, new Agent({ connect: { ca: readFileSync(certs.caCert), cert: readFileSync(files.cert), key: readFileSync(files.key), servername: 'localhost' } })];
  }));
  const post = async (who: string, body: Buffer) => {
    const res = await request(`${kp.url}/v1/messages`, { method: 'POST', body, headers: { 'content-type': 'application/xml' }, dispatcher: agents[who]! });
    return { status: res.statusCode, body: (await res.body.json()) as { id: string } };
  };
  const atSvb = async (id: string) => {
    for (let i = 0; i < 150 && !svb.received.has(id); i++) await new Promise((r) => setTimeout(r, 100));
    return svb.received.get(id);
  };
  const db = kp.store.tables<PgbTables>() as unknown as Kysely<PgbTables>;
  const ledger = async (budgetId: string) => {
    for (let i = 0; i < 50; i++) {
      const b = await db.selectFrom('pgb_budgets').select(['state', 'retour_codes']).where('budget_id', '=', budgetId).executeTakeFirst();
      if (b && b.state !== 'verzonden') return `${b.state}${b.retour_codes ? ` (${b.retour_codes})` : ''}`;
      await new Promise((r) => setTimeout(r, 100));
    }
    return 'verzonden (no retour yet)';
  };
  /** What the SVB stand-in answers: approving, or the TR502 code (overlapping period) on a functiebudget. */
  const svbAnswer = (tkb: Buffer, identificatie: string, reject: boolean) => {
    const model = adapter.process(tkb).ipgb as Toekenning;
    const f = model.client.budget.functieBudgetten[1]!;
    const findings: IpgbFinding[] = reject ? [{ rule: 'TR502', code: '9502', level: 3, path: `${f.path}/FunctieBudgetPeriode`, klasse: f.path, message: 'overlappende periode' }] : [];
    return Buffer.from(buildIpgbRetour({ heen: tkb, model, findings, identificatie, schemas: adapter.schemas }).xml);
  };
  try {
    const xml = readFileSync(TKB, 'utf8');
    const budgetId = /BudgetIdentificatie>([^<]+)</.exec(xml)![1]!;
    const first = Buffer.from(xml);
    const sent = await post('gemeente-0384', first);
    const got = await atSvb(sent.body.id);
    say(`PGB. gemeente-0384 sends a TKB (WMO501) for budget ${budgetId}: ${sent.status}; the SVB received it (identical: ${got?.body.equals(first) ?? false})`);
    if (!got) return false;
    const rejected = await post('svb', svbAnswer(got.body, 'SVB-DEMO-1', true));
    say(`     the SVB answers with a WMO502 rejecting it: ${rejected.status}; the ledger says ${await ledger(budgetId)}`);
    const corrected = Buffer.from(xml.replace(/(<\w+:BerichtIdentificatie>\s*<\w+:Identificatie>)[^<]*/, '$1TKB-W-0002'));
    const resent = await post('gemeente-0384', corrected);
    const got2 = await atSvb(resent.body.id);
    if (!got2) return false;
    const accepted = await post('svb', svbAnswer(got2.body, 'SVB-DEMO-2', false));
    say(`     the corrected TKB (same budget): ${resent.status}; the SVB approves it: ${accepted.status}; the ledger says ${await ledger(budgetId)}`);
    if (gbav) {
      for (let i = 0; i < 100 && ![...gbav.received.values()].some((r) => r.type === 'Ap01'); i++) await new Promise((r) => setTimeout(r, 100));
      const ap01 = [...gbav.received.values()].filter((r) => r.type === 'Ap01').length;
      say(`     the budgethouder is followed in the BRP: the GBA-V stand-in received ${ap01} Ap01 (volgindicatie)`);
    }
    return true;
  } finally {
    await Promise.all(Object.values(agents).map((a) => a.close()));
    adapter.dispose();
  }
}
