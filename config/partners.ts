// Partners are configuration: read once at start, validated, and looked up by OIN, name or identifier.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import YAML, { isScalar, isSeq, type Document } from 'yaml';
import type { z } from 'zod';
import { ConfigError, configErrorFrom, type ConfigProblem } from './config-error.ts';
import {
  DIGIT_STRING_KEYS, partnersFileSchema, type BRP_EVENT_TYPES, type DKD_DIENSTEN, type PartnerEntry, type PARTNER_PERMISSIONS, type PARTNER_ROLES,
} from './partners-schema.ts';

export { ConfigError } from './config-error.ts';

export type PartnerRole = (typeof PARTNER_ROLES)[number];
export type PartnerPermission = (typeof PARTNER_PERMISSIONS)[number];
export type BrpEventType = (typeof BRP_EVENT_TYPES)[number];
export type DkdDienstName = (typeof DKD_DIENSTEN)[number];
export { BRP_EVENT_TYPES, DKD_DIENSTEN } from './partners-schema.ts';

export interface DeliverySettings {
  url: string;
  /** Absolute path of the CA file that the partner's server certificate must chain to. */
  serverCaFile: string;
  serverName?: string;
  timeoutMs: number;
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  concurrency: number;
  format: 'xml' | 'canonical-json' | 'canonical-json+xml';
  envelope: 'none' | 'stuf-ggk';
}

export interface Partner {
  name: string;
  /** 20 digits, as in the subject serialNumber of the partner's client certificate. */
  oin: string;
  role: PartnerRole;
  /** Absolute path of the CA file that the partner's client certificate must chain to. */
  caFile: string;
  identifiers: { agb: readonly string[]; gemeentecode: readonly string[] };
  messageTypes: ReadonlySet<string>;
  delivery?: DeliverySettings;
  /** Operators only: 'personal-data' lets it read payloads and search by BSN (audited). */
  permissions: ReadonlySet<PartnerPermission>;
  /** Subscribers only. */
  alerts?: { events: ReadonlySet<BrpEventType>; disclose: ReadonlySet<'bsn' | 'naam'> };
  /** gemeente or klantsysteem: the Digitaal Klantdossier diensten it may ask, each with its doelbindingen. */
  dkd?: { diensten: ReadonlyMap<DkdDienstName, ReadonlySet<string>> };
}

export interface PartnerRegistry {
  /** The file as passed to loadPartners / parsePartners. */
  readonly file: string;
  readonly partners: readonly Partner[];
  byOin(oin: string): Partner | undefined;
  byName(name: string): Partner | undefined;
  byIdentifier(kind: 'agb' | 'gemeentecode', code: string): Partner | undefined;
}

/** Reads and validates a partners file. Reads no certificate files (see readTrustMaterial). */
export function loadPartners(file: string): PartnerRegistry {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`, file);
  }
  return parsePartners(text, file);
}

/** As loadPartners, from text; `file` names the source in errors and anchors relative paths. */
export function parsePartners(yamlText: string, file: string): PartnerRegistry {
  const raw = parseYaml(yamlText, file);
  const parsed = partnersFileSchema.safeParse(raw);
  if (!parsed.success) throw configErrorFrom(file, parsed.error.issues.map((issue) => problemFromIssue(issue, raw)));
  const entries = parsed.data.partners;
  const conflicts = findConflicts(entries);
  if (conflicts.length > 0) throw configErrorFrom(file, conflicts);
  const baseDir = dirname(resolve(file));
  return buildRegistry(file, entries.map((entry) => toPartner(entry, baseDir)));
}

function parseYaml(text: string, file: string): unknown {
  const doc = YAML.parseDocument(text, { uniqueKeys: true });
  const first = doc.errors[0];
  if (first !== undefined) {
    const at = first.linePos?.[0];
    const where = at === undefined ? '' : ` line ${at.line}, column ${at.col}:`;
    const reason = (first.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    throw new ConfigError(`${file}:${where} invalid YAML: ${reason}`, file);
  }
  keepDigitStrings(doc);
  const raw: unknown = doc.toJS();
  if (raw === null || raw === undefined) throw new ConfigError(`${file}: is empty (expected a "partners:" list)`, file);
  return raw;
}

/** `gemeentecode: [0384]` must stay "0384", not become 384; likewise an unquoted OIN keeps its leading zeros. */
function keepDigitStrings(doc: Document): void {
  YAML.visit(doc, {
    Pair(_key, pair) {
      if (!isScalar(pair.key) || !DIGIT_STRING_KEYS.has(String(pair.key.value))) return;
      const values = isScalar(pair.value) ? [pair.value] : isSeq(pair.value) ? pair.value.items : [];
      for (const node of values) {
        if (isScalar(node) && typeof node.value === 'number' && node.source !== undefined && /^\d+$/.test(node.source)) {
          node.value = node.source;
        }
      }
    },
  });
}

function problemFromIssue(issue: z.core.$ZodIssue, raw: unknown): ConfigProblem {
  const fieldPath = [...issue.path];
  const detail = issueDetail(issue, raw);
  const [top, index, ...rest] = fieldPath;
  if (top !== 'partners' || typeof index !== 'number') {
    return withUnknownKey(issue, { field: formatPath(fieldPath) || undefined, detail });
  }
  return withUnknownKey(issue, { partner: partnerLabel(raw, index), field: formatPath(rest) || undefined, detail });
}

/** zod reports unknown keys on the enclosing object; name each key as the field instead. */
function withUnknownKey(issue: z.core.$ZodIssue, problem: ConfigProblem): ConfigProblem {
  if (issue.code !== 'unrecognized_keys') return problem;
  const keys = issue.keys.join(', ');
  const field = problem.field === undefined ? keys : `${problem.field}.${keys}`;
  return { ...problem, field, detail: issue.keys.length === 1 ? 'unknown key' : 'unknown keys' };
}

function issueDetail(issue: z.core.$ZodIssue, raw: unknown): string {
  if (issue.code === 'invalid_type') {
    if (valueAt(raw, issue.path) === undefined) return 'is required';
    return `must be ${TYPE_WORDS[issue.expected] ?? `a ${issue.expected}`}`;
  }
  return issue.message;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string (quote it if YAML reads it otherwise)',
  int: 'a whole number',
  number: 'a number',
  array: 'a list',
  object: 'a mapping of keys to values',
};

function partnerLabel(raw: unknown, index: number): string {
  const name = valueAt(raw, ['partners', index, 'name']);
  return typeof name === 'string' && name !== '' ? name : `#${index + 1}`;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let current = raw;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

/** Rules that span partners: unique names and OINs, each AGB code and gemeentecode owned by one partner. */
function findConflicts(entries: readonly PartnerEntry[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const names = new Map<string, number>();
  const oins = new Map<string, string>();
  const owners = { agb: new Map<string, string>(), gemeentecode: new Map<string, string>() };
  entries.forEach((entry, index) => {
    const earlierName = names.get(entry.name);
    if (earlierName !== undefined) {
      problems.push({ partner: entry.name, field: 'name', detail: `already used by partner #${earlierName + 1}` });
    } else names.set(entry.name, index);

    const oinOwner = oins.get(entry.oin);
    if (oinOwner !== undefined) problems.push({ partner: entry.name, field: 'oin', detail: `${entry.oin} is already used by partner "${oinOwner}"` });
    else oins.set(entry.oin, entry.name);

    for (const kind of ['agb', 'gemeentecode'] as const) {
      entry.identifiers[kind].forEach((code, i) => {
        const owner = owners[kind].get(code);
        if (owner !== undefined && owner !== entry.name) {
          problems.push({ partner: entry.name, field: `identifiers.${kind}[${i}]`, detail: `${code} is already owned by partner "${owner}"` });
        } else owners[kind].set(code, entry.name);
      });
    }
  });
  return problems;
}

function toPartner(entry: PartnerEntry, baseDir: string): Partner {
  const partner: Partner = {
    name: entry.name,
    oin: entry.oin,
    role: entry.role,
    caFile: resolve(baseDir, entry.ca),
    identifiers: Object.freeze({
      agb: Object.freeze([...new Set(entry.identifiers.agb)]),
      gemeentecode: Object.freeze([...new Set(entry.identifiers.gemeentecode)]),
    }),
    messageTypes: new Set(entry.messageTypes),
    permissions: new Set(entry.permissions),
    ...(entry.alerts ? { alerts: { events: new Set(entry.alerts.events), disclose: new Set(entry.alerts.disclose) } } : {}),
    ...(entry.dkd ? { dkd: { diensten: new Map(Object.entries(entry.dkd.diensten).map(([d, purposes]) => [d as DkdDienstName, new Set(purposes)])) } } : {}),
  };
  const d = entry.delivery;
  if (d !== undefined) {
    partner.delivery = Object.freeze({
      url: d.url,
      serverCaFile: resolve(baseDir, d.serverCa),
      ...(d.serverName !== undefined ? { serverName: d.serverName } : {}),
      timeoutMs: d.timeoutMs,
      maxAttempts: d.maxAttempts,
      backoffBaseMs: d.backoffBaseMs,
      backoffMaxMs: d.backoffMaxMs,
      concurrency: d.concurrency,
      format: d.format,
      envelope: d.envelope,
    });
  }
  return Object.freeze(partner);
}

function buildRegistry(file: string, partners: readonly Partner[]): PartnerRegistry {
  const byOin = new Map(partners.map((p) => [p.oin, p]));
  const byName = new Map(partners.map((p) => [p.name, p]));
  const byCode = {
    agb: new Map(partners.flatMap((p) => p.identifiers.agb.map((code) => [code, p] as const))),
    gemeentecode: new Map(partners.flatMap((p) => p.identifiers.gemeentecode.map((code) => [code, p] as const))),
  };
  return Object.freeze({
    file,
    partners: Object.freeze([...partners]),
    byOin: (oin: string) => byOin.get(oin),
    byName: (name: string) => byName.get(name),
    byIdentifier: (kind: 'agb' | 'gemeentecode', code: string) => byCode[kind].get(code),
  });
}
