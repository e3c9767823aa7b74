// 315 Verzoek om toewijzing and its retour 316.
import type { AangevraagdProduct, VerzoekToewijzingClient } from './messages.ts';
import { readGeboortedatum, readOmvang, readProduct, readRetourCodes, readVerkorteNaam, readVerwijzer } from './read-common.ts';
import type { ElementReader } from './xml-reader.ts';

function readAangevraagdProduct(r: ElementReader): AangevraagdProduct {
  return {
    path: r.path,
    referentieAanbieder: r.requireText('ReferentieAanbieder'),
    beschikkingNummer: r.text('BeschikkingNummer'),
    product: readProduct(r.child('Product')),
    beschikkingIngangsdatum: r.text('BeschikkingIngangsdatum'),
    toewijzingIngangsdatum: r.requireText('ToewijzingIngangsdatum'),
    toewijzingEinddatum: r.text('ToewijzingEinddatum'),
    omvang: readOmvang(r.child('Omvang')),
    budget: r.number('Budget'),
    verwijzer: readVerwijzer(r.requireChild('Verwijzer')),
    raamcontract: r.text('Raamcontract'),
    commentaar: r.text('Commentaar'),
    retourCodes: readRetourCodes(r),
  };
}

export function readVerzoekToewijzingClient(r: ElementReader): VerzoekToewijzingClient {
  return {
    path: r.path,
    bsn: r.requireText('Bsn'),
    geboortedatum: readGeboortedatum(r.requireChild('Geboortedatum')),
    geslacht: r.requireText('Geslacht'),
    naam: readVerkorteNaam(r.requireChild('Naam')),
    gezagsdragerBekend: r.text('GezagsdragerBekend'),
    commentaar: r.text('Commentaar'),
    aangevraagdeProducten: r.requireChild('AangevraagdeProducten').items('AangevraagdProduct').map(readAangevraagdProduct),
    retourCodes: readRetourCodes(r),
  };
}
