// Writes a retour by string concatenation, indented with tabs like the published examples. Copied
// elements keep their leaf text as libxml2 read it (escaped again, so it reads back the same); every element
// gets the retour's own prefix for its namespace.
import { escapeText } from '../../xml/escape.ts';
import type { TreeElement } from '../../xml/tree.ts';
import { RetourBuildError } from './retour-error.ts';

/** RetourCodes to add as last child of a copied element; undefined for elements that get none. */
export type CodesFor = (el: TreeElement) => readonly string[] | undefined;

const noCodes: CodesFor = () => undefined;

export class XmlWriter {
  out = '<?xml version="1.0" encoding="UTF-8"?>\n';
  private readonly tabs: string[] = [''];

  /**
   * @param prefixes namespace URI → prefix used in the output (heen message namespace → retour prefix,
   * basisschema namespace → its prefix)
   * @param berichtPrefix prefix of the retour's own message namespace (for new elements and RetourCodes)
   */
  constructor(private readonly prefixes: ReadonlyMap<string, string>, readonly berichtPrefix: string) {}

  private indent(depth: number): string {
    let t = this.tabs[depth];
    if (t === undefined) {
      t = '\t'.repeat(depth);
      this.tabs[depth] = t;
    }
    return t;
  }

  private qname(el: TreeElement): string {
    const p = this.prefixes.get(el.ns);
    if (p === undefined) throw new RetourBuildError('RETOUR_XML_MISMATCH', `element ${el.path} is in an unexpected namespace`, el.path);
    return `${p}:${el.local}`;
  }

  /** Start tag of a new element in the retour's message namespace. */
  open(local: string, depth: number, attributes = ''): void {
    this.out += `${this.indent(depth)}<${this.berichtPrefix}:${local}${attributes}>\n`;
  }

  close(local: string, depth: number): void {
    this.out += `${this.indent(depth)}</${this.berichtPrefix}:${local}>\n`;
  }

  /** A simple element; `text` must already be XML-escaped (`text` escapes a model value). `prefix` defaults to the message prefix. */
  leaf(local: string, text: string, depth: number, prefix = this.berichtPrefix): void {
    this.out += `${this.indent(depth)}<${prefix}:${local}>${text}</${prefix}:${local}>\n`;
  }

  /** A simple element with a value from the model (escaped here). */
  text(local: string, value: string, depth: number, prefix = this.berichtPrefix): void {
    this.leaf(local, escapeText(value), depth, prefix);
  }

  retourCodes(codes: readonly string[], depth: number): void {
    const p = this.berichtPrefix;
    const ind = this.indent(depth + 1);
    let s = `${this.indent(depth)}<${p}:RetourCodes>\n`;
    for (const c of codes) s += `${ind}<${p}:RetourCode>${c}</${p}:RetourCode>\n`;
    this.out += `${s}${this.indent(depth)}</${p}:RetourCodes>\n`;
  }

  /** Copies a heen element (and its subtree) under `name` (default its own name), adding RetourCodes per codesFor. */
  copy(el: TreeElement, depth: number, codesFor: CodesFor = noCodes, name?: string): void {
    const qn = name === undefined ? this.qname(el) : `${this.berichtPrefix}:${name}`;
    const ind = this.indent(depth);
    const codes = codesFor(el);
    if (el.children.length === 0 && codes === undefined) {
      this.out += el.text === '' ? `${ind}<${qn}/>\n` : `${ind}<${qn}>${escapeText(el.text)}</${qn}>\n`;
      return;
    }
    this.out += `${ind}<${qn}>\n`;
    for (const c of el.children) this.copy(c, depth + 1, codesFor);
    if (codes !== undefined) this.retourCodes(codes, depth + 1);
    this.out += `${ind}</${qn}>\n`;
  }
}
