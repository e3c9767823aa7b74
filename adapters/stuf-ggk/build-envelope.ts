import { DI01_ROOT, DU01_ROOT } from './constants.ts';
import type { GgkParameters, StufSysteem } from './types.ts';
import { leaf, NS_DECLARATIONS, systeem, XML_DECLARATION } from './xml-writer.ts';

export interface EnvelopeFields {
  zender: StufSysteem;
  ontvanger: StufSysteem;
  referentienummer: string;
  tijdstipBericht: string;
  /** Du01 only. */
  crossRefnummer?: string;
  functie: string;
  parameters: GgkParameters;
  payload: Buffer;
}

/** A Di01 or Du01 envelope with the payload base64-encoded in `parameters/bericht/xmlBestand`. */
export function envelopeXml(berichtcode: 'Di01' | 'Du01', f: EnvelopeFields): Buffer {
  const root = `GGK:${berichtcode === 'Di01' ? DI01_ROOT : DU01_ROOT}`;
  let sg = leaf(2, 'StUF:berichtcode', berichtcode)
    + systeem(2, 'StUF:zender', f.zender)
    + systeem(2, 'StUF:ontvanger', f.ontvanger)
    + leaf(2, 'StUF:referentienummer', f.referentienummer)
    + leaf(2, 'StUF:tijdstipBericht', f.tijdstipBericht);
  if (berichtcode === 'Du01') sg += leaf(2, 'StUF:crossRefnummer', f.crossRefnummer ?? '');
  sg += leaf(2, 'StUF:functie', f.functie);
  const p = f.parameters;
  const head = `${XML_DECLARATION}<${root} ${NS_DECLARATIONS}>\n\t<GGK:stuurgegevens>\n${sg}\t</GGK:stuurgegevens>\n`
    + `\t<GGK:parameters>\n`
    + leaf(2, 'GGK:applicatieVersie', p.applicatieVersie)
    + leaf(2, 'GGK:applicatieSubversie', p.applicatieSubversie)
    + leaf(2, 'GGK:functieVersie', p.functieVersie)
    + leaf(2, 'GGK:functieSubversie', p.functieSubversie)
    + '\t\t<GGK:bericht>\n\t\t\t<GGK:xmlBestand>';
  const tail = `</GGK:xmlBestand>\n\t\t</GGK:bericht>\n\t</GGK:parameters>\n</${root}>\n`;
  return Buffer.concat([Buffer.from(head, 'utf8'), Buffer.from(f.payload.toString('base64'), 'latin1'), Buffer.from(tail, 'utf8')]);
}
