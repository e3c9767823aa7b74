// The BRP family at the gateway's front door: raw LO3, the BRP Berichten API JSON and StUF-BG npsLk01,
// all read into one model and classified (research/brp.md). `process` answers the ingest path;
// `readBrpMessage` gives the whole reading to whoever needs more (the watchlist matcher, on a stored payload).
import { MessageRejected, type AcceptedMessage, type Adapter, type ValidationIssue } from '../types.ts';
import { describeXml } from '../xml/claim.ts';
import { BerichtenApiError, parseBerichtenApiJson, type BerichtKenmerken } from './berichten-api/index.ts';
import { bsnsInLo3 } from './bsns.ts';
import { classifyMutation } from './classify/classify.ts';
import type { BrpBericht, BrpClassificatie } from './classify/model.ts';
import { Lo3Error, parseLo3 } from './lo3/index.ts';
import { detectBrpFormaat, type BrpFormaat } from './sniff.ts';
import { parseNpsLk01 } from './stuf-bg/parse.ts';
import { loadStufBgSchemas, type StufBgSchemas } from './stuf-bg/schemas.ts';

export const BRP_FAMILY = 'brp';

/** A BRP message read and classified. */
export interface BrpGelezenBericht {
  formaat: BrpFormaat;
  bericht: BrpBericht;
  classificatie: BrpClassificatie;
  /** Every valid BSN in the message (the person, relatives, historic values), distinct, in message order. */
  bsns: string[];
  /** Checks that failed without making the message unusable (StUF-BG: schema errors and own checks); empty otherwise. */
  issues: ValidationIssue[];
  /** LO3 only: the random key of the header. */
  randomKey?: string;
  /** Berichten API only, when the JSON came with its envelope. */
  kenmerken?: BerichtKenmerken;
}

export interface ReadBrpOptions {
  /** The compiled StUF-BG XSDs; without them a StUF-BG message is read without schema validation. */
  stufBgSchemas?: StufBgSchemas;
}

/**
 * Reads and classifies one BRP message from its bytes. Throws MessageRejected: 415 when the body is
 * none of the three forms, 400 when it is one of them but malformed (LO3: with the byte offset and
 * what was expected there; JSON: with the path).
 */
export function readBrpMessage(body: Buffer, options: ReadBrpOptions = {}): BrpGelezenBericht {
  const formaat = detectBrpFormaat(body);
  switch (formaat) {
    case 'lo3': return readLo3(body);
    case 'berichten-api': return readBerichtenApi(body);
    case 'stuf-bg': {
      const { bericht, issues, bsns } = parseNpsLk01(body, options.stufBgSchemas?.npsLk01);
      return { formaat, bericht, classificatie: classifyMutation(bericht), bsns, issues };
    }
    case undefined:
      throw MessageRejected.of(415, 'unknown-message-type', 'not a BRP message: neither LO3, BRP Berichten API JSON nor StUF-BG npsLk01');
  }
}

function readLo3(body: Buffer): BrpGelezenBericht {
  let parsed;
  try {
    parsed = parseLo3(body);
  } catch (err) {
    if (err instanceof Lo3Error) {
      throw MessageRejected.of(400, `lo3-${err.code.toLowerCase().replaceAll('_', '-')}`,
        `LO3 refused at byte offset ${err.offset}: expected ${err.expected}, found ${err.found}`, { path: `byte ${err.offset}` });
    }
    throw err;
  }
  const { bericht, randomKey } = parsed;
  return { formaat: 'lo3', bericht, classificatie: classifyMutation(bericht), bsns: bsnsInLo3(bericht), issues: [], randomKey };
}

function readBerichtenApi(body: Buffer): BrpGelezenBericht {
  let parsed;
  try {
    parsed = parseBerichtenApiJson(body);
  } catch (err) {
    if (err instanceof BerichtenApiError) {
      throw MessageRejected.of(400, `brp-json-${err.code.toLowerCase().replaceAll('_', '-')}`,
        `BRP Berichten API JSON refused at ${err.path}: expected ${err.expected}, found ${err.found}`, { path: err.path });
    }
    throw err;
  }
  const { bericht, kenmerken } = parsed;
  return {
    formaat: 'berichten-api', bericht, classificatie: classifyMutation(bericht), bsns: bsnsInLo3(bericht), issues: [],
    ...(kenmerken ? { kenmerken } : {}),
  };
}

/** What the ingest path stores and routes on: type = berichtnummer (`Gv01`, `Ag01`, …) or `npsLk01`. */
export function toAcceptedMessage(gelezen: BrpGelezenBericht): AcceptedMessage {
  const { bericht } = gelezen;
  const correlationId = bericht.berichtType === 'npsLk01' ? bericht.stuurgegevens.referentienummer : gelezen.kenmerken?.berichtId;
  return {
    family: BRP_FAMILY,
    type: bericht.berichtType,
    ...(correlationId ? { correlationId } : {}),
    bsns: gelezen.bsns,
  };
}

export interface BrpAdapter extends Adapter {
  /** Milliseconds it took to compile the StUF-BG XSDs. */
  readonly compileMs: number;
  /** readBrpMessage with this adapter's StUF-BG schemas. */
  read(body: Buffer): BrpGelezenBericht;
  dispose(): void;
}

/** `schemasRoot` is the repository's `schemas/` folder (StUF-BG 0310 under `stuf-bg-0310/`). */
export function createBrpAdapter(schemasRoot: string): BrpAdapter {
  const stufBgSchemas = loadStufBgSchemas(schemasRoot);
  const read = (body: Buffer) => readBrpMessage(body, { stufBgSchemas });
  return {
    family: BRP_FAMILY,
    compileMs: stufBgSchemas.compileMs,
    accepts: (head) => detectBrpFormaat(head) !== undefined,
    describe: describeXml,
    process: (body) => toAcceptedMessage(read(body)),
    read,
    dispose: () => stufBgSchemas.dispose(),
  };
}
