export { buildRetour } from './build-retour.ts';
export { buildHeenRetour } from './build-heen-retour.ts';
export { buildDeclaratieAntwoord } from './build-declaratie-antwoord.ts';
export { buildValidatieRapport, RAPPORT_NAMESPACE, type ValidatieRapportInput } from './validatie-rapport.ts';
export { isTechnischeAfkeur, owningClass, type RetourFinding } from './findings.ts';
export { RetourBuildError, type RetourErrorCode } from './retour-error.ts';
export {
  basisNamespace, berichtNamespace, RETOUR_KLASSEN, RETOUR_NUMMER, RETOUR_XSD_VERSIE, retourTypeFor, XSLT_VERSIE,
  type HeenNummer,
} from './retour-soorten.ts';
export { GEEN_OPMERKING, NIET_BEOORDEELD, RETOURCODES, TECHNISCH_AFGEKEURD, VOLLEDIG_TOEGEWEZEN } from './retourcodes.ts';
export type { RetourInput, RetourResult, RetourUitkomst } from './types.ts';
