// Reads a retour back independently of the builder (fast-xml-parser, order preserved): the RetourCodes of
// every element that has them, keyed by the element's Locatie-style path.
import { XMLParser } from 'fast-xml-parser';

type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true, removeNSPrefix: true, ignoreAttributes: true, ignoreDeclaration: true, parseTagValue: false, trimValues: true,
});

const nameOf = (n: XmlNode): string | undefined => Object.keys(n).find((k) => k !== ':@' && k !== '#text');

function text(nodes: XmlNode[]): string {
  return nodes.map((n) => (typeof n['#text'] === 'string' ? n['#text'] : '')).join('');
}

/** Visits every element with its path (an index only among same-name siblings, like the XSLT). */
export function walk(xml: string, visit: (path: string, local: string, children: XmlNode[]) => void): void {
  const go = (nodes: XmlNode[], parent: string) => {
    const counts = new Map<string, number>();
    for (const n of nodes) {
      const name = nameOf(n);
      if (name) counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    const seen = new Map<string, number>();
    for (const n of nodes) {
      const name = nameOf(n);
      if (!name) continue;
      const i = (seen.get(name) ?? 0) + 1;
      seen.set(name, i);
      const path = `${parent}/${name}${(counts.get(name) ?? 0) > 1 ? `[${i}]` : ''}`;
      const children = n[name] as XmlNode[];
      visit(path, name, children);
      go(children, path);
    }
  };
  go(parser.parse(xml) as XmlNode[], '');
}

/** Path of each element with RetourCodes → its codes. */
export function retourCodesByPath(xml: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  walk(xml, (path, local, children) => {
    if (local !== 'RetourCodes') return;
    const owner = path.slice(0, path.lastIndexOf('/'));
    out[owner] = children.filter((c) => nameOf(c) === 'RetourCode').map((c) => text(c['RetourCode'] as XmlNode[]));
  });
  return out;
}

/** Text of the first element at `path` ('' when absent). */
export function textAt(xml: string, path: string): string | undefined {
  let found: string | undefined;
  walk(xml, (p, _local, children) => {
    if (found === undefined && p === path) found = text(children);
  });
  return found;
}

/** Paths of every element whose local name is in `names`. */
export function pathsOf(xml: string, names: ReadonlySet<string>): string[] {
  const out: string[] = [];
  walk(xml, (p, local) => {
    if (names.has(local)) out.push(p);
  });
  return out;
}
