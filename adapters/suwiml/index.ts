// SuwiML codec for the Digitaal Klantdossier (DKD, issue 12): the request body and the answer of the four GSD
// services, as the Body's child element. The WUS client (envelope, addressing, signatures) is built on this.
//
// The contract (README.md has the details):
//   type Dienst = 'BRPDossierPersoonGSD' | 'UWVDossierInkomstenGSD' | 'SVBDossierPersoonGSD' | 'Bijstandsregelingen'
//   DIENSTEN: Record<Dienst, { dienst, action, operation, requestElement, namespace, responseAction, faultAction, responseElement, release }>
//   buildRequestBody(dienst, { burgerservicenummer, periode?: { van, tot } }): string      throws SuwimlRequestError
//   parseResponseBody(dienst, bodyChildXml): DienstAntwoord                                 throws SuwimlResponseError
//   DienstAntwoord =
//     | { kind: 'gevonden'; dienst; data; warnings: { code; path?; message }[]; meldingen?: { fouten; waarschuwingen; informatie } }
//     | { kind: 'niets-gevonden'; dienst; reden?: 'NietsGevonden' | 'NietVanToepassing' }
//     | { kind: 'niet-gerechtigd'; dienst }
//     | { kind: 'fwi'; dienst; fouten: FwiMelding[]; waarschuwingen: FwiMelding[]; informatie: FwiMelding[] }
//   FwiMelding = { code; bron?; omschrijving?; details? }      (Code, Bron/DN, Tekst, Detail*)
//   `data` per dienst: DienstData[dienst] (dataVan), zod DKD_DATA_SCHEMAS, JSON Schema schemas/json/dkd-<Dienst>.schema.json
import type { Dienst } from './diensten.ts';
import type { BijstandsregelingenInfo, BrpAanvraagPersoon, SvbPersoonsInfo, UwvPersoonsIkvInfo } from './model/index.ts';

export { DIENSTEN, FWI_NAMESPACE, type Dienst, type DienstDescriptor } from './diensten.ts';
export { buildRequestBody, type RequestInput } from './request.ts';
export { parseResponseBody, type DienstAntwoord, type DienstWarning, type FwiMelding, type FwiMeldingen } from './response.ts';
export { SuwimlError, SuwimlRequestError, SuwimlResponseError, type SuwimlErrorCode } from './errors.ts';
export { isValidBsn } from './bsn.ts';
export { loadSuwimlSchemas, suwimlSchemas, SUWIML_SCHEMAS_DIR, type SuwimlSchemas } from './schema.ts';
export {
  DKD_DATA_SCHEMAS, BijstandsregelingenInfo, BrpAanvraagPersoon, SvbPersoonsInfo, UwvPersoonsIkvInfo, SuwiDatum, StandaardBedr,
} from './model/index.ts';
export { dkdJsonSchema, dkdJsonSchemaFile, renderDkdJsonSchema } from './json-schema.ts';
export { DienstWarningSchema, FwiMeldingSchema, FwiMeldingenSchema, gevondenSchema } from './model/antwoord.ts';
export { dkdJsonMeta } from './model/common.ts';

/** The type of `data` in a 'gevonden' answer, per dienst (the zod schemas in DKD_DATA_SCHEMAS). */
export interface DienstData {
  BRPDossierPersoonGSD: BrpAanvraagPersoon;
  UWVDossierInkomstenGSD: UwvPersoonsIkvInfo;
  SVBDossierPersoonGSD: SvbPersoonsInfo;
  Bijstandsregelingen: BijstandsregelingenInfo;
}

/** `data` of a 'gevonden' answer with its dienst's type (the mapper produces exactly that shape). */
export function dataVan<D extends Dienst>(answer: { dienst: D; data: unknown }): DienstData[D] {
  return answer.data as DienstData[D];
}
