import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createIwmoIjwAdapter, type IwmoIjwAdapter } from '../../../adapters/iwmo-ijw/index.ts';
import { AdapterRegistry, HEAD_BYTES } from '../../../adapters/registry.ts';
import type { AcceptedMessage, Adapter } from '../../../adapters/types.ts';
import { rejection } from '../../support/rejection.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const WMO301 = readFileSync(path.resolve(REPO, '../shared/corpus/istandaarden/iwmo-3.2/samples/WMO301.xml'));

// A stand-in for a later non-XML family (LO3 records start with a 24-digit header).
class Lo3LikeAdapter implements Adapter {
  readonly family = 'lo3-test';
  heads: number[] = [];
  accepts(head: Buffer): boolean {
    this.heads.push(head.length);
    return /^\d{24}/.test(head.toString('latin1', 0, 24));
  }
  process(): AcceptedMessage {
    return { family: this.family, type: 'Lo3Test', bsns: [] };
  }
}

describe('AdapterRegistry', () => {
  let iwmo: IwmoIjwAdapter;
  beforeAll(() => { iwmo = createIwmoIjwAdapter(path.join(REPO, 'schemas')); });
  afterAll(() => iwmo.dispose());

  it('picks the adapter from the content, whatever their order', () => {
    const lo3 = new Lo3LikeAdapter();
    for (const registry of [new AdapterRegistry([lo3, iwmo]), new AdapterRegistry([iwmo, lo3])]) {
      expect(registry.process(WMO301).type).toBe('WMO301');
      expect(registry.process(Buffer.from('000000000000000000000000 01.01.10 ...')).type).toBe('Lo3Test');
    }
  });

  it('shows an adapter no more than the head of a large body', () => {
    const lo3 = new Lo3LikeAdapter();
    new AdapterRegistry([lo3]).process(Buffer.from('0'.repeat(HEAD_BYTES * 3)));
    expect(lo3.heads).toEqual([HEAD_BYTES]);
  });

  it('refuses a non-XML body nobody recognises with 415', () => {
    const err = rejection(() => new AdapterRegistry([iwmo]).process(Buffer.from('BSN;Naam\n1;x\n')));
    expect(err.status).toBe(415);
    expect(err.errors).toEqual([{ code: 'unknown-message-type', message: 'no message type is known for this content: not a format any adapter recognises' }]);
  });

  it('refuses XML of an unknown namespace with 415 naming it', () => {
    const err = rejection(() => new AdapterRegistry([iwmo]).process(Buffer.from('<?xml version="1.0"?><Bericht xmlns="http://www.istandaarden.nl/iwlz/2_4/ab01/schema"/>')));
    expect(err.status).toBe(415);
    expect(err.errors[0]!.code).toBe('unknown-message-type');
    expect(err.errors[0]!.message).toContain("namespace 'http://www.istandaarden.nl/iwlz/2_4/ab01/schema'");
  });

  it('refuses an iWmo 3.0 message with 422', () => {
    const err = rejection(() => new AdapterRegistry([iwmo]).process(Buffer.from(WMO301.toString('utf8').replaceAll('/3_2/', '/3_0/'))));
    expect([err.status, err.errors[0]!.code]).toEqual([422, 'unsupported-release']);
    expect(err.errors[0]!.message).toContain('3.0');
  });

  it('refuses malformed XML with line and column', () => {
    const body = '<?xml version="1.0"?>\n<w:Bericht xmlns:w="http://www.istandaarden.nl/iwmo/3_2/wmo301/schema">\n  <w:Header>\n</w:Bericht>\n';
    const err = rejection(() => new AdapterRegistry([iwmo]).process(Buffer.from(body)));
    expect(err.status).toBe(400);
    expect(err.errors[0]).toMatchObject({ code: 'xml-malformed', line: 4 });
    expect(err.errors[0]!.column).toBeGreaterThan(0);
  });

  it('refuses an empty body', () => {
    expect(rejection(() => new AdapterRegistry([iwmo]).process(Buffer.alloc(0))).errors[0]!.code).toBe('empty-body');
  });
});
