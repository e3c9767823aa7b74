// The one entry point of the iPgb 2.1 adapter (see README.md in this folder).
export {
  IPGB_BERICHTCODES, IPGB_FAMILY, IPGB_RETOUR_OF, IPGB_TYPES, isIpgbType, isRetour, nummerOf, retourTypeOf, typesFor, wetOf,
  type IpgbNummer, type IpgbType, type IpgbWet,
} from './messages.ts';
export type * from './model/types.ts';
export type { IpgbFinding, IpgbRule, IpgbRuleContext } from './rules/types.ts';
export { SVB_AFZENDER, type LedgerBudget, type LedgerFunctieBudget, type PgbLedgerLookup } from './level3/ledger.ts';
export { GEEN_OPMERKING, isPgb001, NIET_BEOORDEELD, PGB001, TECHNISCH_AFGEKEURD } from './retourcodes.ts';
export { createIpgbAdapter, ipgbAdapters, ipgbModelOf, toIpgbAccepted, type IpgbAcceptedMessage, type IpgbAdapter } from './adapter.ts';
export { IpgbModelError, type IpgbModelErrorCode } from './model/model-error.ts';
export { readStoredIpgb } from './stored.ts';
export {
  BUNDLED_SCHEMAS, findIpgbSchemas, ipgbSchemasDir, IpgbSchemaError, loadIpgbSchemas, SCHEMAS_DIR_ENV,
  type CompiledIpgbSchemas, type IpgbMessageSchema,
} from './schemas.ts';
export { buildIpgbRetour, RETOUR_KLASSEN, type IpgbRetour, type IpgbRetourInput, type IpgbRetourUitkomst } from './retour/build.ts';
export { IpgbRetourError, type IpgbRetourErrorCode } from './retour/retour-error.ts';
export { IPGB_LEVEL2_RULES, ipgbRuleContext, runIpgbLevel2 } from './rules/engine.ts';
export { passesElfproef } from './rules/support.ts';
export { IPGB_LEVEL3_RULES, runIpgbLevel3 } from './level3/engine.ts';
export type { IpgbLevel3Rule } from './level3/define.ts';
export { judgeIpgb, type IpgbJudgement } from './judge.ts';
export { buildIpgbTechnischeRetour, type IpgbTechnischeRetourInput } from './retour/technische-retour.ts';
