// How busy a thread was, second by second, in a V8 .cpuprofile (what `BENCH_PROFILE_DIR` makes bench/ingest.ts
// write: one file per thread of the gateway), and which functions took its time over a window of seconds.
// Idle is V8's `(idle)` and piscina's `atomicsWaitLoop` (a pool thread waiting for its next body).
//   npx tsx bench/cpuprofile-busy.ts <file.cpuprofile> [from,to seconds since the profile began] [top = 25]
import { readFileSync } from 'node:fs';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }
interface Profile { nodes: ProfileNode[]; startTime: number; samples: number[]; timeDeltas: number[] }

const [file, window, topArg] = process.argv.slice(2);
if (!file) throw new Error('usage: npx tsx bench/cpuprofile-busy.ts <file.cpuprofile> [from,to] [top]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const [from, to] = (window ?? '0,1e9').split(',').map(Number) as [number, number];
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const idle = (n: ProfileNode) => n.callFrame.functionName === '(idle)' || n.callFrame.functionName === 'atomicsWaitLoop';
const label = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(?=[^/]+\/[^/]+$)/, '')}`;

const perSecond = new Map<number, { busy: number; idle: number }>();
const self = new Map<string, number>();
let at = profile.startTime;
let inWindow = 0;
let busyInWindow = 0;
for (const [i, id] of profile.samples.entries()) {
  const dt = profile.timeDeltas[i] ?? 0;
  at += dt;
  const second = (at - profile.startTime) / 1e6;
  const node = byId.get(id)!;
  const bucket = perSecond.get(Math.floor(second)) ?? { busy: 0, idle: 0 };
  bucket[idle(node) ? 'idle' : 'busy'] += dt;
  perSecond.set(Math.floor(second), bucket);
  if (second < from || second >= to) continue;
  inWindow += dt;
  if (!idle(node)) busyInWindow += dt;
  self.set(label(node), (self.get(label(node)) ?? 0) + dt);
}

const pct = (part: number, whole: number) => `${whole > 0 ? Math.round((100 * part) / whole) : 0}%`;
console.log(`busy per second: ${[...perSecond].map(([s, b]) => `${s}:${pct(b.busy, b.busy + b.idle)}`).join(' ')}`);
console.log(`window ${from}–${Math.min(to, Math.ceil((at - profile.startTime) / 1e6))} s: busy ${pct(busyInWindow, inWindow)}; self time, largest first:`);
for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg ?? 25))) {
  console.log(`${((100 * us) / Math.max(1, inWindow)).toFixed(1).padStart(5)}%  ${name}`);
}
