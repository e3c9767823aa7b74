import { describe, expect, it } from 'vitest';
import { amsterdamWallClock, wallClockByParts } from '../../../deadlines/civil-date.ts';

// The per-hour cache of Amsterdam's offset must read the wall clock exactly as Intl does, on both sides of
// every DST switch and on ordinary instants.
describe('amsterdamWallClock', () => {
  it('reads every minute around the DST switches of 2024–2027 as Intl does', () => {
    const switches = [Date.UTC(2024, 2, 31, 1), Date.UTC(2024, 9, 27, 1), Date.UTC(2026, 2, 29, 1), Date.UTC(2026, 9, 25, 1), Date.UTC(2027, 2, 28, 1)];
    for (const at of switches) {
      for (let m = -180; m <= 180; m++) {
        const ms = at + m * 60_000 + 17_123;
        expect(amsterdamWallClock(ms)).toBe(wallClockByParts(ms));
      }
    }
  });

  it('reads random instants between 1977 and 2100 as Intl does', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 5_000; i++) {
      const ms = Math.floor(Date.UTC(1977, 0, 1) + next() * (Date.UTC(2100, 0, 1) - Date.UTC(1977, 0, 1)));
      expect(amsterdamWallClock(ms)).toBe(wallClockByParts(ms));
    }
  });
});
