import { describe, expect, it } from 'vitest';
import { keyOf, parseDeadFilter, parseKey } from '../../../cockpit/dead-letters.ts';
import { OpsError } from '../../../cockpit/errors.ts';
import { parseMessageSearch } from '../../../cockpit/messages.ts';
import { decodeCursor, encodeCursor, limitOf, optionalTime } from '../../../cockpit/params.ts';
import { parseSelection } from '../../../cockpit/routes/dead.ts';
import { replaySettings } from '../../../cockpit/settings.ts';

function fault(fn: () => unknown): { status: number; code: string; path: string | undefined } {
  try {
    fn();
  } catch (err) {
    if (err instanceof OpsError) return { status: err.status, code: err.code, path: err.path };
    throw err;
  }
  throw new Error('no fault');
}

describe('operator API input', () => {
  it('reads times as ISO 8601 or epoch milliseconds and names a bad one', () => {
    expect(optionalTime('2026-03-01T12:00:00Z', 'query.from')).toBe(Date.UTC(2026, 2, 1, 12));
    expect(optionalTime('1772366400000', 'query.from')).toBe(1772366400000);
    expect(optionalTime(undefined, 'query.from')).toBeUndefined();
    expect(fault(() => optionalTime('yesterday', 'query.from'))).toEqual({ status: 400, code: 'bad-query', path: 'query.from' });
    expect(fault(() => optionalTime('12:00', 'body.filter.to', 'bad-body'))).toEqual({ status: 400, code: 'bad-body', path: 'body.filter.to' });
  });

  it('bounds limits', () => {
    expect(limitOf(undefined, 'query.limit', 50)).toBe(50);
    expect(limitOf('500', 'query.limit', 50)).toBe(500);
    expect(fault(() => limitOf('501', 'query.limit', 50)).path).toBe('query.limit');
    expect(fault(() => limitOf('0', 'query.limit', 50)).path).toBe('query.limit');
    expect(fault(() => limitOf('ten', 'query.limit', 50)).path).toBe('query.limit');
  });

  it('round-trips an opaque cursor and refuses one of another shape', () => {
    const c = encodeCursor([1772366400000, '01a2-x']);
    expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(c, 'query.cursor', ['number', 'string'])).toEqual([1772366400000, '01a2-x']);
    expect(fault(() => decodeCursor(c, 'query.cursor', ['number', 'string', 'string'])).path).toBe('query.cursor');
    expect(fault(() => decodeCursor('%%%', 'query.cursor', ['number'])).code).toBe('bad-query');
  });

  it('parses a message search, statuses checked against the store', () => {
    const s = parseMessageSearch({ partner: 'gemeente-0384', status: 'dead,routed', from: '2026-01-01', limit: '10', correlationId: 'abc' });
    expect(s).toEqual({ partner: 'gemeente-0384', status: ['dead', 'routed'], from: Date.UTC(2026, 0, 1), limit: 10, correlationId: 'abc' });
    expect(fault(() => parseMessageSearch({ status: 'dead,lost' })).path).toBe('query.status[1]');
    expect(fault(() => parseMessageSearch({ partner: "x' or 1=1" })).path).toBe('query.partner');
  });

  it('parses a dead-letter filter and names a field it does not know', () => {
    expect(parseDeadFilter({ reason: 'http-400', kind: 'delivery', held: 'false' }, 'query')).toEqual({ reason: 'http-400', kind: 'delivery', held: false });
    expect(fault(() => parseDeadFilter({ kind: 'lost' }, 'query'))).toEqual({ status: 400, code: 'bad-query', path: 'query.kind' });
    expect(fault(() => parseDeadFilter({ reasn: 'x' }, 'body', 'body.filter'))).toEqual({ status: 400, code: 'bad-body', path: 'body.filter.reasn' });
  });

  it('takes exactly one of ids or filter for a replay or purge', () => {
    expect(parseSelection({ filter: {} })).toEqual({ filter: {} });
    expect(parseSelection({ ids: ['m1', 'm2/aanbieder-42420001'] })).toEqual({ ids: [{ messageId: 'm1', destination: null }, { messageId: 'm2', destination: 'aanbieder-42420001' }] });
    expect(fault(() => parseSelection({})).path).toBe('body');
    expect(fault(() => parseSelection({ ids: ['a'], filter: {} })).path).toBe('body');
    expect(fault(() => parseSelection({ ids: [] })).path).toBe('body.ids');
    expect(fault(() => parseSelection({ ids: ['ok', 'not a key'] })).path).toBe('body.ids[1]');
  });

  it('makes dead-letter keys and reads them back', () => {
    for (const ref of [{ messageId: 'm1', destination: null }, { messageId: 'm1', destination: 'aanbieder-42420001' }]) {
      expect(parseKey(keyOf(ref), 'k')).toEqual(ref);
    }
  });

  it('reads the replay rate settings with sensible defaults', () => {
    expect(replaySettings({})).toEqual({ defaultRate: 50, maxRate: 1000 });
    expect(replaySettings({ KP_REPLAY_RATE: '5000', KP_REPLAY_MAX_RATE: '200' })).toEqual({ defaultRate: 200, maxRate: 200 });
    expect(() => replaySettings({ KP_REPLAY_RATE: 'fast' })).toThrow(/KP_REPLAY_RATE/);
  });
});
