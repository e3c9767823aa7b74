import { randomUUID } from 'node:crypto';
import { parseIwmoIjw, type CanonicalMessage } from '../adapters/iwmo-ijw/model/index.ts';
import { buildRetour, buildValidatieRapport, retourTypeFor, type RetourFinding, type RetourResult } from '../adapters/iwmo-ijw/retour/index.ts';
import { runLevel2 } from '../adapters/iwmo-ijw/rules/index.ts';
import { buildDu01, isDi01Envelope } from '../adapters/stuf-ggk/index.ts';
import type { ValidationIssue } from '../adapters/types.ts';
import type { InspectContext, Inspection, IngestInspector } from '../ingest/accept.ts';
import { reservationOf, type Level3Register } from './register.ts';
import { newRetourIdentificatie } from './retour-ids.ts';

export interface Judgement {
  model: CanonicalMessage;
  level: 2 | 3 | undefined;
  findings: RetourFinding[];
  /** The retour the standard prescribes on a refused heen message. */
  retour?: RetourResult;
  /** Undo the level-3 register writes (the message was not kept after all). */
  release?: () => Promise<void>;
  settled?: () => void;
}

// Levels 2 and 3 of IV032 on every iWmo/iJw message that passed its XSD (level 1, in the adapter).
export class IstandaardenJudge {
  /** The model of each judged payload, so the listener does not parse it a third time. */
  readonly models = new WeakMap<Buffer, CanonicalMessage>();

  constructor(private readonly register: Level3Register) {}

  /** `reservation` (reservationOf) names the message the level-3 claims are for. */
  async judge(payload: Buffer, type: string, reservation: string): Promise<Judgement> {
    const model = parseIwmoIjw(payload, type);
    this.models.set(payload, model);
    const level2 = runLevel2(model).map((f) => ({ rule: f.rule, code: f.code, path: f.path, message: f.message }));
    if (level2.length > 0) return { model, level: 2, findings: level2, ...this.retourFor(payload, model, level2) };
    const level3 = await this.register.check(model, reservation);
    if (level3.findings.length > 0) return { model, level: 3, findings: level3.findings, ...this.retourFor(payload, model, level3.findings) };
    return { model, level: undefined, findings: [], release: level3.release, ...(level3.settled ? { settled: level3.settled } : {}) };
  }

  /** The IV028 retour (or IV087 325) on a heen message; nothing for a message that gets no retour. */
  retourFor(payload: Buffer, model: CanonicalMessage, findings: readonly RetourFinding[]): { retour?: RetourResult } {
    if (retourTypeFor(model.type) === undefined) return {};
    return { retour: buildRetour({ heen: payload, message: model, findings, identificatie: newRetourIdentificatie() }) };
  }
}

/**
 * The ingest inspector. A refusal names every failed rule and its path, carries the retour (header-only 0001
 * at level 2; the rule's code on its class and 0200 on the rest at level 3) and routes that retour back to the
 * sender. A message that came in a StUF-GGk Di01 is answered at once with a Du01 carrying its retour —
 * approving or refusing — and that Du01 is the answer, so no retour is routed separately.
 */
export function istandaardenInspector(judge: IstandaardenJudge): IngestInspector {
  return {
    families: ['iwmo', 'ijw'],
    async inspect({ partner, message, payload, dedupKey }: InspectContext): Promise<Inspection | undefined> {
      const j = await judge.judge(payload, message.type, reservationOf(partner.name, dedupKey));
      const di01 = isDi01Envelope(message.envelope) ? message.envelope : undefined;
      const du01 = (retour: RetourResult | undefined) =>
        di01 && retour ? { contentType: 'application/xml', status: 200, body: buildDu01({ di01, retourXml: retour.xml, now: new Date() }).xml } : undefined;

      if (j.level === undefined) {
        const answer = du01(judge.retourFor(payload, j.model, []).retour);
        return { ...(answer ? { answer } : {}), ...(j.release ? { onAbandon: j.release } : {}), ...(j.settled ? { onSettled: j.settled } : {}) };
      }
      const errors: ValidationIssue[] = j.findings.map((f) => ({ code: f.rule, message: `${f.code}: ${f.message ?? f.rule}`, path: f.path }));
      const inspection: Inspection = {
        refuse: { status: 422, reason: j.findings[0]!.rule, errors },
        extra: {
          level: j.level,
          retourCodes: [...new Set(j.findings.map((f) => f.code))],
          ...(j.retour ? { retour: { type: j.retour.type, uitkomst: j.retour.uitkomst, xml: j.retour.xml } } : {}),
          validatieRapport: buildValidatieRapport({ message: j.model, findings: j.findings }),
        },
      };
      const answer = du01(j.retour);
      if (answer) inspection.answer = answer;
      else if (j.retour) {
        inspection.answers = [{
          family: message.family,
          type: j.retour.type,
          payload: Buffer.from(j.retour.xml, 'utf8'),
          contentType: 'application/xml',
          destinations: [partner.name],
          dedupKey: `retour:${randomUUID()}`,
          relation: 'retour-of',
        }];
      }
      return inspection;
    },
  };
}
