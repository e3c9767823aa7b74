// The validation report (validatie-rapport 1.1, the output format of the official TR-CD-CS XSLT) for a
// message: its header data and one Fout per failed rule with the element path as Locatie. Written like
// the XSLT writes it, so a report without findings is the same document the XSLT gives.
import type { CanonicalMessage } from '../model/index.ts';
import type { RetourFinding } from './findings.ts';
import { checkParams } from './params.ts';
import { TECHNISCH_AFGEKEURD } from './retourcodes.ts';
import { escapeXml } from './xml-text.ts';

export const RAPPORT_NAMESPACE = 'http://www.istandaarden.nl/validatie/1_1/rapport/schema';

export interface ValidatieRapportInput {
  message: CanonicalMessage;
  /** Every failed rule; level-2 failures (0001) and level-3/4 findings alike. */
  findings: readonly RetourFinding[];
  /** XSLTVersie in the report header; default XSLT_VERSIE. */
  xsltVersie?: string;
}

/**
 * The report as XML. A level-3/4 finding also names its Retourcode; a level-2 finding (0001) does not,
 * as in the XSLT's own output.
 */
export function buildValidatieRapport(input: ValidatieRapportInput): string {
  const { xsltVersie } = checkParams({ identificatie: 'rapport', xsltVersie: input.xsltVersie });
  const h = input.message.header;
  let s = '<?xml version="1.0" encoding="UTF-8"?>\n'
    + `<n4:Rapport xmlns:n4="${RAPPORT_NAMESPACE}">\n`
    + '  <n4:Header>\n'
    + `    <n4:BerichtCode>${escapeXml(h.berichtCode)}</n4:BerichtCode>\n`
    + `    <n4:BerichtVersie>${escapeXml(h.berichtVersie)}</n4:BerichtVersie>\n`
    + `    <n4:BerichtSubversie>${escapeXml(h.berichtSubversie)}</n4:BerichtSubversie>\n`
    + '    <n4:BerichtIdentificatie>\n'
    + `      <n4:Identificatie>${escapeXml(h.berichtIdentificatie.identificatie)}</n4:Identificatie>\n`
    + `      <n4:Dagtekening>${escapeXml(h.berichtIdentificatie.dagtekening.slice(0, 10))}</n4:Dagtekening>\n`
    + '    </n4:BerichtIdentificatie>\n'
    + `    <n4:XSLTVersie>${xsltVersie}</n4:XSLTVersie>\n`
    + '  </n4:Header>\n';
  if (input.findings.length === 0) return `${s}  <n4:Fouten/>\n</n4:Rapport>\n`;
  s += '  <n4:Fouten>\n';
  for (const f of input.findings) {
    s += '    <n4:Fout>\n'
      + `      <n4:Code>${escapeXml(f.rule)}</n4:Code>\n`
      + (f.code === TECHNISCH_AFGEKEURD ? '' : `      <n4:Retourcode>${escapeXml(f.code)}</n4:Retourcode>\n`)
      + `      <n4:Locatie>${escapeXml(f.path.trim() === '' ? '/Bericht' : f.path)}</n4:Locatie>\n`
      + (f.message ? `      <n4:Details>${escapeXml(f.message)}</n4:Details>\n` : '')
      + '    </n4:Fout>\n';
  }
  return `${s}  </n4:Fouten>\n</n4:Rapport>\n`;
}
