import { describe, expect, it } from 'vitest';
import { parseIwmoIjw } from '../../../adapters/iwmo-ijw/model/index.ts';
import { runLevel2 } from '../../../adapters/iwmo-ijw/rules/index.ts';
import { sample, sampleTypes } from './support/samples.ts';

// What the level-2 rules say about the unmodified corpus samples. Three samples break a rule:
// - WMO317: TR380, the same finding (and Locatie) as the official XSLT 2.10.5 (corpus validatie-rapport-1.1).
// - JW317: its NieuwProduct ends (2024-02-28) before its GewensteIngangsdatum (2026-11-01): CS003.
// - JW323: client 2 has two Prestaties with ProductReferentie RN004 and no VorigReferentieNummer, the
//   logical key of Prestatie, so TR101 (duplicate line) as in the XSLT's TR101generic template.
const EXPECTED: Record<string, Array<{ rule: string; path: string }>> = {
  WMO317: [{ rule: 'TR380', path: '/Bericht/Client/Verzoek/NieuweProducten/NieuwProduct/GewensteIngangsdatum' }],
  JW317: [{ rule: 'CS003', path: '/Bericht/Client/Verzoek/NieuweProducten/NieuwProduct/Einddatum' }],
  JW323: [{ rule: 'TR101', path: '/Bericht/Declaratie/Clienten/Client[2]/Prestaties/Prestatie[3]' }],
};

describe('level 2 on the corpus samples', () => {
  it.each(sampleTypes())('%s', (type) => {
    const failures = runLevel2(parseIwmoIjw(sample(type), type));
    expect(failures.map(({ rule, path }) => ({ rule, path }))).toEqual(EXPECTED[type] ?? []);
    for (const f of failures) expect(f.code).toBe('0001');
  });

  it('WMO317 passes once the Dagtekening lies before the requested start', () => {
    const xml = sample('WMO317').replace('<iwmo:Dagtekening>2023-04-02<', '<iwmo:Dagtekening>2023-04-01<');
    expect(runLevel2(parseIwmoIjw(xml, 'WMO317'))).toEqual([]);
  });
});
