// zod schemas of the parts of a DienstAntwoord around `data`, for whoever documents the HTTP answer
// (e.g. z.toJSONSchema(gevondenSchema('SVBDossierPersoonGSD'), { metadata: dkdJsonMeta })).
import { z } from 'zod';
import type { Dienst } from '../diensten.ts';
import { def } from './common.ts';
import { DKD_DATA_SCHEMAS } from './index.ts';

export const FwiMeldingSchema = def('FwiMelding', 'One FWI melding: Code, Bron/DN (the source), Tekst and any Detail lines.', z.strictObject({
  code: z.string(),
  bron: z.string().optional(),
  omschrijving: z.string().optional(),
  details: z.array(z.string()).optional(),
}));

export const FwiMeldingenSchema = def('FwiMeldingen', 'The meldingen of an fwi:FWI, sorted by kind.', z.strictObject({
  fouten: z.array(FwiMeldingSchema),
  waarschuwingen: z.array(FwiMeldingSchema),
  informatie: z.array(FwiMeldingSchema),
}));

export const DienstWarningSchema = def('DienstWarning', 'A lenient finding in an answer: xsd (a schema finding, value withheld), waarde-onleesbaar (left out), element-onbekend, element-herhaald, tekst-genegeerd; path as libxml2 writes it, without namespace prefixes.', z.strictObject({
  code: z.string(),
  path: z.string().optional(),
  message: z.string(),
}));

/** The 'gevonden' answer of `dienst` as parseResponseBody returns it. */
export function gevondenSchema<D extends Dienst>(dienst: D) {
  return z.strictObject({
    kind: z.literal('gevonden'),
    dienst: z.literal(dienst),
    data: DKD_DATA_SCHEMAS[dienst],
    warnings: z.array(DienstWarningSchema),
    meldingen: FwiMeldingenSchema.optional(),
  });
}
