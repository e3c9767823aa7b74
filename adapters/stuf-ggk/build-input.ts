import { DEFAULT_APPLICATIE, DEFAULT_PARAMETERS, GGK_APPLICATIE, UUID_V4 } from './constants.ts';
import { StufGgkBuildError } from './errors.ts';
import type { GgkParameters, StufSysteem } from './types.ts';

/** An organisatie code alone, or a full StUF Systeem (applicatie defaults per side). */
export type PartyInput = string | { organisatie: string; applicatie?: string; administratie?: string; gebruiker?: string };

export function uuidV4(value: string, field: string): string {
  if (!UUID_V4.test(value)) throw new StufGgkBuildError('must be a lower-case UUIDv4 (the ggk0210 pattern)', field);
  return value;
}

function bounded(value: string, field: string, min: number, max: number): string {
  const length = Array.from(value).length;
  if (length < min || length > max) throw new StufGgkBuildError(`must be ${min} to ${max} characters, is ${length}`, field);
  return value;
}

export function party(input: PartyInput, side: 'zender' | 'ontvanger'): StufSysteem {
  const p = typeof input === 'string' ? { organisatie: input } : input;
  const s: StufSysteem = {
    organisatie: bounded(p.organisatie.trim(), `${side}.organisatie`, 1, 200),
    applicatie: bounded(p.applicatie ?? (side === 'zender' ? DEFAULT_APPLICATIE : GGK_APPLICATIE), `${side}.applicatie`, 3, 50),
  };
  if (p.administratie !== undefined) s.administratie = bounded(p.administratie, `${side}.administratie`, 0, 50);
  if (p.gebruiker !== undefined) s.gebruiker = bounded(p.gebruiker, `${side}.gebruiker`, 0, 100);
  return s;
}

export function functie(value: string): string {
  return bounded(value.trim(), 'functie', 1, 30);
}

export function parameters(base: Partial<GgkParameters> | undefined, override: Partial<GgkParameters> | undefined): GgkParameters {
  const p = { ...DEFAULT_PARAMETERS, ...base, ...override };
  for (const [k, v] of Object.entries(p)) {
    if (!/^[0-9]{4}$/.test(v)) throw new StufGgkBuildError('must be 4 digits (StUF Versienr)', `parameters.${k}`);
  }
  return p;
}

/** UTF-8 bytes without a BOM, as the GGk requires of a payload. */
export function payloadBytes(xml: Buffer | string, field: string): Buffer {
  let bytes = typeof xml === 'string' ? Buffer.from(xml, 'utf8') : xml;
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  if (bytes.length === 0) throw new StufGgkBuildError('is empty', field);
  return bytes;
}
