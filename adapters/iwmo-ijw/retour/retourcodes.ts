// WJ001 retour codes: the enumeration of LDT_RetourCode, identical in the iWmo and iJw 3.2 basisschema
// (tests/unit/iwmo-ijw-retour compares this list with both XSDs).
export const RETOURCODES: ReadonlySet<string> = new Set([
  '0001', '0200', '0233', '0611', '8001', '8017', '8021', '8187', '8214', '8848', '9019', '9056', '9063',
  '9069', '9071', '9074', '9307', '9308', '9319', '9321', '9322', '9326', '9332', '9333', '9338', '9339',
  '9340', '9341', '9346', '9347', '9349', '9350', '9351', '9355', '9357', '9359', '9360', '9361', '9365',
  '9366', '9367', '9369', '9373', '9374', '9375', '9379', '9384', '9385', '9387', '9388', '9389', '9390',
  '9411', '9412', '9413', '9414', '9415', 'S300', 'S329',
]);

/** 0001: afgekeurd om technische redenen (level 2, IV032). */
export const TECHNISCH_AFGEKEURD = '0001';
/** 0200: geen opmerking over deze berichtklasse. */
export const GEEN_OPMERKING = '0200';
/** 0233: berichtklasse is niet beoordeeld (325: the prestaties of a refused client, IV087). */
export const NIET_BEOORDEELD = '0233';
/** 8001: declaratie is volledig toegewezen (325, IV087). */
export const VOLLEDIG_TOEGEWEZEN = '8001';
