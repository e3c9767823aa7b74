// The XSD copies, the compiled set and the JSON Schemas: what keeps them true to their sources.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import {
  DIENSTEN, DKD_DATA_SCHEMAS, dkdJsonSchemaFile, loadSuwimlSchemas, renderDkdJsonSchema, SUWIML_SCHEMAS_DIR, suwimlSchemas, type Dienst,
} from '../../../adapters/suwiml/index.ts';
import { declaredElements, reactionXsds, SUWI } from './support.ts';

const ALL = Object.keys(DIENSTEN) as Dienst[];

function files(dir: string, rel = ''): string[] {
  return readdirSync(path.join(dir, rel)).flatMap((name) => {
    const r = path.posix.join(rel, name);
    return statSync(path.join(dir, r)).isDirectory() ? files(dir, r) : [r];
  });
}

/** Every field name anywhere in a zod schema. */
function fieldNames(schema: z.ZodType, into = new Set<string>()): Set<string> {
  if (schema instanceof z.ZodOptional) return fieldNames(schema.unwrap() as z.ZodType, into);
  if (schema instanceof z.ZodArray) return fieldNames(schema.element as z.ZodType, into);
  if (schema instanceof z.ZodObject) {
    for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
      into.add(key);
      fieldNames(field, into);
    }
  }
  return into;
}

describe('SuwiML schemas', () => {
  it('every XSD and WSDL under schemas/suwiml is a byte-for-byte copy of the corpus file of the same path', () => {
    const copies = files(SUWIML_SCHEMAS_DIR).filter((f) => /\.(xsd|wsdl)$/.test(f));
    expect(copies.length).toBeGreaterThan(100);
    const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');
    const differ = copies.filter((f) => sha(path.join(SUWIML_SCHEMAS_DIR, f)) !== sha(path.join(SUWI, 'schemas', f)));
    expect(differ).toEqual([]);
  });

  it('compiles the four request and four answer XSDs, and can be loaded and disposed again beside the shared set', () => {
    const set = loadSuwimlSchemas();
    for (const dienst of ALL) {
      expect(set.request(dienst)).toBeDefined();
      expect(set.response(dienst)).toBeDefined();
    }
    set.dispose();
    expect(() => set.request('BRPDossierPersoonGSD')).toThrow(/not loaded/);
    // The codec's process-wide set is compiled once and unaffected by another set's dispose.
    expect(suwimlSchemas()).toBe(suwimlSchemas());
    expect(suwimlSchemas().response('Bijstandsregelingen')).toBeDefined();
  });

  it('each dienst model has a field for every element its BodyReaction XSD declares (the FWI aside)', () => {
    for (const dienst of ALL) {
      const declared = declaredElements(reactionXsds(SUWIML_SCHEMAS_DIR, dienst, DIENSTEN[dienst].release));
      declared.delete(DIENSTEN[dienst].responseElement);
      // BRP declares complexType Documentindicatie (CdAanvullendDocument) but no element uses it: the
      // XSD says "No rights for definition Documentindicatie…" for every place it would stand.
      if (dienst === 'BRPDossierPersoonGSD') declared.delete('CdAanvullendDocument');
      const fields = fieldNames(DKD_DATA_SCHEMAS[dienst]);
      const missing = [...declared].filter((name) => !fields.has(name.charAt(0).toLowerCase() + name.slice(1)));
      expect({ dienst, missing }).toEqual({ dienst, missing: [] });
    }
  });

  it('a field is an array exactly where the XSD lets its element repeat (maxOccurs unbounded)', () => {
    for (const dienst of ALL) {
      const repeating = new Set<string>();
      for (const f of reactionXsds(SUWIML_SCHEMAS_DIR, dienst, DIENSTEN[dienst].release)) {
        for (const m of readFileSync(f, 'utf8').matchAll(/<(?:xs:)?element\s+name="([^"]+)"[^>]*maxOccurs="unbounded"/g)) repeating.add(m[1]!);
      }
      const arrays = new Set<string>();
      const walk = (schema: z.ZodType): void => {
        if (schema instanceof z.ZodOptional) return walk(schema.unwrap() as z.ZodType);
        if (schema instanceof z.ZodArray) return walk(schema.element as z.ZodType);
        if (!(schema instanceof z.ZodObject)) return;
        for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
          if (field instanceof z.ZodArray) arrays.add(key);
          walk(field);
        }
      };
      walk(DKD_DATA_SCHEMAS[dienst]);
      const lc = (n: string) => n.charAt(0).toLowerCase() + n.slice(1);
      expect({ dienst, arrays: [...arrays].sort() }).toEqual({ dienst, arrays: [...repeating].map(lc).sort() });
    }
  });

  it('the JSON Schema files on disk are what adapters/suwiml/write-schemas.ts would write now', () => {
    for (const dienst of ALL) expect(readFileSync(dkdJsonSchemaFile(dienst), 'utf8')).toBe(renderDkdJsonSchema(dienst));
  });
});
