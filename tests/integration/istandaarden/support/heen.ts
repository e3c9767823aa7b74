import { sample } from '../../../support/corpus.ts';

// Corpus heen messages between gemeente 0384 and aanbieder 42420001 (the dev partners), made unique by their
// Identificatie and tied to one ToewijzingNummer, for level-3 flows: a 301, then 305/307 for its toewijzing.

export type Family = 'iwmo' | 'ijw';
export const FAMILIES: readonly Family[] = ['iwmo', 'ijw'];

const dir = (f: Family) => (f === 'iwmo' ? 'iwmo-3.2' : 'ijw-3.2');
const prefix = (f: Family, nummer: string) => `${f === 'iwmo' ? 'wmo' : 'jw'}${nummer}`;
const typeOf = (f: Family, nummer: string) => `${f === 'iwmo' ? 'WMO' : 'JW'}${nummer}`;
const identificatie = (n: number) => `T${String(n).padStart(11, '0')}`;

function withIdentificatie(text: string, n: number): string {
  return text.replace(/(<\w+:Identificatie>)[^<]*(<\/\w+:Identificatie>)/, `$1${identificatie(n)}$2`);
}

/** The corpus 301 (0384 → 42420001) whose first ToegewezenProduct has ToewijzingNummer `nummer`. */
export function toewijzing(f: Family, n: number, nummer: string): Buffer {
  const p = prefix(f, '301');
  const text = withIdentificatie(sample(dir(f), typeOf(f, '301')).toString('utf8'), n)
    .replace(new RegExp(`(<${p}:ToewijzingNummer>)[^<]*(</${p}:ToewijzingNummer>)`), `$1${nummer}$2`);
  return Buffer.from(text);
}

/** The corpus 305/307 sent by 42420001 to 0384, with only its first product class, for toewijzing `nummer`. */
function zorg(f: Family, nummer: '305' | '307', n: number, toewijzingNummer: string, status: string): Buffer {
  const p = prefix(f, nummer);
  const klasse = nummer === '305' ? 'StartProduct' : 'StopProduct';
  const text = withIdentificatie(sample(dir(f), typeOf(f, nummer)).toString('utf8'), n)
    .replace(new RegExp(`(<${p}:Afzender>)[^<]*(</${p}:Afzender>)`), '$142420001$2')
    .replace(new RegExp(`(<${p}:Ontvanger>)[^<]*(</${p}:Ontvanger>)`), '$10384$2')
    .replace(new RegExp(`(<${p}:${klasse}>[\\s\\S]*?</${p}:${klasse}>)[\\s\\S]*?(\\s*</${p}:${klasse}en>)`), '$1$2')
    .replace(new RegExp(`(<${p}:ToewijzingNummer>)[^<]*(</${p}:ToewijzingNummer>)`), `$1${toewijzingNummer}$2`)
    .replace(new RegExp(`(<${p}:StatusAanlevering>)[^<]*(</${p}:StatusAanlevering>)`), `$1${status}$2`);
  return Buffer.from(text);
}

export const startZorg = (f: Family, n: number, toewijzingNummer: string, status: string) => zorg(f, '305', n, toewijzingNummer, status);
export const stopZorg = (f: Family, n: number, toewijzingNummer: string, status: string) => zorg(f, '307', n, toewijzingNummer, status);
