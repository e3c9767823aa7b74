// The parts of the heen header a retour repeats, written from the canonical model: the model was read from the
// document libxml2 parsed and validated (the adapter's one parse), and every iWmo/iJw 3.2 heen header has the
// same seven required elements, all in it. So a header-only retour does not read the heen message again.
import type { BerichtIdentificatie, Header, XsdVersie } from '../model/index.ts';
import type { XmlWriter } from './xml-writer.ts';

/** A block shaped as BerichtIdentificatie (Identificatie, Dagtekening in the basisschema) under `local`. */
export function writeBerichtIdentificatie(w: XmlWriter, local: string, b: BerichtIdentificatie, depth: number, basis: string): void {
  w.open(local, depth);
  w.text('Identificatie', b.identificatie, depth + 1, basis);
  w.text('Dagtekening', b.dagtekening, depth + 1, basis);
  w.close(local, depth);
}

/** A block shaped as XsdVersie (BasisschemaXsdVersie, BerichtXsdVersie in the basisschema) under `local`. */
export function writeXsdVersie(w: XmlWriter, local: string, v: XsdVersie, depth: number, basis: string): void {
  w.open(local, depth);
  w.text('BasisschemaXsdVersie', v.basisschemaXsdVersie, depth + 1, basis);
  w.text('BerichtXsdVersie', v.berichtXsdVersie, depth + 1, basis);
  w.close(local, depth);
}

/** The heen header's elements in XSD order, with the retour's own BerichtCode (IV028: Afzender/Ontvanger as they were). */
export function writeHeenHeaderFields(w: XmlWriter, h: Header, berichtCode: string, depth: number, basis: string): void {
  w.leaf('BerichtCode', berichtCode, depth);
  w.text('BerichtVersie', h.berichtVersie, depth);
  w.text('BerichtSubversie', h.berichtSubversie, depth);
  w.text('Afzender', h.afzender, depth);
  w.text('Ontvanger', h.ontvanger, depth);
  writeBerichtIdentificatie(w, 'BerichtIdentificatie', h.berichtIdentificatie, depth, basis);
  writeXsdVersie(w, 'XsdVersie', h.xsdVersie, depth, basis);
}
