// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/regels/technische-regels/xslt/TR101.md (keys per class from the XSLT's TR101generic templates)
import type { CanonicalMessage, DeclaratieClient, ModelNode, Prestatie } from '../model/index.ts';
import { typesFor } from '../model/index.ts';
import { defineRule, type Fail } from './support/define-rule.ts';
import { duplicateGroups, type KeyPart } from './support/duplicates.ts';

function check<T extends ModelNode>(items: readonly T[], key: (item: T) => readonly KeyPart[], fail: Fail): void {
  for (const g of duplicateGroups(items, key)) {
    fail(g.last.path, `zelfde logische sleutel als ${g.earlier.map((e) => e.path).join(', ')}`);
  }
}

function checkDeclaratieClienten(clienten: readonly DeclaratieClient[], fail: Fail): void {
  check(clienten, (c) => [c.bsn], fail);
  for (const c of clienten) {
    check(c.prestaties, (p: Prestatie) => [p.productReferentie.referentieNummer, p.productReferentie.vorigReferentieNummer], fail);
  }
}

function checkMessage(msg: CanonicalMessage, fail: Fail): void {
  switch (msg.nummer) {
    case '301':
      check(msg.client.relaties, (r) => [r.nummer], fail);
      check(msg.client.contactgegevens, (c) => [c.soort], fail);
      check(msg.client.toegewezenProducten, (p) => [p.toewijzingNummer], fail);
      return;
    case '305':
      check(msg.client.startProducten, (p) => [p.begindatum, p.product?.categorie, p.product?.code, p.toewijzingNummer], fail);
      return;
    case '307':
      check(
        msg.client.stopProducten,
        (p) => [p.begindatum, p.einddatum, p.product?.categorie, p.product?.code, p.redenBeeindiging, p.toewijzingNummer],
        fail,
      );
      return;
    case '315':
      check(msg.client.aangevraagdeProducten, (p) => [p.referentieAanbieder], fail);
      return;
    case '317': {
      const v = msg.client.verzoek;
      check(v.ongewijzigdeProducten, (p) => [p.toewijzingNummer], fail);
      check(v.teWijzigenProducten, (p) => [p.toewijzingNummer], fail);
      check(v.nieuweProducten, (p) => [p.gewensteIngangsdatum, p.product?.categorie, p.product?.code], fail);
      return;
    }
    case '323':
      checkDeclaratieClienten(msg.declaratie.clienten, fail);
      return;
    case '325':
      checkDeclaratieClienten(msg.declaratieAntwoord?.clienten ?? [], fail);
      return;
    default:
      return;
  }
}

export const TR101 = defineRule({
  id: 'TR101',
  element: 'every repeating class (its logical key)',
  // 319 has a single Antwoord, so nothing can repeat there.
  appliesTo: typesFor('301', '305', '307', '315', '317', '323', '325'),
  definitie: 'Binnen een bericht zijn dubbele regels niet toegestaan.',
  check: checkMessage,
});
