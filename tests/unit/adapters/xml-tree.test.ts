import path from 'node:path';
import { readdirSync } from 'node:fs';
import { ParseOption, XmlCData, XmlDocument, XmlElement, XmlText } from 'libxml2-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { createIwmoIjwAdapter } from '../../../adapters/iwmo-ijw/index.ts';
import { MESSAGE_SPECS } from '../../../adapters/iwmo-ijw/messages.ts';
import { childNodes } from '../../../adapters/xml/children.ts';
import { checkTreeLayout, readElements, readTree, type TreeElement, type XmlValue } from '../../../adapters/xml/tree.ts';
import { ISTANDAARDEN, sample as corpusSample } from '../../support/corpus.ts';

const OPTIONS = { option: ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE };
const familyOf = (type: string) => (type.startsWith('WMO') ? 'iwmo-3.2' : 'ijw-3.2');
const sample = (type: string): string => corpusSample(familyOf(type), type).toString('utf8');
const sampleTypes = (): string[] => ['iwmo-3.2', 'ijw-3.2']
  .flatMap((d) => readdirSync(path.join(ISTANDAARDEN, d, 'samples')).filter((f) => f.endsWith('.xml')).map((f) => f.slice(0, -4))).sort();

/** The same tree through libxml2-wasm's public node API (a wrapper per node): the reference readTree must equal. */
function publicTree(el: XmlElement): XmlValue {
  let out: Record<string, XmlValue> | undefined;
  let text = '';
  for (const n of childNodes(el)) {
    if (n instanceof XmlElement) {
      out ??= {};
      const value = publicTree(n);
      const prev = out[n.name];
      if (prev === undefined) out[n.name] = value;
      else if (Array.isArray(prev)) prev.push(value);
      else out[n.name] = [prev, value];
    } else if (n instanceof XmlText || n instanceof XmlCData) {
      text += n.content;
    }
  }
  return out ?? text;
}

function withDoc<T>(xml: string, read: (doc: XmlDocument) => T): T {
  const doc = XmlDocument.fromString(xml, OPTIONS);
  try {
    return read(doc);
  } finally {
    doc.dispose();
  }
}

describe('readTree: the validated document in one pass over the wasm memory', () => {
  it('finds the installed libxml2-wasm laid out as it reads it', () => {
    expect(() => checkTreeLayout()).not.toThrow();
  });

  it.each(sampleTypes())('%s: the same tree as the public node API', (type) => {
    withDoc(sample(type), (doc) => {
      const tree = readTree(doc);
      expect(tree.name).toBe('Bericht');
      expect(tree.value).toEqual(publicTree(doc.root));
    });
  });

  it('reads text, CDATA and references as libxml2 does, leaves out comments and processing instructions, keeps whitespace', () => {
    const xml = '<r xmlns="urn:a"><a>  x&amp;y&#233;&#x20AC;<![CDATA[<z> ]]><!--c-->w<?p "?>v </a><?p?><b/><c>\n\t</c>'
      + '<d><e>1</e><!-- between --><e>2</e></d></r>';
    withDoc(xml, (doc) => {
      expect(readTree(doc).value).toEqual({ a: '  x&y\u00e9\u20ac<z> wv ', b: '', c: '\n\t', d: { e: ['1', '2'] } });
      expect(readTree(doc).value).toEqual(publicTree(doc.root));
    });
  });

  it('decodes long and non-ASCII values (UTF-8) whole', () => {
    const long = `${'Zorg & welzijn '.repeat(20)}Ĳsselmonde café — 😀`;
    const escaped = long.replace(/&/g, '&amp;');
    withDoc(`<r><a>${escaped}</a><b>${'x'.repeat(64)}</b><c>${'y'.repeat(65)}</c><d>é</d></r>`, (doc) => {
      expect(readTree(doc).value).toEqual({ a: long, b: 'x'.repeat(64), c: 'y'.repeat(65), d: 'é' });
    });
  });

  it('collects the text of the named elements of one namespace only, in document order', () => {
    const xml = '<r xmlns="urn:a" xmlns:b="urn:b"><Bsn>1</Bsn><b:Bsn>2</b:Bsn><x><Bsn>3</Bsn></x><Bsn><y/></Bsn></r>';
    withDoc(xml, (doc) => {
      expect(readTree(doc, { collect: { namespace: 'urn:a', name: 'Bsn' } }).collected).toEqual(['1', '3']);
      expect(readTree(doc).collected).toEqual([]);
    });
  });

  it('reads from an element as well as from the document', () => {
    withDoc('<r><s><t>1</t></s></r>', (doc) => {
      const s = doc.root.firstChild as XmlElement;
      expect(readTree(s)).toEqual({ name: 's', value: { t: '1' }, collected: [] });
    });
  });
});

/** The element tree through the public node API, paths as the XSLT writes them: the reference for readElements. */
function publicElements(el: XmlElement, path = `/${el.name}`): TreeElement {
  const kids = childNodes(el).filter((n): n is XmlElement => n instanceof XmlElement);
  const children = kids.map((k) => {
    const same = kids.filter((o) => o.name === k.name);
    return publicElements(k, same.length === 1 ? `${path}/${k.name}` : `${path}/${k.name}[${same.indexOf(k) + 1}]`);
  });
  return { local: el.name, ns: el.namespaceUri, children, text: kids.length === 0 ? el.content : '', path };
}

describe('readElements: document order and namespaces kept, in the same pass over the wasm memory', () => {
  it.each(sampleTypes())('%s: the same elements, namespaces, texts and paths as the public node API', (type) => {
    withDoc(sample(type), (doc) => {
      const tree = readElements(doc);
      expect(tree.path).toBe('/Bericht');
      expect(tree).toEqual(publicElements(doc.root));
    });
  });

  it('reads text, CDATA and references as libxml2 does and skips comments and processing instructions, between elements too', () => {
    const xml = '<r xmlns="urn:a" xmlns:b="urn:b"><b:a> x&amp;<![CDATA[<z>]]><!--c--><?p "?>&#233; </b:a><?p?><a/>'
      + '<d><e>1</e><!-- between --><e>2</e></d>text beside elements<f></f></r>';
    withDoc(xml, (doc) => {
      const flat = (el: TreeElement): string[] => [`${el.path} ${el.ns} [${el.text}]`, ...el.children.flatMap(flat)];
      expect(flat(readElements(doc))).toEqual([
        '/r urn:a []', '/r/a[1] urn:b [ x&<z>\u00e9 ]', '/r/a[2] urn:a []', '/r/d urn:a []', '/r/d/e[1] urn:a [1]',
        '/r/d/e[2] urn:a [2]', '/r/f urn:a []',
      ]);
      expect(readElements(doc)).toEqual(publicElements(doc.root));
    });
  });

  it('reads from an element as well as from the document', () => {
    withDoc('<r><s><t>1</t></s></r>', (doc) => {
      const s = doc.root.firstChild as XmlElement;
      expect(readElements(s)).toEqual({ local: 's', ns: '', path: '/s', text: '', children: [{ local: 't', ns: '', path: '/s/t', text: '1', children: [] }] });
    });
  });
});

describe('the adapter\'s header and Bsns from the tree', () => {
  const adapter = createIwmoIjwAdapter(path.resolve('schemas'));
  afterAll(() => adapter.dispose());

  // What the adapter read with a compiled XPath before (`//m:Bsn`, distinct), as the reference.
  it.each(sampleTypes())('%s: the Bsns an XPath over the message namespace finds', (type) => {
    const spec = MESSAGE_SPECS.find((s) => s.type === type)!;
    const expected = withDoc(sample(type), (doc) => [...new Set(doc.find('//m:Bsn', { m: spec.namespace }).map((n) => n.content))]);
    const message = adapter.process(Buffer.from(sample(type)));
    expect(message.bsns).toEqual(expected);
    const identificatie = withDoc(sample(type), (doc) => doc.get('/m:Bericht/m:Header/m:BerichtIdentificatie/b:Identificatie',
      { m: spec.namespace, b: spec.basisschemaNamespace })?.content);
    expect(message.correlationId).toBe(identificatie);
  });
});
