// 305 Start zorg / 307 Stop zorg and their retours 306 / 308.
import type { StartProduct, StartZorgClient, StopProduct, StopZorgClient } from './messages.ts';
import { readGeboortedatum, readProduct, readRetourCodes, readVerkorteNaam } from './read-common.ts';
import type { ElementReader } from './xml-reader.ts';

function readStartProduct(r: ElementReader): StartProduct {
  return {
    path: r.path,
    toewijzingNummer: r.text('ToewijzingNummer'),
    product: readProduct(r.child('Product')),
    toewijzingIngangsdatum: r.text('ToewijzingIngangsdatum'),
    begindatum: r.requireText('Begindatum'),
    statusAanlevering: r.requireText('StatusAanlevering'),
    retourCodes: readRetourCodes(r),
  };
}

function readStopProduct(r: ElementReader): StopProduct {
  return {
    ...readStartProduct(r),
    redenBeeindiging: r.requireText('RedenBeeindiging'),
    einddatum: r.requireText('Einddatum'),
  };
}

function readZorgClientBase(r: ElementReader) {
  return {
    path: r.path,
    bsn: r.requireText('Bsn'),
    geboortedatum: readGeboortedatum(r.requireChild('Geboortedatum')),
    geslacht: r.requireText('Geslacht'),
    naam: readVerkorteNaam(r.requireChild('Naam')),
  };
}

export function readStartZorgClient(r: ElementReader): StartZorgClient {
  return {
    ...readZorgClientBase(r),
    startProducten: r.requireChild('StartProducten').items('StartProduct').map(readStartProduct),
    retourCodes: readRetourCodes(r),
  };
}

export function readStopZorgClient(r: ElementReader): StopZorgClient {
  return {
    ...readZorgClientBase(r),
    stopProducten: r.requireChild('StopProducten').items('StopProduct').map(readStopProduct),
    retourCodes: readRetourCodes(r),
  };
}
