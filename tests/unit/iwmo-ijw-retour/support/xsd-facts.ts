// Facts read straight from the XSD files, to hold the builder's constants against.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SCHEMAS } from './schemas.ts';

const dirOf = (type: string) => path.join(SCHEMAS, 'istandaarden', type.startsWith('WMO') ? 'iwmo-3.2' : 'ijw-3.2');
export const xsdText = (type: string): string => readFileSync(path.join(dirOf(type), `${type}.xsd`), 'utf8');

/** Names of the elements (other than Header) whose complex type ends in RetourCodes, in a retour XSD. */
export function classesWithRetourCodes(retourType: string): Set<string> {
  const xsd = xsdText(retourType);
  const types = new Set<string>();
  for (const m of xsd.matchAll(/<xs:complexType name="(\w+)">([\s\S]*?)<\/xs:complexType>/g)) {
    if (m[2]?.includes('name="RetourCodes"') && m[1] !== 'Header') types.add(m[1] as string);
  }
  const names = new Set<string>();
  for (const m of xsd.matchAll(/<xs:element name="(\w+)" type="\w+:(\w+)"/g)) {
    if (types.has(m[2] as string)) names.add(m[1] as string);
  }
  return names;
}

/** Every element name declared in an XSD. */
export function elementNames(type: string): Set<string> {
  return new Set([...xsdText(type).matchAll(/<xs:element name="(\w+)"/g)].map((m) => m[1] as string));
}

/** The LDT_RetourCode enumeration of a standard's basisschema. */
export function retourCodeEnumeration(standaard: 'iwmo-3.2' | 'ijw-3.2'): string[] {
  const xsd = readFileSync(path.join(SCHEMAS, 'istandaarden', standaard, 'basisschema.xsd'), 'utf8');
  const block = /<xs:simpleType name="LDT_RetourCode">([\s\S]*?)<\/xs:simpleType>/.exec(xsd)?.[1] ?? '';
  return [...block.matchAll(/<xs:enumeration value="([^"]+)"/g)].map((m) => m[1] as string);
}

/** BasisschemaXsdVersie / BerichtXsdVersie from a message XSD's xs:appinfo. */
export function appinfoVersie(type: string): { basisschema: string; bericht: string } {
  const xsd = xsdText(type);
  const get = (el: string) => new RegExp(`<\\w+:${el}>([^<]+)<`).exec(xsd)?.[1] ?? '';
  return { basisschema: get('BasisschemaXsdVersie'), bericht: get('BerichtXsdVersie') };
}
