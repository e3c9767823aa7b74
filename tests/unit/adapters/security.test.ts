import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { xmlRegisterInputProvider } from 'libxml2-wasm';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createIwmoIjwAdapter, type IwmoIjwAdapter } from '../../../adapters/iwmo-ijw/index.ts';
import { AdapterRegistry } from '../../../adapters/registry.ts';
import { parseUntrustedXml } from '../../../adapters/xml/parse.ts';
import { rejection } from '../../support/rejection.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const WMO301 = readFileSync(path.resolve(REPO, '../shared/corpus/istandaarden/iwmo-3.2/samples/WMO301.xml'), 'utf8');
const NS = 'http://www.istandaarden.nl/iwmo/3_2/wmo301/schema';

const XXE = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE wmo301:Bericht [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<wmo301:Bericht xmlns:wmo301="${NS}"><wmo301:Header><wmo301:Afzender>&xxe;</wmo301:Afzender></wmo301:Header></wmo301:Bericht>`;

const lol = (n: number) => (n === 0 ? 'lol' : `&lol${n - 1};`.repeat(10));
const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol0 "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${lol(i + 1)}">`).join('')}]>
<w:Bericht xmlns:w="${NS}">&lol9;</w:Bericht>`;

// Distinctive pieces of /etc/passwd that must never come back.
const PASSWD_MARKERS = ['root:x:0:0', ':/bin/', 'nologin'];

describe('untrusted XML', () => {
  let adapter: IwmoIjwAdapter;
  let registry: AdapterRegistry;
  const requested: string[] = [];
  beforeAll(() => {
    adapter = createIwmoIjwAdapter(path.join(REPO, 'schemas'));
    registry = new AdapterRegistry([adapter]);
    // Registered after the schema provider, so libxml2 asks it first: records every resource it tries to open.
    xmlRegisterInputProvider({ match: (f) => { requested.push(f); return false; }, open: () => undefined, read: () => -1, close: () => true });
  });
  afterAll(() => registry.dispose());

  it('refuses a DOCTYPE with an external entity before parsing, leaking nothing', () => {
    const err = rejection(() => registry.process(Buffer.from(XXE)));
    expect(err.status).toBe(400);
    expect(err.errors).toEqual([{ code: 'doctype-forbidden', message: 'a DOCTYPE is not allowed in a message', line: 2, column: 1 }]);
    const answer = JSON.stringify(err.errors) + err.message;
    for (const marker of PASSWD_MARKERS) expect(answer).not.toContain(marker);
    expect(requested).toEqual([]);
  });

  it('refuses a DOCTYPE whatever the root element, rather than calling it an unknown type', () => {
    const err = rejection(() => registry.process(Buffer.from('<!DOCTYPE foo [<!ENTITY e SYSTEM "file:///etc/passwd">]><foo>&e;</foo>')));
    expect([err.status, err.errors[0]!.code]).toEqual([400, 'doctype-forbidden']);
  });

  it('refuses billion laughs', () => {
    const started = performance.now();
    const err = rejection(() => registry.process(Buffer.from(BILLION_LAUGHS)));
    expect([err.status, err.errors[0]!.code, err.errors[0]!.line]).toEqual([400, 'doctype-forbidden', 2]);
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('refuses a DOCTYPE that follows the XML declaration and a comment', () => {
    const body = `<?xml version="1.0"?>\n<!-- harmless? -->\n<?pi x?>\n\n<!DOCTYPE x>\n${WMO301.slice(WMO301.indexOf('<wmo301:Bericht'))}`;
    const err = rejection(() => registry.process(Buffer.from(body)));
    expect(err.errors).toEqual([expect.objectContaining({ code: 'doctype-forbidden', line: 5, column: 1 })]);
  });

  it('never parses a DOCTYPE hidden behind a prolog longer than the sniffed head', () => {
    const body = Buffer.from(`<!--${'x'.repeat(10_000)}-->${XXE.slice(XXE.indexOf('<!DOCTYPE'))}`);
    expect(rejection(() => registry.process(body)).status).toBe(415); // no adapter could read the root in the head
    const err = rejection(() => adapter.process(body)); // the adapter itself scans the whole prolog
    expect(err.errors[0]).toMatchObject({ code: 'doctype-forbidden', line: 1 });
    expect(requested).toEqual([]);
  });

  describe('second line of defence: the hardened parse itself', () => {
    it('does not load the external entity and refuses the DTD', () => {
      const err = rejection(() => parseUntrustedXml(Buffer.from(XXE)));
      expect(err.errors[0]!.code).toBe('doctype-forbidden');
      expect(requested).toEqual([]);
    });

    it('stops entity amplification', () => {
      const err = rejection(() => parseUntrustedXml(Buffer.from(BILLION_LAUGHS)));
      expect(err.status).toBe(400);
      expect(err.errors[0]!.message).toMatch(/amplification/);
    });

    it('treats an entity reference without a DTD as malformed', () => {
      const err = rejection(() => registry.process(Buffer.from(`<w:Bericht xmlns:w="${NS}">&xxe;</w:Bericht>`)));
      expect(err.errors[0]).toMatchObject({ code: 'xml-malformed', message: "Entity 'xxe' not defined", line: 1 });
    });
  });

  it('ignores xsi:schemaLocation in the message: validates with our schema, fetches nothing', () => {
    const body = WMO301.replace('<wmo301:Bericht ', `<wmo301:Bericht xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${NS} file:///etc/passwd" `);
    expect(registry.process(Buffer.from(body)).type).toBe('WMO301');
    expect(requested).toEqual([]);
  });
});
