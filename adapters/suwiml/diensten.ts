// The four DKD services: names, WSDL actions and namespaces (schemas/suwiml/Diensten/*/*.wsdl).

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
