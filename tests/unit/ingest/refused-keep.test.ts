import { createHash } from 'node:crypto';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { SettingsError } from '../../../config/settings.ts';
import { RefusedKeeper, refusedKeepFromEnv } from '../../../ingest/refused-keep.ts';

const body = (n: number) => Buffer.alloc(n, 0x61);

describe('RefusedKeeper', () => {
  it('keeps a refused body whole up to keepBytes, and only its start beyond, saying how large it was', async () => {
    const keeper = new RefusedKeeper({ keepBytes: 100, maxPerPartnerBytes: 10_000, windowMs: 1_000 });
    expect(await keeper.decide('p', body(100))).toEqual({ keep: true, payload: body(100) });
    const big = Buffer.concat([body(100), Buffer.from('tail')]);
    const d = await keeper.decide('p', big);
    expect(d).toEqual({ keep: true, payload: body(100), truncated: { originalBytes: 104, originalSha256: createHash('sha256').update(big).digest('hex') } });
  });

  it('keeps no more than maxPerPartnerBytes per partner per window; then answers are not kept, counted once per refusal', async () => {
    let now = 0;
    const registry = new Registry();
    const keeper = new RefusedKeeper({ keepBytes: 100, maxPerPartnerBytes: 250, windowMs: 1_000 }, undefined, registry, () => now);
    expect((await keeper.decide('p', body(1_000))).keep).toBe(true); // counts 100: what is kept, not what was sent
    expect((await keeper.decide('p', body(100))).keep).toBe(true);
    expect((await keeper.decide('p', body(100))).keep).toBe(false); // 300 > 250
    expect((await keeper.decide('p', body(50))).keep).toBe(true); // 250 fits exactly
    expect((await keeper.decide('p', body(1))).keep).toBe(false);
    expect((await keeper.decide('q', body(100))).keep).toBe(true); // another partner has its own budget
    now = 1_000;
    expect((await keeper.decide('p', body(100))).keep).toBe(true); // a new window
    const notKept = await registry.getSingleMetric('kp_refused_not_kept_total')!.get();
    expect(notKept.values).toEqual([{ labels: { partner: 'p' }, value: 2 }]);
    const kept = await registry.getSingleMetric('kp_refused_kept_bytes_total')!.get();
    expect(kept.values.find((v) => v.labels.partner === 'p')?.value).toBe(350);
  });

  it('does not keep a refusal when the budget cannot be read (the store is down: it could not be kept either)', async () => {
    const keeper = new RefusedKeeper({ keepBytes: 100, maxPerPartnerBytes: 10_000, windowMs: 1_000 }, undefined, undefined, Date.now, {
      charge: () => Promise.reject(new Error('store down')),
    });
    expect(await keeper.decide('p', body(10))).toEqual({ keep: false });
  });

  it('reads its settings from the environment, with defaults 1 MiB, 100 MiB and a day', () => {
    expect(refusedKeepFromEnv({})).toEqual({ keepBytes: 1_048_576, maxPerPartnerBytes: 104_857_600, windowMs: 86_400_000 });
    expect(refusedKeepFromEnv({ KP_REFUSED_KEEP_BYTES: '0', KP_REFUSED_MAX_PER_PARTNER_BYTES: '5', KP_REFUSED_WINDOW_MS: '60000' })).toEqual({ keepBytes: 0, maxPerPartnerBytes: 5, windowMs: 60_000 });
    expect(() => refusedKeepFromEnv({ KP_REFUSED_KEEP_BYTES: '1MB' })).toThrow(SettingsError);
  });
});
