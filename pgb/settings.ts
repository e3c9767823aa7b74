// The pgb feature's settings, from its section of the validated configuration (config/schema.ts; defaults in parentheses):
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
import type { Settings } from '../config/settings.ts';
import type { PartnerRegistry } from '../config/partners.ts';
import { DEFAULT_LAYOUTS_DIR } from './uitvallijst/layout.ts';

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

/** The pgb section of the validated configuration, completed with the partners (the own gemeentecodes). */
export function pgbSettings(section: Settings['pgb'], partners: PartnerRegistry): PgbSettings {
  const codes = section.gemeentecodes ?? partners.partners.filter((p) => p.role === 'gemeente').flatMap((p) => p.identifiers.gemeentecode);
  return {
    eigenGemeenten: new Set(codes),
    layoutsDir: section.layoutsDir ?? DEFAULT_LAYOUTS_DIR,
    defaultLayout: section.defaultLayout,
    maxListBytes: section.maxListBytes,
    deadlineScanMs: section.deadlineScanMs,
    followSyncMs: section.followSyncMs,
    svbPartner: section.svbPartner,
    viaGgk: new Set(section.viaGgk),
    ggkPartner: section.ggkPartner,
  };
}
