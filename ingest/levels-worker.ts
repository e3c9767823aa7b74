import { move, Piscina, transferableSymbol, valueSymbol } from 'piscina';
import type { Settings } from '../config/settings.ts';
import { buildLevels, importLevels, type LevelsOutcome } from './levels.ts';

// One thread of the levels pool (ingest/levels-pool.ts): builds its own adapter registry and level-2 judges from
// the configuration it is given (the same as the gateway's: schemas folder, the features' level modules,
// environment), then runs levels 1–2 on each body it is handed. The body arrives transferred and goes back so.

export interface LevelsWorkerData {
  schemasDir: string;
  /** The gateway's features that have a part in levels 1–2, in order: name and module URL (Feature.levels). */
  features: { name: string; levels: string }[];
  bsnHmacKey: Uint8Array;
  /** The gateway's validated settings (plain data): the features' adapters read their section. */
  settings: Settings;
}

/** A body to judge, or none to answer which families the thread reads (the pool's start check). */
export interface LevelsTask { body?: ArrayBuffer }

const data = Piscina.workerData as LevelsWorkerData;
const levels = buildLevels(data.schemasDir, await importLevels(data.features), data.settings, Buffer.from(data.bsnHmacKey));

export default function run(task: LevelsTask): LevelsOutcome | string[] | object {
  if (task.body === undefined) return levels.families;
  const outcome = levels.run(Buffer.from(task.body));
  // The body goes back the way it came: transferred, not copied.
  return move({ [transferableSymbol]: [task.body], [valueSymbol]: { outcome, body: task.body } });
}
