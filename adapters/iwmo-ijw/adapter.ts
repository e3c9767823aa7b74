import path from 'node:path';
import type { XsdValidator } from 'libxml2-wasm';
import { SchemaSet } from '../../schemas/xsd.ts';
import { MessageRejected, type AcceptedMessage, type Adapter } from '../types.ts';
import { claimsXml, describeXml } from '../xml/claim.ts';
import { doctypeForbidden, parseUntrustedXml } from '../xml/parse.ts';
import { describeXmlProlog, readXmlProlog } from '../xml/prolog.ts';
import { checkTreeLayout, readTree } from '../xml/tree.ts';
import { validateXsd } from '../xml/validate.ts';
import { toAcceptedMessage } from './accepted.ts';
import { parseIwmoIjw } from './model/parse.ts';
import { bsnsOf, readHeader } from './header.ts';
import { explainNamespace, MESSAGE_SPECS, NAMESPACE_PREFIXES, type Family, type MessageSpec } from './messages.ts';

interface CompiledMessage { spec: MessageSpec; validator: XsdValidator; bsns: { namespace: string; name: string } }

const SCHEMA_DIRS: Readonly<Record<Family, string>> = { iwmo: 'istandaarden/iwmo-3.2', ijw: 'istandaarden/ijw-3.2' };
const FAMILY_LABEL: Readonly<Record<Family, string>> = { iwmo: 'iWmo', ijw: 'iJw' };

export interface IwmoIjwAdapter extends Adapter {
  /** Milliseconds it took to compile the 28 XSDs. */
  readonly compileMs: number;
  dispose(): void;
}

/**
 * iWmo and iJw release 3.2: recognised by the root namespace, validated against the message's
 * XSD, then the header (Afzender, Ontvanger, BerichtIdentificatie), every Bsn and the canonical model are read
 * from that same parsed document in one walk. `schemasRoot` is the repository's `schemas/` folder.
 */
export function createIwmoIjwAdapter(schemasRoot: string): IwmoIjwAdapter {
  const started = performance.now();
  checkTreeLayout();
  const sets: SchemaSet[] = [];
  const byNamespace = new Map<string, CompiledMessage>();
  try {
    for (const family of ['iwmo', 'ijw'] as const) {
      const specs = MESSAGE_SPECS.filter((s) => s.family === family);
      const set = SchemaSet.load(path.join(schemasRoot, SCHEMA_DIRS[family]), specs.map((s) => s.xsdFile), SCHEMA_DIRS[family]);
      sets.push(set);
      for (const spec of specs) {
        byNamespace.set(spec.namespace, { spec, validator: set.validator(spec.xsdFile), bsns: bsnsOf(spec) });
      }
    }
  } catch (err) {
    dispose();
    throw err;
  }
  const compileMs = performance.now() - started;

  function dispose(): void {
    byNamespace.clear();
    for (const set of sets) set.dispose();
    sets.length = 0;
  }

  function messageFor(body: Buffer): CompiledMessage {
    const prolog = readXmlProlog(body);
    if (prolog.kind === 'doctype') throw doctypeForbidden(prolog.line, prolog.column);
    if (prolog.kind !== 'root' || prolog.namespace === undefined) {
      throw MessageRejected.of(415, 'unknown-message-type', `not an iWmo/iJw message: ${describeXmlProlog(prolog) ?? 'not XML'}`);
    }
    const compiled = byNamespace.get(prolog.namespace);
    if (compiled) return compiled;
    const verdict = explainNamespace(prolog.namespace);
    if (verdict.kind === 'unsupported-release') {
      throw MessageRejected.of(422, 'unsupported-release',
        `${FAMILY_LABEL[verdict.family]} release ${verdict.release.slice(0, 20)} is not supported; this gateway accepts release 3.2`);
    }
    throw MessageRejected.of(415, 'unknown-message-type', `no iWmo/iJw 3.2 message has the ${describeXmlProlog(prolog)}`);
  }

  return {
    family: 'iwmo-ijw',
    compileMs,
    accepts: (head) => claimsXml(head, NAMESPACE_PREFIXES),
    describe: describeXml,
    process(body: Buffer): AcceptedMessage {
      const { spec, validator, bsns } = messageFor(body);
      const doc = parseUntrustedXml(body);
      let tree;
      try {
        validateXsd(validator, doc);
        // One walk over the validated document; after it the document is freed and only JS values remain.
        tree = readTree(doc, { collect: bsns });
      } finally {
        doc.dispose();
      }
      const message = toAcceptedMessage(spec, readHeader(tree));
      // The canonical model from this same parse (one parse per message; no second parser disagreeing).
      message.model = parseIwmoIjw(tree, spec.type);
      return message;
    },
    dispose,
  };
}
