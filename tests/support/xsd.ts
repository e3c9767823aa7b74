// The iWmo/iJw message XSDs and rapport.xsd of the repository, through the gateway's own SchemaSet: what the
// tests check a built retour, report or mutated message against.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XmlDocument, XmlValidateError } from 'libxml2-wasm';
import { SchemaSet } from '../../schemas/xsd.ts';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SCHEMAS = path.join(REPO, 'schemas');

const NUMMERS = ['301', '302', '305', '306', '307', '308', '315', '316', '317', '318', '319', '320', '323', '325'];
const sets = {
  WMO: SchemaSet.load(path.join(SCHEMAS, 'istandaarden/iwmo-3.2'), NUMMERS.map((n) => `WMO${n}.xsd`), 'istandaarden/iwmo-3.2'),
  JW: SchemaSet.load(path.join(SCHEMAS, 'istandaarden/ijw-3.2'), NUMMERS.map((n) => `JW${n}.xsd`), 'istandaarden/ijw-3.2'),
  rapport: SchemaSet.load(path.join(SCHEMAS, 'validatie-rapport-1.1'), ['rapport.xsd'], 'validatie-rapport-1.1'),
};

function issues(set: SchemaSet, file: string, xml: string): string[] {
  const doc = XmlDocument.fromString(xml);
  try {
    set.validator(file).validate(doc);
    return [];
  } catch (e) {
    if (e instanceof XmlValidateError) return e.details.map((d) => d.message.trim());
    throw e;
  } finally {
    doc.dispose();
  }
}

/** XSD errors of a message against its own XSD ('WMO302' → WMO302.xsd); [] when valid. */
export function xsdErrors(type: string, xml: string): string[] {
  return issues(type.startsWith('WMO') ? sets.WMO : sets.JW, `${type}.xsd`, xml);
}

/** XSD errors of a validation report against rapport.xsd. */
export function rapportXsdErrors(xml: string): string[] {
  return issues(sets.rapport, 'rapport.xsd', xml);
}
