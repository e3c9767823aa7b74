// The SuwiML XSDs of the four DKD services, compiled once per process from memory.
//
// The corpus layout is kept under schemas/suwiml/ because the service XSDs include the Basisschema and FWI by
// relative paths (`../../../Basisschema/v0801-b01/SimpleTypes/Datum.xsd`). SchemaSet serves one folder under
// one url prefix, so every folder is loaded as its own set with a prefix that mirrors the layout: a relative
// include resolved against `suwiml/Diensten/<Dienst>/<release>/…` lands on the buffer of the right file.
// libxml2 never reads the file system (no file input provider is registered; see schemas/xsd.ts).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { XsdValidator } from 'libxml2-wasm';
import { SchemaSet } from '../../schemas/xsd.ts';
import { DIENSTEN, type Dienst } from './diensten.ts';

export const SUWIML_SCHEMAS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../schemas/suwiml');
const PREFIX = 'suwiml';

export interface SuwimlSchemas {
  /** BodyAction.xsd of the dienst: the request (Body child). */
  request(dienst: Dienst): XsdValidator;
  /** BodyReaction.xsd of the dienst: the answer (Body child). */
  response(dienst: Dienst): XsdValidator;
  dispose(): void;
}

function dienstDir(dienst: Dienst): string {
  return `Diensten/${dienst}/${DIENSTEN[dienst].release}`;
}

/** Folders (relative to the root) that hold XSDs, below `rel`, deepest first. */
function xsdFolders(root: string, rel: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(root, rel), { withFileTypes: true })) {
    if (entry.isDirectory()) out.push(...xsdFolders(root, path.posix.join(rel, entry.name)));
  }
  if (readdirSync(path.join(root, rel)).some((f) => f.endsWith('.xsd'))) out.push(rel);
  return out;
}

/** Loads and compiles the BodyAction and BodyReaction XSDs of all four diensten; throws when one does not compile. */
export function loadSuwimlSchemas(root: string = SUWIML_SCHEMAS_DIR): SuwimlSchemas {
  const sets: SchemaSet[] = [];
  const validators = new Map<string, XsdValidator>();
  const disposeAll = () => { for (const s of sets.reverse()) s.dispose(); sets.length = 0; };
  try {
    // Everything the service XSDs include is served first (files = []: served, not compiled)…
    const served = ['Basisschema', 'FWI', ...(Object.keys(DIENSTEN) as Dienst[]).map(dienstDir)]
      .flatMap((rel) => xsdFolders(root, rel));
    const main = new Set((Object.keys(DIENSTEN) as Dienst[]).map(dienstDir));
    for (const rel of served) {
      if (!main.has(rel)) sets.push(SchemaSet.load(path.join(root, rel), [], `${PREFIX}/${rel}`));
    }
    // …then each service folder is served and its two main XSDs compiled.
    for (const dienst of Object.keys(DIENSTEN) as Dienst[]) {
      const rel = dienstDir(dienst);
      const set = SchemaSet.load(path.join(root, rel), ['BodyAction.xsd', 'BodyReaction.xsd'], `${PREFIX}/${rel}`);
      sets.push(set);
      validators.set(`${dienst}/request`, set.validator('BodyAction.xsd'));
      validators.set(`${dienst}/response`, set.validator('BodyReaction.xsd'));
    }
  } catch (err) {
    disposeAll();
    throw err;
  }
  const get = (key: string) => {
    const v = validators.get(key);
    if (!v) throw new Error(`SuwiML schema ${key} is not loaded (disposed?)`);
    return v;
  };
  return {
    request: (dienst) => get(`${dienst}/request`),
    response: (dienst) => get(`${dienst}/response`),
    dispose() { validators.clear(); disposeAll(); },
  };
}

let shared: SuwimlSchemas | undefined;

/** The process-wide compiled set, compiled on first use. */
export function suwimlSchemas(): SuwimlSchemas {
  shared ??= loadSuwimlSchemas();
  return shared;
}
