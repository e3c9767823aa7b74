import type { DbInt } from '../store/index.ts';

// The subscriptions feature's tables (created by migrations.ts). A BSN or A-nummer is never stored in
// the clear: it is looked up by its keyed hash and kept sealed (AES-256-GCM, store.seal) only where the
// gateway must send it on (Ap01 needs the BSN, Av01 the A-nummer, the API answers the subscriber's own BSNs).

export const VOLGINDICATIE_STATUSES = ['aangevraagd', 'geplaatst', 'geweigerd', 'beeindigd'] as const;
export type VolgindicatieStatus = (typeof VOLGINDICATIE_STATUSES)[number];

/**
 * Where the gateway's own afnemersindicatie at GBA-V stands for one person:
 * geen (never asked) → plaatsen (Ap01 sent) → geplaatst (Ag01) | geweigerd (Af01);
 * verwijderen (no volgindicatie left, Av01 waits for the A-nummer) → verwijderd (Av01 sent) | verwijderen-geweigerd (Af11);
 * afgevoerd (Ng01: the PL is gone, so is the indicatie).
 */
export const AFNEMERSINDICATIE_STATUSES = [
  'geen', 'plaatsen', 'geplaatst', 'geweigerd', 'verwijderen', 'verwijderd', 'verwijderen-geweigerd', 'afgevoerd',
] as const;
export type AfnemersindicatieStatus = (typeof AFNEMERSINDICATIE_STATUSES)[number];

export interface VolgindicatiesTable {
  id: string;
  subscriber: string;
  bsn_hash: string;
  bsn_key_id: string;
  bsn_blob: Buffer;
  referentie: string | null;
  /** YYYY-MM-DD (Europe/Amsterdam): since when it is active; reset when an ended one is put again. */
  begindatum: string;
  /** YYYY-MM-DD: from this day on it is no longer active; null = no end. */
  einddatum: string | null;
  status: string;
  reden_code: string | null;
  reden_omschrijving: string | null;
  created_at: DbInt;
  updated_at: DbInt;
}

export interface AfnemersindicatiesTable {
  bsn_hash: string;
  bsn_key_id: string;
  bsn_blob: Buffer;
  anummer_key_id: string | null;
  anummer_blob: Buffer | null;
  status: string;
  reden_code: string | null;
  reden_omschrijving: string | null;
  /** Counts placements: the Ap01 and Av01 of placement n have dedup keys with n, so each is sent once. */
  generatie: number;
  ap01_message_id: string | null;
  av01_message_id: string | null;
  updated_at: DbInt;
}

/** A-nummer (keyed hash) → person. Kept on a Wa11 too: the old A-nummer stays an alias of the same person. */
export interface AnummerAliasesTable {
  anummer_hash: string;
  bsn_hash: string;
  /** 'Ag01', 'Af01', 'Wa11', 'mutatie' */
  bron: string;
  created_at: DbInt;
}

/** One alert per (mutation, subscriber, event type): the idempotency record and what GET /wijzigingen reads. */
export interface BrpAlertsTable {
  /**
   * The mutation's identity (person, event, date, what changed; keyed hash): the same mutation sent again under
   * another message id, random key or element order is still the same. (Rows from before 2026-12 hold the
   * SHA-256 of the bytes.)
   */
  mutatie_sleutel: string;
  subscriber: string;
  gebeurtenis: string;
  mutatie_id: string;
  volgindicatie_id: string;
  bsn_hash: string;
  /** The event's own date (ISO, possibly partial), null when unknown. */
  datum: string | null;
  alert_message_id: string | null;
  /** YYYY-MM-DD (Europe/Amsterdam) the gateway learned of the change. */
  dag: string;
  created_at: DbInt;
}

export interface SubscriptionTables {
  volgindicaties: VolgindicatiesTable;
  afnemersindicaties: AfnemersindicatiesTable;
  anummer_aliases: AnummerAliasesTable;
  brp_alerts: BrpAlertsTable;
}
