// The generated WMO323 of bench/iwmo-levels.ts must be a declaratie the gateway accepts, or the benchmark
// would time a refusal: XSD (through the gateway's own adapter) and every level-2 rule, TR346 included.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIwmoIjwAdapter, type IwmoIjwAdapter } from '../../../adapters/iwmo-ijw/index.ts';
import { parseIwmoIjw, type DeclaratieBericht } from '../../../adapters/iwmo-ijw/model/index.ts';
import { LEVEL4_LOCAL_RULES, runLevel2, runRules } from '../../../adapters/iwmo-ijw/rules/index.ts';
import { generateWmo323, WMO323_SAMPLE, type Wmo323Options } from '../../../bench/generate-wmo323.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const TEMPLATE = readFileSync(WMO323_SAMPLE, 'utf8');
const BODY_LIMIT = 25 * 1024 * 1024;

let adapter: IwmoIjwAdapter;
beforeAll(() => { adapter = createIwmoIjwAdapter(path.join(REPO, 'schemas')); });
afterAll(() => adapter.dispose());

/** Levels 1 and 2 as the gateway runs them; level 1 throws on an XSD error. */
function judge(xml: string): { model: DeclaratieBericht; level2: string[] } {
  const body = Buffer.from(xml);
  const accepted = adapter.process(body);
  expect(accepted.type).toBe('WMO323');
  const model = parseIwmoIjw(body, accepted.type) as DeclaratieBericht;
  return { model, level2: runLevel2(model).map((f) => `${f.rule} ${f.path}`) };
}

function generate(opts: Wmo323Options) {
  return generateWmo323(TEMPLATE, opts);
}

describe('generateWmo323', () => {
  it('10,000 prestaties: under the body limit, XSD-valid, no level-2 or TR346 failure', () => {
    const g = generate({ prestaties: 10_000 });
    expect(Buffer.byteLength(g.xml)).toBeLessThan(BODY_LIMIT);
    expect(g).toMatchObject({ prestaties: 10_000, clienten: 1_000, credits: 1_000, debetCredit: 'D' });
    const { model, level2 } = judge(g.xml);
    expect(level2).toEqual([]);
    expect(runRules(model, LEVEL4_LOCAL_RULES)).toEqual([]);

    const prestaties = model.declaratie.clienten.flatMap((c) => c.prestaties);
    expect(prestaties).toHaveLength(10_000);
    expect(model.declaratie.clienten).toHaveLength(1_000);
    expect(new Set(prestaties.map((p) => p.productReferentie.referentieNummer)).size).toBe(10_000);
    expect(new Set(model.declaratie.clienten.map((c) => c.bsn)).size).toBe(1_000);
    const saldo = prestaties.reduce((s, p) => s + (p.ingediendBedrag.debetCredit === 'C' ? -1 : 1) * p.ingediendBedrag.bedrag, 0);
    expect(model.declaratie.totaalIngediendBedrag).toMatchObject({ totaalBedrag: saldo, debetCredit: 'D' });
    expect(g.totaalBedrag).toBe(saldo);
    expect(prestaties.filter((p) => p.productReferentie.vorigReferentieNummer !== undefined)).toHaveLength(1_000);
  });

  it('keeps the sample header and puts every ProductPeriode inside the DeclaratiePeriode', () => {
    const { model } = judge(generate({ prestaties: 25, perClient: 4 }).xml);
    expect(model.header).toMatchObject({ afzender: '65656055', ontvanger: '0384' });
    expect(model.declaratie.clienten.map((c) => c.prestaties.length)).toEqual([4, 4, 4, 4, 4, 4, 1]);
    const { begindatum, einddatum } = model.declaratie.declaratiePeriode;
    for (const p of model.declaratie.clienten.flatMap((c) => c.prestaties)) {
      expect(p.productPeriode.begindatum >= begindatum && p.productPeriode.einddatum <= einddatum).toBe(true);
    }
  });

  it('a declaratie of credit lines only totals to credit and still passes', () => {
    const g = generate({ prestaties: 30, creditEvery: 1 });
    expect(g).toMatchObject({ credits: 30, debetCredit: 'C' });
    const { model, level2 } = judge(g.xml);
    expect(level2).toEqual([]);
    expect(model.declaratie.totaalIngediendBedrag).toMatchObject({ totaalBedrag: g.totaalBedrag, debetCredit: 'C' });
  });

  it('without credit lines, no VorigReferentieNummer', () => {
    const g = generate({ prestaties: 12, creditEvery: 0 });
    expect(g.credits).toBe(0);
    expect(g.xml).not.toContain('VorigReferentieNummer');
    expect(judge(g.xml).level2).toEqual([]);
  });

  it('the checks above can fail: a wrong total breaks TR358', () => {
    const g = generate({ prestaties: 20 });
    const wrong = g.xml.replace(`<iwmo:TotaalBedrag>${g.totaalBedrag}<`, `<iwmo:TotaalBedrag>${g.totaalBedrag + 1}<`);
    expect(wrong).not.toBe(g.xml);
    expect(judge(wrong).level2).toEqual(['TR358 /Bericht/Declaratie/TotaalIngediendBedrag/TotaalBedrag']);
  });
});
