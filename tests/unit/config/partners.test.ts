import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadPartners, parsePartners } from '../../../config/partners.ts';
import { readTrustMaterial } from '../../../config/trust-material.ts';
import { ensureDevCerts } from '../../../certs-dev/generate.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const devFile = join(repoRoot, 'config/partners.dev.yaml');
const FILE = 'config/partners.test.yaml';

const partner = (name: string, oin: string, extra = ''): string => `
  - name: ${name}
    oin: "${oin}"
    role: aanbieder
    ca: ca.crt
    messageTypes: [WMO302]
${extra}`;

function configError(yamlText: string): ConfigError {
  try {
    parsePartners(yamlText, FILE);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('config/partners.dev.yaml', () => {
  it('loads with the development partners and their settings', () => {
    const registry = loadPartners(devFile);
    expect(registry.partners.map((p) => p.name)).toEqual([
      'gemeente-0384',
      'gemeente-0363',
      'aanbieder-42420001',
      'aanbieder-65656055',
      'operator',
      'operator-pd',
      'gbav',
      'wsw-subscriber',
      'ggk',
      'pgb-beheer',
      'pgb-beheer-pd',
      'svb',
      'klantsysteem-0384',
    ]);
    expect([...registry.byName('klantsysteem-0384')!.dkd!.diensten.keys()]).toEqual(['BRPDossierPersoonGSD', 'SVBDossierPersoonGSD']);
    expect([...registry.byName('gemeente-0384')!.dkd!.diensten.get('BRPDossierPersoonGSD')!]).toEqual(['Participatiewet', 'Schuldhulpverlening']);
    expect([...registry.byName('operator')!.permissions]).toEqual([]);
    expect([...registry.byName('operator-pd')!.permissions]).toEqual(['personal-data']);
    expect([...registry.byName('pgb-beheer')!.permissions]).toEqual(['pgb']);
    expect([...registry.byName('pgb-beheer-pd')!.permissions]).toEqual(['pgb', 'personal-data']);
    expect([...registry.byName('wsw-subscriber')!.alerts!.disclose]).toEqual([]);
    expect(registry.byName('wsw-subscriber')!.alerts!.events.has('overleden')).toBe(true);
    const gemeente = registry.byOin('00000001000000384000');
    expect(gemeente?.name).toBe('gemeente-0384');
    expect(gemeente?.role).toBe('gemeente');
    expect(gemeente?.identifiers.gemeentecode).toEqual(['0384']);
    expect(gemeente?.messageTypes.has('WMO301')).toBe(true);
    expect(gemeente?.messageTypes.has('WMO302')).toBe(false);
    expect(gemeente?.messageTypes.has('WMO501')).toBe(true); // iPgb: TKBs to the SVB
    expect(gemeente?.messageTypes.has('WMO502')).toBe(false);
    expect(gemeente?.messageTypes.size).toBe(18);
    expect(gemeente?.caFile).toBe(join(repoRoot, 'certs-dev/out/ca.crt'));
    expect(gemeente?.delivery).toEqual({
      url: 'https://localhost:9441/berichten',
      serverCaFile: join(repoRoot, 'certs-dev/out/ca.crt'),
      serverName: 'localhost',
      timeoutMs: 10_000,
      maxAttempts: 8,
      backoffBaseMs: 1_000,
      backoffMaxMs: 300_000,
      concurrency: 16,
      format: 'xml',
      envelope: 'none',
    });
    expect(registry.byIdentifier('agb', '42420001')?.name).toBe('aanbieder-42420001');
    expect(registry.byIdentifier('gemeentecode', '0363')?.oin).toBe('00000001000000363000');
    expect(registry.byIdentifier('agb', '0384')).toBeUndefined();
    expect(registry.byName('aanbieder-65656055')?.messageTypes.has('JW323')).toBe(true);
    const operator = registry.byName('operator');
    expect(operator?.messageTypes.size).toBe(0);
    expect(operator?.delivery).toBeUndefined();
  });
});

describe('validation errors name the file, the partner and the field', () => {
  const cases: Array<{ rule: string; yaml: string; partner: string; field: string; text: RegExp }> = [
    {
      rule: 'duplicate OIN',
      yaml: `partners:${partner('a', '00000003000000000001')}${partner('b', '00000003000000000001')}`,
      partner: 'b',
      field: 'oin',
      text: /partner "b": oin: 00000003000000000001 is already used by partner "a"/,
    },
    {
      rule: '19-digit OIN',
      yaml: `partners:${partner('a', '0000000300000000001')}`,
      partner: 'a',
      field: 'oin',
      text: /partner "a": oin: must be exactly 20 digits/,
    },
    {
      rule: 'http delivery URL',
      yaml: `partners:${partner('aanbieder-42420001', '00000003000000000001', '    delivery: { url: "http://localhost:9443/berichten", serverCa: ca.crt }')}`,
      partner: 'aanbieder-42420001',
      field: 'delivery.url',
      text: /^config\/partners\.test\.yaml: partner "aanbieder-42420001": delivery\.url: must be an https URL$/,
    },
    {
      rule: 'AGB code owned by two partners',
      yaml: `partners:${partner('a', '00000003000000000001', '    identifiers: { agb: ["42420001"] }')}${partner('b', '00000003000000000002', '    identifiers: { agb: ["11111111", "42420001"] }')}`,
      partner: 'b',
      field: 'identifiers.agb[1]',
      text: /partner "b": identifiers\.agb\[1\]: 42420001 is already owned by partner "a"/,
    },
    {
      rule: 'unknown key (a typo)',
      yaml: `partners:${partner('a', '00000003000000000001', '    delivery: { url: "https://x.example/b", serverCa: ca.crt, timeoutMS: 5 }')}`,
      partner: 'a',
      field: 'delivery.timeoutMS',
      text: /partner "a": delivery\.timeoutMS: unknown key/,
    },
    {
      rule: 'dotted name',
      yaml: `partners:${partner('aanbieder.42420001', '00000003000000000001')}`,
      partner: 'aanbieder.42420001',
      field: 'name',
      text: /partner "aanbieder\.42420001": name: must be lowercase letters/,
    },
    {
      rule: 'duplicate name',
      yaml: `partners:${partner('a', '00000003000000000001')}${partner('a', '00000003000000000002')}`,
      partner: 'a',
      field: 'name',
      text: /partner "a": name: already used by partner #1/,
    },
    {
      rule: '7-digit AGB code',
      yaml: `partners:${partner('a', '00000003000000000001', '    identifiers: { agb: ["4242000"] }')}`,
      partner: 'a',
      field: 'identifiers.agb[0]',
      text: /identifiers\.agb\[0\]: must be exactly 8 digits/,
    },
    {
      rule: 'message type with a space',
      yaml: `partners:${partner('a', '00000003000000000001').replace('[WMO302]', '["WMO 302"]')}`,
      partner: 'a',
      field: 'messageTypes[0]',
      text: /messageTypes\[0\]: must be letters and digits only/,
    },
    {
      rule: 'a non-operator without message types',
      yaml: `partners:${partner('a', '00000003000000000001').replace('messageTypes: [WMO302]', 'messageTypes: []')}`,
      partner: 'a',
      field: 'messageTypes',
      text: /messageTypes: must list at least one message type/,
    },
    {
      rule: 'missing ca',
      yaml: `partners:${partner('a', '00000003000000000001').replace('ca: ca.crt', '')}`,
      partner: 'a',
      field: 'ca',
      text: /partner "a": ca: is required/,
    },
    {
      rule: 'unknown role',
      yaml: `partners:${partner('a', '00000003000000000001').replace('role: aanbieder', 'role: zorgkantoor')}`,
      partner: 'a',
      field: 'role',
      text: /role: must be one of gemeente, aanbieder, operator, ketenpartner/,
    },
    {
      rule: 'backoffMaxMs below backoffBaseMs',
      yaml: `partners:${partner('a', '00000003000000000001', '    delivery: { url: "https://x.example/b", serverCa: ca.crt, backoffBaseMs: 5000, backoffMaxMs: 100 }')}`,
      partner: 'a',
      field: 'delivery.backoffMaxMs',
      text: /delivery\.backoffMaxMs: must be at least backoffBaseMs/,
    },
  ];

  for (const c of cases) {
    it(c.rule, () => {
      const error = configError(c.yaml);
      expect(error.code).toBe('config-invalid');
      expect(error.file).toBe(FILE);
      expect(error.partner).toBe(c.partner);
      expect(error.field).toBe(c.field);
      expect(error.message.startsWith(`${FILE}: partner "${c.partner}": ${c.field}: `)).toBe(true);
      expect(error.message).toMatch(c.text);
    });
  }

  it('an unnamed partner is named by its position', () => {
    const error = configError(`partners:${partner('ok', '00000003000000000001')}\n  - oin: "00000003000000000002"\n    role: operator\n    ca: ca.crt\n`);
    expect(error.partner).toBe('#2');
    expect(error.field).toBe('name');
    expect(error.message).toBe(`${FILE}: partner #2: name: is required`);
  });

  it('reports every problem, not only the first', () => {
    const error = configError(`partners:${partner('a', '123')}${partner('b.c', '00000003000000000002')}`);
    expect(error.message.split('\n')).toEqual([
      `${FILE}: partner "a": oin: must be exactly 20 digits`,
      expect.stringMatching(/^config\/partners\.test\.yaml: partner "b\.c": name: /),
    ]);
  });

  it('rejects an empty file, an unknown top-level key and broken YAML', () => {
    expect(configError('# nothing yet\n').message).toBe('config/partners.test.yaml: is empty (expected a "partners:" list)');
    expect(configError(`partner: []`).message).toMatch(/^config\/partners\.test\.yaml: partner: unknown key/m);
    expect(configError(`partners: [\n  { name: a`).message).toMatch(/^config\/partners\.test\.yaml: line 2, column 12: invalid YAML: Flow map/);
    expect(configError(`partners: []\npartners: []\n`).message).toBe('config/partners.test.yaml: line 2, column 1: invalid YAML: Map keys must be unique');
  });
});

describe('values YAML would read as numbers', () => {
  it('keeps leading zeros of an unquoted OIN and gemeentecode', () => {
    const registry = parsePartners(
      `partners:\n  - { name: g, oin: 00000001000000384000, role: gemeente, ca: ca.crt, identifiers: { gemeentecode: [0384], agb: [12345678] }, messageTypes: [WMO301] }\n`,
      FILE,
    );
    expect(registry.byOin('00000001000000384000')?.name).toBe('g');
    expect(registry.byIdentifier('gemeentecode', '0384')?.name).toBe('g');
    expect(registry.byIdentifier('agb', '12345678')?.name).toBe('g');
  });
});

describe('paths', () => {
  it('resolves ca and serverCa against the YAML file directory and keeps absolute paths', () => {
    const registry = parsePartners(
      `partners:${partner('a', '00000003000000000001', '    delivery: { url: "https://x.example/b", serverCa: /etc/ssl/partner-ca.pem }')}`,
      '/srv/kp/conf/partners.yaml',
    );
    const a = registry.byName('a');
    expect(a?.caFile).toBe('/srv/kp/conf/ca.crt');
    expect(a?.delivery?.serverCaFile).toBe('/etc/ssl/partner-ca.pem');
    expect(parsePartners(`partners:${partner('a', '00000003000000000001')}`, 'conf/p.yaml').byName('a')?.caFile).toBe(resolve('conf/ca.crt'));
  });
});

describe('readTrustMaterial', () => {
  let dir = '';
  let caPem = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kp-trust-'));
    const certs = await ensureDevCerts({ outDir: join(dir, 'certs'), partners: [] });
    caPem = readFileSync(certs.caCert, 'utf8');
    mkdirSync(join(dir, 'conf'));
    writeFileSync(join(dir, 'conf/ca.crt'), caPem);
    writeFileSync(join(dir, 'conf/ca-copy.crt'), caPem);
    writeFileSync(join(dir, 'conf/server.crt'), readFileSync(certs.serverCert));
    writeFileSync(join(dir, 'conf/not-pem.crt'), 'hello');
  }, 30_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const yamlFile = (): string => join(dir, 'conf/partners.yaml');

  it('reads each CA once by content and each delivery server CA', () => {
    const registry = parsePartners(
      `partners:${partner('a', '00000003000000000001', '    delivery: { url: "https://x.example/b", serverCa: ca-copy.crt }')}${partner('b', '00000003000000000002').replace('ca: ca.crt', 'ca: ca-copy.crt')}`,
      yamlFile(),
    );
    const trust = readTrustMaterial(registry);
    expect(trust.clientCas).toHaveLength(1);
    expect(trust.clientCas[0]?.toString('utf8')).toBe(caPem);
    expect(trust.serverCa('a')?.toString('utf8')).toBe(caPem);
    expect(trust.serverCa('b')).toBeUndefined();
  });

  function trustError(caLine: string, deliveryLine = ''): ConfigError {
    const registry = parsePartners(`partners:${partner('a', '00000003000000000001', deliveryLine).replace('ca: ca.crt', caLine)}`, yamlFile());
    try {
      readTrustMaterial(registry);
    } catch (error) {
      if (error instanceof ConfigError) return error;
      throw error;
    }
    throw new Error('expected a ConfigError');
  }

  it('names file, partner and field for a missing, non-PEM or non-CA file', () => {
    const missing = trustError('ca: nowhere.crt');
    expect([missing.file, missing.partner, missing.field]).toEqual([yamlFile(), 'a', 'ca']);
    expect(missing.message).toBe(`${yamlFile()}: partner "a": ca: cannot read ${join(dir, 'conf/nowhere.crt')} (ENOENT)`);

    const notPem = trustError('ca: not-pem.crt');
    expect(notPem.field).toBe('ca');
    expect(notPem.message).toMatch(/holds no PEM certificate/);

    const leaf = trustError('ca: server.crt');
    expect(leaf.message).toMatch(/ca: .*server\.crt: certificate 1 of 1 is not a CA certificate/);

    const serverCa = trustError('ca: ca.crt', '    delivery: { url: "https://x.example/b", serverCa: not-pem.crt }');
    expect([serverCa.partner, serverCa.field]).toEqual(['a', 'delivery.serverCa']);
    expect(serverCa.message).toMatch(/^.*partners\.yaml: partner "a": delivery\.serverCa: .*not-pem\.crt: holds no PEM certificate/);
  });

  it('gives permissions to operators only and alerts to subscribers only', () => {
    const entry = (extra: string, role = 'aanbieder') =>
      `partners:\n  - name: p\n    oin: "00000001000000000001"\n    role: ${role}\n    ca: ca.crt\n    messageTypes: [WMO302]\n${extra}`;
    expect(() => parsePartners(entry('    permissions: [personal-data]\n'), 'x.yaml')).toThrow(/permissions.*only an operator has permissions/);
    expect(() => parsePartners(entry('    alerts: { events: [overleden] }\n'), 'x.yaml')).toThrow(/alerts.*only a subscriber has alerts/);
    expect(() => parsePartners(entry('    permissions: [everything]\n', 'operator'), 'x.yaml')).toThrow(/must be one of personal-data/);
    expect(() => parsePartners(entry('    alerts: { events: [verhuisd] }\n', 'subscriber'), 'x.yaml')).toThrow(/must be one of verhuisd.binnengemeentelijk/);
  });

  it('gives Digitaal Klantdossier doelbindingen to a gemeente or klantsysteem only, per known dienst', () => {
    const entry = (extra: string, role = 'gemeente', types = '    messageTypes: [WMO301]\n') =>
      `partners:\n  - name: p\n    oin: "00000001000000000001"\n    role: ${role}\n    ca: ca.crt\n${types}${extra}`;
    const ok = parsePartners(entry('    dkd: { diensten: { Bijstandsregelingen: [Participatiewet] } }\n', 'klantsysteem', ''), 'x.yaml');
    expect(ok.byName('p')!.dkd!.diensten.get('Bijstandsregelingen')!.has('Participatiewet')).toBe(true);
    expect(() => parsePartners(entry('', 'klantsysteem', ''), 'x.yaml')).toThrow(/dkd: is required for a klantsysteem/);
    expect(() => parsePartners(entry('    dkd: { diensten: { BRPDossierPersoonGSD: [Wmo] } }\n', 'aanbieder'), 'x.yaml')).toThrow(/dkd: only a gemeente or a klantsysteem/);
    expect(() => parsePartners(entry('    dkd: { diensten: { KadasterDossierGSD: [Wmo] } }\n'), 'x.yaml')).toThrow(/dkd\.diensten\.KadasterDossierGSD: unknown key/);
    expect(() => parsePartners(entry('    dkd: { diensten: { BRPDossierPersoonGSD: [] } }\n'), 'x.yaml')).toThrow(/must list at least one doelbinding/);
    expect(() => parsePartners(entry('    dkd: { diensten: { BRPDossierPersoonGSD: ["twee woorden"] } }\n'), 'x.yaml')).toThrow(/dkd\.diensten\.BRPDossierPersoonGSD\[0\]: must be a word/);
    expect(() => parsePartners(entry('    dkd: { diensten: {} }\n'), 'x.yaml')).toThrow(/must list at least one dienst/);
  });
});
