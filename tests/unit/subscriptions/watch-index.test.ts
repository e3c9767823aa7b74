import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { WatchIndex } from '../../../subscriptions/watch-index.ts';

const key = randomBytes(32);
const h = (s: string) => createHmac('sha256', key).update(s).digest('hex');

describe('WatchIndex', () => {
  it('tracks which subscribers watch a person, and A-nummer aliases', () => {
    const index = new WatchIndex(['a', 'b', 'c']);
    index.set(h('p1'), 'a', true);
    index.set(h('p1'), 'c', true);
    index.set(h('p2'), 'b', true);
    index.alias(h('anr1'), h('p1'));
    expect(index.watchersOf(h('p1')).sort()).toEqual(['a', 'c']);
    expect(index.watchersByAnummer(h('anr1')).sort()).toEqual(['a', 'c']);
    expect(index.watchersOf(h('p3'))).toEqual([]);
    expect(index.watchersByAnummer(h('anr2'))).toEqual([]);
    index.set(h('p1'), 'a', false);
    index.set(h('p1'), 'unknown', true);
    expect(index.watchersOf(h('p1'))).toEqual(['c']);
    index.set(h('p1'), 'c', false);
    expect(index.watchersByAnummer(h('anr1'))).toEqual([]);
  });

  it('keeps every entry through growth, with more than 32 subscribers', () => {
    const subs = Array.from({ length: 40 }, (_, i) => `s${i}`);
    const index = new WatchIndex(subs);
    for (let i = 0; i < 20_000; i++) index.set(h(`p${i}`), subs[i % 40]!, true);
    for (let i = 0; i < 20_000; i += 997) expect(index.watchersOf(h(`p${i}`))).toEqual([subs[i % 40]]);
    expect(index.personCount).toBe(20_000);
    expect(index.watchersOf(h('p20000'))).toEqual([]);
  });
});
