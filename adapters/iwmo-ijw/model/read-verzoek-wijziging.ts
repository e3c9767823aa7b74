// 317 Verzoek om wijziging and its retour 318.
import type { NieuwProduct, OngewijzigdProduct, TeWijzigenProduct, Verzoek, VerzoekWijzigingClient } from './messages.ts';
import { readOmvang, readProduct, readRetourCodes } from './read-common.ts';
import type { ElementReader } from './xml-reader.ts';

function readOngewijzigdProduct(r: ElementReader): OngewijzigdProduct {
  return { path: r.path, toewijzingNummer: r.requireText('ToewijzingNummer'), retourCodes: readRetourCodes(r) };
}

function readTeWijzigenProduct(r: ElementReader): TeWijzigenProduct {
  return {
    path: r.path,
    toewijzingNummer: r.requireText('ToewijzingNummer'),
    gewensteIngangsdatum: r.requireText('GewensteIngangsdatum'),
    einddatum: r.text('Einddatum'),
    omvang: readOmvang(r.child('Omvang')),
    budget: r.number('Budget'),
    retourCodes: readRetourCodes(r),
  };
}

function readNieuwProduct(r: ElementReader): NieuwProduct {
  return {
    path: r.path,
    product: readProduct(r.child('Product')),
    gewensteIngangsdatum: r.requireText('GewensteIngangsdatum'),
    einddatum: r.text('Einddatum'),
    omvang: readOmvang(r.child('Omvang')),
    budget: r.number('Budget'),
    retourCodes: readRetourCodes(r),
  };
}

function readVerzoek(r: ElementReader): Verzoek {
  return {
    path: r.path,
    referentieAanbieder: r.requireText('ReferentieAanbieder'),
    redenVerzoek: r.requireText('RedenVerzoek'),
    ongewijzigdeProducten: r.list('OngewijzigdeProducten', 'OngewijzigdProduct').map(readOngewijzigdProduct),
    teWijzigenProducten: r.list('TeWijzigenProducten', 'TeWijzigenProduct').map(readTeWijzigenProduct),
    nieuweProducten: r.list('NieuweProducten', 'NieuwProduct').map(readNieuwProduct),
    retourCodes: readRetourCodes(r),
  };
}

export function readVerzoekWijzigingClient(r: ElementReader): VerzoekWijzigingClient {
  return {
    path: r.path,
    bsn: r.requireText('Bsn'),
    verzoek: readVerzoek(r.requireChild('Verzoek')),
    retourCodes: readRetourCodes(r),
  };
}
