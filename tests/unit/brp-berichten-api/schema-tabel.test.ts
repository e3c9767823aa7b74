// schema-tabel.ts is generated; this derives it again from the RvIG JSON schemas in the corpus.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CATEGORIEEN, CATEGORIEEN_PERSOONSLIJST, ELEMENT_REGELS, ELEMENT_REGELS_PERSOONSLIJST,
  type CategorieRegel, type ElementRegel,
} from '../../../adapters/brp/berichten-api/schema-tabel.ts';
import { LO3_CORPUS } from '../brp/lo3-corpus.ts';

interface SchemaNode { $ref?: string; allOf?: SchemaNode[]; properties?: Record<string, SchemaNode>; items?: SchemaNode; maxItems?: number; minLength?: number; maxLength?: number; pattern?: string }

function load(file: string): Record<string, SchemaNode> {
  const schema = JSON.parse(readFileSync(path.join(LO3_CORPUS, 'json-schema-2026Q4', file), 'utf8')) as { $defs: Record<string, SchemaNode> };
  return schema.$defs;
}

function derive(defs: Record<string, SchemaNode>): { categorieen: Record<string, CategorieRegel>; regels: Record<string, ElementRegel> } {
  const name = (ref: string) => ref.split('/').pop()!;
  const elementsOf = (node: SchemaNode) => (node.allOf ?? []).filter((a) => a.$ref).flatMap((a) => Object.keys(defs[name(a.$ref!)]!.properties ?? {}));
  const categorieen: Record<string, CategorieRegel> = {};
  for (const [key, def] of Object.entries(defs).filter(([k]) => /^C\d\d$/.test(k))) {
    const historieNode = (def.items!.allOf ?? []).find((a) => a.properties?.historie)?.properties!.historie!.items;
    categorieen[`c${key.slice(1)}`] = { herhaalbaar: def.maxItems === undefined, elementen: elementsOf(def.items!), historie: historieNode ? elementsOf(historieNode) : null };
  }
  const regels: Record<string, ElementRegel> = {};
  for (const [key, def] of Object.entries(defs).filter(([k]) => /^E\d{4}$/.test(k))) {
    const pattern = def.pattern ?? (def.$ref ? defs[name(def.$ref)]!.pattern : undefined);
    regels[`e${key.slice(1)}`] = {
      ...(def.minLength ? { min: def.minLength } : {}),
      ...(def.maxLength !== undefined ? { max: def.maxLength } : {}),
      ...(pattern !== undefined ? { patroon: new RegExp(pattern) } : {}),
    };
  }
  return { categorieen, regels };
}

describe('schema-tabel.ts against the RvIG JSON schemas 2026Q4', () => {
  it.each([
    ['persoonslijst-data.schema.json', CATEGORIEEN, ELEMENT_REGELS],
    ['persoonslijst.schema.json', CATEGORIEEN_PERSOONSLIJST, ELEMENT_REGELS_PERSOONSLIJST],
  ] as const)('%s', (file, categorieen, regels) => {
    const derived = derive(load(file));
    expect(categorieen).toEqual(derived.categorieen);
    expect(Object.keys(regels).sort()).toEqual(Object.keys(derived.regels).sort());
    for (const [e, r] of Object.entries(derived.regels)) {
      expect({ e, min: regels[e]!.min, max: regels[e]!.max, patroon: regels[e]!.patroon?.source }).toEqual({ e, min: r.min, max: r.max, patroon: r.patroon?.source });
    }
    expect(Object.keys(categorieen)).toHaveLength(18);
  });
});
