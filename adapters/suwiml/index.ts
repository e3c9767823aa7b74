// placeholder until the suwiml branch lands
//
// The SuwiML codec (request Body builders validated against their XSD, typed response parsers with JSON
// Schemas, lenient response validation) is built on the `suwiml` branch; the lead replaces this file with
// theirs at merge. It follows the agreed contract (issue 12) and the descriptor fields their first commit
// added (responseAction, faultAction, responseElement, release). The dkd/ feature uses only these names.
// What this placeholder does NOT do: XSD validation (it checks the BSN pattern and dates only), typing per
// dienst (data is the ClientSuwi element(s) as generic JSON, every leaf a string), schema warnings.
import { XMLParser } from 'fast-xml-parser';

export type Dienst = 'BRPDossierPersoonGSD' | 'UWVDossierInkomstenGSD' | 'SVBDossierPersoonGSD' | 'Bijstandsregelingen';

export interface DienstDescriptor {
  dienst: Dienst;
  /** wsa:Action of the request, from the WSDL. */
  action: string;
  operation: string;
  requestElement: string;
  namespace: string;
  responseAction: string;
  faultAction: string;
  responseElement: string;
  release: string;
}

export const FWI_NAMESPACE = 'http://bkwi.nl/SuwiML/FWI/v0205';

function descriptor(dienst: Dienst, version: string, release: string, operation: string): DienstDescriptor {
  const base = `http://bkwi.nl/SuwiML/Diensten/${dienst}-${version}`;
  return {
    dienst, operation, requestElement: operation, release,
    action: `${base}/${operation}`,
    namespace: `http://bkwi.nl/SuwiML/Diensten/${dienst}/${version}`,
    responseAction: `${base}/${operation}Response`,
    faultAction: `${base}/Fout`,
    responseElement: `${operation}Response`,
  };
}

export const DIENSTEN: Record<Dienst, DienstDescriptor> = {
  BRPDossierPersoonGSD: descriptor('BRPDossierPersoonGSD', 'v0200', 'v0200-b02', 'AanvraagPersoon'),
  UWVDossierInkomstenGSD: descriptor('UWVDossierInkomstenGSD', 'v0200', 'v0200-b02', 'UWVPersoonsIkvInfo'),
  SVBDossierPersoonGSD: descriptor('SVBDossierPersoonGSD', 'v0200', 'v0200-b01', 'SVBPersoonsInfo'),
  Bijstandsregelingen: descriptor('Bijstandsregelingen', 'v0500', 'v0500-b04', 'BijstandsregelingenInfo'),
};

export interface FwiMelding { code: string; bron?: string; omschrijving?: string }
export interface DienstWarning { code: string; path?: string; message: string }

export type DienstAntwoord =
  | { kind: 'gevonden'; dienst: Dienst; data: unknown; warnings: DienstWarning[] }
  | { kind: 'niets-gevonden'; dienst: Dienst }
  | { kind: 'niet-gerechtigd'; dienst: Dienst }
  | { kind: 'fwi'; dienst: Dienst; fouten: FwiMelding[]; waarschuwingen: FwiMelding[]; informatie: FwiMelding[] };

export interface RequestInput { burgerservicenummer: string; periode?: { van: string; tot: string } }

export class SuwimlRequestError extends Error {
  readonly code = 'suwiml-request-invalid';
  constructor(readonly path: string, message: string) { super(message); }
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The XML of the Body's child. Placeholder: checks the BSN pattern and the period's dates, not the XSD. */
export function buildRequestBody(dienst: Dienst, input: RequestInput): string {
  const d = DIENSTEN[dienst];
  if (!/^\d{9}$/.test(input.burgerservicenummer)) throw new SuwimlRequestError('Burgerservicenr', 'must be 9 digits');
  let periode = '';
  if (input.periode !== undefined) {
    if (dienst !== 'UWVDossierInkomstenGSD') throw new SuwimlRequestError('PeriodeGegevensvraagIko', `${dienst} takes no period`);
    const van = ISO_DATE.exec(input.periode.van);
    const tot = ISO_DATE.exec(input.periode.tot);
    if (!van || !tot) throw new SuwimlRequestError('PeriodeGegevensvraagIko', 'van and tot must be dates JJJJ-MM-DD');
    periode = `<PeriodeGegevensvraagIko><DatBPeriode>${van.slice(1).join('')}</DatBPeriode><DatEPeriode>${tot.slice(1).join('')}</DatEPeriode></PeriodeGegevensvraagIko>`;
  }
  return `<smls:${d.requestElement} xmlns:smls="${d.namespace}"><Burgerservicenr>${input.burgerservicenummer}</Burgerservicenr>${periode}</smls:${d.requestElement}>`;
}

const parser = new XMLParser({ ignoreAttributes: true, removeNSPrefix: true, parseTagValue: false, trimValues: true, processEntities: false });

type Json = string | { [k: string]: Json } | Json[];

function meldingen(value: Json | undefined): FwiMelding[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((m) => {
    const o = (typeof m === 'object' && !Array.isArray(m) ? m : {}) as Record<string, Json>;
    const bron = o.Bron as Record<string, Json> | undefined;
    return {
      code: String(o.Code ?? ''),
      ...(typeof bron?.DN === 'string' ? { bron: bron.DN } : {}),
      ...(typeof o.Tekst === 'string' ? { omschrijving: o.Tekst } : {}),
    };
  });
}

/** `bodyChildXml`: the Body's child element as XML text. Placeholder: generic JSON of ClientSuwi. */
export function parseResponseBody(dienst: Dienst, bodyChildXml: string): DienstAntwoord {
  const doc = parser.parse(bodyChildXml) as Record<string, Json>;
  const root = doc[DIENSTEN[dienst].responseElement];
  if (root === undefined || typeof root !== 'object' || Array.isArray(root)) {
    if (root === '' ) return { kind: 'niets-gevonden', dienst };
    throw new Error(`suwiml: no ${DIENSTEN[dienst].responseElement} element`);
  }
  if ('NietsGevonden' in root) return { kind: 'niets-gevonden', dienst };
  if ('NietGerechtigd' in root) return { kind: 'niet-gerechtigd', dienst };
  const fwi = root.FWI as Record<string, Json> | undefined;
  const fouten = meldingen(fwi?.Fout);
  const waarschuwingen = meldingen(fwi?.Waarschuwing);
  const informatie = meldingen(fwi?.Informatie);
  if (root.ClientSuwi === undefined) return { kind: 'fwi', dienst, fouten, waarschuwingen, informatie };
  return {
    kind: 'gevonden', dienst, data: { ClientSuwi: root.ClientSuwi },
    warnings: [...fouten, ...waarschuwingen, ...informatie].map((m) => ({ code: m.code, message: m.omschrijving ?? m.code })),
  };
}
