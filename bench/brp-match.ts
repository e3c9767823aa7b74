// BRP matching benchmark (issue #4, Done-when 5): LO3 parse + classify + match throughput with
// 1,000,000 volgindicaties and 100,000 mutations on one core, and peak memory.
//
//   npx tsx bench/brp-match.ts            (BRP_BENCH_VOLGINDICATIES=1000000 BRP_BENCH_MUTATIONS=100000)
//
// The volgindicaties (and an A-nummer alias per watched person, as an Ag01 leaves it) are written to a
// fresh SQLite store through the feature's migrations, then the watch index is loaded the way the
// feature loads it at start. Mutations are the corpus LO3 messages (the synthetic Gv01 scenarios, the
// RvIG Gv02, Ng01, Wa11 and a Gv01 name change) with the A-nummer changed per message, 90 % about a
// watched person. The timed loop is what the mutations consumer does before it touches the database:
// parseLo3 → classifyMutation → keyed hash of BSN/A-nummer → in-memory index → subscriber's event filter.
// For comparison the same match is then done against the database instead of the index.
// The store is filled in this process; loading and matching run in a fresh child process, so its peak
// memory is what a gateway with that watchlist holds, not what filling the store cost.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { classifyMutation } from '../adapters/brp/classify/index.ts';
import { parseLo3 } from '../adapters/brp/lo3/index.ts';
import { openStore } from '../store/index.ts';
import { anummerHash, db } from '../subscriptions/context.ts';
import { loadWatchIndex } from '../subscriptions/index-sync.ts';
import { matchMutation, type KeyHasher } from '../subscriptions/matching.ts';
import { subscriptionMigrations } from '../subscriptions/migrations.ts';

const VOLGINDICATIES = Number(process.env.BRP_BENCH_VOLGINDICATIES ?? 1_000_000);
const MUTATIONS = Number(process.env.BRP_BENCH_MUTATIONS ?? 100_000);
const SUBSCRIBERS = 10;
const CORPUS = path.resolve(process.env.KP_CORPUS_DIR ?? '../shared/corpus');

const CHILD_DB = process.env.BRP_BENCH_DB;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000).toLocaleString('en-US')}/s`;
// Peak RSS per phase (sampled every 50 ms and at phase ends): filling the store is not what a running
// gateway holds, so it is reported apart from loading the index and matching.
const peaks: Record<string, number> = {};
let phase = 'fill';
const sample = () => { const rss = process.memoryUsage().rss; peaks[phase] = Math.max(peaks[phase] ?? 0, rss); };
const sampler = setInterval(sample, 50);
const enter = (next: string) => { sample(); phase = next; global.gc?.(); sample(); };

// 10 subscribers; every person watched by one of them, the first 1/9 of them by a second one too.
const persons = Math.round(VOLGINDICATIES * 0.9);
const subscribers = Array.from({ length: SUBSCRIBERS }, (_, i) => `abonnee-${i}`);
const bsnOf = (i: number) => String(100_000_000 + i);
const anummerOf = (i: number) => String(1_000_000_000 + i);

const work = CHILD_DB ? path.dirname(CHILD_DB) : mkdtempSync(path.join(os.tmpdir(), 'kp-brp-bench-'));
const dbFile = CHILD_DB ?? path.join(work, 'bench.db');
const keys = process.env.BRP_BENCH_KEYS?.split(',').map((k) => Buffer.from(k, 'base64')) ?? [randomBytes(32), randomBytes(32)];
const secrets = { payloadKeys: new Map([['b1', keys[0]!]]), activeKeyId: 'b1', bsnHmacKey: keys[1]! };
const store = await openStore({ sqliteFile: dbFile, secrets, sqliteSynchronous: 'NORMAL', migrations: subscriptionMigrations });
const hasher: KeyHasher = { bsn: (b) => store.bsnHash(b), anummer: (a) => anummerHash(store, a) };

if (!CHILD_DB) {
  console.log(`BRP match benchmark: ${VOLGINDICATIES.toLocaleString('en-US')} volgindicaties on ${persons.toLocaleString('en-US')} persons, ${SUBSCRIBERS} subscribers, ${MUTATIONS.toLocaleString('en-US')} mutations`);
  console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'}; one thread`);
  await fill();
  clearInterval(sampler);
  console.log(`  (peak RSS while filling: ${mb(process.resourceUsage().maxRSS * 1024)}; not part of the figures below)`);
  await store.close();
  const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', process.argv[1]!], {
    stdio: 'inherit', env: { ...process.env, BRP_BENCH_DB: dbFile, BRP_BENCH_KEYS: keys.map((k) => k.toString('base64')).join(',') },
  });
  rmSync(work, { recursive: true, force: true });
  process.exit(child.status ?? 1);
}

// --- fill the store --------------------------------------------------------------------------------
async function fill(): Promise<void> {
  const started = performance.now();
  const now = Date.now();
  const ROWS = 2_000;
  let written = 0;
  let pending: Array<{ rows: unknown[]; aliases: unknown[] }> = [];
  const flush = async () => {
    const batches = pending;
    pending = [];
    await db({ store }).transaction().execute(async (trx) => {
      for (const b of batches) {
        await trx.insertInto('volgindicaties').values(b.rows as never).execute();
        if (b.aliases.length > 0) await trx.insertInto('anummer_aliases').values(b.aliases as never).execute();
      }
    });
    sample();
  };
  for (let from = 0; from < VOLGINDICATIES; from += ROWS) {
    const rows = [];
    const aliases = [];
    for (let n = from; n < Math.min(from + ROWS, VOLGINDICATIES); n++) {
      const i = n < persons ? n : n - persons;
      const subscriber = n < persons ? subscribers[i % SUBSCRIBERS]! : subscribers[(i + 1) % SUBSCRIBERS]!;
      const id = `v${String(n).padStart(9, '0')}`;
      const sealed = store.seal(`volgindicatie:${id}`, Buffer.from(bsnOf(i)));
      const bsnHash = hasher.bsn(bsnOf(i));
      rows.push({
        id, subscriber, bsn_hash: bsnHash, bsn_key_id: sealed.keyId, bsn_blob: sealed.blob, referentie: `WL-${n}`,
        begindatum: '2025-01-01', einddatum: null, status: 'geplaatst', reden_code: null, reden_omschrijving: null, created_at: now, updated_at: now,
      });
      if (n < persons) aliases.push({ anummer_hash: hasher.anummer(anummerOf(i)), bsn_hash: bsnHash, bron: 'Ag01', created_at: now });
    }
    pending.push({ rows, aliases });
    written += rows.length;
    if (pending.length >= 25) await flush();
  }
  await flush();
  console.log(`store filled: ${written.toLocaleString('en-US')} volgindicaties + ${persons.toLocaleString('en-US')} A-nummer aliases in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

// --- load the index as the feature does at start ---------------------------------------------------
enter('load');
const memBeforeIndex = process.memoryUsage();
const { index, stats } = await loadWatchIndex({ store, now: Date.now }, subscribers);
global.gc?.();
const memAfterIndex = process.memoryUsage();
const heapForIndex = memAfterIndex.heapUsed - memBeforeIndex.heapUsed;
const buffersForIndex = memAfterIndex.arrayBuffers - memBeforeIndex.arrayBuffers;
console.log(`watch index loaded: ${stats.volgindicaties.toLocaleString('en-US')} volgindicaties, ${stats.aliases.toLocaleString('en-US')} aliases in ${(stats.ms / 1000).toFixed(1)} s; ${index.personCount.toLocaleString('en-US')} persons; typed arrays ${mb(index.bytes())}`);

// --- the mutations ---------------------------------------------------------------------------------
const lo3 = (dir: string, name: string) => readFileSync(path.join(CORPUS, 'brp', 'lo3', dir, name));
/** Templates with where their person's A-nummer sits (header, or 01.01.10 in the body for Ng01). */
const templates: Array<{ name: string; bytes: Buffer; at: number }> = [
  ...['gv01-overlijden', 'gv01-emigratie', 'gv01-verhuizing-intergemeentelijk', 'gv01-verhuizing-binnengemeentelijk'].map((n) => ({ name: n, bytes: lo3('synthetic', `${n}.GBA`), at: 12 })),
  { name: 'Gv02', bytes: lo3('rvig-berichten-api', 'Gv02.GBA'), at: 12 },
  { name: 'Wa11', bytes: lo3('rvig-berichten-api', 'Wa11.GBA'), at: 12 },
  { name: 'Gv01-naam', bytes: lo3('operatiebrp', 'gv01-wijziging-voornamen.GBA'), at: 12 },
];
const ng01 = lo3('rvig-berichten-api', 'Ng01.GBA');
templates.push({ name: 'Ng01', bytes: ng01, at: ng01.indexOf('0110010', 20) + 7 });

const mutations: Buffer[] = [];
for (let m = 0; m < MUTATIONS; m++) {
  const t = templates[m % templates.length]!;
  const watched = m % 10 !== 0;
  const person = watched ? (m * 7919) % persons : persons + m; // persons ≥ `persons` are watched by nobody
  const copy = Buffer.from(t.bytes);
  copy.write(anummerOf(person), t.at, 'latin1');
  mutations.push(copy);
}
const bytes = mutations.reduce((n, b) => n + b.length, 0);
console.log(`mutations: ${MUTATIONS.toLocaleString('en-US')} (${templates.map((t) => t.name).join(', ')}), ${mb(bytes)}, 90 % about watched persons`);

// Each subscriber wants some event types (the dev subscriber wants all; here half want no moves within a gemeente).
const wants = subscribers.map((_, i) => new Set(i % 2 === 0
  ? ['verhuisd.binnengemeentelijk', 'verhuisd.intergemeentelijk', 'geemigreerd', 'overleden', 'pl-afgevoerd', 'anummer-gewijzigd']
  : ['verhuisd.intergemeentelijk', 'geemigreerd', 'overleden', 'pl-afgevoerd']));
const wantsOf = new Map(subscribers.map((s, i) => [s, wants[i]!]));

enter('match');
function run(): { ms: number; events: number; matched: number; alerts: number } {
  let events = 0;
  let matched = 0;
  let alerts = 0;
  const started = performance.now();
  for (const raw of mutations) {
    const classification = classifyMutation(parseLo3(raw).bericht);
    events += classification.events.length;
    for (const m of matchMutation(classification, index, hasher)) {
      matched++;
      for (const w of m.match.watchers) if (wantsOf.get(w)!.has(m.event.type)) alerts++;
    }
  }
  return { ms: performance.now() - started, events, matched, alerts };
}

run(); // warm-up (JIT)
sample();
const result = run();
sample();

// Parts, for the record (these hold every parsed and classified message at once: not part of the peak above).
enter('parts');
let t = performance.now();
const parsed = mutations.map((raw) => parseLo3(raw).bericht);
const parseMs = performance.now() - t;
t = performance.now();
const classified = parsed.map((b) => classifyMutation(b));
const classifyMs = performance.now() - t;
t = performance.now();
for (const c of classified) matchMutation(c, index, hasher);
const matchMs = performance.now() - t;
sample();

console.log('');
console.log(`parse + classify + match (index): ${rate(MUTATIONS, result.ms)} (${result.ms.toFixed(0)} ms for ${MUTATIONS.toLocaleString('en-US')}; ${(result.ms * 1000 / MUTATIONS).toFixed(1)} µs each)`);
console.log(`  events ${result.events.toLocaleString('en-US')}, events about a watched person ${result.matched.toLocaleString('en-US')}, alerts due ${result.alerts.toLocaleString('en-US')}`);
console.log(`  parts: parseLo3 ${rate(MUTATIONS, parseMs)}, classify ${rate(MUTATIONS, classifyMs)}, hash + index match ${rate(MUTATIONS, matchMs)}`);

// --- the same match against the database, without the index ----------------------------------------
const DB_SAMPLE = Math.min(10_000, MUTATIONS);
{
  const d = db({ store });
  const started = performance.now();
  let matched = 0;
  for (let i = 0; i < DB_SAMPLE; i++) {
    const c = classified[i]!;
    for (const event of c.events) {
      const keys = { ...c.persoon, ...event.persoon };
      let bsnHash = keys.bsn !== undefined ? hasher.bsn(keys.bsn) : undefined;
      for (const a of [keys.vorigAnummer, keys.anummer]) {
        if (bsnHash !== undefined || a === undefined) continue;
        bsnHash = (await d.selectFrom('anummer_aliases').select('bsn_hash').where('anummer_hash', '=', hasher.anummer(a)).executeTakeFirst())?.bsn_hash;
      }
      if (bsnHash === undefined) continue;
      const rows = await d.selectFrom('volgindicaties').select(['subscriber']).where('bsn_hash', '=', bsnHash).where('status', '!=', 'beeindigd').execute();
      if (rows.length > 0) matched++;
    }
  }
  const ms = performance.now() - started;
  console.log(`match against SQLite instead (alias + volgindicaties query, no parse/classify): ${rate(DB_SAMPLE, ms)} over ${DB_SAMPLE.toLocaleString('en-US')} mutations (${matched.toLocaleString('en-US')} matched)`);
}

clearInterval(sampler);
sample();
console.log('');
console.log(`peak RSS of this process (a fresh one: open store, load index, match): after loading the index ${mb(peaks.load ?? 0)}, while matching ${mb(peaks.match ?? 0)} (with the ${MUTATIONS.toLocaleString('en-US')} mutations held in memory, ${mb(bytes)}); overall ${mb(process.resourceUsage().maxRSS * 1024)} (includes the 'parts' runs that keep every parsed message)`);
console.log(`index: typed arrays ${mb(index.bytes())}${global.gc ? `; growth over the load after gc: array buffers ${mb(buffersForIndex)}, JS heap ${mb(heapForIndex)}` : ' (run with node --expose-gc for the heap growth)'}`);

await store.close();
