// PGB001: the iPgb retour codes (ipgb.md §3.5), the enumeration of LDT_RetourCode in the bundled basisschema
// (tests/unit/ipgb compares this list with the XSD).
export const PGB001: Readonly<Record<string, string>> = {
  '0001': 'Bericht is afgekeurd om technische redenen.',
  '0200': 'Geen opmerking over deze berichtklasse.',
  '0233': 'Berichtklasse is niet beoordeeld.',
  '9016': 'Bericht voldoet niet aan technische regel TR016',
  '9056': 'Bericht voldoet niet aan technische regel 56',
  '9101': 'Bericht voldoet niet aan technische regel TR101',
  '9501': 'Voldoet niet aan technische regel TR501',
  '9502': 'Voldoet niet aan technische regel TR502',
  '9503': 'Voldoet niet aan technische regel TR503',
  '9504': 'Voldoet niet aan technische regel TR504',
  '9506': 'Voldoet niet aan technische regel TR506',
  '9507': 'Voldoet niet aan technische regel TR507',
  '9508': 'Bericht voldoet niet aan technische regel TR508',
  '9509': 'Voldoet niet aan technische regel TR509',
  '9510': 'Voldoet niet aan technische regel TR510',
  '9511': 'Bericht voldoet niet aan technische regel TR511',
  '9512': 'Voldoet niet aan technische regel TR512',
  '9513': 'Voldoet niet aan technische regel TR513',
  '9514': 'Bericht voldoet niet aan technische regel TR514',
  '9515': 'Bericht voldoet niet aan technische regel TR515',
  '9516': 'Bericht voldoet niet aan technische regel TR516',
  '9562': 'Voldoet niet aan technische regel TR562',
  '9574': 'Voldoet niet aan technische regel TR574',
  S002: 'Bericht voldoet niet aan constraint CS002',
  S003: 'Bericht voldoet niet aan constraint CS003',
  S023: 'Bericht voldoet niet aan constraint CS023',
  S318: 'Bericht voldoet niet aan constraint CS318.',
  S050: 'Bericht voldoet niet aan constraint CS050',
  S064: 'Bericht voldoet niet aan constraint CS064',
  S089: 'Bericht voldoet niet aan constraint CS089',
  S300: 'Bericht voldoet niet aan constraint CS300',
  S501: 'Bericht voldoet niet aan constraint CS501',
  S502: 'Bericht voldoet niet aan constraint CS502',
  D005: 'Bericht voldoet niet aan conditie CD005',
  D025: 'Bericht voldoet niet aan conditie CD025',
  D504: 'Bericht voldoet niet aan conditie CD504',
  D505: 'Bericht voldoet niet aan conditie CD505',
};

/** 0001: afgekeurd om technische redenen (XSD or level 2: header-only retour). */
export const TECHNISCH_AFGEKEURD = '0001';
/** 0200: geen opmerking over deze berichtklasse (a class without findings in a rejected client). */
export const GEEN_OPMERKING = '0200';
/** 0233: berichtklasse is niet beoordeeld. */
export const NIET_BEOORDEELD = '0233';

export function isPgb001(code: string): boolean {
  return Object.hasOwn(PGB001, code);
}
