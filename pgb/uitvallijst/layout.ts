// Uitvallijst layouts: which header means which canonical field, how dates and amounts are written. They are
// configuration (config/pgb-layouts/*.yaml, KP_PGB_LAYOUTS_DIR), because no public layout exists.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../../config/config-error.ts';

export const CANONICAL_FIELDS = [
  'bsn', 'budgetIdentificatie', 'zorgfunctie', 'periodeBegin', 'periodeEinde', 'bedrag', 'redenCode', 'redenOmschrijving', 'gemeentecode',
] as const;
export type CanonicalField = (typeof CANONICAL_FIELDS)[number];

export const AMOUNT_FORMATS = ['euro', 'euro-dot', 'cents'] as const;
export type AmountFormat = (typeof AMOUNT_FORMATS)[number];

export const DEFAULT_LAYOUTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../config/pgb-layouts');
export const DEFAULT_LAYOUT = 'svb-standaard';

const fieldSchema = z.strictObject({
  aliases: z.array(z.string().min(1)).min(1),
  required: z.boolean().default(false),
});

const layoutSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes'),
  version: z.union([z.string().min(1), z.number()]).transform(String),
  description: z.string().optional(),
  delimiter: z.enum(['auto', ';', ',']).default('auto'),
  dateFormats: z.array(z.string().regex(/^(?=.*yyyy)(?=.*M)(?=.*d)[dMy\-/. ]+$/, 'tokens dd, MM, yyyy (or d, M) and separators - / . or space')).min(1),
  amountFormat: z.enum(AMOUNT_FORMATS),
  fields: z.partialRecord(z.enum(CANONICAL_FIELDS), fieldSchema),
  ignore: z.array(z.string().min(1)).default([]),
});

export interface Layout {
  name: string;
  version: string;
  delimiter: 'auto' | ';' | ',';
  dateFormats: string[];
  amountFormat: AmountFormat;
  /** Normalised header → canonical field. */
  aliases: Map<string, CanonicalField>;
  required: CanonicalField[];
  ignore: Set<string>;
}

/** How a header is compared: case, surrounding and repeated white space, and a BOM do not matter. */
export function normaliseHeader(h: string): string {
  return h.replace(/^\uFEFF/, '').trim().replace(/\s+/g, ' ').toLowerCase();
}

export function layoutFrom(doc: unknown, source: string): Layout {
  const parsed = layoutSchema.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`${source}: ${issue.path.join('.') || '(root)'}: ${issue.message}`, source);
  }
  const l = parsed.data;
  if (!l.fields.bsn) throw new ConfigError(`${source}: fields.bsn is required (every row is matched on the BSN at least)`, source);
  const aliases = new Map<string, CanonicalField>();
  for (const [field, spec] of Object.entries(l.fields) as [CanonicalField, z.infer<typeof fieldSchema>][]) {
    for (const a of spec.aliases) {
      const key = normaliseHeader(a);
      const other = aliases.get(key);
      if (other !== undefined && other !== field) throw new ConfigError(`${source}: header alias "${a}" names both ${other} and ${field}`, source);
      aliases.set(key, field);
    }
  }
  const ignore = new Set(l.ignore.map(normaliseHeader));
  for (const i of ignore) if (aliases.has(i)) throw new ConfigError(`${source}: "${i}" is both ignored and an alias of ${aliases.get(i)}`, source);
  return {
    name: l.name, version: l.version, delimiter: l.delimiter, dateFormats: l.dateFormats, amountFormat: l.amountFormat, aliases, ignore,
    required: (Object.entries(l.fields) as [CanonicalField, z.infer<typeof fieldSchema>][]).filter(([, s]) => s.required).map(([f]) => f),
  };
}

/** Every *.yaml layout in the directory, by name. */
export function loadLayouts(dir: string = DEFAULT_LAYOUTS_DIR): Map<string, Layout> {
  const out = new Map<string, Layout>();
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort();
  } catch (err) {
    throw new ConfigError(`KP_PGB_LAYOUTS_DIR ${dir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, dir);
  }
  for (const f of files) {
    const file = path.join(dir, f);
    const layout = layoutFrom(parse(readFileSync(file, 'utf8')), file);
    if (out.has(layout.name)) throw new ConfigError(`${file}: layout name ${layout.name} is used twice`, file);
    out.set(layout.name, layout);
  }
  if (out.size === 0) throw new ConfigError(`KP_PGB_LAYOUTS_DIR ${dir} holds no *.yaml layout`, dir);
  return out;
}
