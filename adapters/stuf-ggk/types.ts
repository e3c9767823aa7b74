/** StUF `Systeem` as the ggk0210 stuurgegevens restrict it: organisatie and applicatie are required. */
export interface StufSysteem {
  /** CBS gemeentecode (4 digits, leading zeros), AGB code (8 digits) or a fixed name ("SVB", "CAK", "IB", …). */
  organisatie: string;
  applicatie: string;
  administratie?: string;
  gebruiker?: string;
}

export interface Di01Stuurgegevens {
  berichtcode: 'Di01';
  zender: StufSysteem;
  ontvanger: StufSysteem;
  /** UUIDv4, lower case. */
  referentienummer: string;
  /** StUF Tijdstip: yyyyMMddHHmmss[SSS], Dutch local time. */
  tijdstipBericht: string;
  /** The payload's message type, e.g. 'WMO301'. */
  functie: string;
}

export interface Du01Stuurgegevens extends Omit<Di01Stuurgegevens, 'berichtcode'> {
  berichtcode: 'Du01';
  /** The referentienummer of the Di01 this answers. */
  crossRefnummer: string;
}

export interface GgkParameters {
  applicatieVersie: string;
  applicatieSubversie: string;
  functieVersie: string;
  functieSubversie: string;
}

/** `parameters.bericht`: an XML payload (xmlBestand) or a named text file (tekstBestand, CSV/PDF to CBS). */
export type GgkPayload =
  | { kind: 'xml'; bytes: Buffer }
  | { kind: 'tekst'; bestandsnaam: string; bytes: Buffer };

export interface Di01Envelope {
  stuurgegevens: Di01Stuurgegevens;
  parameters: GgkParameters;
  /** The decoded base64 payload, byte for byte. */
  payload: GgkPayload;
}

export interface Du01Envelope {
  stuurgegevens: Du01Stuurgegevens;
  parameters: GgkParameters;
  payload: GgkPayload;
}

export type StufGgkEnvelope = Di01Envelope | Du01Envelope;

/** What could be read of the stuurgegevens of an envelope that was refused (for the Fo01 that answers it). */
export interface ReadableStuurgegevens {
  berichtcode?: string;
  zender?: Partial<StufSysteem>;
  ontvanger?: Partial<StufSysteem>;
  referentienummer?: string;
  tijdstipBericht?: string;
  functie?: string;
}

/** An envelope the gateway wrote, with the referentienummer it carries (for correlation). */
export interface BuiltEnvelope {
  xml: Buffer;
  referentienummer: string;
}
