// A stored BRP message (as a local consumer receives it) → what it means for watchlists, read the way the
// adapter read it at ingest (raw LO3, BRP Berichten API JSON or StUF-BG npsLk01, told apart by the bytes).
// StUF-BG is read without the schemas here: the message was judged at ingest, this only needs its content.
import { readBrpMessage } from '../adapters/brp/index.ts';
import type { BrpClassificatie } from '../adapters/brp/classify/index.ts';

export function classifyBody(payload: Buffer): BrpClassificatie {
  return readBrpMessage(payload).classificatie;
}
