import { afterAll, describe, expect, it } from 'vitest';
import {
  buildIpgbRetour, IPGB_LEVEL3_RULES, judgeIpgb, runIpgbLevel3, type IpgbType, type IpgbWet, type LedgerBudget, type LedgerFunctieBudget, type PgbLedgerLookup, type Toekenning,
} from '../../../adapters/ipgb/index.ts';
import { adapter, disposeAdapter, edits, fixture, model, type Edit, type FixtureName } from './support.ts';

afterAll(() => disposeAdapter());

/** The ledger port in memory, for these tests only (the real one is the pgb feature's, on the store). */
class MemoryLedger implements PgbLedgerLookup {
  readonly identificaties = new Set<string>();
  readonly budgets = new Map<string, LedgerBudget & { gemeente: string; bsn: string }>();

  async identificatieGebruikt(q: { afzender: string; type: IpgbType; identificatie: string }): Promise<boolean> {
    return this.identificaties.has(`${q.afzender}|${q.type}|${q.identificatie}`);
  }

  async budget(q: { gemeente: string; bsn: string; budgetIdentificatie: string }): Promise<LedgerBudget | undefined> {
    return this.budgets.get(`${q.gemeente}|${q.bsn}|${q.budgetIdentificatie}`);
  }

  async heeftToekenning(q: { gemeente: string; bsn: string; wet: IpgbWet }): Promise<boolean> {
    return [...this.budgets.values()].some((b) => b.gemeente === q.gemeente && b.bsn === q.bsn && b.wet === q.wet);
  }

  async budgetten(q: { gemeente: string; bsn: string; wet: IpgbWet }): Promise<LedgerBudget[]> {
    return [...this.budgets.values()].filter((b) => b.gemeente === q.gemeente && b.bsn === q.bsn && b.wet === q.wet);
  }

  add(gemeente: string, bsn: string, budget: Partial<LedgerBudget> & Pick<LedgerBudget, 'budgetIdentificatie' | 'wet'>): this {
    this.budgets.set(`${gemeente}|${bsn}|${budget.budgetIdentificatie}`, {
      gemeente, bsn, retourOpenstaand: false, geaccepteerd: true, vervangen: false, functieBudgetten: [], ...budget,
    });
    return this;
  }

  /** The budget of a TKB as the ledger would hold it once accepted (or with `state` overriding that). */
  addToekenning(tkb: Toekenning, state: Partial<LedgerBudget> = {}): this {
    const fbs: LedgerFunctieBudget[] = tkb.client.budget.functieBudgetten.map((f) => ({
      zorgfunctie: f.zorgfunctie, begindatum: f.functieBudgetPeriode.begindatum, einddatum: f.functieBudgetPeriode.einddatum,
      functieBudgetBedrag: f.functieBudgetBedrag, ...(f.verantwoordingsvrijBedrag !== undefined ? { verantwoordingsvrijBedrag: f.verantwoordingsvrijBedrag } : {}),
    }));
    return this.add(tkb.header.afzender, tkb.client.bsn, { budgetIdentificatie: tkb.client.budget.budgetIdentificatie, wet: tkb.wet, functieBudgetten: fbs, ...state });
  }
}

const toekenning = (name: FixtureName, list: readonly Edit[] = []): Toekenning => {
  const m = model(edits(fixture(name), list));
  if (m.nummer !== '501') throw new Error('not a 501');
  return m;
};

/** The ledger in which JW501 (a change of PGB-J-2026-001, withdrawing function budget 34) is clean. */
function jwLedger(old: Partial<LedgerBudget> = {}): MemoryLedger {
  return new MemoryLedger().add('0384', '777000027', {
    budgetIdentificatie: 'PGB-J-2026-001', wet: 'jw',
    functieBudgetten: [
      { zorgfunctie: '45', begindatum: '2025-03-01', einddatum: '2026-02-28', functieBudgetBedrag: 800000 },
      { zorgfunctie: '34', begindatum: '2026-03-01', einddatum: '2026-12-31', functieBudgetBedrag: 100000 },
    ],
    ...old,
  });
}

/** The ledger in which WMO507 and its 501 agree: WMO501 accepted. */
const wmoLedger = (list: readonly Edit[] = []) => new MemoryLedger().addToekenning(toekenning('WMO501', list));

const FB = '/Bericht/Client/Budget/FunctieBudgetten/FunctieBudget';
const FBB = '/Bericht/Client/FunctieBudgettenBesteed/FunctieBudgetBesteed';
const OUD: Edit = ['', '<wmo501:BudgetIdentificatie>PGB-W-2026-001</wmo501:BudgetIdentificatie>',
  '<wmo501:BudgetIdentificatie>PGB-W-2026-001</wmo501:BudgetIdentificatie><wmo501:BudgetIdentificatieOud>PGB-W-2025-009</wmo501:BudgetIdentificatieOud>'];
const REDEN3: Edit = ['<wmo507:Zorgfunctie>02</wmo507:Zorgfunctie>', '<wmo507:RedenBudgetafsluiting>3</wmo507:RedenBudgetafsluiting>', '<wmo507:RedenBudgetafsluiting>1</wmo507:RedenBudgetafsluiting>'];
const besteed = (v: number): Edit => ['', '<wmo507:FunctieBudgetBesteed>1300000</wmo507:FunctieBudgetBesteed>', `<wmo507:FunctieBudgetBesteed>${v}</wmo507:FunctieBudgetBesteed>`];
const vvBesteed = (v: number): Edit => ['', '<wmo507:VerantwoordingsvrijBedragBesteed>30000</wmo507:VerantwoordingsvrijBedragBesteed>', `<wmo507:VerantwoordingsvrijBedragBesteed>${v}</wmo507:VerantwoordingsvrijBedragBesteed>`];

interface Case {
  name: string;
  rule: string;
  fixture: FixtureName;
  edits?: readonly Edit[];
  ledger: () => MemoryLedger;
  path: string;
  klasse: string;
  control: { edits?: readonly Edit[]; ledger: () => MemoryLedger };
}

const CASES: Case[] = [
  {
    name: 'Identificatie used before by this gemeente for WMO501', rule: 'TR056', fixture: 'WMO501',
    ledger: () => { const l = new MemoryLedger(); l.identificaties.add('0384|WMO501|TKB-W-0001'); return l; },
    path: '/Bericht/Header/BerichtIdentificatie/Identificatie', klasse: '/Bericht/Header',
    control: { ledger: () => { const l = new MemoryLedger(); l.identificaties.add('0384|JW501|TKB-W-0001'); l.identificaties.add('0363|WMO501|TKB-W-0001'); return l; } },
  },
  {
    name: 'Identificatie used before by the SVB for WMO507', rule: 'TR056', fixture: 'WMO507',
    ledger: () => { const l = wmoLedger(); l.identificaties.add('SVB|WMO507|BAB-W-0001'); return l; },
    path: '/Bericht/Header/BerichtIdentificatie/Identificatie', klasse: '/Bericht/Header',
    control: { ledger: () => { const l = wmoLedger(); l.identificaties.add('SVB|JW507|BAB-W-0001'); return l; } },
  },
  {
    name: 'a resend while the retour on the first TKB is outstanding', rule: 'TR507', fixture: 'WMO501',
    ledger: () => wmoLedger().add('0384', '777000003', { budgetIdentificatie: 'PGB-W-2026-001', wet: 'wmo', retourOpenstaand: true, geaccepteerd: false }),
    path: '/Bericht/Client', klasse: '/Bericht/Client',
    // The first TKB came back rejected: the corrected resend with the same BudgetIdentificatie is fine.
    control: { ledger: () => new MemoryLedger().add('0384', '777000003', { budgetIdentificatie: 'PGB-W-2026-001', wet: 'wmo', retourOpenstaand: false, geaccepteerd: false }) },
  },
  {
    name: 'a change while the retour on the replaced budget is outstanding', rule: 'TR507', fixture: 'JW501',
    ledger: () => jwLedger({ retourOpenstaand: true }),
    path: '/Bericht/Client', klasse: '/Bericht/Client',
    control: { ledger: () => jwLedger() },
  },
  {
    name: 'a BudgetIdentificatie the SVB accepted before for this client', rule: 'TR574', fixture: 'WMO501',
    ledger: () => wmoLedger(),
    path: '/Bericht/Client/Budget/BudgetIdentificatie', klasse: '/Bericht/Client/Budget',
    control: { ledger: () => new MemoryLedger().add('0384', '777000040', { budgetIdentificatie: 'PGB-W-2026-001', wet: 'wmo' }) },
  },
  {
    name: 'BudgetIdentificatieOud names no known budget', rule: 'TR562', fixture: 'WMO501', edits: [OUD],
    ledger: () => new MemoryLedger(),
    path: '/Bericht/Client/Budget/BudgetIdentificatieOud', klasse: '/Bericht/Client/Budget',
    control: { edits: [OUD], ledger: () => new MemoryLedger().add('0384', '777000003', { budgetIdentificatie: 'PGB-W-2025-009', wet: 'wmo' }) },
  },
  {
    name: 'BudgetIdentificatieOud names a budget that was only ever rejected', rule: 'TR562', fixture: 'WMO501', edits: [OUD],
    ledger: () => new MemoryLedger().add('0384', '777000003', { budgetIdentificatie: 'PGB-W-2025-009', wet: 'wmo', geaccepteerd: false }),
    path: '/Bericht/Client/Budget/BudgetIdentificatieOud', klasse: '/Bericht/Client/Budget',
    control: { edits: [OUD], ledger: () => new MemoryLedger().add('0384', '777000003', { budgetIdentificatie: 'PGB-W-2025-009', wet: 'wmo', geaccepteerd: true }) },
  },
  {
    name: 'a withdrawal whose date is not the begin date granted before', rule: 'TR514', fixture: 'JW501',
    ledger: () => jwLedger({ functieBudgetten: [{ zorgfunctie: '34', begindatum: '2026-04-01', einddatum: '2026-12-31', functieBudgetBedrag: 100000 }] }),
    path: `${FB}[2]/FunctieBudgetBedrag`, klasse: `${FB}[2]`,
    control: { ledger: () => jwLedger({ functieBudgetten: [{ zorgfunctie: '34', begindatum: '2026-03-01', einddatum: '2026-12-31', functieBudgetBedrag: 100000 }] }) },
  },
  {
    name: 'a zorgfunctie granted twice at the same time', rule: 'TR502', fixture: 'WMO501',
    ledger: () => new MemoryLedger().add('0384', '777000003', {
      budgetIdentificatie: 'PGB-W-2025-003', wet: 'wmo', functieBudgetten: [{ zorgfunctie: '02', begindatum: '2025-07-01', einddatum: '2026-01-01', functieBudgetBedrag: 100 }],
    }),
    path: `${FB}[1]/Zorgfunctie`, klasse: `${FB}[1]`,
    control: {
      ledger: () => new MemoryLedger().add('0384', '777000003', {
        budgetIdentificatie: 'PGB-W-2025-003', wet: 'wmo', functieBudgetten: [{ zorgfunctie: '02', begindatum: '2025-07-01', einddatum: '2025-12-31', functieBudgetBedrag: 100 }],
      }),
    },
  },
  {
    name: 'a BAB for a client without any TKB', rule: 'TR509', fixture: 'WMO507',
    ledger: () => new MemoryLedger().add('0384', '777000003', { budgetIdentificatie: 'PGB-J-1', wet: 'jw' }),
    path: '/Bericht/Client/Bsn', klasse: '/Bericht/Client',
    control: { ledger: () => wmoLedger() },
  },
  {
    name: 'a BAB on a function budget that was not granted for that period', rule: 'TR510', fixture: 'WMO507',
    ledger: () => wmoLedger([['<wmo501:Zorgfunctie>01</wmo501:Zorgfunctie>', '<ipgb:Einddatum>2026-06-30</ipgb:Einddatum>', '<ipgb:Einddatum>2026-05-31</ipgb:Einddatum>']]),
    path: `${FBB}[1]`, klasse: `${FBB}[1]`,
    control: { ledger: () => wmoLedger() },
  },
  {
    name: 'spending above the FunctieBudgetBedrag without reden 3', rule: 'TR512', fixture: 'WMO507', edits: [REDEN3, vvBesteed(25000)],
    ledger: () => wmoLedger(),
    path: `${FBB}[2]/RedenBudgetafsluiting`, klasse: `${FBB}[2]`,
    control: { edits: [REDEN3, vvBesteed(25000), besteed(1250000)], ledger: () => wmoLedger() },
  },
  {
    name: 'verantwoordingsvrij spending above the granted part without reden 3', rule: 'TR513', fixture: 'WMO507', edits: [REDEN3, besteed(1250000)],
    ledger: () => wmoLedger(),
    path: `${FBB}[2]/RedenBudgetafsluiting`, klasse: `${FBB}[2]`,
    control: { edits: [REDEN3, besteed(1250000), vvBesteed(25000)], ledger: () => wmoLedger() },
  },
];

async function judge(name: FixtureName, list: readonly Edit[], ledger: MemoryLedger) {
  return runIpgbLevel3(model(edits(fixture(name), list)), ledger);
}

describe('iPgb level-3 rules over the ledger port', () => {
  it('the heen fixtures pass against a ledger that knows their history', async () => {
    expect(await judge('WMO501', [], new MemoryLedger())).toEqual([]);
    expect(await judge('JW501', [], jwLedger())).toEqual([]);
    expect(await judge('WMO507', [], wmoLedger())).toEqual([]);
    const jw = toekenning('JW501');
    expect(await judge('JW507', [], new MemoryLedger().addToekenning(jw))).toEqual([]);
  });

  it('has a test case for every level-3 rule', () => {
    expect(new Set(CASES.map((c) => c.rule))).toEqual(new Set(IPGB_LEVEL3_RULES.map((r) => r.id)));
  });

  describe.each(CASES)('$rule: $name', (c) => {
    const rule = IPGB_LEVEL3_RULES.find((r) => r.id === c.rule)!;

    it(`fails only ${c.rule}, on the class it names, with its PGB001 code`, async () => {
      const found = await judge(c.fixture, c.edits ?? [], c.ledger());
      expect(found).toEqual([expect.objectContaining({ rule: c.rule, code: rule.retourCode, level: 3, path: c.path, klasse: c.klasse })]);
    });

    it('passes just inside the rule', async () => {
      expect(await judge(c.fixture, c.control.edits ?? c.edits ?? [], c.control.ledger())).toEqual([]);
    });

    it(`its retour carries ${rule.retourCode} on that class and validates against the retour XSD`, async () => {
      const heen = edits(fixture(c.fixture), c.edits ?? []);
      const m = model(heen);
      const findings = await runIpgbLevel3(m, c.ledger());
      const r = buildIpgbRetour({ heen, model: m, findings, identificatie: 'R-L3', now: new Date('2026-12-01T12:00:00Z') });
      expect(r.uitkomst).toBe('afgekeurd');
      const retour = adapter().process(Buffer.from(r.xml)).ipgb;
      const codesAt = (path: string): string[] | undefined => {
        if (path === '/Bericht/Header') return (retour.header as { retourCodes?: string[] }).retourCodes;
        // Walk the retour model to the class at `path`.
        const all: Array<{ path: string; retourCodes?: string[] }> = [];
        const visit = (node: unknown): void => {
          if (Array.isArray(node)) node.forEach(visit);
          else if (node && typeof node === 'object') {
            const n = node as { path?: string; retourCodes?: string[] };
            if (typeof n.path === 'string' && n.retourCodes) all.push({ path: n.path, retourCodes: n.retourCodes });
            for (const v of Object.values(node)) visit(v);
          }
        };
        visit(retour.client);
        return all.find((x) => x.path === path)?.retourCodes;
      };
      expect(codesAt(c.klasse)).toEqual([rule.retourCode]);
    });
  });

  it('asks nothing of the ledger for a retour', async () => {
    const ledger = new MemoryLedger();
    ledger.identificaties.add('0384|WMO502|TKB-W-0001');
    for (const name of ['WMO502', 'JW502', 'WMO508', 'JW508'] as const) expect(await judge(name, [], ledger)).toEqual([]);
  });

  it('judgeIpgb: level 2 first, the ledger only for a message that passed it', async () => {
    const refusing: PgbLedgerLookup = {
      identificatieGebruikt: () => Promise.reject(new Error('ledger asked')),
      budget: () => Promise.reject(new Error('ledger asked')),
      heeftToekenning: () => Promise.reject(new Error('ledger asked')),
      budgetten: () => Promise.reject(new Error('ledger asked')),
    };
    const bad = model(edits(fixture('WMO501'), [['', '<wmo501:Bsn>777000003</wmo501:Bsn>', '<wmo501:Bsn>777000004</wmo501:Bsn>']]));
    const ctx = { today: '2026-12-01' };
    expect(await judgeIpgb(bad, refusing, ctx)).toMatchObject({ level: 2, findings: [{ rule: 'CS002', code: 'S002' }] });
    expect(await judgeIpgb(model(fixture('WMO501')), wmoLedger(), ctx)).toMatchObject({ level: 3, findings: [{ rule: 'TR574', code: '9574' }] });
    expect(await judgeIpgb(model(fixture('WMO501')), new MemoryLedger(), ctx)).toEqual({ level: undefined, findings: [] });
  });
});
