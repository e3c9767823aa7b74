import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { SettingsError } from '../../../config/schema.ts';
import { StoreError } from '../../../store/errors.ts';
import { createLogger } from '../../../observability/logger.ts';

// docs/decisions/0010-error-logging.md. Made-up personal data (not the corpus'), so a failing assertion prints
// nothing the output scan would have to catch.
const BSN = '111222333';
const NAME = 'Testnaam-Pietersen';

function logged(log: (logger: ReturnType<typeof createLogger>) => void): { line: string; err: Record<string, any> } {
  const lines: string[] = [];
  const logger = createLogger({ destination: new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb(); } }) });
  log(logger);
  expect(lines).toHaveLength(1);
  const line = lines[0]!;
  return { line, err: JSON.parse(line).err };
}

describe('errors in log lines', () => {
  it('an error whose message holds a BSN and a name logs neither, but its type, stack frames and cause', () => {
    const cause = Object.assign(new Error(`duplicate key: ${NAME} (${BSN})`), { code: '23505', constraint: 'pgb_budget_bsn_key', detail: `Key (bsn)=(${BSN}) already exists.` });
    const { line, err } = logged((l) => l.error({ err: new Error(`no budget for ${NAME}, BSN ${BSN}`, { cause }) }, 'lookup failed'));
    expect(line).not.toContain(BSN);
    expect(line).not.toContain(NAME);
    expect(line).not.toContain('already exists');
    expect(err.type).toBe('Error');
    expect(err.message).toBe('[withheld]');
    expect(err.stack).toMatch(/^Error: \[withheld\]\n {4}at .*error-logging\.test\.ts/);
    expect(err.cause).toMatchObject({ type: 'Error', message: '[withheld]', code: '23505', constraint: 'pgb_budget_bsn_key' });
    expect(err.cause.detail).toBeUndefined();
  });

  it("fastify's own start errors keep their message (which route and schema), its validation errors do not", () => {
    const start = Object.assign(new Error('Failed building the serialization schema for GET: /readyz, due to error reference not found'), { name: 'FastifyError', code: 'FST_ERR_SCH_SERIALIZATION_BUILD' });
    expect(logged((l) => l.error({ err: start }, 'could not start')).err.message).toMatch(/GET: \/readyz/);
    const validation = Object.assign(new Error(`body/${NAME} must be string`), { name: 'FastifyError', code: 'FST_ERR_VALIDATION' });
    const { line, err } = logged((l) => l.warn({ err: validation }, 'refused'));
    expect(err.message).toBe('[withheld]');
    expect(line).not.toContain(NAME);
  });

  it('a parser error keeps only the position, not the input it quotes', () => {
    let thrown: unknown;
    try {
      JSON.parse(`{"naam": "${NAME}", "bsn": ${BSN}x}`);
    } catch (e) {
      thrown = e;
    }
    const { line, err } = logged((l) => l.warn({ err: thrown }, 'body unreadable'));
    expect(line).not.toContain(NAME);
    expect(line).not.toContain(BSN);
    expect(err).toMatchObject({ type: 'SyntaxError', message: '[withheld]' });
    expect(err.position).toBeDefined();
  });

  it('keeps the message of an error built from code (configuration, store, platform), with BSN-length digit runs masked', () => {
    const settings = logged((l) => l.fatal({ err: new SettingsError('KP_DEADLINE_SCAN_MS', 'must be a duration in whole milliseconds ≥ 1, got "abc"') }, 'x'));
    expect(settings.err).toMatchObject({ type: 'SettingsError', code: 'settings-invalid', variable: 'KP_DEADLINE_SCAN_MS', message: 'KP_DEADLINE_SCAN_MS: must be a duration in whole milliseconds ≥ 1, got "abc"' });
    const store = logged((l) => l.error({ err: new StoreError('SECRET_INVALID', `key ${BSN} wrong`) }, 'x'));
    expect(store.err.message).toBe('key ********* wrong');
    let missing: unknown;
    try {
      readFileSync('/nonexistent/ketenpoort.yaml');
    } catch (e) {
      missing = e;
    }
    const fsErr = logged((l) => l.error({ err: missing }, 'x'));
    expect(fsErr.err).toMatchObject({ code: 'ENOENT', syscall: 'open' });
    expect(fsErr.err.message).toContain('/nonexistent/ketenpoort.yaml');
  });

  it('keeps only identifiers of what is not an Error', () => {
    const { line, err } = logged((l) => l.error({ err: { type: 'handler-failed', message: `${NAME} ${BSN}` } }, 'x'));
    expect(line).not.toContain(NAME);
    expect(err).toEqual({ type: 'handler-failed', message: '[withheld]' });
    expect(logged((l) => l.error({ err: `${NAME}` }, 'x')).line).not.toContain(NAME);
  });

  it('follows the cause chain and an AggregateError\'s errors', () => {
    const inner = new StoreError('STORE_CLOSED', 'the store is closed');
    const { err } = logged((l) => l.error({ err: new AggregateError([new Error(NAME), inner], 'all failed', { cause: inner }) }, 'x'));
    expect(err.type).toBe('AggregateError');
    expect(err.errors).toHaveLength(2);
    expect(err.errors[1]).toMatchObject({ type: 'StoreError', message: 'the store is closed' });
    expect(err.cause.type).toBe('StoreError');
  });
});
