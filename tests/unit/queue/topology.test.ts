import { describe, it, expect } from 'vitest';
import { reconnectDelay } from '../../../queue/backoff.ts';
import { DEFAULT_RETRY_TIERS, chooseRetryTier, legacyTopologyNames, retryRoutingKey, topologyNames } from '../../../queue/topology.ts';

describe('topology names', () => {
  it('puts every name under the prefix', () => {
    const n = topologyNames('kp');
    expect([n.deliver, n.retry, n.dead]).toEqual(['kp.deliver', 'kp.retry', 'kp.dead']);
    expect(legacyTopologyNames('kp')).toEqual({ inbound: 'kp.inbound', router: 'kp.router' });
    expect(n.deliverQueue('zorg-aanbieder_1')).toBe('kp.deliver.zorg-aanbieder_1');
    expect(n.retryQueue(60_000)).toBe('kp.retry.60000');
    expect(retryRoutingKey(4_000, 'svb')).toBe('4000.svb');
  });

  it('refuses partner names that would change topic routing', () => {
    const n = topologyNames('kp');
    for (const bad of ['a.b', 'a*', '#', '', 'met spatie']) {
      expect(() => n.deliverQueue(bad), bad).toThrow(expect.objectContaining({ code: 'invalid-topology-name' }));
    }
    expect(() => topologyNames('kp prod')).toThrow(expect.objectContaining({ code: 'invalid-topology-name' }));
  });
});

describe('chooseRetryTier', () => {
  it('takes the smallest tier at least the delay, else the largest', () => {
    expect(chooseRetryTier(1, DEFAULT_RETRY_TIERS)).toBe(1_000);
    expect(chooseRetryTier(1_000, DEFAULT_RETRY_TIERS)).toBe(1_000);
    expect(chooseRetryTier(1_001, DEFAULT_RETRY_TIERS)).toBe(2_000);
    expect(chooseRetryTier(45_000, DEFAULT_RETRY_TIERS)).toBe(60_000);
    expect(chooseRetryTier(10 * 3_600_000, DEFAULT_RETRY_TIERS)).toBe(3_600_000);
    expect(chooseRetryTier(1_500, [4_000, 1_000, 2_000])).toBe(2_000);
  });

  it('needs at least one tier', () => {
    expect(() => chooseRetryTier(1, [])).toThrow(RangeError);
  });
});

describe('reconnectDelay', () => {
  it('grows exponentially within [ceiling/2, ceiling] and stops at the maximum', () => {
    expect(reconnectDelay(0, 500, 10_000, () => 0)).toBe(250);
    expect(reconnectDelay(0, 500, 10_000, () => 1)).toBe(500);
    expect(reconnectDelay(3, 500, 10_000, () => 1)).toBe(4_000);
    expect(reconnectDelay(50, 500, 10_000, () => 0)).toBe(5_000);
    expect(reconnectDelay(50, 500, 10_000, () => 1)).toBe(10_000);
  });
});
