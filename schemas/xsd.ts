import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { XmlBufferInputProvider, XmlDocument, xmlRegisterInputProvider, XsdValidator } from 'libxml2-wasm';

export type { XsdIssue } from './xsd-issues.ts';
export { toXsdIssues } from './xsd-issues.ts';

// libxml2's input callbacks are process-global, so every schema set of every family is served by
// this one in-memory provider. Nothing is ever read from the file system by libxml2 itself: no
// file-system provider is registered, so an xs:import (or a hostile entity) can only reach the
// XSD buffers below.
let provider: XmlBufferInputProvider | undefined;
// url prefix → the folder it serves and how many live sets use it (a second gateway in the same
// process, e.g. in tests, loads the same folder again; another folder under that prefix would
// silently replace the first one's imports, so that is refused).
const prefixesInUse = new Map<string, { dir: string; sets: number }>();

function sharedProvider(): XmlBufferInputProvider {
  if (!provider) {
    const created = new XmlBufferInputProvider({});
    if (!xmlRegisterInputProvider(created)) throw new Error('libxml2 refused the schema input provider (callback table full)');
    provider = created;
  }
  return provider;
}

/**
 * The XSDs of one standard release (e.g. iWmo 3.2), compiled once and reused for every message.
 *
 * Every `*.xsd` in `dir` is served from memory under `<urlPrefix>/<file>`; each main XSD is parsed
 * with that url, so a relative `schemaLocation="basisschema.xsd"` resolves to
 * `<urlPrefix>/basisschema.xsd` and two sets with a file of the same name never mix.
 */
export class SchemaSet {
  private disposed = false;

  private constructor(
    readonly urlPrefix: string,
    private readonly urls: string[],
    private readonly validators: Map<string, XsdValidator>,
  ) {}

  /** Compiles `files` (main XSDs in `dir`); throws when a schema does not compile. */
  static load(dir: string, files: readonly string[], urlPrefix: string): SchemaSet {
    const prefix = urlPrefix.replace(/\/+$/, '');
    const folder = path.resolve(dir);
    const inUse = prefixesInUse.get(prefix);
    if (inUse && inUse.dir !== folder) throw new Error(`schema url prefix ${prefix} is already loaded from ${inUse.dir}`);
    const buffers = sharedProvider();
    const urls: string[] = [];
    for (const name of readdirSync(folder)) {
      if (!name.endsWith('.xsd')) continue;
      const url = `${prefix}/${name}`;
      buffers.addBuffer(url, readFileSync(path.join(folder, name)));
      urls.push(url);
    }
    prefixesInUse.set(prefix, { dir: folder, sets: (inUse?.sets ?? 0) + 1 });
    const validators = new Map<string, XsdValidator>();
    const set = new SchemaSet(prefix, urls, validators);
    try {
      for (const file of files) validators.set(file, compile(path.join(folder, file), `${prefix}/${file}`));
    } catch (err) {
      set.dispose();
      throw err;
    }
    return set;
  }

  validator(file: string): XsdValidator {
    const v = this.validators.get(file);
    if (!v) throw new Error(`schema ${this.urlPrefix}/${file} is not part of this set`);
    return v;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const v of this.validators.values()) v.dispose();
    this.validators.clear();
    const inUse = prefixesInUse.get(this.urlPrefix);
    if (inUse && --inUse.sets > 0) return;
    for (const url of this.urls) provider?.removeBuffer(url);
    prefixesInUse.delete(this.urlPrefix);
  }
}

function compile(file: string, url: string): XsdValidator {
  const doc = XmlDocument.fromBuffer(readFileSync(file), { url });
  try {
    return XsdValidator.fromDoc(doc);
  } catch (err) {
    const details = (err as { details?: { message: string }[] }).details?.map((d) => d.message.trim()).join('; ');
    throw new Error(`schema ${url} does not compile${details ? `: ${details}` : ''}`, { cause: err });
  } finally {
    doc.dispose();
  }
}
