// 323 Declaratie and 325 Declaratie-antwoord (several clients per message).
import type { Declaratie, DeclaratieAntwoord, DeclaratieClient, Prestatie } from './messages.ts';
import { readBedragMetDC, readGeslotenPeriode, readRetourCodes, readTotaalBedragMetDC } from './read-common.ts';
import type { ElementReader } from './xml-reader.ts';

function readPrestatie(r: ElementReader): Prestatie {
  const ref = r.requireChild('ProductReferentie');
  return {
    path: r.path,
    productReferentie: {
      path: ref.path,
      referentieNummer: ref.requireText('ReferentieNummer'),
      vorigReferentieNummer: ref.text('VorigReferentieNummer'),
    },
    toewijzingNummer: r.requireText('ToewijzingNummer'),
    productCategorie: r.requireText('ProductCategorie'),
    productCode: r.requireText('ProductCode'),
    productPeriode: readGeslotenPeriode(r.requireChild('ProductPeriode')),
    geleverdVolume: r.requireNumber('GeleverdVolume'),
    eenheid: r.requireText('Eenheid'),
    productTarief: r.number('ProductTarief'),
    ingediendBedrag: readBedragMetDC(r.requireChild('IngediendBedrag')),
    retourCodes: readRetourCodes(r),
  };
}

function readDeclaratieClient(r: ElementReader): DeclaratieClient {
  return {
    path: r.path,
    bsn: r.requireText('Bsn'),
    prestaties: r.requireChild('Prestaties').items('Prestatie').map(readPrestatie),
    retourCodes: readRetourCodes(r),
  };
}

export function readDeclaratie(r: ElementReader): Declaratie {
  return {
    path: r.path,
    declaratieNummer: r.requireText('DeclaratieNummer'),
    declaratiePeriode: readGeslotenPeriode(r.requireChild('DeclaratiePeriode')),
    declaratieDagtekening: r.requireText('DeclaratieDagtekening'),
    totaalIngediendBedrag: readTotaalBedragMetDC(r.requireChild('TotaalIngediendBedrag')),
    clienten: r.requireChild('Clienten').items('Client').map(readDeclaratieClient),
  };
}

export function readDeclaratieAntwoord(r: ElementReader): DeclaratieAntwoord {
  return {
    path: r.path,
    declaratieNummer: r.requireText('DeclaratieNummer'),
    totaalIngediendBedrag: readTotaalBedragMetDC(r.requireChild('TotaalIngediendBedrag')),
    totaalToegekendBedrag: readTotaalBedragMetDC(r.requireChild('TotaalToegekendBedrag')),
    clienten: r.list('Clienten', 'Client').map(readDeclaratieClient),
    retourCodes: readRetourCodes(r),
  };
}
