import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const SCHEMAS = path.join(REPO, 'schemas');
/** ../shared/corpus/brp/stuf-bg/voorbeelden (KP_CORPUS_DIR overrides the corpus root). */
export const STUF_VOORBEELDEN = path.join(path.resolve(process.env.KP_CORPUS_DIR ?? '../shared/corpus'), 'brp', 'stuf-bg', 'voorbeelden');

export function stufVoorbeeld(name: string): Buffer {
  return readFileSync(path.join(STUF_VOORBEELDEN, name));
}

export function stufVoorbeelden(): string[] {
  return readdirSync(STUF_VOORBEELDEN).filter((f) => f.endsWith('.xml')).sort();
}

export interface NpsObjectSpec {
  /** Children of the object after inp.bsn, in XSD order (NPS-kennisgeving sequence). */
  inhoud?: string;
  bsn?: string;
  verwerkingssoort?: string;
}

/**
 * A schema-valid npsLk01 (stuurgegevens as in the corpus examples) around the given objects, so a
 * test states only the rubrieken its scenario is about.
 */
export function npsLk01(mutatiesoort: string, ...objecten: NpsObjectSpec[]): Buffer {
  const objects = objecten.map((o) => `
  <object StUF:entiteittype="NPS" StUF:sleutelVerzendend="BRP.1" StUF:verwerkingssoort="${o.verwerkingssoort ?? mutatiesoort}">
    <inp.bsn>${o.bsn ?? '999993653'}</inp.bsn>${o.inhoud ?? ''}
  </object>`).join('');
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<npsLk01 xmlns="http://www.egem.nl/StUF/sector/bg/0310" xmlns:StUF="http://www.egem.nl/StUF/StUF0301" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <stuurgegevens>
    <StUF:berichtcode>Lk01</StUF:berichtcode>
    <StUF:zender><StUF:organisatie>0363</StUF:organisatie><StUF:applicatie>BZS</StUF:applicatie></StUF:zender>
    <StUF:ontvanger><StUF:organisatie>0363</StUF:organisatie><StUF:applicatie>KPT</StUF:applicatie></StUF:ontvanger>
    <StUF:referentienummer>ref-1</StUF:referentienummer>
    <StUF:tijdstipBericht>20250902100000</StUF:tijdstipBericht>
    <StUF:entiteittype>NPS</StUF:entiteittype>
  </stuurgegevens>
  <parameters>
    <StUF:mutatiesoort>${mutatiesoort}</StUF:mutatiesoort>
    <StUF:indicatorOvername>V</StUF:indicatorOvername>
  </parameters>${objects}
</npsLk01>
`);
}

/** An address group with a begindatum, as a W/T object carries it. */
export function adres(straat: string, begindatum: string, gemeente: string): string {
  return `
    <verblijfsadres>
      <wpl.woonplaatsNaam>Amsterdam</wpl.woonplaatsNaam>
      <gor.openbareRuimteNaam>${straat}</gor.openbareRuimteNaam>
      <aoa.postcode>1011AB</aoa.postcode>
      <aoa.huisnummer>7</aoa.huisnummer>
      <begindatumVerblijf>${begindatum}</begindatumVerblijf>
    </verblijfsadres>
    <inp.gemeenteVanInschrijving>${gemeente}</inp.gemeenteVanInschrijving>`;
}
