// 301 Toewijzing and its retour 302 (same Client class, plus RetourCodes).
import type { ToegewezenProduct, ToewijzingClient } from './messages.ts';
import {
  readCommunicatie, readContact, readGeboortedatum, readOmvang, readProduct, readRelatie, readRetourCodes, readVolledigeNaam,
} from './read-common.ts';
import type { ElementReader } from './xml-reader.ts';

function readToegewezenProduct(r: ElementReader): ToegewezenProduct {
  return {
    path: r.path,
    toewijzingNummer: r.requireText('ToewijzingNummer'),
    referentieAanbieder: r.text('ReferentieAanbieder'),
    product: readProduct(r.child('Product')),
    toewijzingsdatum: r.requireText('Toewijzingsdatum'),
    toewijzingstijd: r.requireText('Toewijzingstijd'),
    ingangsdatum: r.requireText('Ingangsdatum'),
    einddatum: r.text('Einddatum'),
    redenWijziging: r.text('RedenWijziging'),
    omvang: readOmvang(r.child('Omvang')),
    budget: r.number('Budget'),
    commentaar: r.text('Commentaar'),
    retourCodes: readRetourCodes(r),
  };
}

export function readToewijzingClient(r: ElementReader): ToewijzingClient {
  const communicatie = r.child('Communicatie');
  return {
    path: r.path,
    bsn: r.requireText('Bsn'),
    geboortedatum: readGeboortedatum(r.requireChild('Geboortedatum')),
    geslacht: r.requireText('Geslacht'),
    naam: readVolledigeNaam(r.requireChild('Naam')),
    communicatie: communicatie && readCommunicatie(communicatie),
    juridischeStatus: r.text('JuridischeStatus'),
    wettelijkeVertegenwoordiging: r.text('WettelijkeVertegenwoordiging'),
    commentaar: r.text('Commentaar'),
    relaties: r.list('Relaties', 'Relatie').map(readRelatie),
    contactgegevens: r.requireChild('Contactgegevens').items('Contact').map(readContact),
    toegewezenProducten: r.requireChild('ToegewezenProducten').items('ToegewezenProduct').map(readToegewezenProduct),
    retourCodes: readRetourCodes(r),
  };
}
