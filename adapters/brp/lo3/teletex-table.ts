// The Teletex (ITU-T T.61) repertoire of LO3 (LO 3.x Bijlage II), as the RvIG reference message
// Vb01_alle-tekens-teletex.GBA and its JSON conversion show it, byte for byte; cross-checked with
// OperatieBRP's GBACharacterSetData. tests/unit/brp/teletex.test.ts re-derives it from that corpus pair.

/**
 * ASCII bytes allowed in LO3; each stands for itself. Not in the repertoire: # $ \ ^ ` { } ~ (T.61 leaves
 * them out; '#' and '$' are 0xA6 and 0xA4) and every control character except LF, FF and CR.
 */
export const ASCII_REPERTOIRE =
  "\n\f\r !\"%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]_abcdefghijklmnopqrstuvwxyz|";

/** Single bytes of the right half (0xA1–0xFE) and the character each stands for. */
export const RIGHT_HALF: ReadonlyArray<readonly [byte: number, character: string]> = [
  [0xa1, '¡'], [0xa2, '¢'], [0xa3, '£'], [0xa4, '$'], [0xa5, '¥'], [0xa6, '#'], [0xa7, '§'], [0xa8, '¤'],
  [0xab, '«'], [0xb0, '°'], [0xb1, '±'], [0xb2, '²'], [0xb3, '³'], [0xb4, '×'], [0xb5, 'µ'], [0xb6, '¶'],
  [0xb7, '·'], [0xb8, '÷'], [0xbb, '»'], [0xbc, '¼'], [0xbd, '½'], [0xbe, '¾'], [0xbf, '¿'],
  [0xe0, '\u2126'], // OHM SIGN, as RvIG decodes it (not Greek capital omega U+03A9)
  [0xe1, 'Æ'], [0xe2, 'Đ'], [0xe3, 'ª'], [0xe4, 'Ħ'], [0xe7, 'Ŀ'], [0xe8, 'Ł'], [0xe9, 'Ø'], [0xea, 'Œ'],
  [0xeb, 'º'], [0xec, 'Þ'], [0xed, 'Ŧ'], [0xee, 'Ŋ'], [0xef, 'ŉ'],
  [0xf0, 'ĸ'], [0xf1, 'æ'], [0xf2, 'đ'], [0xf3, 'ð'], [0xf4, 'ħ'], [0xf5, 'ı'], [0xf7, 'ŀ'], [0xf8, 'ł'],
  [0xf9, 'ø'], [0xfa, 'œ'], [0xfb, 'ß'], [0xfc, 'þ'], [0xfd, 'ŧ'], [0xfe, 'ŋ'],
];

/**
 * Two-byte characters: a non-spacing diacritic (0xC1–0xCF) followed by the base letter.
 * Each row: diacritic byte, the base letters it may precede, the resulting characters (same order).
 * Only these combinations are in the LO repertoire. Note 0xC2 + 'g' = ģ (g with cedilla, written with
 * the accent above), not ǵ; 0xC9 (T.61 umlaut) and 0xCC (underline) are not used.
 */
export const DIACRITIC_COMBINATIONS: ReadonlyArray<readonly [diacritic: number, bases: string, results: string]> = [
  [0xc1, 'AEIOUaeiou', 'ÀÈÌÒÙàèìòù'], // grave
  [0xc2, 'ACEILNORSUYZacegilnorsuyz', 'ÁĆÉÍĹŃÓŔŚÚÝŹáćéģíĺńóŕśúýź'], // acute
  [0xc3, 'ACEGHIJOSUWYaceghijosuwy', 'ÂĈÊĜĤÎĴÔŜÛŴŶâĉêĝĥîĵôŝûŵŷ'], // circumflex
  [0xc4, 'AINOUainou', 'ÃĨÑÕŨãĩñõũ'], // tilde
  [0xc5, 'AEIOUaeiou', 'ĀĒĪŌŪāēīōū'], // macron
  [0xc6, 'AGUagu', 'ĂĞŬăğŭ'], // breve
  [0xc7, 'CEGIZcegz', 'ĊĖĠİŻċėġż'], // dot above
  [0xc8, 'AEIOUYaeiouy', 'ÄËÏÖÜŸäëïöüÿ'], // diaeresis
  [0xca, 'AUau', 'ÅŮåů'], // ring
  [0xcb, 'CGKLNRSTcklnrst', 'ÇĢĶĻŅŖŞŢçķļņŗşţ'], // cedilla
  [0xcd, 'OUou', 'ŐŰőű'], // double acute
  [0xce, 'AEIUaeiu', 'ĄĘĮŲąęįų'], // ogonek
  [0xcf, 'CDELNRSTZcdelnrstz', 'ČĎĚĽŇŘŠŤŽčďěľňřšťž'], // caron
];

/** Characters accepted when encoding that decode to a different (canonical) one. */
export const ENCODE_ALIASES: ReadonlyArray<readonly [character: string, byte: number]> = [
  ['\u03a9', 0xe0], // Greek capital omega: NFC turns OHM SIGN into this
];
