import { afterAll, describe, expect, it } from 'vitest';
import { disposeAdapter, fixture, model } from './support.ts';

// A processing instruction between elements is allowed by the XSD; libxml2-wasm ends a sibling walk there,
// so before adapters/xml/children.ts the iPgb reader threw (a 500) on it.
describe('iPgb with a processing instruction inside an element', () => {
  afterAll(() => disposeAdapter());

  it('reads the same model as without it', () => {
    const xml = fixture('WMO501');
    const withPi = xml.replace(/(<\/(\w+:)?BerichtCode>)/, '$1<?x "?>');
    expect(withPi).not.toBe(xml);
    expect(model(withPi)).toEqual(model(xml));
  });
});
