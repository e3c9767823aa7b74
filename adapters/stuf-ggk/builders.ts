import { randomUUID } from 'node:crypto';
import type { ValidationIssue } from '../types.ts';
import { envelopeXml } from './build-envelope.ts';
import { functie as checkFunctie, parameters, party, payloadBytes, uuidV4, type PartyInput } from './build-input.ts';
import { DEFAULT_APPLICATIE, GGK_APPLICATIE, STUF_FOUTCODES, STUF_NS, type StufFoutcode } from './constants.ts';
import { StufGgkBuildError } from './errors.ts';
import { stufTijdstip } from './tijdstip.ts';
import type { BuiltEnvelope, Di01Stuurgegevens, GgkParameters, ReadableStuurgegevens, StufSysteem } from './types.ts';
import { leaf, systeem, truncate, XML_DECLARATION } from './xml-writer.ts';

export interface WrapDi01Input {
  /** The iWmo/iJw message, UTF-8 (a BOM is dropped). */
  payloadXml: Buffer | string;
  /** StUF `functie`: the payload's message type, e.g. 'WMO301' (a Di01's StUF berichtcode is always Di01). */
  functie: string;
  /** This gemeente: its CBS code, or a full Systeem (applicatie defaults to 'Ketenpoort'). */
  zender: PartyInput;
  /** The addressee's organisatie (AGB code, "SVB", …); applicatie defaults to 'GGk'. */
  ontvanger: PartyInput;
  referentienummer?: string;
  now: Date;
  parameters?: Partial<GgkParameters>;
}

/** A Di01 for the GGk around an outgoing message, with a fresh UUIDv4 referentienummer unless one is given. */
export function wrapDi01(input: WrapDi01Input): BuiltEnvelope {
  const referentienummer = uuidV4(input.referentienummer ?? randomUUID(), 'referentienummer');
  const xml = envelopeXml('Di01', {
    zender: party(input.zender, 'zender'),
    ontvanger: party(input.ontvanger, 'ontvanger'),
    referentienummer,
    tijdstipBericht: stufTijdstip(input.now),
    functie: checkFunctie(input.functie),
    parameters: parameters(undefined, input.parameters),
    payload: payloadBytes(input.payloadXml, 'payloadXml'),
  });
  return { xml, referentienummer };
}

// heen message number → its retour (IV028; 323 is answered by 325, IV087)
const RETOUR_OF: Readonly<Record<string, string>> = {
  301: '302', 305: '306', 307: '308', 315: '316', 317: '318', 319: '320', 323: '325',
};

/** 'WMO301' → 'WMO302', 'JW323' → 'JW325'; undefined when the functie has no retour. */
export function retourFunctie(heenFunctie: string): string | undefined {
  const m = /^(WMO|JW)(\d{3})$/.exec(heenFunctie.trim());
  const retour = m ? RETOUR_OF[m[2]!] : undefined;
  return m && retour ? `${m[1]}${retour}` : undefined;
}

export interface BuildDu01Input {
  /** The Di01 this answers (a parsed envelope, or at least its stuurgegevens and parameters). */
  di01: { stuurgegevens: Di01Stuurgegevens; parameters: GgkParameters };
  /** The retour message (302, 306, …, 325), UTF-8 (a BOM is dropped). */
  retourXml: Buffer | string;
  now: Date;
  referentienummer?: string;
  /** Defaults to the retour of the Di01's functie (WMO301 → WMO302). */
  functie?: string;
  /** This gateway's applicatie in `zender` (default 'Ketenpoort'). */
  applicatie?: string;
  /** Default: our applicatieVersie/-Subversie, the Di01's functieVersie/-Subversie. */
  parameters?: Partial<GgkParameters>;
}

/**
 * The Du01 answering a Di01: crossRefnummer = the Di01's referentienummer, zender = the Di01's ontvanger
 * organisatie (us), ontvanger = the Di01's zender organisatie with applicatie 'GGk'.
 */
export function buildDu01(input: BuildDu01Input): BuiltEnvelope {
  const di01 = input.di01.stuurgegevens;
  const functie = input.functie ?? retourFunctie(di01.functie);
  if (functie === undefined) {
    throw new StufGgkBuildError(`the Di01's functie '${di01.functie.slice(0, 30)}' has no retour; pass functie`, 'functie');
  }
  const referentienummer = uuidV4(input.referentienummer ?? randomUUID(), 'referentienummer');
  const { functieVersie, functieSubversie } = input.di01.parameters;
  const xml = envelopeXml('Du01', {
    zender: party({ organisatie: di01.ontvanger.organisatie, applicatie: input.applicatie ?? DEFAULT_APPLICATIE }, 'zender'),
    ontvanger: party({ organisatie: di01.zender.organisatie, applicatie: GGK_APPLICATIE }, 'ontvanger'),
    referentienummer,
    tijdstipBericht: stufTijdstip(input.now),
    crossRefnummer: uuidV4(di01.referentienummer, 'di01.referentienummer'),
    functie: checkFunctie(functie),
    parameters: parameters({ functieVersie, functieSubversie }, input.parameters),
    payload: payloadBytes(input.retourXml, 'retourXml'),
  });
  return { xml, referentienummer };
}

export interface BuildFo01Input {
  /** The Di01 (parsed), or what could be read of it (`StufGgkRejected.readable`), or nothing. */
  di01?: { stuurgegevens?: ReadableStuurgegevens } | undefined;
  code: StufFoutcode;
  /** Defaults to the standard's text for the code (StUF055: "Berichtbody is niet conform schema in sectormodel"). */
  omschrijving?: string;
  /** Free text, cut to 1000 characters (StUF Foutdetails); fo01Details() makes it from validation issues. */
  details?: string;
  now: Date;
  referentienummer?: string;
  applicatie?: string;
}

/**
 * A StUF 03.01 Fo01Bericht answering a Di01: `body.code`/`plek`/`omschrijving` from the foutcode (StUF055 is
 * plek "client"), crossRefnummer = the Di01's referentienummer. Addressed like a Du01; parts of a refused
 * Di01 that could not be read (or do not fit the StUF types) are left out, and crossRefnummer is then empty.
 */
export function buildFo01(input: BuildFo01Input): BuiltEnvelope {
  const di01 = input.di01?.stuurgegevens;
  const fout = STUF_FOUTCODES[input.code];
  const referentienummer = uuidV4(input.referentienummer ?? randomUUID(), 'referentienummer');
  const crossRef = di01?.referentienummer;
  const zender = side(di01?.ontvanger?.organisatie, input.applicatie ?? DEFAULT_APPLICATIE);
  const ontvanger = side(di01?.zender?.organisatie, GGK_APPLICATIE);
  let body = leaf(2, 'StUF:code', input.code)
    + leaf(2, 'StUF:plek', fout.plek)
    + leaf(2, 'StUF:omschrijving', truncate(input.omschrijving ?? fout.omschrijving, 200));
  if (input.details !== undefined && input.details !== '') body += leaf(2, 'StUF:details', truncate(input.details, 1000));
  const xml = `${XML_DECLARATION}<StUF:Fo01Bericht xmlns:StUF="${STUF_NS}">\n\t<StUF:stuurgegevens>\n`
    + leaf(2, 'StUF:berichtcode', 'Fo01')
    + systeem(2, 'StUF:zender', zender)
    + systeem(2, 'StUF:ontvanger', ontvanger)
    + leaf(2, 'StUF:referentienummer', referentienummer)
    + leaf(2, 'StUF:tijdstipBericht', stufTijdstip(input.now))
    + leaf(2, 'StUF:crossRefnummer', crossRef !== undefined && Array.from(crossRef).length <= 40 ? crossRef.trim() : '')
    + `\t</StUF:stuurgegevens>\n\t<StUF:body>\n${body}\t</StUF:body>\n</StUF:Fo01Bericht>\n`;
  return { xml: Buffer.from(xml, 'utf8'), referentienummer };
}

function side(organisatie: string | undefined, applicatie: string): Partial<StufSysteem> & { applicatie: string } {
  const o = organisatie?.trim();
  return o && Array.from(o).length <= 200 ? { organisatie: o, applicatie } : { applicatie };
}

/** Fo01 `details` from validation issues: "line 12: message (path); …", values already withheld by the issues. */
export function fo01Details(issues: readonly ValidationIssue[]): string {
  return issues.map((i) => {
    const where = i.line !== undefined ? `line ${i.line}: ` : '';
    return `${where}${i.message}${i.path ? ` (${i.path})` : ''}`;
  }).join('; ');
}
