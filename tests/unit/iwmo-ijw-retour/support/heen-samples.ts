import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ISTANDAARDEN, sample } from '../../../support/corpus.ts';

/** Every heen sample with a retour (not the 323) in both corpora, as [type, xml]. */
export function heenSamples(): Array<[string, string]> {
  const types = ['WMO301', 'WMO305', 'WMO307', 'WMO315', 'WMO317', 'WMO319', 'JW301', 'JW305', 'JW307', 'JW317', 'JW319'];
  const list: Array<[string, string]> = types.map((t) => [t, sample(t.startsWith('WMO') ? 'iwmo-3.2' : 'ijw-3.2', t).toString('utf8')]);
  list.push(['JW315', jw315()]);
  return list;
}

/**
 * The corpus has no valid JW315: samples-invalid/JW315.xml fails the XSD only on its date 2027-06-31.
 * With 2027-06-30 it is a valid JW315, so the JW316 gets built from it too.
 */
export function jw315(): string {
  const xml = readFileSync(path.join(ISTANDAARDEN, 'ijw-3.2/samples-invalid/JW315.xml'), 'utf8');
  if (!xml.includes('2027-06-31')) throw new Error('JW315 no longer has the invalid date');
  return xml.replaceAll('2027-06-31', '2027-06-30');
}

export function corpusSample(type: string): string {
  return sample(type.startsWith('WMO') ? 'iwmo-3.2' : 'ijw-3.2', type).toString('utf8');
}
