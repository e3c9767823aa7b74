// Reads a document libxml2 has parsed (and validated) into plain objects in one pass over the wasm memory: as a
// value tree keyed by local name (`readTree`, what the iWmo/iJw model and header are read from), or as an element
// tree that keeps document order and namespaces (`readElements`, what the iPgb model and every retour builder
// copy from).
//
// Why not the public node API: libxml2-wasm 0.7 wraps every node it hands out in a new JS object, and every
// `name` and `content` is a call into the library (`content` is a malloc, a copy and a free in wasm). Building
// the canonical model of the 7 KB WMO301 that way took about 0.8 ms, four fifths of levels 1–2; this walk
// takes a few dozen µs, because it reads the libxml2 node structs straight from the wasm memory: no wrapper
// object, no call into wasm, each element name decoded once per document.
//
// What it relies on (libxml2-wasm 0.7.2, pinned exactly in package.json): the node pointer a wrapper keeps
// (`_nodePtr`), the library's own internal module `lib/libxml2.mjs` for a view of the wasm memory, and the
// 32-bit layout of libxml2's `struct _xmlNode` and `struct _xmlNs` below (the offsets libxml2-wasm's own
// XmlNodeStruct uses). `checkTreeLayout()` reads a known document both ways and throws when they disagree; the
// adapters call it when they are created, and a unit test runs it, so an upgrade that moves a field fails
// loudly instead of reading garbage; readTree runs it once itself as well.
import { ParseOption, XmlDocument, XmlElement } from 'libxml2-wasm';
import { XmlNodeSetStruct, XmlNodeStruct, XmlNsStruct } from 'libxml2-wasm/lib/libxml2.mjs';

export type XmlValue = string | XmlObject | XmlValue[];
export interface XmlObject { [localName: string]: XmlValue }

// struct _xmlNode (and the common head of _xmlDoc), 32-bit wasm; byte offsets
const TYPE = 4, NAME = 8, CHILDREN = 12, NEXT = 24, NS = 36, CONTENT = 40;
// struct _xmlNs
const NS_HREF = 8;
// xmlElementType
const ELEMENT = 1, TEXT = 3, CDATA = 4;

/** The wasm memory as it is now (it is replaced when libxml2 grows it, so take it after every call into wasm). */
function memory(): ArrayBuffer {
  // nodeTable returns a view on the library's HEAP32; any address will do, only its buffer is used.
  return XmlNodeSetStruct.nodeTable(0, 0).buffer as ArrayBuffer;
}

function nodePointer(el: XmlElement): number {
  const ptr = (el as unknown as { _nodePtr?: unknown })._nodePtr;
  if (typeof ptr !== 'number' || ptr === 0) throw new Error('libxml2-wasm element without a node pointer (library changed?)');
  return ptr;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

export interface TreeOptions {
  /** Also return the text of every element with this local name in this namespace and without child elements, in document order. */
  collect?: { namespace: string; name: string };
}

export interface Tree {
  /** The root element's local name. */
  name: string;
  /**
   * The root element's value: an element with child elements is an object keyed by local name (an element
   * that occurs more than once under the same parent becomes an array, in document order); an element without
   * child elements is its text, text and CDATA concatenated as they stand (comments and processing
   * instructions are left out, as the XSD does). Attributes and namespaces are not kept.
   */
  value: XmlValue;
  /** The texts `collect` asked for. */
  collected: string[];
}

/**
 * Walks the element tree of `root` (a document, or an element of one) once. The document must stay alive
 * during the call; afterwards it may be disposed, the result holds only JS strings.
 */
export function readTree(root: XmlDocument | XmlElement, options: TreeOptions = {}): Tree {
  if (!layoutChecked) checkTreeLayout();
  return walk(root, options);
}

function walk(root: XmlDocument | XmlElement, options: TreeOptions): Tree {
  const el = root instanceof XmlElement ? root : root.root;
  return new TreeWalk(memory(), options.collect).read(nodePointer(el));
}

/** An element as `readElements` gives it: children in document order, each with its namespace. */
export interface TreeElement {
  readonly local: string;
  /** Namespace URI; '' for none. */
  readonly ns: string;
  readonly children: readonly TreeElement[];
  /**
   * Text of an element without child elements: text and CDATA as libxml2 read them (references resolved),
   * comments and processing instructions left out, as the XSD does; '' for an element with child elements.
   */
  readonly text: string;
  /**
   * Locatie-style path as the official XSLT writes it: an index only among same-name siblings. Same-name
   * siblings are adjacent in an XSD-valid iStandaarden message (each repeating element is one particle of a
   * sequence), so a run of equal local names is the group the index counts in.
   */
  readonly path: string;
}

/**
 * The element tree of `root` (a document, or an element of one) in one walk, for builders that copy elements
 * as they stand (retours). Attributes are not kept (the iStandaarden XSDs define none). The document must stay
 * alive during the call; afterwards it may be disposed.
 */
export function readElements(root: XmlDocument | XmlElement): TreeElement {
  if (!layoutChecked) checkTreeLayout();
  return elementWalk(root);
}

function elementWalk(root: XmlDocument | XmlElement): TreeElement {
  const walker = new TreeWalk(memory(), undefined);
  const ptr = nodePointer(root instanceof XmlElement ? root : root.root);
  return walker.elementAt(ptr, `/${walker.nameAt(ptr)}`);
}

/** The first child element with this local name. */
export function childNamed(el: TreeElement, local: string): TreeElement | undefined {
  return el.children.find((c) => c.local === local);
}

class TreeWalk {
  private readonly u8: Uint8Array;
  private readonly u32: Uint32Array;
  /** Element names are interned in the document's dictionary: one decode per distinct name pointer. */
  private readonly names = new Map<number, string>();
  /** namespace pointer → whether it is the collected namespace */
  private readonly collectNs = new Map<number, boolean>();
  /** namespace pointer → its URI */
  private readonly hrefs = new Map<number, string>();
  readonly collected: string[] = [];

  constructor(buffer: ArrayBuffer, private readonly collect: TreeOptions['collect']) {
    this.u8 = new Uint8Array(buffer);
    this.u32 = new Uint32Array(buffer);
  }

  read(rootPtr: number): Tree {
    const name = this.name(rootPtr);
    const value = this.element(rootPtr, this.collect !== undefined && name === this.collect.name);
    return { name, value, collected: this.collected };
  }

  private element(ptr: number, collectThis: boolean): XmlValue {
    const u32 = this.u32;
    let out: XmlObject | undefined;
    // Text is decoded only for an element without child elements: the indentation between child elements is
    // never read, and most values are one text node.
    let firstText = 0;
    let text: string | undefined;
    for (let n = u32[(ptr + CHILDREN) >> 2]!; n > 0; n = u32[(n + NEXT) >> 2]!) {
      const type = u32[(n + TYPE) >> 2];
      if (type === ELEMENT) {
        out ??= {};
        const name = this.name(n);
        const value = this.element(n, this.collect !== undefined && name === this.collect.name);
        const prev = out[name];
        if (prev === undefined) out[name] = value;
        else if (Array.isArray(prev)) prev.push(value);
        else out[name] = [prev, value];
      } else if (out === undefined && (type === TEXT || type === CDATA)) {
        const content = u32[(n + CONTENT) >> 2]!;
        if (firstText === 0 && text === undefined) firstText = content;
        else text = (text ?? this.string(firstText)) + this.string(content);
      }
    }
    if (out !== undefined) return out;
    const value = text ?? (firstText === 0 ? '' : this.string(firstText));
    if (collectThis && this.inCollectedNamespace(ptr)) this.collected.push(value);
    return value;
  }

  /** The element at `ptr` with its subtree, as `readElements` gives it. */
  elementAt(ptr: number, path: string): TreeElement {
    const u32 = this.u32;
    let kids: number[] | undefined;
    let firstText = 0;
    let text: string | undefined;
    for (let n = u32[(ptr + CHILDREN) >> 2]!; n > 0; n = u32[(n + NEXT) >> 2]!) {
      const type = u32[(n + TYPE) >> 2];
      if (type === ELEMENT) (kids ??= []).push(n);
      else if (kids === undefined && (type === TEXT || type === CDATA)) {
        const content = u32[(n + CONTENT) >> 2]!;
        if (firstText === 0 && text === undefined) firstText = content;
        else text = (text ?? this.string(firstText)) + this.string(content);
      }
    }
    const local = this.name(ptr);
    const ns = this.href(ptr);
    if (kids === undefined) return { local, ns, children: [], text: text ?? (firstText === 0 ? '' : this.string(firstText)), path };
    const names = kids.map((k) => this.name(k));
    const children: TreeElement[] = [];
    let i = 0;
    while (i < kids.length) {
      const name = names[i]!;
      let end = i + 1;
      while (end < kids.length && names[end] === name) end++;
      if (end - i === 1) children.push(this.elementAt(kids[i]!, `${path}/${name}`));
      else for (let k = i; k < end; k++) children.push(this.elementAt(kids[k]!, `${path}/${name}[${k - i + 1}]`));
      i = end;
    }
    return { local, ns, children, text: '', path };
  }

  /** The namespace URI of the node at `ptr`; '' for none. */
  private href(ptr: number): string {
    const ns = this.u32[(ptr + NS) >> 2]!;
    if (ns === 0) return '';
    let href = this.hrefs.get(ns);
    if (href === undefined) {
      href = this.string(this.u32[(ns + NS_HREF) >> 2]!);
      this.hrefs.set(ns, href);
    }
    return href;
  }

  /** The element name at `ptr` (for the layout check). */
  nameAt(ptr: number): string {
    return this.name(ptr);
  }

  private name(ptr: number): string {
    const at = this.u32[(ptr + NAME) >> 2]!;
    let name = this.names.get(at);
    if (name === undefined) {
      name = this.string(at);
      this.names.set(at, name);
    }
    return name;
  }

  private inCollectedNamespace(ptr: number): boolean {
    const ns = this.u32[(ptr + NS) >> 2]!;
    if (ns === 0) return false;
    let yes = this.collectNs.get(ns);
    if (yes === undefined) {
      yes = this.string(this.u32[(ns + NS_HREF) >> 2]!) === this.collect!.namespace;
      this.collectNs.set(ns, yes);
    }
    return yes;
  }

  /**
   * A NUL-terminated UTF-8 string. Short ASCII ones (names, codes, dates, amounts) are built char by char,
   * measured about twice as fast as a TextDecoder or Buffer call for strings this short.
   */
  private string(at: number): string {
    const u8 = this.u8;
    let s = '';
    let i = at;
    for (let b = u8[i]!; b !== 0; b = u8[++i]!) {
      if (b > 0x7f || i - at >= 64) {
        let end = i;
        while (u8[end] !== 0) end++;
        return utf8.decode(u8.subarray(at, end));
      }
      s += String.fromCharCode(b);
    }
    return s;
  }
}

// A document with every kind of child the walk must handle: a second namespace, character and entity references,
// CDATA, a comment and a processing instruction between text, repeated and empty elements.
const PROBE = '<r xmlns="urn:a" xmlns:b="urn:b"><b:x>\u00e9&amp;&#x20AC;<![CDATA[<c>]]><!--n--><?p q?>y</b:x>'
  + '<x>1</x><?p?><x> 2 </x><z/><w><v>t</v></w></r>';
const PROBE_TREE: Tree = {
  name: 'r',
  value: { x: ['\u00e9&\u20ac<c>y', '1', ' 2 '], z: '', w: { v: 't' } },
  collected: ['1', ' 2 '],
};
/** The probe as `readElements` must give it: `local ns path text`, depth first. */
const PROBE_ELEMENTS = [
  'r urn:a /r ', 'x urn:b /r/x[1] \u00e9&\u20ac<c>y', 'x urn:a /r/x[2] 1', 'x urn:a /r/x[3]  2 ', 'z urn:a /r/z ',
  'w urn:a /r/w ', 'v urn:a /r/w/v t',
];
const flatten = (el: TreeElement): string[] => [`${el.local} ${el.ns} ${el.path} ${el.text}`, ...el.children.flatMap(flatten)];
let layoutChecked = false;

/**
 * Throws unless this libxml2-wasm lays its nodes out as `readTree` reads them: the field offsets agree with the
 * library's own struct accessors, and a probe document reads as it must. Cheap; the result is remembered.
 */
export function checkTreeLayout(): void {
  if (layoutChecked) return;
  const doc = XmlDocument.fromString(PROBE, { option: ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE });
  try {
    const root = nodePointer(doc.root);
    const u32 = new Uint32Array(memory());
    const first = u32[(root + CHILDREN) >> 2]!;
    const agrees = XmlNodeStruct.type(root) === u32[(root + TYPE) >> 2]
      && XmlNodeStruct.name_(root) === 'r' && XmlNodeStruct.name_(root) === new TreeWalk(memory(), undefined).nameAt(root)
      && XmlNodeStruct.children(root) === first
      && XmlNodeStruct.next(first) === u32[(first + NEXT) >> 2]
      && XmlNodeStruct.namespace(root) === u32[(root + NS) >> 2]
      && XmlNsStruct.href(u32[(root + NS) >> 2]!) === 'urn:a';
    const tree = agrees ? walk(doc, { collect: { namespace: 'urn:a', name: 'x' } }) : undefined;
    const elements = agrees ? flatten(elementWalk(doc)) : undefined;
    if (JSON.stringify(tree) !== JSON.stringify(PROBE_TREE) || JSON.stringify(elements) !== JSON.stringify(PROBE_ELEMENTS)) {
      throw new Error('libxml2-wasm does not lay out its nodes as adapters/xml/tree.ts reads them; check the offsets against the installed version');
    }
  } finally {
    doc.dispose();
  }
  layoutChecked = true;
}
