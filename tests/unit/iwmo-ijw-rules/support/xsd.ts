// Test-only XSD check, so every mutated sample is shown to still pass level 1 (the rules' precondition).
// The gateway's own validator is built elsewhere; this one reads the corpus XSDs from disk.
import { readFileSync } from 'node:fs';
import { XmlDocument, XsdValidator, XmlValidateError } from 'libxml2-wasm';
import { xmlRegisterFsInputProviders } from 'libxml2-wasm/lib/nodejs.mjs';
import { xsdPath } from './samples.ts';

let registered = false;
const validators = new Map<string, XsdValidator>();

function validatorFor(type: string): XsdValidator {
  let v = validators.get(type);
  if (!v) {
    if (!registered) registered = xmlRegisterFsInputProviders();
    const path = xsdPath(type);
    const schema = XmlDocument.fromBuffer(readFileSync(path), { url: path });
    // The schema document stays alive with its validator for the whole test run.
    v = XsdValidator.fromDoc(schema);
    validators.set(type, v);
  }
  return v;
}

/** XSD errors of the document against its message XSD; [] when valid. */
export function xsdErrors(type: string, xml: string): string[] {
  const doc = XmlDocument.fromString(xml);
  try {
    validatorFor(type).validate(doc);
    return [];
  } catch (e) {
    if (e instanceof XmlValidateError) return e.details.map((d) => d.message.trim());
    throw e;
  } finally {
    doc.dispose();
  }
}
