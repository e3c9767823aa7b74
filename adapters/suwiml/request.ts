// The request of each dienst: the Body's child element, built from a BSN (and for UWV an optional period)
// and validated against the dienst's BodyAction.xsd before it is handed to the WUS client.
import { XmlDocument, XmlError, XmlLibError } from 'libxml2-wasm';
import { redactValues } from '../../schemas/xsd-issues.ts';
import { isValidBsn } from './bsn.ts';
import { DIENSTEN, type Dienst } from './diensten.ts';
import { SuwimlRequestError } from './errors.ts';
import { suwimlSchemas } from './schema.ts';

export interface RequestInput { burgerservicenummer: string; periode?: { van: string; tot: string } }

const ISO_DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

/** 'YYYY-MM-DD' (a real calendar date) as a SuwiML Datum 'jjjjmmdd'; undefined when it is not one. */
function toSuwiDatum(iso: unknown): string | undefined {
  if (typeof iso !== 'string') return undefined;
  const m = ISO_DATE.exec(iso);
  if (!m) return undefined;
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso || m[1] === '0000') return undefined;
  return `${m[1]}${m[2]}${m[3]}`;
}

function checkedInput(dienst: Dienst, input: RequestInput): { bsn: string; periode?: { van: string; tot: string } } {
  if (!Object.hasOwn(DIENSTEN, dienst)) throw new SuwimlRequestError('dienst-onbekend', 'unknown dienst', 'dienst');
  const bsn = input?.burgerservicenummer;
  if (typeof bsn !== 'string' || !isValidBsn(bsn)) {
    throw new SuwimlRequestError('bsn-ongeldig', 'burgerservicenummer must be 9 digits that pass the 11-proef', 'burgerservicenummer');
  }
  if (input.periode === undefined) return { bsn };
  if (dienst !== 'UWVDossierInkomstenGSD') {
    throw new SuwimlRequestError('periode-niet-ondersteund', `${dienst} takes no period; only UWVDossierInkomstenGSD does`, 'periode');
  }
  const van = toSuwiDatum(input.periode?.van);
  const tot = toSuwiDatum(input.periode?.tot);
  if (van === undefined) throw new SuwimlRequestError('periode-ongeldig', 'periode.van must be a date YYYY-MM-DD', 'periode.van');
  if (tot === undefined) throw new SuwimlRequestError('periode-ongeldig', 'periode.tot must be a date YYYY-MM-DD', 'periode.tot');
  if (van > tot) throw new SuwimlRequestError('periode-ongeldig', 'periode.van must not be after periode.tot', 'periode');
  return { bsn, periode: { van, tot } };
}

/** The request XML (no declaration); the namespace prefix is the WSDL's own (`smls`), children unqualified. */
function requestXml(dienst: Dienst, bsn: string, periode?: { van: string; tot: string }): string {
  const { requestElement, namespace } = DIENSTEN[dienst];
  const periodeXml = periode
    ? `<PeriodeGegevensvraagIko><DatBPeriode>${periode.van}</DatBPeriode><DatEPeriode>${periode.tot}</DatEPeriode></PeriodeGegevensvraagIko>`
    : '';
  // Only digits go in (checked above), so nothing needs escaping.
  return `<smls:${requestElement} xmlns:smls="${namespace}"><Burgerservicenr>${bsn}</Burgerservicenr>${periodeXml}</smls:${requestElement}>`;
}

export function buildRequestBody(dienst: Dienst, input: RequestInput): string {
  const { bsn, periode } = checkedInput(dienst, input);
  const xml = requestXml(dienst, bsn, periode);
  const doc = XmlDocument.fromString(xml);
  try {
    suwimlSchemas().request(dienst).validate(doc);
  } catch (err) {
    if (!(err instanceof XmlError)) throw err;
    const issues = err instanceof XmlLibError ? err.details.map((d) => redactValues(d.message.trim())) : [];
    throw new SuwimlRequestError('request-xsd-invalid', `the ${DIENSTEN[dienst].requestElement} request does not validate against its XSD`, undefined, issues);
  } finally {
    doc.dispose();
  }
  return xml;
}
