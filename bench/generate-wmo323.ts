// A large WMO323 declaratie built from the corpus sample, for the level 1–2 benchmark (bench/iwmo-levels.ts).
// It keeps every level-2 rule satisfied, so the figures measure a declaratie the gateway accepts:
// - CS002: every client has its own BSN that passes the 11-proef (test range 9999xxxxx);
// - TR101: ReferentieNummer unique, clients unique by BSN;
// - CD060, TR315, TR316: a credit line carries a VorigReferentieNummer, unique in the message and naming no
//   ReferentieNummer of this message (it credits a line of an earlier declaratie);
// - CD087: Eenheid 04 (uur) with a ProductTarief; TR346 (level 4) holds too: Bedrag = GeleverdVolume × ProductTarief;
// - TR134, TR137: every ProductPeriode is a week inside the DeclaratiePeriode (April 2023), before the Dagtekening;
// - TR358: TotaalIngediendBedrag = Σ debet − Σ credit (DebetCredit C when the credits are larger).
//   npx tsx bench/generate-wmo323.ts [prestaties = 10000] [out.xml]   (writes the file, prints its size)
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Wmo323Options {
  /** Number of Prestatie elements in the whole declaratie. */
  prestaties: number;
  /** Prestaties per client (the last client may have fewer); 10 unless said otherwise. */
  perClient?: number;
  /** Every n-th prestatie is a credit line; 10 unless said otherwise, 1 for all, 0 for none. */
  creditEvery?: number;
}

export interface GeneratedWmo323 {
  xml: string;
  prestaties: number;
  clienten: number;
  credits: number;
  /** TotaalIngediendBedrag in eurocent, with its DebetCredit. */
  totaalBedrag: number;
  debetCredit: 'D' | 'C';
}

const CORPUS = path.resolve(process.env.KP_CORPUS_DIR ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '../../shared/corpus'));
export const WMO323_SAMPLE = path.join(CORPUS, 'istandaarden/iwmo-3.2/samples/WMO323.xml');

/** Replaces the text of the first `<prefix:name>` element in `xml`; throws when it is not there. */
function setText(xml: string, name: string, value: string): string {
  const re = new RegExp(`(<(\\w+):${name}>)[^<]*(</\\2:${name}>)`);
  if (!re.test(xml)) throw new Error(`WMO323 template has no ${name} element`);
  return xml.replace(re, (_, open: string, _p: string, close: string) => `${open}${value}${close}`);
}

function extract(xml: string, re: RegExp, what: string): RegExpExecArray {
  const m = re.exec(xml);
  if (!m) throw new Error(`WMO323 template has no ${what}`);
  return m;
}

/** The block with `{{Name}}` in place of the text of each named element, so filling it is one replace. */
function placeholders(block: string, names: readonly string[]): string {
  return names.reduce((b, name) => setText(b, name, `{{${name}}}`), block);
}

function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => values[name] ?? '');
}

function passesElfproef(bsn: string): boolean {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * (bsn.charCodeAt(i) - 48);
  return (sum - (bsn.charCodeAt(8) - 48)) % 11 === 0;
}

/** Distinct BSNs in the test range 999900000–999999999 that pass the 11-proef (about 9,090 exist). */
function* testBsns(): Generator<string, never> {
  for (let n = 999_900_000; n <= 999_999_999; n++) {
    const bsn = String(n);
    if (passesElfproef(bsn)) yield bsn;
  }
  throw new Error('out of test BSNs: use more prestaties per client');
}

const WEEKS: ReadonlyArray<readonly [string, string]> = [
  ['2023-04-01', '2023-04-07'], ['2023-04-08', '2023-04-14'], ['2023-04-15', '2023-04-21'],
  ['2023-04-22', '2023-04-28'], ['2023-04-29', '2023-04-30'],
];
const PRODUCTS: ReadonlyArray<{ code: string; tarief: number }> = [{ code: '01A03', tarief: 1250 }, { code: '01A04', tarief: 1500 }];
const PRESTATIE_FIELDS = [
  'ReferentieNummer', 'ToewijzingNummer', 'ProductCode', 'Begindatum', 'Einddatum', 'GeleverdVolume', 'Eenheid',
  'ProductTarief', 'Bedrag', 'DebetCredit',
] as const;

/** A WMO323 with `prestaties` lines spread over clients, from the corpus sample's text (`template`). */
export function generateWmo323(template: string, opts: Wmo323Options): GeneratedWmo323 {
  const perClient = opts.perClient ?? 10;
  const creditEvery = opts.creditEvery ?? 10;
  if (!(opts.prestaties >= 1 && perClient >= 1)) throw new Error('need at least one prestatie and one per client');

  // The sample's own text, indentation and namespace prefixes: one Clienten block, its first Client and
  // that client's first Prestatie serve as the templates.
  const clienten = extract(template, /([ \t]*)<(\w+):Clienten>[\s\S]*<\/\2:Clienten>/, 'Clienten');
  const clientBlock = extract(template, /[ \t]*<(\w+):Client>[\s\S]*?<\/\1:Client>\r?\n?/, 'Client')[0];
  const prestatieRe = /[ \t]*<(\w+):Prestatie>[\s\S]*?<\/\1:Prestatie>\r?\n?/;
  const debetBlock = placeholders(extract(template, prestatieRe, 'Prestatie')[0], PRESTATIE_FIELDS);
  // A credit line: VorigReferentieNummer follows ReferentieNummer in CDT_Referentie.
  const ref = extract(debetBlock, /([ \t]*)<(\w+):ReferentieNummer>[^<]*<\/\2:ReferentieNummer>(\r?\n?)/, 'ReferentieNummer');
  const vorig = `${ref[1]}<${ref[2]}:VorigReferentieNummer>{{VorigReferentieNummer}}</${ref[2]}:VorigReferentieNummer>${ref[3]}`;
  const creditBlock = debetBlock.replace(ref[0], ref[0] + vorig);
  const [clientHead, clientTail] = clientBlock.split(/[ \t]*<\w+:Prestatie>[\s\S]*<\/\w+:Prestatie>\r?\n?/) as [string, string];
  const clientHeadTemplate = placeholders(clientHead, ['Bsn']);

  const bsns = testBsns();
  const parts: string[] = [];
  let debet = 0, credit = 0, credits = 0, clientCount = 0;
  for (let i = 0; i < opts.prestaties; i++) {
    if (i % perClient === 0) {
      if (i > 0) parts.push(clientTail);
      parts.push(fill(clientHeadTemplate, { Bsn: bsns.next().value }));
      clientCount++;
    }
    const seq = String(i + 1).padStart(8, '0');
    const product = PRODUCTS[i % PRODUCTS.length]!;
    const week = Math.floor(i / PRODUCTS.length);
    const [begin, end] = WEEKS[week % WEEKS.length]!;
    const volume = 1 + (i % 16);
    const bedrag = volume * product.tarief;
    const isCredit = creditEvery > 0 && (i + 1) % creditEvery === 0;
    parts.push(fill(isCredit ? creditBlock : debetBlock, {
      ReferentieNummer: `RN${seq}`,
      VorigReferentieNummer: `VRN${seq}`,
      ToewijzingNummer: String(100_000 + i),
      ProductCode: product.code,
      Begindatum: begin,
      Einddatum: end,
      GeleverdVolume: String(volume),
      Eenheid: '04',
      ProductTarief: String(product.tarief),
      Bedrag: String(bedrag),
      DebetCredit: isCredit ? 'C' : 'D',
    }));
    if (isCredit) { credit += bedrag; credits++; } else debet += bedrag;
  }
  parts.push(clientTail);

  const saldo = debet - credit;
  const totaal = Math.abs(saldo), debetCredit = saldo < 0 ? 'C' : 'D';
  const [, indent = '', prefix = ''] = clienten;
  const head = setText(setText(template.slice(0, clienten.index + indent.length), 'TotaalBedrag', String(totaal)), 'DebetCredit', debetCredit);
  const xml = `${head}<${prefix}:Clienten>\n${parts.join('')}${indent}</${prefix}:Clienten>${template.slice(clienten.index + clienten[0].length)}`;
  return { xml, prestaties: opts.prestaties, clienten: clientCount, credits, totaalBedrag: totaal, debetCredit };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [countArg = '10000', out = 'WMO323-generated.xml'] = process.argv.slice(2);
  const g = generateWmo323(readFileSync(WMO323_SAMPLE, 'utf8'), { prestaties: Number(countArg) });
  writeFileSync(out, g.xml);
  console.log(`${out}: ${g.prestaties} prestaties (${g.credits} credit), ${g.clienten} clients, ${Buffer.byteLength(g.xml)} bytes`);
}
