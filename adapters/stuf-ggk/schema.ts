import path from 'node:path';
import { XmlError, XmlLibError, type XmlDocument, type XsdValidator } from 'libxml2-wasm';
import { SchemaSet, toXsdIssues } from '../../schemas/xsd.ts';
import type { StufGgkIssue } from './errors.ts';

const STUF_DIR = 'stuf-ggk-0210/0301';
const GGK_DIR = 'stuf-ggk-0210/ggk0210/ggkberichten';
const GGK_XSD = 'ggk0210_msg_ggkberichten.xsd';
const MAX_ISSUES = 50;

export interface StufGgkSchemas {
  /** ggk0210_msg_ggkberichten.xsd with StUF 03.01 included: declares the Di01 and Du01 envelopes and StUF:Fo01Bericht. */
  readonly validator: XsdValidator;
  dispose(): void;
}

/**
 * The ggk0210 XSD includes `../../0301/stuf0301.xsd`, so the corpus layout is kept under schemas/stuf-ggk-0210/
 * and both folders are served from memory with url prefixes that mirror it: the include, resolved against
 * `stuf-ggk-0210/ggk0210/ggkberichten/…`, lands on `stuf-ggk-0210/0301/stuf0301.xsd`.
 */
export function loadStufGgkSchemas(schemasRoot: string): StufGgkSchemas {
  const stuf = SchemaSet.load(path.join(schemasRoot, STUF_DIR), [], STUF_DIR);
  let ggk: SchemaSet;
  try {
    ggk = SchemaSet.load(path.join(schemasRoot, GGK_DIR), [GGK_XSD], GGK_DIR);
  } catch (err) {
    stuf.dispose();
    throw err;
  }
  return {
    validator: ggk.validator(GGK_XSD),
    dispose() {
      ggk.dispose();
      stuf.dispose();
    },
  };
}

/** One `envelope-xsd-invalid` issue per libxml2 error (values withheld, line and path where libxml2 gives them). */
export function xsdIssues(validator: XsdValidator, doc: XmlDocument): StufGgkIssue[] {
  try {
    validator.validate(doc);
    return [];
  } catch (err) {
    if (!(err instanceof XmlError)) throw err;
    const details = err instanceof XmlLibError ? err.details : [];
    const issues: StufGgkIssue[] = toXsdIssues(details, MAX_ISSUES).map((i) => ({ code: 'envelope-xsd-invalid', ...i }));
    if (details.length > MAX_ISSUES) {
      issues.push({ code: 'envelope-xsd-invalid', message: `${details.length - MAX_ISSUES} further schema errors not shown` });
    }
    if (issues.length === 0) issues.push({ code: 'envelope-xsd-invalid', message: 'the envelope could not be validated against the StUF-GGk schema' });
    return issues;
  }
}
