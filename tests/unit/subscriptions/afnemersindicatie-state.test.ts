import { describe, expect, it } from 'vitest';
import { decide, volgindicatieStatusFor } from '../../../subscriptions/afnemersindicatie-state.ts';
import type { AfnemersindicatieStatus } from '../../../subscriptions/tables.ts';

const p = (status: AfnemersindicatieStatus, anummerKnown = true, redenCode: string | null = null) => ({ status, anummerKnown, redenCode });

// The three rules of the Haal Centraal BRP Update API (volgindicaties.feature) for the gateway's own indicatie.
describe('afnemersindicatie decisions', () => {
  it('places on the first active volgindicatie (Ap01), also after an earlier removal', () => {
    expect(decide(p('geen'), 1)).toEqual({ status: 'plaatsen', newPlacement: true });
    expect(decide(p('verwijderd'), 1)).toEqual({ status: 'plaatsen', newPlacement: true });
  });

  it('sends nothing while one is placed or asked for and volgindicaties remain', () => {
    expect(decide(p('plaatsen'), 2)).toBeUndefined();
    expect(decide(p('geplaatst'), 1)).toBeUndefined();
    expect(decide(p('geen'), 0)).toBeUndefined();
  });

  it('removes when the last one ends (Av01 once), waiting for the A-nummer when the Ag01 has not come', () => {
    expect(decide(p('geplaatst'), 0)).toEqual({ status: 'verwijderd' });
    expect(decide(p('plaatsen', false), 0)).toEqual({ status: 'verwijderen' });
    expect(decide(p('verwijderen', false), 0)).toBeUndefined();
    expect(decide(p('verwijderen', true), 0)).toEqual({ status: 'verwijderd' });
    expect(decide(p('verwijderd'), 0)).toBeUndefined();
  });

  it('cancels a pending removal when a volgindicatie comes back before the Ag01', () => {
    expect(decide(p('verwijderen', false), 1)).toEqual({ status: 'plaatsen' });
  });

  it('asks again after a refusal or an afgevoerde PL only on a fresh volgindicatie', () => {
    expect(decide(p('geweigerd', false, 'H'), 1)).toBeUndefined();
    expect(decide(p('geweigerd', false, 'H'), 1, true)).toEqual({ status: 'plaatsen', newPlacement: true });
    expect(decide(p('afgevoerd'), 1, true)).toEqual({ status: 'plaatsen', newPlacement: true });
    expect(decide(p('afgevoerd'), 0)).toBeUndefined();
  });

  it('after a refused removal, places again only when GBA-V says there is no indicatie', () => {
    expect(decide(p('verwijderen-geweigerd', true, 'I'), 1)).toEqual({ status: 'plaatsen', newPlacement: true });
    expect(decide(p('verwijderen-geweigerd', true, 'B'), 1)).toEqual({ status: 'geplaatst' });
    expect(decide(p('verwijderen-geweigerd', true, 'B'), 0)).toBeUndefined();
  });

  it('shows the indicatie on the volgindicaties', () => {
    expect(volgindicatieStatusFor('plaatsen')).toBe('aangevraagd');
    expect(volgindicatieStatusFor('geplaatst')).toBe('geplaatst');
    expect(volgindicatieStatusFor('geweigerd')).toBe('geweigerd');
    expect(volgindicatieStatusFor('verwijderd')).toBeUndefined();
  });
});
