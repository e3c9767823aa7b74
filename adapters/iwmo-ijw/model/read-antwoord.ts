// 319 Antwoordbericht and its retour 320; Woonplaatsbeginsel exists in iJw only.
import type { Antwoord } from './messages.ts';
import { readRetourCodes } from './read-common.ts';
import type { ElementReader } from './xml-reader.ts';

export function readAntwoord(r: ElementReader): Antwoord {
  const wpb = r.child('Woonplaatsbeginsel');
  return {
    path: r.path,
    referentieAanbieder: r.requireText('ReferentieAanbieder'),
    verzoekAntwoord: r.requireText('VerzoekAntwoord'),
    redenAfwijzingVerzoek: r.text('RedenAfwijzingVerzoek'),
    woonplaatsbeginsel: wpb && { path: wpb.path, gemeente: wpb.requireText('Gemeente'), retourCodes: readRetourCodes(wpb) },
    retourCodes: readRetourCodes(r),
  };
}
