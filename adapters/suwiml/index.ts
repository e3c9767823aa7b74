// SuwiML codec for the Digitaal Klantdossier (DKD): the four GSD services' request bodies and responses.
// Contract shared with the WUS helper (issue 12). First version: types and DIENSTEN; the codec follows.

export type Dienst = 'BRPDossierPersoonGSD' | 'UWVDossierInkomstenGSD' | 'SVBDossierPersoonGSD' | 'Bijstandsregelingen';

export interface DienstDescriptor {
  dienst: Dienst;
  /** wsa:Action of the request, from the WSDL (`wsaw:Action` of the operation's input). */
  action: string;
  operation: string;
  /** Local name of the Body's child of the request (in `namespace`). */
  requestElement: string;
  /** Target namespace of the service's BodyAction/BodyReaction XSDs (children unqualified). */
  namespace: string;
  /** wsa:Action of the answer and of the fault (`fwi:Fout`), from the WSDL. */
  responseAction: string;
  faultAction: string;
  /** Local name of the Body's child of the answer. */
  responseElement: string;
  /** Version folder of the XSD/WSDL set in schemas/suwiml/. */
  release: string;
}

export const FWI_NAMESPACE = 'http://bkwi.nl/SuwiML/FWI/v0205';

function descriptor(dienst: Dienst, version: string, release: string, operation: string, requestElement: string): DienstDescriptor {
  const base = `http://bkwi.nl/SuwiML/Diensten/${dienst}-${version}`;
  return {
    dienst,
    action: `${base}/${operation}`,
    operation,
    requestElement,
    namespace: `http://bkwi.nl/SuwiML/Diensten/${dienst}/${version}`,
    responseAction: `${base}/${operation}Response`,
    faultAction: `${base}/Fout`,
    responseElement: `${requestElement}Response`,
    release,
  };
}

export const DIENSTEN: Record<Dienst, DienstDescriptor> = {
  BRPDossierPersoonGSD: descriptor('BRPDossierPersoonGSD', 'v0200', 'v0200-b02', 'AanvraagPersoon', 'AanvraagPersoon'),
  UWVDossierInkomstenGSD: descriptor('UWVDossierInkomstenGSD', 'v0200', 'v0200-b02', 'UWVPersoonsIkvInfo', 'UWVPersoonsIkvInfo'),
  SVBDossierPersoonGSD: descriptor('SVBDossierPersoonGSD', 'v0200', 'v0200-b01', 'SVBPersoonsInfo', 'SVBPersoonsInfo'),
  Bijstandsregelingen: descriptor('Bijstandsregelingen', 'v0500', 'v0500-b04', 'BijstandsregelingenInfo', 'BijstandsregelingenInfo'),
};

export interface FwiMelding { code: string; bron?: string; omschrijving?: string }

export interface DienstWarning { code: string; path?: string; message: string }

export type DienstAntwoord =
  | { kind: 'gevonden'; dienst: Dienst; data: unknown; warnings: DienstWarning[] }
  | { kind: 'niets-gevonden'; dienst: Dienst }
  | { kind: 'niet-gerechtigd'; dienst: Dienst }
  | { kind: 'fwi'; dienst: Dienst; fouten: FwiMelding[]; waarschuwingen: FwiMelding[]; informatie: FwiMelding[] };

export interface RequestInput { burgerservicenummer: string; periode?: { van: string; tot: string } }

/** The XML of the Body's child, validated against its XSD before it is returned. */
export function buildRequestBody(dienst: Dienst, input: RequestInput): string {
  void dienst; void input;
  throw new Error('suwiml: buildRequestBody not implemented yet');
}

/** `bodyChildXml`: the Body's child element as XML text. */
export function parseResponseBody(dienst: Dienst, bodyChildXml: string): DienstAntwoord {
  void dienst; void bodyChildXml;
  throw new Error('suwiml: parseResponseBody not implemented yet');
}
