// Finds the eight iPgb message XSDs in a folder and compiles them. Which file is which message is read from
// the file itself — the BerichtCode pattern the iStandaarden generator fixes in every message header (model note
// 226186) — and, failing that, from its name (WMO501.xsd …), so the official release package can be dropped in
// under its own file names and namespaces without a code change.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { XmlDocument, type XsdValidator } from 'libxml2-wasm';
import { SchemaSet } from '../../schemas/xsd.ts';
import { IPGB_BERICHTCODES, IPGB_TYPES, type IpgbType } from './messages.ts';

/** The bundled, reconstructed set (schemas/ipgb-2.1). */
export const BUNDLED_SCHEMAS = 'ipgb-2.1';
/** Environment variable naming another folder with the iPgb XSDs (e.g. the official release package). */
export const SCHEMAS_DIR_ENV = 'KP_IPGB_SCHEMAS_DIR';

export interface IpgbMessageSchema {
  type: IpgbType;
  file: string;
  /** targetNamespace of the message XSD: the root element's namespace. */
  namespace: string;
  /** Namespace of the imported basisschema (BerichtIdentificatie/Identificatie etc. live there). */
  basisschemaNamespace: string;
  /** appinfo BerichtXsdVersie / BasisschemaXsdVersie (IV034), for XsdVersieRetour. */
  berichtXsdVersie: string;
  basisschemaXsdVersie: string;
}

export class IpgbSchemaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IpgbSchemaError';
  }
}

const XS = { xs: 'http://www.w3.org/2001/XMLSchema' };
const CODE_TO_TYPE = new Map(Object.entries(IPGB_BERICHTCODES).map(([t, c]) => [c, t as IpgbType]));
const NAME_TO_TYPE = new Map(IPGB_TYPES.map((t) => [`${t.toLowerCase()}.xsd`, t]));

function str(doc: XmlDocument, xpath: string): string {
  const v = doc.eval(xpath, XS);
  return typeof v === 'string' ? v.trim() : '';
}

function describe(folder: string, file: string): (Omit<IpgbMessageSchema, 'type'> & { type?: IpgbType }) | undefined {
  const doc = XmlDocument.fromBuffer(readFileSync(path.join(folder, file)), { url: file });
  try {
    if (str(doc, "string(/xs:schema/xs:element[@name='Bericht']/@name)") === '') return undefined;
    const code = str(doc, "string((//xs:element[@name='BerichtCode']//xs:pattern/@value)[1])");
    const type = CODE_TO_TYPE.get(code) ?? NAME_TO_TYPE.get(file.toLowerCase());
    const appinfo = (name: string) => str(doc, `string((/xs:schema/xs:annotation/xs:appinfo/*[local-name()='${name}'])[1])`);
    return {
      ...(type ? { type } : {}),
      file,
      namespace: str(doc, 'string(/xs:schema/@targetNamespace)'),
      basisschemaNamespace: str(doc, 'string((/xs:schema/xs:import/@namespace)[1])'),
      berichtXsdVersie: appinfo('BerichtXsdVersie') || '1.0.0',
      basisschemaXsdVersie: appinfo('BasisschemaXsdVersie') || '1.0.0',
    };
  } finally {
    doc.dispose();
  }
}

/** The message XSDs of `folder`, one per iPgb type; throws IpgbSchemaError naming what is missing or doubled. */
export function findIpgbSchemas(folder: string): IpgbMessageSchema[] {
  let files: string[];
  try {
    files = readdirSync(folder).filter((f) => f.toLowerCase().endsWith('.xsd')).sort();
  } catch (err) {
    throw new IpgbSchemaError(`iPgb schema folder ${folder} cannot be read: ${(err as Error).message}`);
  }
  const byType = new Map<IpgbType, IpgbMessageSchema>();
  for (const file of files) {
    const found = describe(folder, file);
    if (!found?.type) continue;
    const earlier = byType.get(found.type);
    if (earlier) throw new IpgbSchemaError(`iPgb schema folder ${folder}: both ${earlier.file} and ${file} define ${found.type}`);
    if (!found.namespace) throw new IpgbSchemaError(`iPgb schema ${file} has no targetNamespace`);
    byType.set(found.type, { ...found, type: found.type });
  }
  const missing = IPGB_TYPES.filter((t) => !byType.has(t));
  if (missing.length > 0) throw new IpgbSchemaError(`iPgb schema folder ${folder} has no XSD for ${missing.join(', ')}`);
  const namespaces = new Set([...byType.values()].map((s) => s.namespace));
  if (namespaces.size !== byType.size) throw new IpgbSchemaError(`iPgb schema folder ${folder}: two messages share a targetNamespace`);
  return IPGB_TYPES.map((t) => byType.get(t)!);
}

export interface CompiledIpgbSchemas {
  folder: string;
  messages: ReadonlyMap<IpgbType, IpgbMessageSchema>;
  validator(type: IpgbType): XsdValidator;
  dispose(): void;
}

/** Compiles the iPgb set of `folder`; each folder gets its own url prefix, so two sets never mix. */
export function loadIpgbSchemas(folder: string): CompiledIpgbSchemas {
  const resolved = path.resolve(folder);
  const schemas = findIpgbSchemas(resolved);
  const prefix = `ipgb-${createHash('sha256').update(resolved).digest('hex').slice(0, 12)}`;
  const set = SchemaSet.load(resolved, schemas.map((s) => s.file), prefix);
  const messages = new Map(schemas.map((s) => [s.type, s]));
  return {
    folder: resolved,
    messages,
    validator: (type) => set.validator(messages.get(type)!.file),
    dispose: () => set.dispose(),
  };
}

/** The folder to load: KP_IPGB_SCHEMAS_DIR when set (relative to the working directory), else `<schemasRoot>/ipgb-2.1`. */
export function ipgbSchemasDir(schemasRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  const configured = env[SCHEMAS_DIR_ENV]?.trim();
  return configured ? path.resolve(configured) : path.join(schemasRoot, BUNDLED_SCHEMAS);
}
