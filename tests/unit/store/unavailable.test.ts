import { describe, expect, it } from 'vitest';
import { StoreUnavailable, asStoreUnavailable, isStoreUnavailable, retryWhileUnavailable, unavailableCode } from '../../../store/unavailable.ts';

const coded = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('store unavailable: which driver errors mean "the database, not this statement"', () => {
  it('classifies PostgreSQL outages, read-only, revoked writes and lost connections', () => {
    expect(unavailableCode(coded('57P01', 'terminating connection due to administrator command'))).toBe('57P01');
    expect(unavailableCode(coded('25006'))).toBe('25006'); // read-only transaction (a standby)
    expect(unavailableCode(coded('53100'))).toBe('53100'); // disk full
    expect(unavailableCode(coded('08006'))).toBe('08006');
    expect(unavailableCode(coded('42501'))).toBe('42501'); // writes revoked
    expect(unavailableCode(coded('ECONNREFUSED'))).toBe('ECONNREFUSED');
    expect(unavailableCode(new Error('Connection terminated unexpectedly'))).toBe('connection-lost');
    expect(unavailableCode(new Error('timeout exceeded when trying to connect'))).toBe('connection-lost');
    expect(unavailableCode(new AggregateError([coded('ECONNREFUSED')]))).toBe('ECONNREFUSED');
  });

  it('classifies SQLite locks, read-only and full files', () => {
    for (const code of ['SQLITE_BUSY', 'SQLITE_READONLY', 'SQLITE_READONLY_DBMOVED', 'SQLITE_FULL', 'SQLITE_IOERR_WRITE', 'SQLITE_CANTOPEN']) {
      expect(unavailableCode(coded(code)), code).toBe(code);
    }
  });

  it('leaves the statement\'s own faults alone: constraints, syntax, bugs', () => {
    expect(isStoreUnavailable(coded('23505'))).toBe(false); // unique violation
    expect(isStoreUnavailable(coded('42601'))).toBe(false); // syntax error
    expect(isStoreUnavailable(coded('SQLITE_CONSTRAINT_FOREIGNKEY'))).toBe(false);
    expect(isStoreUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(isStoreUnavailable(undefined)).toBe(false);
  });

  it('wraps as a StoreUnavailable with the driver code, a one-line stack and no driver error in what is logged', () => {
    const driver = coded('57P01', 'terminating connection due to administrator command');
    const wrapped = asStoreUnavailable(driver) as StoreUnavailable;
    expect(wrapped).toBeInstanceOf(StoreUnavailable);
    expect(wrapped.code).toBe('store-unavailable');
    expect(wrapped.driverCode).toBe('57P01');
    expect(wrapped.driverError).toBe(driver);
    expect(wrapped.stack).toBe('StoreUnavailable: store unavailable (57P01)');
    expect(Object.keys(wrapped)).not.toContain('cause');
    const other = new TypeError('bug');
    expect(asStoreUnavailable(other)).toBe(other);
  });

  it('retries while unavailable, with pauses, then throws a StoreUnavailable; other errors at once', async () => {
    let calls = 0;
    const started = Date.now();
    await expect(retryWhileUnavailable(async () => { calls++; throw coded('57P03'); }, { tries: 3, firstDelayMs: 40 })).rejects.toBeInstanceOf(StoreUnavailable);
    expect(calls).toBe(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(20 + 40 - 5); // half of each pause at least
    calls = 0;
    await expect(retryWhileUnavailable(async () => { calls++; throw coded('23505'); })).rejects.toMatchObject({ code: '23505' });
    expect(calls).toBe(1);
    calls = 0;
    expect(await retryWhileUnavailable(async () => (++calls < 2 ? Promise.reject(coded('ECONNRESET')) : 'ok'), { firstDelayMs: 1 })).toBe('ok');
  });
});
