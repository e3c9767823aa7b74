// Mutations of a corpus sample by element local name, whatever its prefix (iwmo:/ijw:, wmo301:/jw301:), so
// one test can change an iWmo and an iJw message alike. Each throws when its target is not there, so a
// test never passes on a mutation that silently did nothing. `n` counts occurrences in document order, 1-based.
import { parseIwmoIjw } from '../../../../adapters/iwmo-ijw/model/index.ts';

/** The basis-schema prefix and the message prefix of a sample: WMO301 → iwmo, wmo301; JW323 → ijw, jw323. */
export function prefixes(type: string): { b: string; m: string } {
  return { b: type.startsWith('WMO') ? 'iwmo' : 'ijw', m: type.toLowerCase() };
}

function nth(xml: string, re: RegExp, n: number, what: string): RegExpExecArray {
  const g = new RegExp(re.source, 'g');
  let m: RegExpExecArray | null = null;
  for (let i = 0; i < n; i++) {
    m = g.exec(xml);
    if (!m) throw new Error(`mutation target #${n} not found: ${what}`);
  }
  return m as RegExpExecArray;
}

const leaf = (name: string) => new RegExp(`<(\\w+):${name}>([^<]*)</\\1:${name}>`);
const block = (name: string) => new RegExp(`[ \\t]*<(\\w+):${name}>[\\s\\S]*?</\\1:${name}>\\r?\\n?`);

/** The text of the n-th simple element `name`. */
export function textOf(xml: string, name: string, n = 1): string {
  return nth(xml, leaf(name), n, name)[2] as string;
}

/** Sets the text of the n-th simple element `name`. */
export function setText(xml: string, name: string, value: string, n = 1): string {
  const m = nth(xml, leaf(name), n, name);
  const p = m[1] as string;
  return xml.slice(0, m.index) + `<${p}:${name}>${value}</${p}:${name}>` + xml.slice(m.index + m[0].length);
}

/** Removes the n-th element `name` with its content and its line. */
export function remove(xml: string, name: string, n = 1): string {
  const m = nth(xml, block(name), n, name);
  return xml.slice(0, m.index) + xml.slice(m.index + m[0].length);
}

/** Inserts `fragment` right after the end tag of the n-th element `name`. */
export function insertAfter(xml: string, name: string, fragment: string, n = 1): string {
  const m = nth(xml, new RegExp(`</(\\w+):${name}>`), n, `</…:${name}>`);
  const at = m.index + m[0].length;
  return xml.slice(0, at) + fragment + xml.slice(at);
}

/** A 323 with its TotaalIngediendBedrag set to the sum of its prestaties (debet minus credit), so TR358 holds. */
export function withTotaal(type: string, xml: string): string {
  const msg = parseIwmoIjw(xml, type);
  if (msg.nummer !== '323') throw new Error(`${type} is no declaratie`);
  let saldo = 0;
  for (const c of msg.declaratie.clienten) {
    for (const p of c.prestaties) saldo += (p.ingediendBedrag.debetCredit === 'C' ? -1 : 1) * p.ingediendBedrag.bedrag;
  }
  return setText(setText(xml, 'TotaalBedrag', String(Math.abs(saldo))), 'DebetCredit', saldo < 0 ? 'C' : 'D');
}
