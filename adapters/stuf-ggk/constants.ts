// StUF-GGk 2.1 patch 4 (koppelvlak ggk0210 on StUF 03.01). Source: ../shared/research/istandaarden.md §7 and
// the XSDs in schemas/stuf-ggk-0210/.

export const GGK_NS = 'http://www.stufstandaarden.nl/koppelvlak/ggk0210';
export const STUF_NS = 'http://www.egem.nl/StUF/StUF0301';

export const DI01_ROOT = 'envelopHeenbericht-ggk_Di01';
export const DU01_ROOT = 'envelopRetourbericht-ggk_Du01';
export const FO01_ROOT = 'Fo01Bericht';

/** What the GGk expects in `ontvanger.applicatie` of every envelope a gemeente sends. */
export const GGK_APPLICATIE = 'GGk';
/** This gateway's `zender.applicatie` unless the caller names another. */
export const DEFAULT_APPLICATIE = 'Ketenpoort';

/** The referentienummer/crossRefnummer pattern of the ggk0210 stuurgegevens (a lower-case UUIDv4). */
export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * Default `parameters` of envelopes the gateway writes. functieVersie/-Subversie 0003/0002 follow the payload's
 * BerichtVersie 3 / BerichtSubversie 2 (iWmo/iJw 3.2), as the corpus's constructed envelopes assume; the
 * GGk specification itself is not in the corpus.
 */
export const DEFAULT_PARAMETERS = {
  applicatieVersie: '0001',
  applicatieSubversie: '0000',
  functieVersie: '0003',
  functieSubversie: '0002',
} as const;

/**
 * StUF 03.01 foutcodes a gemeente answers in a Fo01 (the `body.code`, with its `plek` and the standard's
 * omschrijving). StUF055 is what the GGk specification prescribes for a payload that fails its XSD. The StUF
 * 03.01 foutcode table is not in the corpus; code, plek (client fault = "client") and omschrijving were taken
 * from public StUF implementations that reproduce it (StUF-ZKN Fo02 examples answer a schema error with
 * StUF055 / client / this omschrijving).
 */
export const STUF_FOUTCODES = {
  StUF055: { plek: 'client', omschrijving: 'Berichtbody is niet conform schema in sectormodel' },
  StUF034: { plek: 'client', omschrijving: 'Functie onbekend binnen sectormodel' },
  StUF058: { plek: 'server', omschrijving: 'Proces voor afhandelen bericht geeft fout' },
} as const satisfies Record<string, { plek: 'client' | 'server'; omschrijving: string }>;

export type StufFoutcode = keyof typeof STUF_FOUTCODES;
