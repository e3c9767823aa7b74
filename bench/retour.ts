// Retour builder figures: the IV028 retour on the corpus WMO301 (header-only and full copy), the IV087 325 on a
// generated WMO323 with 10,000 prestaties (partial approval), the validation report, and what the CD rules
// add to level 2. Run: npx tsx bench/retour.ts
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseIwmoIjw, type CanonicalMessage } from '../adapters/iwmo-ijw/model/index.ts';
import { buildRetour, buildValidatieRapport, type RetourFinding } from '../adapters/iwmo-ijw/retour/index.ts';
import { LEVEL2_RULES, runLevel2, runRules } from '../adapters/iwmo-ijw/rules/index.ts';

const CORPUS = path.resolve(process.env.KP_CORPUS_DIR ?? '../shared/corpus', 'istandaarden/iwmo-3.2/samples');
const wmo301 = readFileSync(path.join(CORPUS, 'WMO301.xml'), 'utf8');
const wmo323 = readFileSync(path.join(CORPUS, 'WMO323.xml'), 'utf8');

function perSecond(name: string, fn: () => unknown, ms = 1500): void {
  for (let i = 0; i < 200; i++) fn();
  let n = 0;
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  while (performance.now() - start < ms) {
    for (let i = 0; i < 100; i++) fn();
    n += 100;
  }
  const cpu = process.cpuUsage(cpu0);
  const s = (performance.now() - start) / 1000;
  // CPU time (user + system) per call is the figure to compare on a shared machine; wall time follows the load.
  const cpuUs = (cpu.user + cpu.system) / n;
  console.log(`${name.padEnd(58)} ${Math.round(n / s).toLocaleString('en').padStart(9)}/s  ${((s / n) * 1e6).toFixed(1).padStart(7)} µs wall  ${cpuUs.toFixed(1).padStart(7)} µs CPU`);
}

/** A WMO323 with `count` prestaties for one client (the corpus sample's first prestatie repeated). */
function bigDeclaratie(count: number): string {
  const prestatie = /<wmo323:Prestatie>[\s\S]*?<\/wmo323:Prestatie>/.exec(wmo323)?.[0] ?? '';
  let body = '';
  for (let i = 0; i < count; i++) body += prestatie.replace('>RN001<', `>RN${String(i).padStart(7, '0')}<`);
  const client = `<wmo323:Clienten><wmo323:Client><wmo323:Bsn>999900006</wmo323:Bsn><wmo323:Prestaties>${body}</wmo323:Prestaties></wmo323:Client></wmo323:Clienten>`;
  return wmo323
    .replace(/<wmo323:Clienten>[\s\S]*<\/wmo323:Clienten>/, client)
    .replace('<iwmo:TotaalBedrag>58000</iwmo:TotaalBedrag>', `<iwmo:TotaalBedrag>${count * 5000}</iwmo:TotaalBedrag>`);
}

const m301 = parseIwmoIjw(wmo301, 'WMO301');
const base = { heen: wmo301, message: m301, identificatie: 'R1', dagtekening: '2023-08-14' };
const classFinding: RetourFinding[] = [{ rule: 'TR332', code: '9332', path: '/Bericht/Client/ToegewezenProducten/ToegewezenProduct' }];

console.log(`node ${process.version}, one core`);
perSecond('WMO302, no findings (header only)', () => buildRetour(base));
perSecond('WMO302, level-2 failure (header only, 0001)', () => buildRetour({ ...base, findings: [{ rule: 'CS002', code: '0001', path: '/Bericht/Client/Bsn' }] }));
perSecond('WMO302, level-3 finding on a class (client copied)', () => buildRetour({ ...base, findings: classFinding }));
// The gateway passes the stored bytes, not a string.
const bytes301 = Buffer.from(wmo301, 'utf8');
perSecond('WMO302, client copied, heen as bytes (as the gateway)', () => buildRetour({ ...base, heen: bytes301, findings: classFinding }));
perSecond('validation report, WMO301 with one failure', () => buildValidatieRapport({ message: m301, findings: [{ rule: 'CS002', code: '0001', path: '/Bericht/Client/Bsn' }] }));
const withoutCd = LEVEL2_RULES.filter((r) => !r.id.startsWith('CD'));
perSecond('runLevel2 WMO301 model, all rules incl. 22 CD rules', () => runLevel2(m301));
perSecond('runLevel2 WMO301 model, without the CD rules', () => runRules(m301, withoutCd));

const big = bigDeclaratie(10_000);
const bigModel: CanonicalMessage = parseIwmoIjw(big, 'WMO323');
const refused: RetourFinding[] = [];
for (let i = 1; i <= 10_000; i += 100) refused.push({ rule: 'TR307', code: '9307', path: `/Bericht/Declaratie/Clienten/Client/Prestaties/Prestatie[${i}]` });
const heapBefore = process.memoryUsage().heapUsed;
const t0 = performance.now();
const c0 = process.cpuUsage();
const r = buildRetour({ heen: big, message: bigModel, findings: refused, identificatie: 'A1', dagtekening: '2023-05-07' });
const c1 = process.cpuUsage(c0);
const t1 = performance.now();
const heapAfter = process.memoryUsage().heapUsed;
console.log(`WMO325 on a WMO323 of ${(big.length / 1e6).toFixed(2)} MB, 10,000 prestaties, 100 refused: ${(t1 - t0).toFixed(1)} ms (CPU ${((c1.user + c1.system) / 1000).toFixed(1)} ms), `
  + `325 ${(r.xml.length / 1e3).toFixed(0)} kB, heap +${((heapAfter - heapBefore) / 1e6).toFixed(1)} MB (${r.uitkomst})`);
let worst = 0;
const c2 = process.cpuUsage();
for (let i = 0; i < 20; i++) {
  const s = performance.now();
  buildRetour({ heen: big, message: bigModel, findings: refused, identificatie: 'A1', dagtekening: '2023-05-07' });
  worst = Math.max(worst, performance.now() - s);
}
const c3 = process.cpuUsage(c2);
console.log(`  20 more runs: worst ${worst.toFixed(1)} ms wall, mean ${((c3.user + c3.system) / 20 / 1000).toFixed(1)} ms CPU`);
