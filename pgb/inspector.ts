// The iPgb messages at ingest (decision 0003's inspector port): levels 2 and 3 of the iPgb adapter, the
// retours the standard prescribes, and the budget ledger rows written in the message's own transaction.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import {
  buildIpgbRetour, IPGB_FAMILY, IPGB_LEVEL3_RULES, ipgbModelOf, ipgbRuleContext, runIpgbLevel2, runIpgbLevel3,
  type IpgbFinding, type IpgbMessage, type IpgbMessageSchema, type IpgbRetour, type IpgbType, type Toekenning,
} from '../adapters/ipgb/index.ts';
import { finding } from '../adapters/ipgb/rules/define-rule.ts';
import type { AcceptedMessage, ValidationIssue } from '../adapters/types.ts';
import type { Partner } from '../config/partners.ts';
import type { Kysely } from 'kysely';
import type { InspectContext, Inspection, IngestInspector } from '../ingest/accept.ts';
import { Refusal } from '../ingest/refusal.ts';
import { newRetourIdentificatie } from '../istandaarden/retour-ids.ts';
import type { Store, StoredRef } from '../store/index.ts';
import type { PgbLedger } from './apply.ts';
import { writeLedgerRows, type LedgerWriteResult } from './ledger.ts';
import { StorePgbLedgerLookup } from './ledger-lookup.ts';
import { claimIdentificatie } from './identificaties.ts';

export interface PgbInspectorDeps {
  store: Pick<Store, 'tables' | 'bsnHash'>;
  ledger: PgbLedger;
  /** Name of the partner that is the SVB (KP_PGB_SVB_PARTNER). */
  svb: string;
  /** The loaded schema set (adapter.schemas), so the retours follow a swapped KP_IPGB_SCHEMAS_DIR. */
  schemas?: () => ReadonlyMap<IpgbType, IpgbMessageSchema> | undefined;
  logger: Logger;
}

/**
 * A TKB (501) from a municipality and a BAB (507) from the SVB are judged: level 2 here, level 3 in `persist`
 * against the ledger, in the message's transaction. A refusal names every failed rule and its path, and routes
 * the retour back to the sender (header-only 0001 at level 2; the rule's code on its class and 0200 on the
 * rest at level 3). An accepted TKB becomes a ledger version `verzonden`; a retour (502) from the SVB settles
 * it; an accepted BAB is booked and answered by the gateway itself with an approving 508 to the SVB.
 *
 * Who sends what: a 501/508 names its municipality in the header, and the spine's sender check holds the
 * partner to it. The SVB is in no iPgb header, so a 502/507 has no sender there; it is taken only from the
 * partner configured as the SVB (a 403 `sender-mismatch` for anyone else, even one authorised for the type).
 */
/** The level-2 findings the worker pool found (pgb/levels.ts), or found here when the message did not come through it. */
function level2Of(message: AcceptedMessage, model: IpgbMessage): IpgbFinding[] {
  return (message.level2?.pgb as IpgbFinding[] | undefined) ?? runIpgbLevel2(model, ipgbRuleContext());
}

export function pgbInspector(deps: PgbInspectorDeps): IngestInspector {
  const retour = (payload: Buffer, model: IpgbMessage, findings: IpgbFinding[]): IpgbRetour => {
    const schemas = deps.schemas?.();
    return buildIpgbRetour({ heen: payload, model, findings, identificatie: newRetourIdentificatie(), ...(schemas ? { schemas } : {}) });
  };
  const refusal = (partner: Partner, payload: Buffer, model: IpgbMessage, level: 2 | 3, findings: IpgbFinding[]): Inspection => {
    const built = retour(payload, model, findings);
    const errors: ValidationIssue[] = findings.map((f) => ({ code: f.rule, message: `${f.code}: ${f.message}`, path: f.path }));
    return {
      refuse: { status: 422, reason: findings[0]!.rule, errors },
      extra: { level, retourCodes: [...new Set(findings.map((f) => f.code))], retour: { type: built.type, uitkomst: built.uitkomst, xml: built.xml } },
      answers: [answerOf(built, partner.name)],
      // The kept copy uses the Identificatie up (TR056): a refused message was sent all the same.
      persist: async (trx, kept) => { await claimIdentificatie(trx, model, kept.id, kept.receivedAt.getTime()); },
    };
  };
  /** Level 3 in the message's transaction: TR056 as a claim on its Identificatie, the other rules as reads. */
  const level3 = async (trx: Kysely<any>, model: IpgbMessage, stored: StoredRef): Promise<IpgbFinding[]> => {
    const fresh = await claimIdentificatie(trx, model, stored.id, stored.receivedAt.getTime());
    const findings = await runIpgbLevel3(model, new StorePgbLedgerLookup(deps.store, trx), RULES_AFTER_CLAIM);
    return fresh ? findings : [tr056(model), ...findings];
  };
  const afterCommit = (touched: { result?: LedgerWriteResult }) => async () => {
    if (touched.result) await deps.ledger.afterCommit(touched.result);
  };

  return {
    families: [IPGB_FAMILY],
    async inspect({ partner, message, payload }: InspectContext): Promise<Inspection | undefined> {
      const model = ipgbModelOf(message);
      if (!model) return undefined;
      if ((model.nummer === '502' || model.nummer === '507') && partner.name !== deps.svb) {
        throw Refusal.of(403, 'sender-mismatch', `a ${model.type} comes from the SVB (partner ${deps.svb}), not from partner ${partner.name}`);
      }
      const touched: { result?: LedgerWriteResult } = {};
      switch (model.nummer) {
        case '501': {
          const level2 = level2Of(message, model);
          if (level2.length > 0) return refusal(partner, payload, model, 2, level2);
          return {
            // The same bytes again without an Idempotency-Key are a second TKB with a used BerichtIdentificatie (TR056).
            judgesRepeats: true,
            persist: async (trx, stored) => {
              const found = await level3(trx, model, stored);
              if (found.length > 0) return refusal(partner, payload, model, 3, found);
              touched.result = await writeLedgerRows(trx, deps.ledger.tkbRows(model, { messageId: stored.id, at: stored.receivedAt }));
              // Another TKB for this budget was committed after the level-3 read (another process): TR507 after all.
              if (touched.result.retourOpenstaand.length > 0) return refusal(partner, payload, model, 3, [tr507(model)]);
              return undefined;
            },
            afterCommit: afterCommit(touched),
          };
        }
        case '507': {
          const level2 = level2Of(message, model);
          if (level2.length > 0) return refusal(partner, payload, model, 2, level2);
          // The approving 508, emitted only when the BAB is accepted (a level-3 refusal carries its own).
          const approving = retour(payload, model, []);
          return {
            judgesRepeats: true,
            answers: [answerOf(approving, partner.name)],
            extra: { retour: { type: approving.type, uitkomst: approving.uitkomst } },
            persist: async (trx, stored) => {
              const found = await level3(trx, model, stored);
              if (found.length > 0) return refusal(partner, payload, model, 3, found);
              const rows = await deps.ledger.babRows(model, { messageId: stored.id, at: stored.receivedAt }, trx);
              touched.result = await writeLedgerRows(trx, rows);
              return undefined;
            },
            afterCommit: afterCommit(touched),
          };
        }
        case '502':
          return {
            persist: async (trx, stored) => {
              touched.result = await writeLedgerRows(trx, deps.ledger.retourRows(model, { messageId: stored.id, at: stored.receivedAt }));
              return undefined;
            },
            afterCommit: async () => {
              // Delivered all the same: the municipality sees what the SVB answered, known TKB or not.
              if (touched.result && touched.result.unknownRetours > 0) deps.logger.warn({ type: model.type }, 'iPgb retour names no TKB in the ledger');
              await afterCommit(touched)();
            },
          };
        case '508':
          return undefined;
      }
    },
  };
}

const TR507 = IPGB_LEVEL3_RULES.find((r) => r.id === 'TR507')!;
const TR056 = IPGB_LEVEL3_RULES.find((r) => r.id === 'TR056')!;
/** The level-3 rules that read the ledger; TR056 is the claim in `level3`. */
const RULES_AFTER_CLAIM = IPGB_LEVEL3_RULES.filter((r) => r !== TR056);

/** TR056's finding as the rule itself reports it (on the header's Identificatie). */
function tr056(model: IpgbMessage): IpgbFinding {
  return finding(TR056, 3, model.header, 'BerichtIdentificatie/Identificatie');
}

/** TR507's finding as the rule itself reports it (on the Client). */
function tr507(model: Toekenning): IpgbFinding {
  const c = model.client;
  return { rule: TR507.id, code: TR507.retourCode, level: 3, path: c.path, klasse: c.path, message: `${TR507.definitie} (retour op eerdere TKB van dit budget openstaand)` };
}

function answerOf(r: IpgbRetour, destination: string): NonNullable<Inspection['answers']>[number] {
  return {
    family: IPGB_FAMILY,
    type: r.type,
    payload: Buffer.from(r.xml, 'utf8'),
    contentType: 'application/xml',
    destinations: [destination],
    dedupKey: `retour:${randomUUID()}`,
    relation: 'retour-of',
  };
}
