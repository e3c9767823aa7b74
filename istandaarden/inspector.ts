import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { parseIwmoIjw, type CanonicalMessage } from '../adapters/iwmo-ijw/model/index.ts';
import { buildRetour, buildValidatieRapport, retourTypeFor, type RetourFinding, type RetourResult } from '../adapters/iwmo-ijw/retour/index.ts';
import { buildDu01, isDi01Envelope } from '../adapters/stuf-ggk/index.ts';
import type { AcceptedMessage, ValidationIssue } from '../adapters/types.ts';
import type { Partner } from '../config/partners.ts';
import type { InspectContext, Inspection, IngestInspector } from '../ingest/accept.ts';
import { IstandaardenBatchWriter } from './batch-writer.ts';
import type { DeadlineTracker } from './deadline-tracker.ts';
import type { Level3Claims } from './level3.ts';
import { level2Findings } from './levels.ts';
import type { IstandaardenTables } from './migrations.ts';
import { newRetourIdentificatie } from './retour-ids.ts';

type Db = Kysely<IstandaardenTables>;
type Di01Envelope = Parameters<typeof buildDu01>[0]['di01'];

// Levels 2 and 3 of IV032 on every iWmo/iJw message that passed its XSD (level 1, in the adapter), and the
// retour the standard prescribes.
export class IstandaardenJudge {
  /**
   * Level 2: pure rules on the canonical model (the adapter's, built from its parse; parsed here only without
   * one). `found`: the findings the worker pool already has for that model (istandaardenLevel2).
   */
  level2(payload: Buffer, type: string, parsed?: CanonicalMessage, found?: RetourFinding[]): { model: CanonicalMessage; findings: RetourFinding[] } {
    if (parsed && found) return { model: parsed, findings: found };
    const model = parsed ?? parseIwmoIjw(payload, type);
    return { model, findings: level2Findings(model) };
  }

  /** The IV028 retour (or IV087 325) on a heen message; nothing for a message that gets no retour. */
  retourFor(payload: Buffer, model: CanonicalMessage, findings: readonly RetourFinding[]): { retour?: RetourResult } {
    if (retourTypeFor(model.type) === undefined) return {};
    return { retour: buildRetour({ heen: payload, message: model, findings, identificatie: newRetourIdentificatie() }) };
  }
}

/**
 * The ingest inspector. Level 2 runs here; level 3 and the deadline rows are the inspection's `persist`, run
 * in the message's own transaction. A refusal names every failed rule and its path, carries the retour
 * (header-only 0001 at level 2; the rule's code on its class and 0200 on the rest at level 3) and routes that
 * retour back to the sender. A message that came in a StUF-GGk Di01 is answered at once with a Du01 carrying
 * its retour — approving or refusing — and that Du01 is the answer, so no retour is routed separately.
 */
export function istandaardenInspector(judge: IstandaardenJudge, claims: Level3Claims, tracker: DeadlineTracker): IngestInspector {
  const writer = new IstandaardenBatchWriter(claims, tracker);
  return {
    families: ['iwmo', 'ijw'],
    async inspect({ partner, message, payload }: InspectContext): Promise<Inspection | undefined> {
      const found = message.level2?.istandaarden as RetourFinding[] | undefined;
      const { model, findings } = judge.level2(payload, message.type, message.model as CanonicalMessage | undefined, found);
      const di01 = isDi01Envelope(message.envelope) ? message.envelope : undefined;
      if (findings.length > 0) return refusal(judge, { partner, message, payload, model, di01 }, 2, findings);
      // The approving retour is built only to answer a Di01 (an approving retour is never routed on its own).
      const answer = di01 ? du01(di01, judge.retourFor(payload, model, []).retour) : undefined;
      return {
        ...(answer ? { answer } : {}),
        // The same bytes again without an Idempotency-Key are a second message with a used Identificatie (TR056).
        judgesRepeats: true,
        persist: async (trx, stored) => {
          const db = trx as Db;
          const level3 = await claims.claim(db, model, stored.id);
          if (level3.length > 0) {
            // Refused after all: this savepoint is rolled back; the kept copy registers its Identificatie.
            const refused = refusal(judge, { partner, message, payload, model, di01 }, 3, level3);
            refused.persist = async (keptTrx, kept) => { await claims.registerIdentificatie(keptTrx as Db, model, kept.id); };
            return refused;
          }
          await tracker.recordIn(db, stored.id, model, stored.receivedAt, message.envelope !== undefined);
          return undefined;
        },
        persistBatched: { writer, part: { model, answeredAtOnce: message.envelope !== undefined } },
      };
    },
  };
}

interface Judged { partner: Partner; message: AcceptedMessage; payload: Buffer; model: CanonicalMessage; di01: Di01Envelope | undefined }

function du01(di01: Di01Envelope | undefined, retour: RetourResult | undefined) {
  return di01 && retour ? { contentType: 'application/xml', status: 200, body: buildDu01({ di01, retourXml: retour.xml, now: new Date() }).xml } : undefined;
}

function refusal(judge: IstandaardenJudge, j: Judged, level: 2 | 3, findings: RetourFinding[]): Inspection {
  const { retour } = judge.retourFor(j.payload, j.model, findings);
  const errors: ValidationIssue[] = findings.map((f) => ({ code: f.rule, message: `${f.code}: ${f.message ?? f.rule}`, path: f.path }));
  const inspection: Inspection = {
    refuse: { status: 422, reason: findings[0]!.rule, errors },
    extra: {
      level,
      retourCodes: [...new Set(findings.map((f) => f.code))],
      ...(retour ? { retour: { type: retour.type, uitkomst: retour.uitkomst, xml: retour.xml } } : {}),
      validatieRapport: buildValidatieRapport({ message: j.model, findings }),
    },
  };
  const answer = du01(j.di01, retour);
  if (answer) inspection.answer = answer;
  else if (retour) {
    inspection.answers = [{
      family: j.message.family,
      type: retour.type,
      payload: Buffer.from(retour.xml, 'utf8'),
      contentType: 'application/xml',
      destinations: [j.partner.name],
      dedupKey: `retour:${randomUUID()}`,
      relation: 'retour-of',
    }];
  }
  return inspection;
}
