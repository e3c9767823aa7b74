import type { XmlElement } from 'libxml2-wasm';
import { describeXmlProlog, readXmlProlog } from '../xml/prolog.ts';
import { decodeBase64Strict } from './base64.ts';
import { DI01_ROOT, DU01_ROOT, FO01_ROOT, GGK_NS, STUF_NS } from './constants.ts';
import { StufGgkRejected, type StufGgkIssue } from './errors.ts';
import {
  compileEnvelopeXPath, readEnvelopeFields, requireParameters, requireSysteem, type EnvelopeFields, type ReadStuurgegevens,
} from './read-envelope.ts';
import { loadStufGgkSchemas, xsdIssues } from './schema.ts';
import { acceptsStufGgk, describeStufGgk } from './sniff.ts';
import type { Di01Envelope, GgkPayload, StufGgkEnvelope } from './types.ts';
import { doctypeRefused, elementPath, parseEnvelopeXml } from './xml.ts';

export type StufGgkBerichtcode = 'Di01' | 'Du01' | 'Fo01';

const ROOTS: Readonly<Record<StufGgkBerichtcode, { namespace: string; name: string }>> = {
  Di01: { namespace: GGK_NS, name: DI01_ROOT },
  Du01: { namespace: GGK_NS, name: DU01_ROOT },
  Fo01: { namespace: STUF_NS, name: FO01_ROOT },
};

export interface StufGgkCodec {
  /** Content sniff, see acceptsStufGgk. */
  accepts(head: Buffer): boolean;
  describe(head: Buffer): string | undefined;
  /**
   * A Di01 or Du01 envelope, XSD-validated, payload decoded; throws StufGgkRejected. A missing or non-base64
   * payload is reported (alone) before schema errors, with its own code.
   */
  parseEnvelope(body: Buffer): StufGgkEnvelope;
  /** As parseEnvelope, but a Du01 is refused with `envelope-not-di01`. */
  parseDi01(body: Buffer): Di01Envelope;
  /**
   * Checks a Di01, Du01 or Fo01 (e.g. one the builders wrote) against the StUF-GGk XSD and that its root is
   * the expected one; [] when valid. Throws StufGgkRejected only when the XML cannot be parsed at all.
   */
  validate(xml: Buffer, expected: StufGgkBerichtcode): StufGgkIssue[];
  dispose(): void;
}

/** Compiles the StUF-GGk XSDs from `schemasRoot` (the repository's `schemas/` folder) once. */
export function createStufGgkCodec(schemasRoot: string): StufGgkCodec {
  const schemas = loadStufGgkSchemas(schemasRoot);
  const fieldsXPath = compileEnvelopeXPath();

  function parseEnvelope(body: Buffer): StufGgkEnvelope {
    const prolog = readXmlProlog(body);
    if (prolog.kind === 'doctype') throw doctypeRefused(prolog.line, prolog.column);
    if (prolog.kind === 'not-xml' || (prolog.kind === 'root' && prolog.namespace !== GGK_NS)) {
      throw notAnEnvelope(describeXmlProlog(prolog) ?? 'not XML');
    }
    const doc = parseEnvelopeXml(body);
    try {
      const root = doc.root;
      if (root.namespaceUri !== GGK_NS) throw notAnEnvelope(`root element namespace '${root.namespaceUri.slice(0, 200)}'`);
      const berichtcode = root.name === DI01_ROOT ? 'Di01' : root.name === DU01_ROOT ? 'Du01' : undefined;
      if (!berichtcode) {
        throw new StufGgkRejected(400, [{
          code: 'envelope-unknown',
          message: `the ggk0210 root element '${root.name.slice(0, 100)}' is neither ${DI01_ROOT} nor ${DU01_ROOT}`,
          path: elementPath(root),
          ...(root.line > 0 ? { line: root.line } : {}),
        }]);
      }
      const fields = readEnvelopeFields(doc, fieldsXPath);
      const readable = { stuurgegevens: fields.stuurgegevens };
      const payload = decodePayload(root, fields, readable);
      const issues = xsdIssues(schemas.validator, doc);
      if (issues.length > 0) throw new StufGgkRejected(400, issues, readable);
      return toEnvelope(berichtcode, fields, payload);
    } finally {
      doc.dispose();
    }
  }

  return {
    accepts: acceptsStufGgk,
    describe: describeStufGgk,
    parseEnvelope,
    parseDi01(body) {
      const envelope = parseEnvelope(body);
      if (!isDi01(envelope)) {
        throw new StufGgkRejected(400, [{
          code: 'envelope-not-di01',
          message: `expected a ${DI01_ROOT} (Di01), got a ${DU01_ROOT} (Du01)`,
          path: `/${DU01_ROOT}`,
        }], { stuurgegevens: envelope.stuurgegevens });
      }
      return envelope;
    },
    validate(xml, expected) {
      const doc = parseEnvelopeXml(xml);
      try {
        const want = ROOTS[expected];
        if (doc.root.namespaceUri !== want.namespace || doc.root.name !== want.name) {
          return [{ code: 'envelope-unknown', message: `root element is '${doc.root.name}' in '${doc.root.namespaceUri}', expected '${want.name}' in '${want.namespace}'` }];
        }
        return xsdIssues(schemas.validator, doc);
      } finally {
        doc.dispose();
      }
    },
    dispose() {
      fieldsXPath.dispose();
      schemas.dispose();
    },
  };
}

export function isDi01(envelope: StufGgkEnvelope): envelope is Di01Envelope {
  return envelope.stuurgegevens.berichtcode === 'Di01';
}

function notAnEnvelope(seen: string): StufGgkRejected {
  return new StufGgkRejected(415, [{ code: 'not-stuf-ggk-envelope', message: `not a StUF-GGk envelope: ${seen}` }]);
}

function decodePayload(root: XmlElement, fields: EnvelopeFields, readable: { stuurgegevens: ReadStuurgegevens }): GgkPayload {
  const { bericht, payload } = fields;
  if (!bericht || !payload) {
    // The path of the element that should be there, with the prefix the document gives the ggk0210 namespace.
    const p = root.prefix ? `${root.prefix}:` : '';
    const parent = bericht ?? root;
    throw new StufGgkRejected(400, [{
      code: 'payload-missing',
      message: bericht ? 'parameters/bericht has neither xmlBestand nor tekstBestand' : 'the envelope has no parameters/bericht',
      path: bericht ? `${elementPath(bericht)}/${p}xmlBestand` : `${elementPath(root)}/${p}parameters/${p}bericht`,
      ...(parent.line > 0 ? { line: parent.line } : {}),
    }], readable);
  }
  const { element, kind } = payload;
  const verdict = decodeBase64Strict(element.content);
  if (!verdict.ok) {
    const where = { path: elementPath(element), ...(element.line > 0 ? { line: element.line } : {}) };
    const issue: StufGgkIssue = verdict.reason === 'empty'
      ? { code: 'payload-missing', message: `${element.name} is empty`, ...where }
      : { code: 'payload-base64-invalid', message: `${element.name} is not base64: ${BASE64_REASONS[verdict.reason](verdict.offset)}`, ...where };
    throw new StufGgkRejected(400, [issue], readable);
  }
  if (kind === 'xml') return { kind, bytes: verdict.bytes };
  return { kind, bestandsnaam: element.attr('bestandsnaam')?.value ?? '', bytes: verdict.bytes };
}

const BASE64_REASONS = {
  character: (offset: number) => `character ${offset} of its text is outside the base64 alphabet`,
  length: () => 'its length without white space is not a multiple of 4',
  padding: (offset: number) => `padding '=' at character ${offset} of its text is not at the end`,
} as const;

function toEnvelope(berichtcode: 'Di01' | 'Du01', fields: EnvelopeFields, payload: GgkPayload): StufGgkEnvelope {
  // The XSD guaranteed every field below; the fallbacks only satisfy the type checker.
  const read = fields.stuurgegevens;
  const common = {
    zender: requireSysteem(read.zender),
    ontvanger: requireSysteem(read.ontvanger),
    referentienummer: read.referentienummer ?? '',
    tijdstipBericht: read.tijdstipBericht ?? '',
    functie: read.functie ?? '',
  };
  const parameters = requireParameters(fields.parameters);
  if (berichtcode === 'Di01') return { stuurgegevens: { berichtcode, ...common }, parameters, payload };
  return { stuurgegevens: { berichtcode, ...common, crossRefnummer: read.crossRefnummer ?? '' }, parameters, payload };
}
