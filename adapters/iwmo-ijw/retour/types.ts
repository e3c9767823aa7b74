import type { BerichtType, CanonicalMessage } from '../model/index.ts';
import type { RetourFinding } from './findings.ts';

export interface RetourInput {
  /** The heen message exactly as received (after XSD validation). */
  heen: string | Buffer;
  /** Its canonical model (parseIwmoIjw of the same XML). */
  message: CanonicalMessage;
  /** Level-2 failures (code 0001) and level-3/4 findings with their own codes; none means approved. */
  findings?: readonly RetourFinding[];
  /**
   * IdentificatieRetour of a 302…320, or the 325's own BerichtIdentificatie/Identificatie: 1–12
   * characters, unique per sender and message type (TR056).
   */
  identificatie: string;
  /** DagtekeningRetour, or the 325's Dagtekening (YYYY-MM-DD); default: today in Europe/Amsterdam. */
  dagtekening?: string;
  /** XsltVersie named in the header (IV033); default XSLT_VERSIE. */
  xsltVersie?: string;
}

/**
 * goedgekeurd: no findings (302…320 header-only without codes; 325 with 8001).
 * technisch-afgekeurd: a level-2 failure, header-only with 0001.
 * afgekeurd: level-3/4 findings reject the message (a 325: the whole declaratie, or every prestatie).
 * deels-toegekend: a 325 that approves some prestaties and refuses others.
 */
export type RetourUitkomst = 'goedgekeurd' | 'technisch-afgekeurd' | 'afgekeurd' | 'deels-toegekend';

export interface RetourResult {
  /** The retour's message type, e.g. 'WMO302', 'JW325'. */
  type: BerichtType;
  xml: string;
  uitkomst: RetourUitkomst;
}
