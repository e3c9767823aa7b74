import { XmlXPath, type XmlElement, type XmlNode, type XmlTreeNode } from 'libxml2-wasm';

// libxml2-wasm gives a processing-instruction node no `next`, so a sibling walk ends (and throws) at a `<?pi?>`,
// which an XSD allows between any elements. Every reader walks children through this: the walk is kept for
// speed, and XPath takes over at such a node.
const CHILD_NODES = XmlXPath.compile('node()');

/** Every child node of `el` (elements, text, CDATA, comments, processing instructions), in document order. */
export function childNodes(el: XmlElement): XmlNode[] {
  const out: XmlNode[] = [];
  for (let n: XmlTreeNode | null | undefined = el.firstChild; n !== null; n = n.next) {
    if (n === undefined) return el.find(CHILD_NODES);
    out.push(n);
  }
  return out;
}
