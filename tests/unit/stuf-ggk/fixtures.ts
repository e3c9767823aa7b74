import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import { createIwmoIjwAdapter, type IwmoIjwAdapter } from '../../../adapters/iwmo-ijw/index.ts';
import { createStufGgkCodec, type StufGgkCodec } from '../../../adapters/stuf-ggk/index.ts';
import { ISTANDAARDEN, sample } from '../../support/corpus.ts';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const SCHEMAS = path.join(REPO, 'schemas');

export function ggkFile(rel: string): Buffer {
  return readFileSync(path.join(ISTANDAARDEN, 'stuf-ggk-0210', rel));
}

export const DI01_WMO301 = () => ggkFile('constructed/Di01-WMO301.xml');
export const DU01_WMO302 = () => ggkFile('constructed/Du01-WMO302.xml');
export const WMO301 = () => sample('iwmo-3.2', 'WMO301');
export const WMO302 = () => sample('iwmo-3.2', 'WMO302');

/** The envelope's text with `from` replaced by `to` (fails loudly when `from` is not there). */
export function edit(body: Buffer, from: string | RegExp, to: string): Buffer {
  const text = body.toString('utf8');
  const out = text.replace(from, to);
  if (out === text) throw new Error(`fixture edit found nothing to replace: ${String(from)}`);
  return Buffer.from(out, 'utf8');
}

/** The envelope with another base64 payload text. */
export function withPayloadText(body: Buffer, base64: string): Buffer {
  return edit(body, /<GGK:xmlBestand>[^<]*<\/GGK:xmlBestand>/, `<GGK:xmlBestand>${base64}</GGK:xmlBestand>`);
}

export function withPayload(body: Buffer, payload: Buffer | string): Buffer {
  return withPayloadText(body, Buffer.from(payload).toString('base64'));
}

/** 1-based line of the first occurrence of `needle` in the file (computed, not hard-coded). */
export function lineOf(body: Buffer, needle: string): number {
  const at = body.toString('utf8').split('\n').findIndex((l) => l.includes(needle));
  if (at < 0) throw new Error(`fixture has no ${needle}`);
  return at + 1;
}

/** The StUF-GGk codec and the iWmo/iJw adapter, compiled once for the describe block and disposed after it. */
export function compiledCodecAndAdapter(): { codec: StufGgkCodec; iwmo: IwmoIjwAdapter } {
  const codec = createStufGgkCodec(SCHEMAS);
  const iwmo = createIwmoIjwAdapter(SCHEMAS);
  afterAll(() => {
    codec.dispose();
    iwmo.dispose();
  });
  return { codec, iwmo };
}
