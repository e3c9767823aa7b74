import { childNamed, type TreeElement } from '../../xml/tree.ts';
import { IpgbModelError } from './model-error.ts';

/** Path-aware access to one element of the tree. */
export class Reader {
  constructor(private readonly el: TreeElement) {}

  get path(): string {
    return this.el.path;
  }

  text(name: string): string | undefined {
    const c = childNamed(this.el, name);
    if (c === undefined) return undefined;
    if (c.children.length > 0) throw new IpgbModelError('IPGB_TYPE_MISMATCH', `expected a simple value in ${c.path}`, c.path);
    return c.text.trim();
  }

  requireText(name: string): string {
    const v = this.text(name);
    if (v === undefined) throw this.missing(name);
    return v;
  }

  /** xs:integer (amounts in eurocent, Huisnummer). */
  number(name: string): number | undefined {
    const v = this.text(name);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (v === '' || !Number.isSafeInteger(n)) throw new IpgbModelError('IPGB_NOT_A_NUMBER', `expected an integer in ${this.path}/${name}`, `${this.path}/${name}`);
    return n;
  }

  requireNumber(name: string): number {
    const v = this.number(name);
    if (v === undefined) throw this.missing(name);
    return v;
  }

  child(name: string): Reader | undefined {
    const c = childNamed(this.el, name);
    return c && new Reader(c);
  }

  requireChild(name: string): Reader {
    const c = this.child(name);
    if (c === undefined) throw this.missing(name);
    return c;
  }

  /** The repeating `item` elements inside the optional `wrapper` (FunctieBudgetten/FunctieBudget). */
  list(wrapper: string, item: string): Reader[] {
    const w = childNamed(this.el, wrapper);
    return w === undefined ? [] : w.children.filter((c) => c.local === item).map((c) => new Reader(c));
  }

  /** RetourCodes/RetourCode of a class in a retour; undefined when absent. */
  retourCodes(): string[] | undefined {
    const w = childNamed(this.el, 'RetourCodes');
    return w && w.children.filter((c) => c.local === 'RetourCode').map((c) => c.text.trim());
  }

  private missing(name: string): IpgbModelError {
    return new IpgbModelError('IPGB_MISSING_ELEMENT', `missing element ${this.path}/${name}`, `${this.path}/${name}`);
  }
}
