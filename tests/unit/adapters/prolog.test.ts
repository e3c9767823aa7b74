import { describe, it, expect } from 'vitest';
import { describeXmlProlog, readXmlProlog } from '../../../adapters/xml/prolog.ts';

const read = (s: string | Buffer, limit?: number) => readXmlProlog(typeof s === 'string' ? Buffer.from(s) : s, limit);

describe('readXmlProlog', () => {
  it('reads a prefixed root namespace after the XML declaration', () => {
    expect(read('<?xml version="1.0" encoding="UTF-8"?>\n<w:Bericht xmlns:i="urn:i" xmlns:w="urn:w" >'))
      .toEqual({ kind: 'root', name: 'w:Bericht', namespace: 'urn:w' });
  });

  it('reads a default namespace in single quotes, after a BOM, comments and a PI', () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("<!-- a > b --><?pi x?>\n\t<Bericht a='1' xmlns = 'urn:d'/>")]);
    expect(read(body)).toEqual({ kind: 'root', name: 'Bericht', namespace: 'urn:d' });
  });

  it('does not take xmlns of another prefix for the root', () => {
    expect(read('<w:Bericht xmlns="urn:default" xmlns:x="urn:x">')).toEqual({ kind: 'root', name: 'w:Bericht', namespace: undefined });
    expect(read('<Bericht/>')).toEqual({ kind: 'root', name: 'Bericht', namespace: undefined });
  });

  it('reports a DOCTYPE with its line and column, wherever in the prolog it stands', () => {
    expect(read('<?xml version="1.0"?>\n<!-- c -->\n  <!DOCTYPE x [<!ENTITY e "e">]><x/>')).toEqual({ kind: 'doctype', line: 3, column: 3 });
    expect(read('<!doctype x><x/>')).toMatchObject({ kind: 'doctype', line: 1, column: 1 });
  });

  it('tells non-XML from XML it cannot read', () => {
    expect(read('00000000LO3 record')).toEqual({ kind: 'not-xml' });
    expect(read('   ')).toEqual({ kind: 'not-xml' });
    expect(read('<?xml version="1.0"')).toEqual({ kind: 'unreadable' });
    expect(read('<!-- never closed')).toEqual({ kind: 'unreadable' });
    expect(read('<?xml version="1.0"?>text<a/>')).toEqual({ kind: 'unreadable' });
    expect(read('<![CDATA[x]]><a/>')).toEqual({ kind: 'unreadable' });
  });

  it('stops at the limit: a root tag that ends beyond it is unreadable', () => {
    const doc = `<!--${'x'.repeat(9000)}--><a xmlns="urn:a"/>`;
    expect(read(doc, 8192)).toEqual({ kind: 'unreadable' });
    expect(read(doc)).toEqual({ kind: 'root', name: 'a', namespace: 'urn:a' });
  });

  it('describes what it saw without control characters', () => {
    expect(describeXmlProlog({ kind: 'root', name: 'a', namespace: 'urn:a\n' })).toBe("XML root element namespace 'urn:a?'");
    expect(describeXmlProlog({ kind: 'not-xml' })).toBeUndefined();
  });
});
