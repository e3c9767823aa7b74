import { cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createIwmoIjwAdapter } from '../../../adapters/iwmo-ijw/index.ts';
import {
  buildIpgbRetour, createIpgbAdapter, findIpgbSchemas, IpgbSchemaError, ipgbAdapters, ipgbModelOf, IPGB_LEVEL2_RULES, IPGB_LEVEL3_RULES,
  isPgb001, PGB001, type IpgbAdapter,
} from '../../../adapters/ipgb/index.ts';
import { AdapterRegistry } from '../../../adapters/registry.ts';
import { ipgbSchemaFiles } from '../../../schemas/ipgb-2.1/generate.ts';
import { rejection } from '../../support/rejection.ts';
import { adapter, BUNDLED, disposeAdapter, fixture, FIXTURE_FILES, mutate, REPO } from './support.ts';

afterAll(() => disposeAdapter());

const EXPECTED = {
  WMO501: { type: 'WMO501', correlationId: 'TKB-W-0001', sender: { kind: 'gemeentecode', code: '0384' }, bsns: ['777000003', '777000015'] },
  JW501: { type: 'JW501', correlationId: 'TKB-J-0002', sender: { kind: 'gemeentecode', code: '0384' }, bsns: ['777000027', '777000039'] },
  WMO502: { type: 'WMO502', correlationId: 'TKB-W-0001', addressee: { kind: 'gemeentecode', code: '0384' }, bsns: ['777000003', '777000015'] },
  'WMO502-goedgekeurd': { type: 'WMO502', correlationId: 'TKB-W-0001', addressee: { kind: 'gemeentecode', code: '0384' }, bsns: [] },
  JW502: { type: 'JW502', correlationId: 'TKB-J-0002', addressee: { kind: 'gemeentecode', code: '0384' }, bsns: ['777000027', '777000039'] },
  WMO507: { type: 'WMO507', correlationId: 'BAB-W-0001', addressee: { kind: 'gemeentecode', code: '0384' }, bsns: ['777000003'] },
  JW507: { type: 'JW507', correlationId: 'BAB-J-0001', addressee: { kind: 'gemeentecode', code: '0384' }, bsns: ['777000027'] },
  WMO508: { type: 'WMO508', correlationId: 'BAB-W-0001', sender: { kind: 'gemeentecode', code: '0384' }, bsns: ['777000003'] },
  JW508: { type: 'JW508', correlationId: 'BAB-J-0001', sender: { kind: 'gemeentecode', code: '0384' }, bsns: ['777000027'] },
} as const;

describe('iPgb 2.1 adapter', () => {
  it.each(FIXTURE_FILES)('accepts fixture %s: family, type, parties, BSNs and its model', (name) => {
    const m = adapter().process(Buffer.from(fixture(name)));
    const { sender, addressee, ipgb, ...rest } = m;
    const exp = EXPECTED[name];
    expect({ ...rest, ...(sender ? { sender } : {}), ...(addressee ? { addressee } : {}) }).toEqual({ family: 'ipgb', ...exp });
    expect(ipgb.type).toBe(exp.type);
    expect(ipgbModelOf(m)).toBe(ipgb);
  });

  it('fills every class of every message type at least once across the fixtures', () => {
    const seen = new Map<string, Set<string>>();
    for (const name of FIXTURE_FILES) {
      const m = adapter().process(Buffer.from(fixture(name))).ipgb;
      const set = seen.get(m.type) ?? new Set<string>();
      seen.set(m.type, set);
      set.add('Header');
      if (m.nummer === '501' || m.nummer === '502') {
        if (!m.client) continue;
        set.add('Client').add('Budget');
        if (m.client.budget.functieBudgetten.length > 0) set.add('FunctieBudget');
        if (m.client.budget.budgetPeriode) set.add('BudgetPeriode');
        if (m.client.relaties.length > 0) set.add('Relatie');
        if (m.client.contact || m.client.relaties.some((r) => r.contact)) set.add('Contact');
      } else if (m.client) {
        set.add('Client');
        if (m.client.functieBudgettenBesteed.length > 0) set.add('FunctieBudgetBesteed');
      }
    }
    const toekenning = ['Header', 'Client', 'Budget', 'BudgetPeriode', 'FunctieBudget', 'Relatie', 'Contact'];
    const afsluiting = ['Header', 'Client', 'FunctieBudgetBesteed'];
    for (const t of ['WMO501', 'JW501', 'WMO502', 'JW502']) expect([...seen.get(t)!].sort(), t).toEqual([...toekenning].sort());
    for (const t of ['WMO507', 'JW507', 'WMO508', 'JW508']) expect([...seen.get(t)!].sort(), t).toEqual([...afsluiting].sort());
  });

  it('reads every element of the WMO501 into the model, with Locatie paths', () => {
    const m = adapter().process(Buffer.from(fixture('WMO501'))).ipgb;
    if (m.nummer !== '501') throw new Error('not a 501');
    expect(m.header).toMatchObject({ path: '/Bericht/Header', berichtCode: '458', berichtVersie: '2', berichtSubversie: '1', afzender: '0384' });
    expect(m.header.berichtIdentificatie).toEqual({ path: '/Bericht/Header/BerichtIdentificatie', identificatie: 'TKB-W-0001', dagtekening: '2026-11-30' });
    const b = m.client.budget;
    expect(b).toMatchObject({ path: '/Bericht/Client/Budget', budgetIdentificatie: 'PGB-W-2026-001', afgiftedatum: '2026-11-15' });
    expect(b.budgetIdentificatieOud).toBeUndefined();
    expect(b.functieBudgetten.map((f) => [f.path, f.zorgfunctie, f.functieBudgetBedrag, f.verantwoordingsvrijBedrag])).toEqual([
      ['/Bericht/Client/Budget/FunctieBudgetten/FunctieBudget[1]', '02', 1250000, 25000],
      ['/Bericht/Client/Budget/FunctieBudgetten/FunctieBudget[2]', '01', 300000, undefined],
    ]);
    expect(m.client.relaties.map((r) => [r.path, r.nummer, r.soort, r.kvkNummer ?? null, r.naam?.naamGebruik ?? null])).toEqual([
      ['/Bericht/Client/Relaties/Relatie[1]', 'REL-1', '3', null, '3'],
      ['/Bericht/Client/Relaties/Relatie[2]', 'REL-2', '9', '99000017', null],
    ]);
    expect(m.client.relaties[0]!.naam!.partnernaam).toEqual({ path: '/Bericht/Client/Relaties/Relatie[1]/Naam/Partnernaam', achternaam: 'Proefnaam' });
    expect(m.client.contact).toMatchObject({
      path: '/Bericht/Client/Contact',
      adres: { postcode: '1234AB', landCode: 'NL', huis: { huisnummer: 12, huisletter: 'A', huisnummerToevoeging: 'bis' } },
      telefoon: { telefoon01: { telefoonnummer: '0200000000', landnummer: '0031' }, telefoon02: { telefoonnummer: '0600000000' } },
      emailadres: 'budgethouder@example.org',
    });
  });

  it('keeps the class FunctieBudgetBesteed and its amount element of the same name apart', () => {
    const m = adapter().process(Buffer.from(fixture('WMO507'))).ipgb;
    if (m.nummer !== '507') throw new Error('not a 507');
    expect(m.client.functieBudgettenBesteed.map((f) => [f.redenBudgetafsluiting, f.functieBudgetBesteed, f.verantwoordingsvrijBedragBesteed ?? null, f.ziekengeldBesteed ?? null])).toEqual([
      ['1', 290000, null, null],
      ['3', 1300000, 30000, 5000],
    ]);
  });

  it('covers each RedenBudgetafsluiting in the fixtures', () => {
    const redenen = new Set<string>();
    for (const name of ['WMO507', 'JW507'] as const) {
      const m = adapter().process(Buffer.from(fixture(name))).ipgb;
      if (m.nummer === '507') for (const f of m.client.functieBudgettenBesteed) redenen.add(f.redenBudgetafsluiting);
    }
    expect([...redenen].sort()).toEqual(['1', '2', '3']);
  });

  it('reads a Contact under a Relatie and the RetourCodes of a retour', () => {
    const jw = adapter().process(Buffer.from(fixture('JW501'))).ipgb;
    if (jw.nummer !== '501') throw new Error('not a 501');
    expect(jw.client.contact).toBeUndefined();
    expect(jw.client.relaties[0]!.contact).toMatchObject({ path: '/Bericht/Client/Relaties/Relatie/Contact', adres: { huis: { aanduidingWoonadres: 'TO' } } });
    const r = adapter().process(Buffer.from(fixture('JW502'))).ipgb;
    if (r.nummer !== '502') throw new Error('not a 502');
    expect(r.header).toMatchObject({ identificatieRetour: 'R-J502-0001', dagtekeningRetour: '2026-12-01', retourCodes: ['9056'] });
    expect(r.client!.budget.retourCodes).toEqual(['9562']);
    expect(r.client!.retourCodes).toEqual(['0200']);
    expect(r.client!.relaties[0]!.contact!.retourCodes).toEqual(['0200']);
  });

  it('refuses an XSD-invalid message with line and element path, never the value', () => {
    const xml = mutate(fixture('WMO501'), '<wmo501:Bsn>777000003</wmo501:Bsn>', '<wmo501:Bsn>77700000X</wmo501:Bsn>');
    const err = rejection(() => adapter().process(Buffer.from(xml)));
    expect(err.status).toBe(400);
    expect(err.errors[0]).toMatchObject({ code: 'xsd-invalid', line: 19, path: '/wmo501:Bericht/wmo501:Client/wmo501:Bsn' });
    expect(JSON.stringify(err.errors)).not.toContain('77700000X');
  });

  it('refuses elements in another order than the schema says, naming the element', () => {
    const xml = mutate(fixture('WMO507'), '<wmo507:RedenBudgetafsluiting>1</wmo507:RedenBudgetafsluiting>\n\t\t\t\t<wmo507:FunctieBudgetBesteed>290000</wmo507:FunctieBudgetBesteed>',
      '<wmo507:FunctieBudgetBesteed>290000</wmo507:FunctieBudgetBesteed>\n\t\t\t\t<wmo507:RedenBudgetafsluiting>1</wmo507:RedenBudgetafsluiting>');
    const err = rejection(() => adapter().process(Buffer.from(xml)));
    expect(err.errors[0]!.path).toBe('/wmo507:Bericht/wmo507:Client/wmo507:FunctieBudgettenBesteed/wmo507:FunctieBudgetBesteed[1]/wmo507:FunctieBudgetBesteed');
    expect(err.errors[0]!.line).toBeGreaterThan(20);
  });

  it('refuses a DOCTYPE before parsing', () => {
    const xml = fixture('WMO501').replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE x [<!ENTITY e "e">]>');
    expect(rejection(() => adapter().process(Buffer.from(xml))).errors[0]!.code).toBe('doctype-forbidden');
  });

  it('is picked by the registry from the content, beside the iWmo/iJw adapter; other namespaces are not its, other iPgb releases are refused by name', () => {
    const iwmo = createIwmoIjwAdapter(path.join(REPO, 'schemas'));
    try {
      const registry = new AdapterRegistry([iwmo, adapter()]);
      expect(registry.process(Buffer.from(fixture('JW507')))).toMatchObject({ family: 'ipgb', type: 'JW507' });
      const other = fixture('WMO501').replaceAll('http://www.istandaarden.nl/', 'http://example.org/');
      expect(adapter().accepts(Buffer.from(other))).toBe(false);
      expect(rejection(() => registry.process(Buffer.from(other))).status).toBe(415);
      // Another iPgb release is refused by name (production may still run iPgb 2.0, ipgb.md §6 #14).
      const v20 = fixture('WMO501').replaceAll('/ipgb/2_1/', '/ipgb/2_0/');
      const err = rejection(() => registry.process(Buffer.from(v20)));
      expect(err.status).toBe(422);
      expect(err.errors[0]).toMatchObject({ code: 'unsupported-release' });
      expect(err.errors[0]!.message).toContain('iPgb release 2.0 is not supported');
    } finally {
      iwmo.dispose();
    }
  });

  it('the bundled XSDs are exactly what schemas/ipgb-2.1/generate.ts writes', () => {
    const files = ipgbSchemaFiles();
    expect([...files.keys()].sort()).toEqual(readdirSync(BUNDLED).filter((f) => f.endsWith('.xsd')).sort());
    for (const [file, xml] of files) expect(readFileSync(path.join(BUNDLED, file), 'utf8'), file).toBe(xml);
  });

  it('PGB001 in code equals LDT_RetourCode of the bundled basisschema, and every rule carries a PGB001 code', () => {
    const xsd = readFileSync(path.join(BUNDLED, 'basisschema.xsd'), 'utf8');
    const block = /<xs:simpleType name="LDT_RetourCode">([\s\S]*?)<\/xs:simpleType>/.exec(xsd)![1]!;
    expect([...block.matchAll(/enumeration value="([^"]+)"/g)].map((m) => m[1]).sort()).toEqual(Object.keys(PGB001).sort());
    for (const r of [...IPGB_LEVEL2_RULES, ...IPGB_LEVEL3_RULES]) expect(isPgb001(r.retourCode), r.id).toBe(true);
  });
});

describe('a swapped iPgb schema set (KP_IPGB_SCHEMAS_DIR)', () => {
  const OFFICIAL_NS = 'urn:example:zorginstituut:ipgb:2.1:';
  let dir: string;
  let swapped: IpgbAdapter | undefined;

  function swapNamespaces(xml: string): string {
    return xml.replaceAll('http://www.istandaarden.nl/ipgb/2_1/', OFFICIAL_NS);
  }

  afterAll(() => {
    swapped?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is loaded from the folder the environment names, under its own file names and namespaces', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'kp-ipgb-xsd-'));
    cpSync(BUNDLED, dir, { recursive: true });
    for (const f of readdirSync(dir)) {
      if (!f.endsWith('.xsd')) {
        rmSync(path.join(dir, f));
        continue;
      }
      const file = path.join(dir, f);
      writeFileSync(file, swapNamespaces(readFileSync(file, 'utf8')));
      // Official packages name their files their own way; the adapter recognises a message by its BerichtCode.
      if (f !== 'basisschema.xsd') renameSync(file, path.join(dir, `ipgb_${f.replace('.xsd', '').toLowerCase()}_v1_0_0.xsd`));
    }
    const [a] = ipgbAdapters(path.join(REPO, 'schemas'), dir);
    swapped = a as IpgbAdapter;
    expect(swapped.schemasDir).toBe(dir);
    expect(swapped.schemas.get('WMO501')).toMatchObject({ file: 'ipgb_wmo501_v1_0_0.xsd', namespace: `${OFFICIAL_NS}wmo501/schema` });

    // A message in the bundled namespace is now unknown; the same message in the swapped namespace is accepted.
    expect(rejection(() => swapped!.process(Buffer.from(fixture('WMO501')))).status).toBe(415);
    const heen = swapNamespaces(fixture('WMO501'));
    const accepted = swapped.process(Buffer.from(heen));
    expect(accepted.ipgb).toMatchObject({ type: 'WMO501', namespace: `${OFFICIAL_NS}wmo501/schema` });

    // The retour is built in the swapped set's namespace and validates against it.
    const retour = buildIpgbRetour({ heen, model: accepted.ipgb, identificatie: 'R1', now: new Date('2026-12-01T12:00:00Z'), schemas: swapped.schemas });
    expect(retour.xml).toContain(`xmlns:wmo502="${OFFICIAL_NS}wmo502/schema"`);
    expect(swapped.process(Buffer.from(retour.xml)).type).toBe('WMO502');
  });

  it('without the variable the bundled set is used', () => {
    const [a] = ipgbAdapters(path.join(REPO, 'schemas'));
    try {
      expect((a as IpgbAdapter).schemasDir).toBe(BUNDLED);
    } finally {
      a!.dispose?.();
    }
  });

  it('refuses a folder that lacks a message, naming it', () => {
    const partial = mkdtempSync(path.join(tmpdir(), 'kp-ipgb-partial-'));
    try {
      for (const f of ['basisschema.xsd', 'WMO501.xsd', 'JW501.xsd']) cpSync(path.join(BUNDLED, f), path.join(partial, f));
      expect(() => findIpgbSchemas(partial)).toThrow(IpgbSchemaError);
      expect(() => createIpgbAdapter(partial)).toThrow(/no XSD for WMO502, JW502, WMO507, JW507, WMO508, JW508/);
    } finally {
      rmSync(partial, { recursive: true, force: true });
    }
  });
});
