import { describe, expect, it } from 'vitest';
import { bsnProblem, isBsn } from '../../../subscriptions/bsn.ts';

describe('BSN 11-proef', () => {
  it('accepts BSNs that pass it (test BSNs of the RvIG proefomgeving)', () => {
    for (const bsn of ['999993653', '999990457', '999992806', '999994220', '555555021', '000009945']) expect(isBsn(bsn), bsn).toBe(true);
  });

  it('names what is wrong', () => {
    expect(bsnProblem('999993654')).toBe('elfproef');
    expect(bsnProblem('000000000')).toBe('elfproef');
    expect(bsnProblem('12345678')).toBe('pattern');
    expect(bsnProblem('9999936530')).toBe('pattern');
    expect(bsnProblem('99999365a')).toBe('pattern');
    expect(bsnProblem('')).toBe('pattern');
  });
});
