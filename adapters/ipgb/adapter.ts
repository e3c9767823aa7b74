import type { XsdValidator } from 'libxml2-wasm';
import { MessageRejected, type AcceptedMessage, type Adapter, type PartyRef } from '../types.ts';
import { claimsXml, describeXml } from '../xml/claim.ts';
import { doctypeForbidden, parseUntrustedXml } from '../xml/parse.ts';
import { describeXmlProlog, readXmlProlog } from '../xml/prolog.ts';
import { validateXsd } from '../xml/validate.ts';
import { IPGB_FAMILY, type IpgbType } from './messages.ts';
import { IpgbModelError } from './model/model-error.ts';
import { readIpgbModel } from './model/read.ts';
import type { IpgbMessage } from './model/types.ts';
import { ipgbSchemasDir, loadIpgbSchemas, type IpgbMessageSchema } from './schemas.ts';
import { readElements } from '../xml/tree.ts';

/** An accepted iPgb message carries its canonical model, read from the one parse that was validated. */
export interface IpgbAcceptedMessage extends AcceptedMessage {
  family: typeof IPGB_FAMILY;
  type: IpgbType;
  ipgb: IpgbMessage;
}

/** The canonical model of an accepted message, when it is an iPgb message. */
export function ipgbModelOf(message: AcceptedMessage): IpgbMessage | undefined {
  const m = message as Partial<IpgbAcceptedMessage>;
  return message.family === IPGB_FAMILY && m.ipgb !== undefined ? m.ipgb : undefined;
}

export interface IpgbAdapter extends Adapter {
  /** The folder the XSDs were loaded from. */
  readonly schemasDir: string;
  /** Per type: file, namespace, basisschema namespace and XSD versions of the loaded set. */
  readonly schemas: ReadonlyMap<IpgbType, IpgbMessageSchema>;
  /** Parses and validates without the registry, for the feature and tests; same as process(). */
  process(body: Buffer): IpgbAcceptedMessage;
  dispose(): void;
}

const ISTANDAARDEN_IPGB = 'http://www.istandaarden.nl/ipgb/';
const BUNDLED_RELEASE = '2_1';
const RELEASE = /^http:\/\/www\.istandaarden\.nl\/ipgb\/([^/]+)\//;

function gemeente(code: string): PartyRef {
  return { kind: 'gemeentecode', code };
}

/**
 * Who sends and who receives, in the gateway's terms. The SVB is in no iPgb header and has no identifier kind,
 * so its side stays undefined; the gemeente side is the header's Afzender (501, copied into 502) or Ontvanger
 * (507, copied into 508). A retour travels the other way than its heen message (IV028).
 */
function parties(model: IpgbMessage): Pick<AcceptedMessage, 'sender' | 'addressee'> {
  switch (model.nummer) {
    case '501': return { sender: gemeente(model.header.afzender) };
    case '502': return { addressee: gemeente(model.header.afzender) };
    case '507': return { addressee: gemeente(model.header.ontvanger) };
    case '508': return { sender: gemeente(model.header.ontvanger) };
  }
}

function bsnsOf(model: IpgbMessage): string[] {
  const bsns: string[] = [];
  if (model.client) {
    bsns.push(model.client.bsn);
    if (model.nummer === '501' || model.nummer === '502') for (const r of model.client.relaties) if (r.bsn) bsns.push(r.bsn);
  }
  return [...new Set(bsns)];
}

/** The AcceptedMessage of a model (exported for the feature, which may judge a model it built itself). */
export function toIpgbAccepted(model: IpgbMessage): IpgbAcceptedMessage {
  return {
    family: IPGB_FAMILY,
    type: model.type,
    correlationId: model.header.berichtIdentificatie.identificatie,
    bsns: bsnsOf(model),
    ...parties(model),
    ipgb: model,
  };
}

/**
 * iPgb 2.1 (WMO/JW 501, 502, 507, 508): recognised by the root element's namespace as the loaded schema set
 * declares it, validated against that message's XSD, then header, BSNs and the whole canonical model are read
 * from the same parsed document. `schemasDir` is the folder with the iPgb XSDs (see ipgbAdapters for the default).
 */
export function createIpgbAdapter(schemasDir: string): IpgbAdapter {
  const compiled = loadIpgbSchemas(schemasDir);
  const byNamespace = new Map<string, { type: IpgbType; validator: XsdValidator }>();
  for (const s of compiled.messages.values()) byNamespace.set(s.namespace, { type: s.type, validator: compiled.validator(s.type) });
  // Also claimed: any other iPgb release of the iStandaarden, to refuse it by name rather than as unknown content.
  const claimed = [...byNamespace.keys(), ISTANDAARDEN_IPGB];

  function messageFor(body: Buffer): { type: IpgbType; validator: XsdValidator } {
    const prolog = readXmlProlog(body);
    if (prolog.kind === 'doctype') throw doctypeForbidden(prolog.line, prolog.column);
    const found = prolog.kind === 'root' && prolog.namespace !== undefined ? byNamespace.get(prolog.namespace) : undefined;
    if (found && prolog.kind === 'root' && prolog.name.replace(/^[^:]*:/, '') === 'Bericht') return found;
    const release = prolog.kind === 'root' && !found ? RELEASE.exec(prolog.namespace ?? '')?.[1] : undefined;
    if (release !== undefined && release !== BUNDLED_RELEASE) {
      throw MessageRejected.of(422, 'unsupported-release',
        `iPgb release ${release.replace(/_/g, '.').slice(0, 20)} is not supported by the loaded iPgb 2.1 schema set`);
    }
    throw MessageRejected.of(415, 'unknown-message-type', `no iPgb 2.1 message has the ${describeXmlProlog(prolog) ?? 'content: not XML'}`);
  }

  return {
    family: IPGB_FAMILY,
    schemasDir: compiled.folder,
    schemas: compiled.messages,
    accepts: (head) => claimsXml(head, claimed),
    describe: describeXml,
    process(body: Buffer): IpgbAcceptedMessage {
      const { type, validator } = messageFor(body);
      const doc = parseUntrustedXml(body);
      try {
        validateXsd(validator, doc);
        const model = readIpgbModel(readElements(doc), type);
        return toIpgbAccepted(model);
      } catch (err) {
        if (err instanceof IpgbModelError) {
          const code = err.code === 'IPGB_TYPE_MISMATCH' && err.path?.endsWith('/BerichtCode') ? 'berichtcode-mismatch' : 'ipgb-model';
          throw MessageRejected.of(400, code, err.message, err.path ? { path: err.path } : {});
        }
        throw err;
      } finally {
        doc.dispose();
      }
    },
    dispose: () => compiled.dispose(),
  };
}

/**
 * The Feature hook (`Feature.adapters(schemasDir)`): the iPgb adapter on KP_IPGB_SCHEMAS_DIR when set, else on
 * the bundled `<schemasDir>/ipgb-2.1`.
 */
export function ipgbAdapters(schemasDir: string, configured?: string): Adapter[] {
  return [createIpgbAdapter(ipgbSchemasDir(schemasDir, configured === undefined ? {} : { KP_IPGB_SCHEMAS_DIR: configured }))];
}
