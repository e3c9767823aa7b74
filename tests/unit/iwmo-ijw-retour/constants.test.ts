// The builder's fixed tables, held against the XSD files they come from.
import { describe, expect, it } from 'vitest';
import { RETOUR_KLASSEN, RETOUR_XSD_VERSIE, RETOURCODES, retourTypeFor } from '../../../adapters/iwmo-ijw/retour/index.ts';
import { appinfoVersie, classesWithRetourCodes, elementNames, retourCodeEnumeration } from './support/xsd-facts.ts';

describe('retour tables match the XSDs', () => {
  it.each(Object.keys(RETOUR_KLASSEN).flatMap((n) => [`WMO${n}`, `JW${n}`]))('%s: the classes that carry RetourCodes in its retour', (heen) => {
    const retour = retourTypeFor(heen) as string;
    const ours = [...(RETOUR_KLASSEN as Record<string, ReadonlySet<string>>)[heen.replace(/\D/g, '')] ?? []];
    // iJw 319/320 has Woonplaatsbeginsel, iWmo has no such element at all.
    const inThisStandard = ours.filter((n) => elementNames(heen).has(n)).sort();
    expect(inThisStandard).toEqual([...classesWithRetourCodes(retour)].sort());
  });

  it('the 325 classes are Client, Prestatie and DeclaratieAntwoord', () => {
    for (const t of ['WMO325', 'JW325']) expect([...classesWithRetourCodes(t)].sort()).toEqual(['Client', 'DeclaratieAntwoord', 'Prestatie']);
  });

  it('RETOURCODES is LDT_RetourCode of both basisschemas', () => {
    expect([...RETOURCODES].sort()).toEqual(retourCodeEnumeration('iwmo-3.2').sort());
    expect([...RETOURCODES].sort()).toEqual(retourCodeEnumeration('ijw-3.2').sort());
  });

  it('RETOUR_XSD_VERSIE is the appinfo of every retour XSD (IV034)', () => {
    for (const n of ['302', '306', '308', '316', '318', '320', '325']) {
      expect(appinfoVersie(`WMO${n}`)).toEqual(RETOUR_XSD_VERSIE.iwmo);
      expect(appinfoVersie(`JW${n}`)).toEqual(RETOUR_XSD_VERSIE.ijw);
    }
  });

  it('maps every heen type to its retour and nothing else', () => {
    expect(['WMO301', 'WMO305', 'WMO307', 'WMO315', 'WMO317', 'WMO319', 'WMO323'].map(retourTypeFor))
      .toEqual(['WMO302', 'WMO306', 'WMO308', 'WMO316', 'WMO318', 'WMO320', 'WMO325']);
    expect(['JW301', 'JW323'].map(retourTypeFor)).toEqual(['JW302', 'JW325']);
    expect(['WMO302', 'JW325', 'WMO399', 'X'].map(retourTypeFor)).toEqual([undefined, undefined, undefined, undefined]);
  });
});
