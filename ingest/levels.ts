import { threadId } from 'node:worker_threads';
import { createIwmoIjwAdapter } from '../adapters/iwmo-ijw/index.ts';
import { AdapterRegistry } from '../adapters/registry.ts';
import { createStufGgkAdapter } from '../adapters/stuf-ggk/index.ts';
import { MessageRejected, type AcceptedMessage, type ValidationIssue } from '../adapters/types.ts';
import type { Settings } from '../config/settings.ts';
import type { FeatureLevels, Level2Judge } from '../feature.ts';
import { bsnHash, sha256Hex } from '../store/crypto.ts';

// Levels 1–2 of a message, the CPU part of ingest: the adapter's detection, parse, XSD validation and model
// (level 1), the features' level-2 rules on that model, the SHA-256 of what is stored (the dedup key) and the
// keyed hashes of its BSNs. Pure: no store, no broker, no clock beyond "today" for date rules. It runs in the
// worker pool (ingest/levels-pool.ts); what it returns is plain data, structured-cloneable (decision 0008).

/** A feature's part of levels 1–2, by its name (the key of its level-2 findings in `message.level2`). */
export interface NamedLevels { name: string; levels: FeatureLevels }

/** The one way the adapter registry is built: the spine's adapters, then each feature's, in feature order. */
export function buildAdapterRegistry(schemasDir: string, features: readonly NamedLevels[], settings: Settings): AdapterRegistry {
  const iwmoIjw = createIwmoIjwAdapter(schemasDir);
  return new AdapterRegistry([iwmoIjw, createStufGgkAdapter(schemasDir, iwmoIjw), ...features.flatMap((f) => f.levels.adapters?.(schemasDir, settings) ?? [])]);
}

/** A refusal by level 1 as plain data (a MessageRejected does not survive the thread boundary as itself). */
export interface Rejection {
  status: MessageRejected['status'];
  errors: ValidationIssue[];
  answer?: { contentType: string; body: string | Uint8Array };
}

export type LevelsOutcome =
  | { kind: 'accepted'; message: AcceptedMessage; sha256: string; bsnHashes: string[]; threadId: number }
  /** `sha256`: of the whole body, which a refused message kept only in part names (refused-keep.ts). */
  | { kind: 'rejected'; rejection: Rejection; sha256: string; threadId: number }
  /** Not a refusal: a bug in an adapter or a rule (answered 500, as it was in-thread). */
  | { kind: 'failed'; error: { name: string; message: string; stack?: string }; threadId: number };

export class Levels {
  constructor(
    private readonly registry: AdapterRegistry,
    private readonly judges: readonly { name: string; level2: Level2Judge }[],
    private readonly bsnHmacKey: Buffer,
  ) {}

  get families(): string[] {
    return this.registry.families;
  }

  run(body: Buffer): LevelsOutcome {
    try {
      const message = this.registry.process(body);
      for (const { name, level2 } of this.judges) {
        if (!level2.families.includes(message.family)) continue;
        (message.level2 ??= {})[name] = level2.judge(message);
      }
      const stored = message.payload ?? body;
      const bsnHashes = [...new Set(message.bsns.map((b) => bsnHash(this.bsnHmacKey, b)))];
      return { kind: 'accepted', message, sha256: sha256Hex(stored), bsnHashes, threadId };
    } catch (err) {
      if (err instanceof MessageRejected) {
        const rejection: Rejection = { status: err.status, errors: err.errors, ...(err.answer ? { answer: err.answer } : {}) };
        return { kind: 'rejected', rejection, sha256: sha256Hex(body), threadId };
      }
      const e = err instanceof Error ? err : new Error(String(err));
      return { kind: 'failed', error: { name: e.name, message: e.message, ...(e.stack ? { stack: e.stack } : {}) }, threadId };
    }
  }

  dispose(): void {
    this.registry.dispose();
  }
}

/** Levels 1–2 with the features' parts (each thread of the pool builds its own from the same configuration). */
export function buildLevels(schemasDir: string, features: readonly NamedLevels[], settings: Settings, bsnHmacKey: Buffer): Levels {
  const judges = features.flatMap((f) => (f.levels.level2 ? [{ name: f.name, level2: f.levels.level2 }] : []));
  return new Levels(buildAdapterRegistry(schemasDir, features, settings), judges, bsnHmacKey);
}

/** Imports the features' level modules (Feature.levels: a module URL exporting `levels`). */
export async function importLevels(features: readonly { name: string; levels: string }[]): Promise<NamedLevels[]> {
  return Promise.all(features.map(async (f) => ({ name: f.name, levels: ((await import(f.levels)) as { levels: FeatureLevels }).levels })));
}
