import type { Dienst } from '../diensten.ts';
import { BijstandsregelingenInfo } from './bijstand.ts';
import { BrpAanvraagPersoon } from './brp.ts';
import { SvbPersoonsInfo } from './svb.ts';
import { UwvPersoonsIkvInfo } from './uwv.ts';

export { SuwiDatum, StandaardBedr, dkdJsonMeta } from './common.ts';
export { BijstandsregelingenInfo, BrpAanvraagPersoon, SvbPersoonsInfo, UwvPersoonsIkvInfo };

/** The zod schema of `data` in a 'gevonden' answer, per dienst. */
export const DKD_DATA_SCHEMAS = {
  BRPDossierPersoonGSD: BrpAanvraagPersoon,
  UWVDossierInkomstenGSD: UwvPersoonsIkvInfo,
  SVBDossierPersoonGSD: SvbPersoonsInfo,
  Bijstandsregelingen: BijstandsregelingenInfo,
} as const satisfies Record<Dienst, unknown>;
