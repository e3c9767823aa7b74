// docs/rules.md is generated from the registered rules (npm run rules:doc); this keeps it true.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rulesCatalogue, scopeText } from '../../../adapters/iwmo-ijw/rules/catalogue.ts';
import { LEVEL2_RULES, LEVEL4_LOCAL_RULES } from '../../../adapters/iwmo-ijw/rules/index.ts';
import { CATALOGUE_PATH } from '../../../adapters/iwmo-ijw/rules/write-catalogue.ts';
import { LEVEL3_RULES } from '../../../adapters/iwmo-ijw/rules/level3-catalogue.ts';

describe('docs/rules.md', () => {
  const doc = readFileSync(CATALOGUE_PATH, 'utf8');

  it('is what `npm run rules:doc` writes from the registered rules', () => {
    expect(doc).toBe(rulesCatalogue());
  });

  it('has one row per registered rule, with its level, retour code, scope, element and definition', () => {
    const rows = doc.split('\n').filter((l) => l.startsWith('| <a id='));
    const all = [...LEVEL2_RULES, ...LEVEL4_LOCAL_RULES];
    expect(rows).toHaveLength(all.length);
    for (const r of all) {
      const line = rows.find((l) => l.includes(`</a>${r.id} |`));
      expect(line, r.id).toBeDefined();
      expect(line).toContain(`| ${r.level} | ${r.retourCode} | ${scopeText(r.appliesTo)} |`);
      expect(line).toContain(r.definitie.replaceAll('|', '\\|').trim());
      expect(r.element.length, r.id).toBeGreaterThan(0);
      expect(line).toContain(`| ${r.element} |`);
    }
  });

  it('names the scope per standard', () => {
    expect(scopeText(['WMO301', 'JW301', 'WMO302', 'JW302'])).toBe('301, 302 (iWmo, iJw)');
    expect(scopeText(['JW319'])).toBe('319 (iJw)');
    expect(scopeText(['WMO301', 'JW301', 'JW319'])).toBe('301 (iWmo); 301, 319 (iJw)');
  });
});

describe('the level-3 rules in the cockpit catalogue (/cockpit/rules.html)', () => {
  it('are exactly the rules istandaarden/level3.ts reports, with their retour codes', () => {
    const source = readFileSync(new URL('../../../istandaarden/level3.ts', import.meta.url), 'utf8');
    const reported = [...new Set([...source.matchAll(/rule: '(\w+)', code: '(\d+)'/g)].map((m) => `${m[1]} ${m[2]}`))].sort();
    expect(reported.length).toBeGreaterThan(5);
    expect(LEVEL3_RULES.map((r) => `${r.id} ${r.retourCode}`).sort()).toEqual(reported);
  });
});
