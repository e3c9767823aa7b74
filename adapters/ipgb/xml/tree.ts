// A plain element tree of a libxml2 document: read once from the document that was just validated, so the
// model and the retour need no second XML parser. Comments, processing instructions and whitespace between
// elements are dropped; attributes too (the iStandaarden XSDs define none).
import { XmlElement as LibxmlElement, type XmlDocument } from 'libxml2-wasm';
import { childNodes } from '../../xml/children.ts';

export interface TreeElement {
  readonly local: string;
  /** Namespace URI; '' for none. */
  readonly ns: string;
  readonly children: TreeElement[];
  /** Decoded text of an element without element children; '' otherwise. */
  readonly text: string;
  /** Locatie-style path: an index only among same-name siblings. */
  path: string;
}

function read(el: LibxmlElement): TreeElement {
  const children: TreeElement[] = [];
  for (const n of childNodes(el)) {
    if (n instanceof LibxmlElement) children.push(read(n));
  }
  return { local: el.name, ns: el.namespaceUri, children, text: children.length === 0 ? el.content : '', path: '' };
}

// Same-name siblings are adjacent in an XSD-valid iPgb message (each repeating element is one particle of a
// sequence), so a run of equal names is the group the index counts in.
function assignPaths(el: TreeElement, path: string): void {
  el.path = path;
  const kids = el.children;
  let i = 0;
  while (i < kids.length) {
    const local = kids[i]!.local;
    let end = i + 1;
    while (end < kids.length && kids[end]!.local === local) end++;
    if (end - i === 1) assignPaths(kids[i]!, `${path}/${local}`);
    else for (let k = i; k < end; k++) assignPaths(kids[k]!, `${path}/${local}[${k - i + 1}]`);
    i = end;
  }
}

export function readTree(doc: XmlDocument): TreeElement {
  const root = read(doc.root);
  assignPaths(root, `/${root.local}`);
  return root;
}

export function childNamed(el: TreeElement, local: string): TreeElement | undefined {
  return el.children.find((c) => c.local === local);
}
