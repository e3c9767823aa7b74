// IV028: the retour (302, 306, 308, 316, 318, 320) on a heen message. The header is the heen header
// unchanged (Afzender/Ontvanger included; written from the model) with the retour's BerichtCode and its own
// fields added; what follows depends on the findings (only the last case reads the heen XML):
//   none                → header only, no RetourCodes
//   a level-2 failure   → header only, RetourCode 0001 (and XsltVersie)
//   level 3/4 in Header → header only, the rules' codes
//   level 3/4 in classes→ header 0200 and the whole client copied, every class with its codes or 0200
import type { TreeElement } from '../../xml/tree.ts';
import { BERICHT_CODES, type BerichtType, type Header } from '../model/index.ts';
import { checkFindings, codesByClass, isTechnischeAfkeur } from './findings.ts';
import { writeHeenHeaderFields } from './heen-header.ts';
import { readHeen, requireChild } from './heen-xml.ts';
import { checkParams, type RetourParams } from './params.ts';
import { RetourBuildError } from './retour-error.ts';
import {
  basisNamespace, berichtNamespace, RETOUR_KLASSEN, RETOUR_XSD_VERSIE, retourTypeFor,
} from './retour-soorten.ts';
import { GEEN_OPMERKING, TECHNISCH_AFGEKEURD } from './retourcodes.ts';
import type { RetourInput, RetourResult, RetourUitkomst } from './types.ts';
import { XmlWriter } from './xml-writer.ts';

/** The class elements of the payload (by identity, so copying needs no path lookups) and their paths. */
function collectClasses(el: TreeElement, names: ReadonlySet<string>, ns: string, els: Set<TreeElement>, paths: Set<string>): void {
  if (el.ns === ns && names.has(el.local)) {
    els.add(el);
    paths.add(el.path);
  }
  for (const c of el.children) collectClasses(c, names, ns, els, paths);
}

function writeHeader(w: XmlWriter, header: Header, retourType: BerichtType, p: RetourParams, codes: readonly string[] | undefined, basis: string): void {
  const versie = RETOUR_XSD_VERSIE[retourType.startsWith('WMO') ? 'iwmo' : 'ijw'];
  w.open('Header', 1);
  writeHeenHeaderFields(w, header, BERICHT_CODES[retourType], 2, basis);
  w.leaf('IdentificatieRetour', p.identificatie, 2);
  w.leaf('DagtekeningRetour', p.dagtekening, 2);
  w.leaf('XsltVersie', p.xsltVersie, 2);
  w.open('XsdVersieRetour', 2);
  w.leaf('BasisschemaXsdVersie', versie.basisschema, 3, basis);
  w.leaf('BerichtXsdVersie', versie.bericht, 3, basis);
  w.close('XsdVersieRetour', 2);
  if (codes) w.retourCodes(codes, 2);
  w.close('Header', 1);
}

/** The IV028 retour on a 301, 305, 307, 315, 317 or 319 (WMO or JW). */
export function buildHeenRetour(input: RetourInput): RetourResult {
  const msg = input.message;
  const retourType = retourTypeFor(msg.type);
  const klassen = (RETOUR_KLASSEN as Readonly<Record<string, ReadonlySet<string>>>)[msg.nummer];
  if (!klassen || retourType === undefined) {
    throw new RetourBuildError('RETOUR_NO_RETOUR_FOR_TYPE', `${msg.type} gets no IV028 retour (a 323 gets a 325, a retour gets nothing)`);
  }
  const params = checkParams(input);
  const findings = input.findings ?? [];
  checkFindings(findings);
  const technisch = findings.some(isTechnischeAfkeur);

  const heenNs = berichtNamespace(msg.type);
  const retourNs = berichtNamespace(retourType);
  const basisNs = basisNamespace(msg.standaard);
  const retourPrefix = retourType.toLowerCase();
  const basisPrefix = msg.standaard;
  const w = new XmlWriter(new Map([[heenNs, retourPrefix], [basisNs, basisPrefix]]), retourPrefix);

  let headerCodes: readonly string[] | undefined;
  let classCodes: Map<string, string[]> | undefined;
  const classEls = new Set<TreeElement>();
  const classPaths = new Set<string>();
  let uitkomst: RetourUitkomst = 'goedgekeurd';
  let payload: TreeElement | undefined;
  if (technisch) {
    headerCodes = [TECHNISCH_AFGEKEURD];
    uitkomst = 'technisch-afgekeurd';
  } else if (findings.length > 0) {
    uitkomst = 'afgekeurd';
    // Only now is the heen message itself needed: its classes' paths, and the payload to echo.
    payload = requireChild(readHeen(input.heen, msg), msg.nummer === '319' ? 'Antwoord' : 'Client');
    collectClasses(payload, klassen, heenNs, classEls, classPaths);
    const grouped = codesByClass(findings, classPaths);
    if (grouped.header.length > 0) headerCodes = grouped.header;
    else {
      headerCodes = [GEEN_OPMERKING];
      classCodes = grouped.classes;
    }
  }

  w.out += `<${retourPrefix}:Bericht xmlns:${basisPrefix}="${basisNs}" xmlns:${retourPrefix}="${retourNs}">\n`;
  writeHeader(w, msg.header, retourType, params, headerCodes, basisPrefix);
  if (payload && classCodes) {
    const codes = classCodes;
    w.copy(payload, 1, (el) => (classEls.has(el) ? (codes.get(el.path) ?? [GEEN_OPMERKING]) : undefined));
  }
  w.out += `</${retourPrefix}:Bericht>\n`;
  return { type: retourType, xml: w.out, uitkomst };
}
