// LO3 body → RvIG plData. Body = categories: categorie(2) categorielengte(3) then elements
// element(4: group+element) elementlengte(3) value(n bytes Teletex); every length counts bytes.
import { readNumber } from './digits.ts';
import { Lo3Error } from './errors.ts';
import { isActueleCategorie, isHistorischeCategorie } from './kop.ts';
import type { CategorieCode, ElementCode, Elementen, PlData, Stapel } from './model.ts';
import { decodeTeletex } from './teletex.ts';

const CATEGORIE_KOP = 5;
const ELEMENT_KOP = 7;
const CATEGORIE_CODE: CategorieCode[] = Array.from({ length: 100 }, (_, n) => `c${String(n).padStart(2, '0')}` as CategorieCode);

/**
 * Parses `bytes[start, end)` (exactly the berichtlengte) into plData.
 * A current category (01–21) opens a new stack; a historic one (51–71) joins the stack just opened for
 * its current category, or — when none is open (e.g. Af01 with only 51) — opens a stack without current
 * elements. Element order inside an occurrence is kept but carries no meaning.
 */
export function parsePlData(bytes: Uint8Array, start: number, end: number): PlData {
  const plData: PlData = {};
  let open: { categorie: number; stapel: Stapel } | undefined;
  let p = start;
  while (p < end) {
    if (end - p < CATEGORIE_KOP) {
      throw new Lo3Error('LENGTH_MISMATCH', p, 'categorie (2 digits) + categorielengte (3 digits), or the end of the berichtlengte',
        `${end - p} byte(s) left before the end of the berichtlengte`);
    }
    const categorie = readNumber(bytes, p, 2, 'categorie');
    const lengte = readNumber(bytes, p + 2, 3, 'categorielengte');
    const historisch = isHistorischeCategorie(categorie);
    if (!historisch && !isActueleCategorie(categorie)) {
      throw new Lo3Error('UNKNOWN_CATEGORY', p, 'categorie 01–17 or 21, or historic 51–67 or 71', `categorie ${String(categorie).padStart(2, '0')}`);
    }
    const categorieEnd = p + CATEGORIE_KOP + lengte;
    if (categorieEnd > end) {
      throw new Lo3Error('LENGTH_MISMATCH', p + 2, `categorielengte of at most ${end - p - CATEGORIE_KOP} (bytes left in the message)`,
        `categorielengte ${lengte}`);
    }
    const elementen = parseElementen(bytes, p + CATEGORIE_KOP, categorieEnd, p);

    const huidig = historisch ? categorie - 50 : categorie;
    if (historisch && open !== undefined && open.categorie === huidig) {
      (open.stapel.historie ??= []).push(elementen);
    } else {
      const stapel: Stapel = historisch ? { historie: [elementen] } : elementen;
      (plData[CATEGORIE_CODE[huidig]!] ??= []).push(stapel);
      open = { categorie: huidig, stapel };
    }
    p = categorieEnd;
  }
  return plData;
}

function parseElementen(bytes: Uint8Array, start: number, end: number, categorieOffset: number): Elementen {
  const elementen: Elementen = {};
  let p = start;
  while (p < end) {
    if (end - p < ELEMENT_KOP) {
      throw new Lo3Error('LENGTH_MISMATCH', categorieOffset + 2,
        `a categorielengte that ends on an element boundary (element header of 7 bytes at offset ${p})`,
        `${end - p} byte(s) left in the category`);
    }
    readNumber(bytes, p, 4, 'element code');
    const lengte = readNumber(bytes, p + 4, 3, 'elementlengte');
    const waardeStart = p + ELEMENT_KOP;
    const waardeEnd = waardeStart + lengte;
    if (waardeEnd > end) {
      throw new Lo3Error('LENGTH_MISMATCH', p + 4,
        `elementlengte of at most ${end - waardeStart} (category at offset ${categorieOffset} ends at byte ${end})`,
        `elementlengte ${lengte}`);
    }
    const code = elementCode(bytes, p);
    if (Object.hasOwn(elementen, code)) {
      throw new Lo3Error('DUPLICATE_ELEMENT', p, 'each element at most once per category occurrence', `${code} again`);
    }
    elementen[code] = decodeTeletex(bytes, waardeStart, waardeEnd);
    p = waardeEnd;
  }
  return elementen;
}

function elementCode(bytes: Uint8Array, p: number): ElementCode {
  return `e${String.fromCharCode(bytes[p]!, bytes[p + 1]!, bytes[p + 2]!, bytes[p + 3]!)}`;
}
