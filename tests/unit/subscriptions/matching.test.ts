import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyBody } from '../../../subscriptions/classify-body.ts';
import { matchMutation, type KeyHasher } from '../../../subscriptions/matching.ts';
import { WatchIndex } from '../../../subscriptions/watch-index.ts';
import { CORPUS } from '../../support/corpus.ts';

const key = randomBytes(32);
const hasher: KeyHasher = {
  bsn: (b) => createHmac('sha256', key).update(b).digest('hex'),
  anummer: (a) => createHmac('sha256', key).update(`anummer:${a}`).digest('hex'),
};
const lo3 = (dir: string, name: string) => readFileSync(path.join(CORPUS, 'brp', 'lo3', dir, name));

describe('matching mutations against watchlists', () => {
  const index = new WatchIndex(['wsw-subscriber', 'other']);
  // 9990000018: the person of the synthetic Gv01s, known by A-nummer only (as after an Ag01).
  index.set(hasher.bsn('999993653'), 'wsw-subscriber', true);
  index.alias(hasher.anummer('9990000018'), hasher.bsn('999993653'));
  // 2929292929 → 7824352058: the Wa11 of the RvIG corpus.
  index.set(hasher.bsn('999990457'), 'other', true);
  index.alias(hasher.anummer('2929292929'), hasher.bsn('999990457'));

  it('matches a Gv01 overlijden on the A-nummer alias of a watched person', () => {
    const [m, ...rest] = matchMutation(classifyBody(lo3('synthetic', 'gv01-overlijden.GBA')), index, hasher);
    expect(rest).toEqual([]);
    expect(m!.event.type).toBe('overleden');
    expect(m!.match).toEqual({ via: 'anummer', anummerHash: hasher.anummer('9990000018'), watchers: ['wsw-subscriber'] });
  });

  it('matches a Wa11 on the old A-nummer', () => {
    const matches = matchMutation(classifyBody(lo3('rvig-berichten-api', 'Wa11.GBA')), index, hasher);
    expect(matches.map((m) => [m.event.type, m.match.via, m.match.watchers])).toEqual([['anummer-gewijzigd', 'anummer', ['other']]]);
  });

  it('raises nothing for a Gv02 (municipal merger) or an unwatched person', () => {
    expect(matchMutation(classifyBody(lo3('rvig-berichten-api', 'Gv02.GBA')), index, hasher)).toEqual([]);
    expect(matchMutation(classifyBody(lo3('rvig-berichten-api', 'Ng01.GBA')), index, hasher)).toEqual([]);
  });
});
