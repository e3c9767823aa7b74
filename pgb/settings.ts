// The pgb feature's settings, from the environment (defaults in parentheses):
//   KP_PGB_GEMEENTECODES (the gemeentecodes of the partners with role gemeente)  the municipality's own
//       CBS codes: a budgethouder moving between them is no uitval; a move elsewhere is
//   KP_PGB_LAYOUTS_DIR (config/pgb-layouts)    uitvallijst layouts (*.yaml)
//   KP_PGB_DEFAULT_LAYOUT (svb-standaard)       the layout used when an import names none
//   KP_PGB_MAX_LIST_BYTES (67108864)            largest uitvallijst accepted
//   KP_PGB_DEADLINE_SCAN_MS (60000)             how often missed retour/BAB deadlines become worklist items; 0 = never
//   KP_PGB_FOLLOW_SYNC_MS (3600000)             how often the BRP volgindicaties are brought in line with the active budgets; 0 = never
//   KP_PGB_SVB_PARTNER (svb)                    the partner that is the SVB: TKBs (501) and 508s go to it, and only it may send 502/507
//   KP_PGB_VIA_GGK (none)                       gemeentecodes whose TKBs and 508s go to the SVB through the GGk in a StUF-GGk
//       Di01 instead of directly, or `all`
//   KP_PGB_GGK_PARTNER (ggk)                    the GGk partner those go to (its delivery must have envelope stuf-ggk)
import { SettingsError } from '../config/settings.ts';
import type { PartnerRegistry } from '../config/partners.ts';
import { DEFAULT_LAYOUT, DEFAULT_LAYOUTS_DIR } from './uitvallijst/layout.ts';

export interface PgbSettings {
  eigenGemeenten: ReadonlySet<string>;
  layoutsDir: string;
  defaultLayout: string;
  maxListBytes: number;
  deadlineScanMs: number;
  followSyncMs: number;
  svbPartner: string;
  /** Gemeentecodes whose messages to the SVB go through the GGk; '*' = all. */
  viaGgk: ReadonlySet<string>;
  ggkPartner: string;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new SettingsError(name, `must be a whole number ≥ 0, got "${raw}"`);
  return n;
}

export function pgbSettings(env: NodeJS.ProcessEnv, partners: PartnerRegistry): PgbSettings {
  const raw = env.KP_PGB_GEMEENTECODES?.trim();
  let codes: string[];
  if (raw) {
    codes = raw.split(',').map((c) => c.trim()).filter((c) => c !== '');
    const bad = codes.find((c) => !/^\d{4}$/.test(c));
    if (bad !== undefined) throw new SettingsError('KP_PGB_GEMEENTECODES', 'must be CBS gemeentecodes of 4 digits, separated by commas');
  } else {
    codes = partners.partners.filter((p) => p.role === 'gemeente').flatMap((p) => p.identifiers.gemeentecode);
  }
  return {
    eigenGemeenten: new Set(codes),
    layoutsDir: env.KP_PGB_LAYOUTS_DIR?.trim() || DEFAULT_LAYOUTS_DIR,
    defaultLayout: env.KP_PGB_DEFAULT_LAYOUT?.trim() || DEFAULT_LAYOUT,
    maxListBytes: int(env, 'KP_PGB_MAX_LIST_BYTES', 64 * 1024 * 1024),
    deadlineScanMs: int(env, 'KP_PGB_DEADLINE_SCAN_MS', 60_000),
    followSyncMs: int(env, 'KP_PGB_FOLLOW_SYNC_MS', 3_600_000),
    svbPartner: env.KP_PGB_SVB_PARTNER?.trim() || 'svb',
    viaGgk: viaGgk(env.KP_PGB_VIA_GGK),
    ggkPartner: env.KP_PGB_GGK_PARTNER?.trim() || 'ggk',
  };
}

function viaGgk(raw: string | undefined): ReadonlySet<string> {
  const value = raw?.trim() ?? '';
  if (value === '') return new Set();
  if (value === 'all') return new Set(['*']);
  const codes = value.split(',').map((c) => c.trim()).filter((c) => c !== '');
  if (codes.some((c) => !/^\d{4}$/.test(c))) throw new SettingsError('KP_PGB_VIA_GGK', 'must be `all` or CBS gemeentecodes of 4 digits, separated by commas');
  return new Set(codes);
}
