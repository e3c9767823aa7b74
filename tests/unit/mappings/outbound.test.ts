import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createStufGgkCodec } from '../../../adapters/stuf-ggk/index.ts';
import { SCHEMAS_DIR } from '../../../ketenpoort.ts';
import { iwmoIjwJsonDocumentSchema } from '../../../mappings/iwmo-json/index.ts';
import { outboundPayload } from '../../../mappings/outbound.ts';
import { sample } from '../../support/corpus.ts';

const codec = createStufGgkCodec(SCHEMAS_DIR);
afterAll(() => codec.dispose());

const XML = { format: 'xml', envelope: 'none' } as const;

describe('outboundPayload: the form a partner receives', () => {
  it('passes the stored bytes through for xml without envelope, and for any other family', () => {
    const body = sample('iwmo-3.2', 'WMO301');
    expect(outboundPayload(XML, 'iwmo', 'WMO301', body, 'application/xml').payload).toBe(body);
    const note = Buffer.from('{"a":1}');
    expect(outboundPayload({ format: 'canonical-json', envelope: 'stuf-ggk' }, 'brp', 'Gv01', note, 'application/octet-stream'))
      .toEqual({ payload: note, contentType: 'application/octet-stream' });
  });

  it('gives the canonical JSON document, valid against its schema, alone or with the XML beside it', () => {
    const body = sample('ijw-3.2', 'JW323');
    const json = outboundPayload({ format: 'canonical-json', envelope: 'none' }, 'ijw', 'JW323', body, 'application/xml');
    expect(json.contentType).toBe('application/json');
    const doc = JSON.parse(json.payload.toString('utf8'));
    expect(iwmoIjwJsonDocumentSchema.safeParse(doc).success).toBe(true);
    expect(doc.berichtType).toBe('JW323');
    const both = JSON.parse(outboundPayload({ format: 'canonical-json+xml', envelope: 'none' }, 'ijw', 'JW323', body, 'application/xml').payload.toString('utf8'));
    expect(both.document).toEqual(doc);
    expect(both.xml).toBe(body.toString('utf8'));
  });

  it('wraps a heen message in a Di01 from its Afzender to its Ontvanger, and a retour the other way round', () => {
    for (const [type, zender, ontvanger] of [['WMO301', '0384', '42420001'], ['WMO302', '42420001', '0384']] as const) {
      const body = sample('iwmo-3.2', type);
      const out = outboundPayload({ format: 'xml', envelope: 'stuf-ggk' }, 'iwmo', type, body, 'application/xml');
      expect(codec.validate(out.payload, 'Di01')).toEqual([]);
      const di01 = codec.parseDi01(out.payload);
      expect(di01.stuurgegevens.functie).toBe(type);
      expect(di01.stuurgegevens.zender.organisatie).toBe(zender);
      expect(di01.stuurgegevens.ontvanger.organisatie).toBe(ontvanger);
      expect(di01.payload.bytes.equals(body)).toBe(true);
      expect(di01.stuurgegevens.referentienummer).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });

  it('wraps an iPgb TKB in a Di01 from the municipality to the SVB, a BAB from the SVB to the municipality; without envelope as stored', () => {
    for (const [file, type, zender, ontvanger] of [['WMO501.xml', 'WMO501', '0384', 'SVB'], ['WMO507.xml', 'WMO507', 'SVB', '0384']] as const) {
      const body = readFileSync(path.resolve('tests/fixtures/ipgb', file));
      expect(outboundPayload(XML, 'ipgb', type, body, 'application/xml').payload).toBe(body);
      const out = outboundPayload({ format: 'xml', envelope: 'stuf-ggk' }, 'ipgb', type, body, 'application/xml');
      expect(codec.validate(out.payload, 'Di01')).toEqual([]);
      const di01 = codec.parseDi01(out.payload);
      expect(di01.stuurgegevens).toMatchObject({ functie: type, zender: { organisatie: zender }, ontvanger: { organisatie: ontvanger } });
      expect(di01.payload.bytes.equals(body)).toBe(true);
    }
  });
});

