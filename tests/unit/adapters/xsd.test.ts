import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XmlDocument, xmlRegisterInputProvider, XmlValidateError } from 'libxml2-wasm';
import { describe, it, expect, afterAll } from 'vitest';
import { SchemaSet, toXsdIssues } from '../../../schemas/xsd.ts';
import { redactValues } from '../../../schemas/xsd-issues.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const CORPUS = path.resolve(REPO, '../shared/corpus/istandaarden');

function isValid(set: SchemaSet, file: string, xml: Buffer | string): boolean {
  const doc = typeof xml === 'string' ? XmlDocument.fromString(xml) : XmlDocument.fromBuffer(xml);
  try {
    set.validator(file).validate(doc);
    return true;
  } catch (err) {
    if (err instanceof XmlValidateError) return false;
    throw err;
  } finally {
    doc.dispose();
  }
}

// Two sets whose imported file has the same name AND the same namespace but different content:
// only a set-qualified url keeps them apart.
function twinSet(root: string, name: string, digitPattern: string): string {
  const dir = path.join(root, name);
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'basisschema.xsd'), `<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:basis" elementFormDefault="qualified">
  <xs:simpleType name="Code"><xs:restriction base="xs:string"><xs:pattern value="${digitPattern}"/></xs:restriction></xs:simpleType>
</xs:schema>`);
  writeFileSync(path.join(dir, 'Main.xsd'), `<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:b="urn:basis" targetNamespace="urn:main" elementFormDefault="qualified">
  <xs:import namespace="urn:basis" schemaLocation="basisschema.xsd"/>
  <xs:element name="Code" type="b:Code"/>
</xs:schema>`);
  return dir;
}

describe('SchemaSet', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'kp-xsd-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('keeps two basisschema.xsd files apart by the set-qualified url', () => {
    const digitsDir = twinSet(tmp, 'digits', '[0-9]'), lettersDir = twinSet(tmp, 'letters', '[a-z]');
    SchemaSet.load(digitsDir, [], 'test/warm-up').dispose(); // registers the shared provider first
    // A spy provider (libxml2 asks the most recently registered one first) records what is opened.
    const requested: string[] = [];
    xmlRegisterInputProvider({ match: (f) => { requested.push(f); return false; }, open: () => undefined, read: () => -1, close: () => true });
    const digits = SchemaSet.load(digitsDir, ['Main.xsd'], 'test/digits');
    const letters = SchemaSet.load(lettersDir, ['Main.xsd'], 'test/letters');
    try {
      const one = '<Code xmlns="urn:main">1</Code>', a = '<Code xmlns="urn:main">a</Code>';
      expect([isValid(digits, 'Main.xsd', one), isValid(digits, 'Main.xsd', a)]).toEqual([true, false]);
      expect([isValid(letters, 'Main.xsd', one), isValid(letters, 'Main.xsd', a)]).toEqual([false, true]);
      expect(requested).toEqual(['test/digits/basisschema.xsd', 'test/letters/basisschema.xsd']);
    } finally {
      digits.dispose();
      letters.dispose();
    }
  });

  it('compiles the iWmo and iJw 3.2 sets side by side and validates their samples', () => {
    const iwmo = SchemaSet.load(path.join(REPO, 'schemas/istandaarden/iwmo-3.2'), ['WMO301.xsd', 'WMO323.xsd'], 'istandaarden/iwmo-3.2');
    const ijw = SchemaSet.load(path.join(REPO, 'schemas/istandaarden/ijw-3.2'), ['JW301.xsd'], 'istandaarden/ijw-3.2');
    try {
      expect(isValid(iwmo, 'WMO301.xsd', readFileSync(path.join(CORPUS, 'iwmo-3.2/samples/WMO301.xml')))).toBe(true);
      expect(isValid(iwmo, 'WMO323.xsd', readFileSync(path.join(CORPUS, 'iwmo-3.2/samples/WMO323.xml')))).toBe(true);
      expect(isValid(ijw, 'JW301.xsd', readFileSync(path.join(CORPUS, 'ijw-3.2/samples/JW301.xml')))).toBe(true);
      // a WMO301 is not a JW301
      expect(isValid(ijw, 'JW301.xsd', readFileSync(path.join(CORPUS, 'iwmo-3.2/samples/WMO301.xml')))).toBe(false);
      expect(() => iwmo.validator('JW301.xsd')).toThrow(/not part of this set/);
    } finally {
      iwmo.dispose();
      ijw.dispose();
    }
  });

  it('shares a url prefix between sets of the same folder, refuses it for another folder', () => {
    const dir = path.join(tmp, 'digits');
    const first = SchemaSet.load(dir, ['Main.xsd'], 'test/again');
    const second = SchemaSet.load(dir, ['Main.xsd'], 'test/again');
    expect(() => SchemaSet.load(path.join(tmp, 'letters'), ['Main.xsd'], 'test/again')).toThrow(/already loaded from/);
    first.dispose();
    first.dispose(); // idempotent: does not release the prefix the second set still uses
    // the second set's imports are still served: a new set of the same folder compiles
    const third = SchemaSet.load(dir, ['Main.xsd'], 'test/again');
    expect(isValid(third, 'Main.xsd', '<Code xmlns="urn:main">1</Code>')).toBe(true);
    second.dispose();
    third.dispose();
    // all gone: the prefix is free for another folder
    SchemaSet.load(path.join(tmp, 'letters'), ['Main.xsd'], 'test/again').dispose();
  });

  it('says which schema does not compile', () => {
    const dir = path.join(tmp, 'broken');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'Bad.xsd'), '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="x" type="nope"/></xs:schema>');
    expect(() => SchemaSet.load(dir, ['Bad.xsd'], 'test/broken')).toThrow(/test\/broken\/Bad.xsd does not compile/);
    // the failed load released its prefix
    expect(() => SchemaSet.load(dir, [], 'test/broken').dispose()).not.toThrow();
  });
});

describe('XSD issues', () => {
  it('withholds the instance value libxml2 quotes, keeps element, type and pattern', () => {
    expect(redactValues("Element '{urn:w}Bsn': [facet 'pattern'] The value '12345678X' is not accepted by the pattern '[0-9]{9}'."))
      .toBe("Element '{urn:w}Bsn': [facet 'pattern'] The value [value withheld] is not accepted by the pattern '[0-9]{9}'.");
    expect(redactValues("Element '{urn:w}Datum': '2027-06-31' is not a valid value of the atomic type '{urn:b}LDT_Datum'."))
      .toBe("Element '{urn:w}Datum': [value withheld] is not a valid value of the atomic type '{urn:b}LDT_Datum'.");
    expect(redactValues("Element '{urn:w}Achternaam': [facet 'maxLength'] The value 'd'Ancona' has a length of '8'; this exceeds the allowed maximum length of '5'."))
      .not.toContain('Ancona');
    expect(redactValues("Element '{urn:w}Geslacht': [facet 'enumeration'] The value 'X' is not an element of the set {'0', '1'}."))
      .toBe("Element '{urn:w}Geslacht': [facet 'enumeration'] The value [value withheld] is not an element of the set {'0', '1'}.");
  });

  it('maps details to trimmed issues with line, path and a limit', () => {
    const details = [
      { message: "Element 'a': x.\n", level: 2, line: 4, col: 0, xpath: '/a' },
      { message: 'second\n', level: 2, line: 5, col: 7 },
    ];
    expect(toXsdIssues(details, 10)).toEqual([{ message: "Element 'a': x.", line: 4, path: '/a' }, { message: 'second', line: 5, column: 7 }]);
    expect(toXsdIssues(details, 1)).toHaveLength(1);
  });
});
