import { describe, expect, it } from 'vitest';
import { readInput } from '../../../dkd/api/routes.ts';
import { CircuitBreaker } from '../../../dkd/wus/breaker.ts';
import { withOin } from '../../../dkd/wus/client.ts';

describe('CircuitBreaker', () => {
  it('opens after N failures in a row, lets one trial through after openMs, and closes on its success', () => {
    let now = 0;
    const b = new CircuitBreaker(3, 1_000, () => now);
    b.failure(); b.failure();
    expect(b.state).toBe('closed');
    b.success();
    b.failure(); b.failure();
    expect(b.tryAcquire()).toBe(true);
    b.failure();
    expect(b.state).toBe('open');
    expect(b.tryAcquire()).toBe(false);
    expect(b.retryAfterMs).toBe(1_000);
    now = 1_000;
    expect(b.state).toBe('half-open');
    expect(b.tryAcquire()).toBe(true);
    expect(b.tryAcquire()).toBe(false);
    b.success();
    expect(b.state).toBe('closed');
  });

  it('opens again at once when the trial fails', () => {
    let now = 0;
    const b = new CircuitBreaker(1, 500, () => now);
    b.failure();
    now = 600;
    expect(b.tryAcquire()).toBe(true);
    b.failure();
    expect(b.state).toBe('open');
  });
});

describe('the DKD request body', () => {
  it('takes a BSN, a doelbinding, a zaakreferentie and, for UWV only, a period', () => {
    expect(readInput({ burgerservicenummer: '123456782', doelbinding: 'Participatiewet', zaakreferentie: 'Z-1' }, [], false))
      .toEqual({ burgerservicenummer: '123456782', doelbinding: 'Participatiewet', zaakreferentie: 'Z-1' });
    expect(readInput({ burgerservicenummer: '123456782', doelbinding: 'Participatiewet', periode: { van: '2024-01-01', tot: '2024-12-31' } }, [], true))
      .toMatchObject({ periode: { van: '2024-01-01', tot: '2024-12-31' } });
  });

  // The form of each member is the route schema's (ajv): readInput adds what a schema cannot express.
  it('adds the elfproef, a backwards or misplaced period to the schema\'s findings, without echoing a value', () => {
    const schema = [{ name: 'doelbinding', code: 'pattern', reason: 'Waarde voldoet niet aan patroon.' }];
    const out = readInput({ burgerservicenummer: '123456789', doelbinding: 'twee woorden', periode: { van: '2024-12-31', tot: '2024-01-01' } }, schema, true);
    expect('invalid' in out && out.invalid.map((p) => `${p.name}:${p.code}`)).toEqual(['doelbinding:pattern', 'burgerservicenummer:elfproef', 'periode:date']);
    expect(JSON.stringify(out)).not.toContain('123456789');
    const noPeriod = readInput({ burgerservicenummer: '123456782', doelbinding: 'X', periode: { van: '2024-01-01', tot: '2024-01-02' } }, [], false);
    expect('invalid' in noPeriod && noPeriod.invalid.map((p) => `${p.name}:${p.code}`)).toEqual(['periode:unknownParam']);
    // A BSN whose form the schema refused is not judged again.
    const form = readInput({ burgerservicenummer: '12345678', doelbinding: 'X' }, [{ name: 'burgerservicenummer', code: 'pattern', reason: '' }], false);
    expect('invalid' in form && form.invalid.map((p) => p.code)).toEqual(['pattern']);
  });
});

describe('wsa addresses', () => {
  it('carry the OIN as ?oin= (Digikoppeling WA001)', () => {
    expect(withOin('https://broker.example/soap/X-v0200', '00000001000000000053')).toBe('https://broker.example/soap/X-v0200?oin=00000001000000000053');
    expect(withOin('https://x.example/a?b=1', '00000001000000000053')).toBe('https://x.example/a?b=1&oin=00000001000000000053');
  });
});
