import { describe, expect, it } from 'vitest';
import { parseUntrustedXml } from '../../../adapters/xml/parse.ts';
import { readTree } from '../../../adapters/xml/tree.ts';
import { MessageRejected } from '../../../adapters/types.ts';

function rejection(fn: () => unknown): MessageRejected {
  try {
    fn();
  } catch (err) {
    if (err instanceof MessageRejected) return err;
    throw err;
  }
  throw new Error('not rejected');
}

function read(xml: string): unknown {
  const doc = parseUntrustedXml(Buffer.from(xml));
  try {
    return readTree(doc).value;
  } finally {
    doc.dispose();
  }
}

// parseUntrustedXml reuses one libxml2 parser context (docs/decisions/0015): no state may leak from one parse
// into the next, and the context is replaced after 4 MiB of input.
describe('parseUntrustedXml with its reused parser context', () => {
  it('answers malformed XML 400 with where, and parses the next body as if nothing happened', () => {
    const err = rejection(() => parseUntrustedXml(Buffer.from('<a>\n  <b></a>')));
    expect(err.status).toBe(400);
    expect(err.errors[0]).toMatchObject({ code: 'xml-malformed', line: 2 });
    expect(read('<a><b>1</b></a>')).toEqual({ b: '1' });
    expect(rejection(() => parseUntrustedXml(Buffer.from(''))).errors[0]!.code).toBe('xml-malformed');
    expect(read('<c>2</c>')).toBe('2');
  });

  it('keeps every document correct across the context being replaced, also with bodies full of made-up names', () => {
    const names = (i: number) => Array.from({ length: 200 }, (_, k) => `<n${i}x${k}>${k}</n${i}x${k}>`).join('');
    let bytes = 0;
    for (let i = 0; bytes < 5 * 1024 * 1024; i++) {
      const xml = `<r${i}>${names(i)}<v>${i}</v></r${i}>`;
      bytes += xml.length;
      const value = read(xml) as Record<string, string>;
      expect(value.v).toBe(String(i));
      expect(value[`n${i}x199`]).toBe('199');
    }
  });

  it('still refuses a DOCTYPE that got past the prolog check, and parses after it', () => {
    const err = rejection(() => parseUntrustedXml(Buffer.from('<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>')));
    expect(err.errors[0]!.code).toBe('doctype-forbidden');
    // The entity declared there is gone with its document.
    expect(rejection(() => parseUntrustedXml(Buffer.from('<a>&e;</a>'))).errors[0]!.code).toBe('xml-malformed');
  });
});
