// IV087: the 325 Declaratie-antwoord on a 323. Unlike IV028 retours it is a message of the gemeente
// itself: Afzender/Ontvanger are the 323's swapped, it has its own BerichtIdentificatie, and the 323's
// identification and XSD version go into DeclaratieIdentificatie and XsdVersieDeclaratie.
//   none                       → Header 0200, DeclaratieAntwoord 8001, TotaalToegekendBedrag = TotaalIngediendBedrag
//   a level-2 failure          → Header only, 0001
//   level 3/4 in the Header    → Header only, the rules' codes
//   level 3/4 on the Declaratie→ Header 0200, DeclaratieAntwoord with the codes, TotaalToegekendBedrag 0
//   level 3/4 on Client/Prestatie → Header 0200, DeclaratieAntwoord 0200, TotaalToegekendBedrag = sum of the
//     approved prestaties; only refused prestaties are returned (TR342), under their Client (0200, or the
//     client's own codes, its prestaties then 0233 unless they have codes of their own)
import type { TreeElement } from '../../xml/tree.ts';
import { BERICHT_CODES, type DeclaratieBericht, type Prestatie } from '../model/index.ts';
import { checkFindings, codesByClass, isTechnischeAfkeur } from './findings.ts';
import { writeBerichtIdentificatie, writeXsdVersie } from './heen-header.ts';
import { readHeen, requireChild } from './heen-xml.ts';
import { checkParams } from './params.ts';
import { RetourBuildError } from './retour-error.ts';
import { basisNamespace, berichtNamespace, RETOUR_XSD_VERSIE, retourTypeFor } from './retour-soorten.ts';
import { GEEN_OPMERKING, NIET_BEOORDEELD, TECHNISCH_AFGEKEURD, VOLLEDIG_TOEGEWEZEN } from './retourcodes.ts';
import type { RetourInput, RetourResult, RetourUitkomst } from './types.ts';
import { XmlWriter } from './xml-writer.ts';

/** Debet positive, credit negative, in eurocent. */
const signed = (p: Prestatie): number => (p.ingediendBedrag.debetCredit === 'C' ? -p.ingediendBedrag.bedrag : p.ingediendBedrag.bedrag);

interface Afwijzing {
  client: TreeElement;
  clientCodes: readonly string[];
  /** Refused prestaties with their codes, in document order. */
  prestaties: Array<{ el: TreeElement; codes: readonly string[] }>;
}

/** The IV087 325 on a 323 (WMO or JW). */
export function buildDeclaratieAntwoord(input: RetourInput): RetourResult {
  const msg = input.message;
  if (msg.nummer !== '323') throw new RetourBuildError('RETOUR_NO_RETOUR_FOR_TYPE', `${msg.type} gets no 325; only a 323 does`);
  const decl: DeclaratieBericht = msg;
  const type = retourTypeFor(msg.type);
  if (!type) throw new RetourBuildError('RETOUR_NO_RETOUR_FOR_TYPE', `${msg.type} gets no 325`);
  const params = checkParams(input);
  const findings = input.findings ?? [];
  checkFindings(findings);
  const technisch = findings.some(isTechnischeAfkeur);
  const header = msg.header;
  // A header-only 325 (0001) is written from the model alone; every other one echoes parts of the Declaratie.
  const declaratie = technisch ? undefined : requireChild(readHeen(input.heen, msg), 'Declaratie');
  const clienten = declaratie ? requireChild(declaratie, 'Clienten').children.filter((c) => c.local === 'Client') : [];

  const modelPrestaties = new Map<string, Prestatie>();
  for (const c of decl.declaratie.clienten) for (const p of c.prestaties) modelPrestaties.set(p.path, p);
  const prestatiesOf = (client: TreeElement) => requireChild(client, 'Prestaties').children.filter((c) => c.local === 'Prestatie');

  let headerCodes: readonly string[] = [GEEN_OPMERKING];
  let antwoordCodes: readonly string[] | undefined = [VOLLEDIG_TOEGEWEZEN];
  let toegekend: number | undefined; // undefined: the TotaalIngediendBedrag as it stands
  const afwijzingen: Afwijzing[] = [];
  let uitkomst: RetourUitkomst = 'goedgekeurd';

  if (technisch) {
    headerCodes = [TECHNISCH_AFGEKEURD];
    antwoordCodes = undefined;
    uitkomst = 'technisch-afgekeurd';
  } else if (declaratie && findings.length > 0) {
    const classPaths = new Set<string>([declaratie.path]);
    for (const c of clienten) {
      classPaths.add(c.path);
      for (const p of prestatiesOf(c)) classPaths.add(p.path);
    }
    const grouped = codesByClass(findings, classPaths);
    const declaratieCodes = grouped.classes.get(declaratie.path);
    uitkomst = 'afgekeurd';
    if (grouped.header.length > 0) {
      headerCodes = grouped.header;
      antwoordCodes = undefined;
    } else if (declaratieCodes) {
      antwoordCodes = declaratieCodes;
      toegekend = 0;
    } else {
      antwoordCodes = [GEEN_OPMERKING];
      let sum = 0;
      let approved = 0;
      for (const c of clienten) {
        const clientCodes = grouped.classes.get(c.path);
        const refused: Afwijzing['prestaties'] = [];
        for (const p of prestatiesOf(c)) {
          const model = modelPrestaties.get(p.path);
          if (!model) throw new RetourBuildError('RETOUR_XML_MISMATCH', `prestatie ${p.path} is not in the model`, p.path);
          const own = grouped.classes.get(p.path);
          if (own || clientCodes) refused.push({ el: p, codes: own ?? [NIET_BEOORDEELD] });
          else {
            sum += signed(model);
            approved++;
          }
        }
        if (refused.length > 0) afwijzingen.push({ client: c, clientCodes: clientCodes ?? [GEEN_OPMERKING], prestaties: refused });
      }
      toegekend = sum;
      if (approved > 0) uitkomst = 'deels-toegekend';
    }
  }

  const heenNs = berichtNamespace(msg.type);
  const ns = berichtNamespace(type);
  const basisNs = basisNamespace(msg.standaard);
  const prefix = type.toLowerCase();
  const basis = msg.standaard;
  const versie = RETOUR_XSD_VERSIE[msg.standaard];
  const w = new XmlWriter(new Map([[heenNs, prefix], [basisNs, basis]]), prefix);

  w.out += `<${prefix}:Bericht xmlns:${basis}="${basisNs}" xmlns:${prefix}="${ns}">\n`;
  w.open('Header', 1);
  w.leaf('BerichtCode', BERICHT_CODES[type], 2);
  w.text('BerichtVersie', header.berichtVersie, 2);
  w.text('BerichtSubversie', header.berichtSubversie, 2);
  w.text('Afzender', header.ontvanger, 2);
  w.text('Ontvanger', header.afzender, 2);
  w.open('BerichtIdentificatie', 2);
  w.leaf('Identificatie', params.identificatie, 3, basis);
  w.leaf('Dagtekening', params.dagtekening, 3, basis);
  w.close('BerichtIdentificatie', 2);
  w.open('XsdVersie', 2);
  w.leaf('BasisschemaXsdVersie', versie.basisschema, 3, basis);
  w.leaf('BerichtXsdVersie', versie.bericht, 3, basis);
  w.close('XsdVersie', 2);
  writeBerichtIdentificatie(w, 'DeclaratieIdentificatie', header.berichtIdentificatie, 2, basis);
  w.leaf('XsltVersie', params.xsltVersie, 2);
  writeXsdVersie(w, 'XsdVersieDeclaratie', header.xsdVersie, 2, basis);
  w.retourCodes(headerCodes, 2);
  w.close('Header', 1);

  if (antwoordCodes && declaratie) {
    w.open('DeclaratieAntwoord', 1);
    w.copy(requireChild(declaratie, 'DeclaratieNummer'), 2);
    const ingediend = requireChild(declaratie, 'TotaalIngediendBedrag');
    w.copy(ingediend, 2);
    if (toegekend === undefined) w.copy(ingediend, 2, undefined, 'TotaalToegekendBedrag');
    else {
      w.open('TotaalToegekendBedrag', 2);
      w.leaf('TotaalBedrag', String(Math.abs(toegekend)), 3, basis);
      // CS325: an amount of 0 is debet.
      w.leaf('DebetCredit', toegekend < 0 ? 'C' : 'D', 3, basis);
      w.close('TotaalToegekendBedrag', 2);
    }
    if (afwijzingen.length > 0) {
      w.open('Clienten', 2);
      for (const a of afwijzingen) {
        w.open('Client', 3);
        w.copy(requireChild(a.client, 'Bsn'), 4);
        w.open('Prestaties', 4);
        for (const p of a.prestaties) w.copy(p.el, 5, (el) => (el === p.el ? p.codes : undefined));
        w.close('Prestaties', 4);
        w.retourCodes(a.clientCodes, 4);
        w.close('Client', 3);
      }
      w.close('Clienten', 2);
    }
    w.retourCodes(antwoordCodes, 2);
    w.close('DeclaratieAntwoord', 1);
  }
  w.out += `</${prefix}:Bericht>\n`;
  return { type, xml: w.out, uitkomst };
}
