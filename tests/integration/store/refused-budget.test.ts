import { afterEach, describe, expect, it } from 'vitest';
import { RefusedKeeper, storeRefusedBudget } from '../../../ingest/refused-keep.ts';
import { openStore } from '../../../store/index.ts';
import { freshStore, rawQuery, testDbKind, type FreshStore } from '../../support/db.ts';

// The refusal budget is one per partner and window in the store, whatever the number of processes: two stores
// on one database (what two gateway processes have) charging at once keep no more than the budget between them.

let fresh: FreshStore | undefined;
afterEach(async () => {
  await fresh?.cleanup();
  fresh = undefined;
});

describe('the refusal budget in the store', () => {
  it(`is shared by two stores on one ${testDbKind()} database charging at once: exactly the budget is kept`, async () => {
    fresh = await freshStore();
    const other = await openStore(fresh.options);
    try {
      const settings = { keepBytes: 100, maxPerPartnerBytes: 2_500, windowMs: 3_600_000 };
      const now = () => 7_200_000 + 1_234; // inside the window that starts at 7,200,000
      const a = new RefusedKeeper(settings, undefined, undefined, now, storeRefusedBudget(fresh.store));
      const b = new RefusedKeeper(settings, undefined, undefined, now, storeRefusedBudget(other));
      const body = Buffer.alloc(100, 0x61);
      const decisions = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? a : b).decide('gemeente-0384', body)));
      expect(decisions.filter((d) => d.keep).length).toBe(25); // 25 × 100 = 2,500; per process it would be 40
      // Another partner has its own budget; the next window starts afresh.
      expect((await b.decide('gemeente-0363', body)).keep).toBe(true);
      const rows = await rawQuery(fresh.options, `select partner, window_start, bytes from refused_budget order by partner`);
      expect(rows.map((r) => [r.partner, Number(r.window_start), Number(r.bytes)])).toEqual([['gemeente-0363', 7_200_000, 100], ['gemeente-0384', 7_200_000, 2_500]]);
      const later = new RefusedKeeper(settings, undefined, undefined, () => 10_800_000, storeRefusedBudget(fresh.store));
      expect((await later.decide('gemeente-0384', body)).keep).toBe(true);
      // The rows of past windows are dropped once a process charges a newer one.
      expect(Number((await rawQuery(fresh.options, `select count(*) as n from refused_budget where window_start < 10800000`))[0]!.n)).toBe(0);
    } finally {
      await other.close();
    }
  });
});
