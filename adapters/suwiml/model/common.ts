// Building blocks of the DKD JSON documents (zod; the JSON Schemas in schemas/json/dkd-*.schema.json are
// generated from these). One rule for every dienst, so a field can be traced to its element by name alone:
// - a field is the XSD element name with its first letter in lower case (`Burgerservicenr` → `burgerservicenr`,
//   `DatBIkv` → `datBIkv`, `ANr` → `aNr`); the nesting is the XML's;
// - an element that may repeat (maxOccurs > 1) is an array, always present (empty when the answer has none);
// - every other field is optional: absent when the answer does not have it, has it empty, or has a value that
//   cannot be read as its type (then with a warning naming the path). Elements the XSD requires are optional
//   here too, because answers are read leniently (see README.md);
// - codes, numbers and texts are strings exactly as the source gives them (leading zeros kept: CdSrtIkv '01');
// - a SuwiML Datum becomes a `SuwiDatum` (below), a WaardeBedr an integer in eurocent as the source gives it.
import { z } from 'zod';

export const dkdJsonMeta = z.registry<{ id?: string; title?: string; description?: string }>();

export function def<T extends z.ZodType>(id: string, description: string, schema: T): T {
  dkdJsonMeta.add(schema, { id, description });
  return schema;
}

export function doc<T extends z.ZodType>(description: string, schema: T): T {
  dkdJsonMeta.add(schema, { description });
  return schema;
}

/** How the mapper reads an element's text into a leaf field. Leaves not listed are plain strings. */
export type LeafKind = 'tekst' | 'datum' | 'eurocent';
export const LEAF_KINDS = new WeakMap<z.ZodType, LeafKind>();

function leaf<T extends z.ZodType>(kind: LeafKind, schema: T): T {
  LEAF_KINDS.set(schema, kind);
  return schema;
}

/**
 * SuwiML `Datum` (jjjjmmdd; zeros where a part is unknown: 00000000, 19700000, 19700300). `datum` is
 * 'YYYY-MM-DD' with the zeros kept ('1970-00-00'); `volledig` is true when every part is known and it is a
 * real calendar date, so only then is `datum` an ISO 8601 date.
 */
export const SuwiDatum = def('SuwiDatum', 'A SuwiML Datum. datum: YYYY-MM-DD as the source gives it, 00 where the month or day (or year) is unknown; volledig: true only when every part is known (then datum is an ISO 8601 calendar date).', leaf('datum', z.strictObject({
  datum: z.string().regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/),
  volledig: z.boolean(),
})));
export type SuwiDatum = z.infer<typeof SuwiDatum>;

/** SuwiML WaardeBedr: a non-negative integer amount in eurocent (the sign, when given, is CdPositiefNegatief beside it). */
export const eurocent = leaf('eurocent', doc('WaardeBedr: amount in eurocent as the source gives it (nonNegativeInteger; 116000 = EUR 1160,00).', z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)));

/** A code, number or text, as the source gives it. */
export const tekst = leaf('tekst', z.string().min(1));

export const datum = SuwiDatum;

/** StandaardBedr (Basisschema v0801). */
export const StandaardBedr = def('StandaardBedr', 'SuwiML StandaardBedr: currency (EUR), sign (+ or -), value in eurocent and the period unit the amount holds for (CdPeriode).', z.strictObject({
  cdMunteenheid: tekst.optional(),
  cdPositiefNegatief: tekst.optional(),
  waardeBedr: eurocent.optional(),
  cdPeriodeEenheidGeldigheidBedr: tekst.optional(),
}));

export const SzWet = def('SzWet', 'Sociale-zekerheidswet: CdSzWet (AOW, AIO, PW, …).', z.strictObject({ cdSzWet: tekst.optional() }));

/** `optional` shorthand: a field of the given schema that may be absent. */
export const opt = <T extends z.ZodType>(s: T) => s.optional();
/** A repeating element: always an array. */
export const many = <T extends z.ZodType>(s: T) => z.array(s);
