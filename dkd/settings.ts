// Where the Digitaal Klantdossier services are and how the gateway talks to them: a YAML file
// (KP_DKD_FILE, default config/dkd.dev.yaml), validated at start; an error names the file and the field.
// Who may ask which dienst for which doelbinding is partner configuration (config/partners.ts `dkd`).
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { ConfigError, configErrorFrom } from '../config/config-error.ts';
import { DKD_DIENSTEN, type DkdDienstName } from '../config/partners.ts';

const httpsUrl = z.string().refine((v) => { try { return new URL(v).protocol === 'https:'; } catch { return false; } }, 'must be an https URL');
const oin = z.string().regex(/^\d{20}$/, 'must be exactly 20 digits');
const ms = (min: number) => z.int().min(min, `must be a whole number of at least ${min}`);

const callSchema = z.strictObject({
  timeoutMs: ms(1).optional(),
  retries: ms(0).optional(),
  backoffBaseMs: ms(0).optional(),
});

const dienstSchema = callSchema.extend({
  url: httpsUrl,
  /** The provider's OIN, put in wsa:To as ?oin= (Digikoppeling WA001). */
  oin,
});

const fileSchema = z.strictObject({
  /** wsa:From Address (the gateway's own OIN from its client certificate is appended as ?oin=). */
  from: z.string().min(1).default('http://www.w3.org/2005/08/addressing/anonymous'),
  /** The CA bundle the services' TLS server certificates must chain to, and the name to check. */
  server: z.strictObject({ ca: z.string().min(1), serverName: z.string().min(1).optional() }),
  /** WB013: who may sign answers: a CA bundle and the signers' OINs. */
  trust: z.strictObject({ ca: z.string().min(1), oins: z.array(oin).min(1, 'must list at least one OIN') }),
  defaults: callSchema.extend({
    breaker: z.strictObject({ failures: ms(1).default(5), openMs: ms(1).default(30_000) }).prefault({}),
  }).prefault({}),
  klantbeeld: z.strictObject({ timeoutMs: ms(1).default(10_000) }).prefault({}),
  diensten: z.partialRecord(z.enum(DKD_DIENSTEN, { error: `must be one of ${DKD_DIENSTEN.join(', ')}` }), dienstSchema),
});

export interface DienstEndpoint {
  url: string;
  oin: string;
  timeoutMs: number;
  retries: number;
  backoffBaseMs: number;
}

export interface DkdSettings {
  file: string;
  from: string;
  serverCa: Buffer;
  serverName?: string;
  trustCa: Buffer;
  trustOins: ReadonlySet<string>;
  breaker: { failures: number; openMs: number };
  klantbeeldTimeoutMs: number;
  diensten: ReadonlyMap<DkdDienstName, DienstEndpoint>;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

export function loadDkdSettings(file: string): DkdSettings {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`${file}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)})`, file);
  }
  return parseDkdSettings(text, file);
}

export function parseDkdSettings(text: string, file: string): DkdSettings {
  let raw: unknown;
  try {
    raw = YAML.parse(text);
  } catch (err) {
    throw new ConfigError(`${file}: invalid YAML: ${(err as Error).message.split('\n')[0]}`, file);
  }
  const parsed = fileSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    throw configErrorFrom(file, parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.') || undefined, detail: i.message })));
  }
  const f = parsed.data;
  const base = dirname(resolve(file));
  const read = (p: string, field: string): Buffer => {
    try {
      const content = readFileSync(resolve(base, p));
      if (!content.toString('latin1').includes('-----BEGIN CERTIFICATE-----')) throw new Error('holds no PEM certificate');
      return content;
    } catch (err) {
      throw configErrorFrom(file, [{ field, detail: `${resolve(base, p)}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` }]);
    }
  };
  const d = f.defaults;
  const diensten = new Map<DkdDienstName, DienstEndpoint>();
  for (const [name, e] of Object.entries(f.diensten) as [DkdDienstName, z.infer<typeof dienstSchema>][]) {
    diensten.set(name, {
      url: e.url, oin: e.oin,
      timeoutMs: e.timeoutMs ?? d.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      retries: e.retries ?? d.retries ?? 2,
      backoffBaseMs: e.backoffBaseMs ?? d.backoffBaseMs ?? 200,
    });
  }
  return {
    file, from: f.from,
    serverCa: read(f.server.ca, 'server.ca'),
    ...(f.server.serverName ? { serverName: f.server.serverName } : {}),
    trustCa: read(f.trust.ca, 'trust.ca'),
    trustOins: new Set(f.trust.oins),
    breaker: d.breaker,
    klantbeeldTimeoutMs: f.klantbeeld.timeoutMs,
    diensten,
  };
}
