// The repository's XSDs, shared by the unit and integration tests.
export { REPO, SCHEMAS, rapportXsdErrors, xsdErrors } from '../../../support/xsd.ts';
