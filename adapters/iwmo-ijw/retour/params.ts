// The caller-supplied values a retour header needs, checked against their XSD types so that a bad value
// is refused here with a clear error instead of producing a retour that does not validate.
import { RetourBuildError } from './retour-error.ts';
import { XSLT_VERSIE } from './retour-soorten.ts';
import { escapeXml } from './xml-text.ts';

export interface RetourParams {
  /** Escaped for XML. */
  identificatie: string;
  dagtekening: string;
  xsltVersie: string;
}

const amsterdamDate = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Amsterdam' });

/** Today in the Netherlands as YYYY-MM-DD. */
export function vandaag(now: Date = new Date()): string {
  return amsterdamDate.format(now);
}

function isDatum(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v);
}

export function checkParams(p: { identificatie: string; dagtekening?: string | undefined; xsltVersie?: string | undefined }): RetourParams {
  // LDT_IdentificatieBericht: 1–12 characters, at least one non-blank; XSD '.' excludes line breaks.
  const length = [...p.identificatie].length;
  if (length < 1 || length > 12 || !/\S/.test(p.identificatie) || /[\r\n]/.test(p.identificatie)) {
    throw new RetourBuildError('RETOUR_INVALID_INPUT', 'identificatie must be 1 to 12 characters on one line, not only blanks');
  }
  const dagtekening = p.dagtekening ?? vandaag();
  if (!isDatum(dagtekening)) throw new RetourBuildError('RETOUR_INVALID_INPUT', 'dagtekening must be a date YYYY-MM-DD');
  const xsltVersie = p.xsltVersie ?? XSLT_VERSIE;
  if (!/^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$/.test(xsltVersie)) {
    throw new RetourBuildError('RETOUR_INVALID_INPUT', 'xsltVersie must be a version n.n.n');
  }
  return { identificatie: escapeXml(p.identificatie), dagtekening, xsltVersie };
}
