import { describe, expect, it } from 'vitest';
import { corpusPersonalData, personalDataIn } from '../../support/corpus.ts';

// The privacy checks of the integration tests must catch a corpus BSN or name in a log line, and must not be
// set off by a word that merely contains a short name (a stack frame's `_onTimeout` holds 'Tim').
describe('personalDataIn', () => {
  const values = corpusPersonalData();
  const bsn = values.find((v) => /^\d{9}$/.test(v))!;
  const name = values.find((v) => /^\p{L}{3,}$/u.test(v))!;

  it('finds a corpus BSN and a corpus name in a log line', () => {
    expect(personalDataIn([`{"msg":"x","bsn":"${bsn}"}`])).toHaveLength(1);
    expect(personalDataIn([`{"msg":"client ${name} moved"}`])).toHaveLength(1);
  });

  it('flags a BSN even inside a longer number, but not a name inside a longer word', () => {
    expect(personalDataIn([`{"requestId":"1${bsn}7"}`])).toHaveLength(1);
    expect(personalDataIn([`{"stack":"at Socket.x${name}y"}`, '{"stack":"at Socket._onTimeout"}'])).toEqual([]);
  });
});
