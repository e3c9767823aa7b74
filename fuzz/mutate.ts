// Mutations of a seed message: structure-blind (byte flips, truncation, inserted bytes) and
// structure-aware for XML (element duplication, removal and reordering, processing instructions,
// comments, CDATA, entities, huge attributes, deep nesting), JSON (keys, types, nesting) and LO3
// (length fields, digits, segments). Deterministic for a given random source, so a finding can be
// made again from its seed and index.

/** A small, fast, seedable PRNG (mulberry32). */
export function randomSource(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;
export type Mutator = (input: Buffer, rnd: Random) => Buffer;

const int = (rnd: Random, n: number) => Math.floor(rnd() * n);
const pick = <T>(rnd: Random, items: readonly T[]): T => items[int(rnd, items.length)]!;

// ---- structure-blind ----

export const flipBytes: Mutator = (input, rnd) => {
  if (input.length === 0) return input;
  const out = Buffer.from(input);
  for (let k = 1 + int(rnd, 8); k > 0; k--) {
    const i = int(rnd, out.length);
    out[i] = out[i]! ^ (1 << int(rnd, 8));
  }
  return out;
};

export const setBytes: Mutator = (input, rnd) => {
  if (input.length === 0) return input;
  const out = Buffer.from(input);
  const special = [0x00, 0x0a, 0x0d, 0x22, 0x26, 0x27, 0x3c, 0x3e, 0x5c, 0x7b, 0x7d, 0x7f, 0x80, 0xc0, 0xff, 0xfe, 0xef];
  for (let k = 1 + int(rnd, 4); k > 0; k--) out[int(rnd, out.length)] = pick(rnd, special);
  return out;
};

export const truncate: Mutator = (input, rnd) => input.subarray(0, int(rnd, input.length + 1));

export const insertBytes: Mutator = (input, rnd) => {
  const at = int(rnd, input.length + 1);
  const chunk = Buffer.from(pick(rnd, ['\u0000', '\uFFFD', '\r\n', '\u2028', '<', '>', '&', ']]>', '"', '{', '}', '[', ']', ',', '\\u0000', '𝄞', ' ']));
  return Buffer.concat([input.subarray(0, at), chunk, input.subarray(at)]);
};

export const duplicateRange: Mutator = (input, rnd) => {
  if (input.length < 2) return input;
  const from = int(rnd, input.length), len = 1 + int(rnd, Math.min(512, input.length - from));
  const at = int(rnd, input.length + 1);
  return Buffer.concat([input.subarray(0, at), input.subarray(from, from + len), input.subarray(at)]);
};

export const removeRange: Mutator = (input, rnd) => {
  if (input.length < 2) return input;
  const from = int(rnd, input.length), len = 1 + int(rnd, Math.min(256, input.length - from));
  return Buffer.concat([input.subarray(0, from), input.subarray(from + len)]);
};

// ---- XML ----

const LEAF = /<([A-Za-z_][\w.:-]*)(\s[^<>]*)?>[^<]*<\/\1>/g;
const START_TAG = /<([A-Za-z_][\w.:-]*)(\s[^<>]*?)?(\/?)>/g;

function matches(text: string, re: RegExp): RegExpExecArray[] {
  re.lastIndex = 0;
  const out: RegExpExecArray[] = [];
  for (let m = re.exec(text); m !== null && out.length < 2000; m = re.exec(text)) out.push(m);
  return out;
}

/** A position just after a '>' (between markup), or anywhere when there is none. */
function boundary(text: string, rnd: Random): number {
  const gts: number[] = [];
  for (let i = text.indexOf('>'); i >= 0 && gts.length < 5000; i = text.indexOf('>', i + 1)) gts.push(i + 1);
  return gts.length > 0 ? pick(rnd, gts) : int(rnd, text.length + 1);
}

function textMutator(f: (text: string, rnd: Random) => string): Mutator {
  return (input, rnd) => Buffer.from(f(input.toString('utf8'), rnd), 'utf8');
}

const insertAt = (text: string, at: number, what: string) => text.slice(0, at) + what + text.slice(at);

export const xmlDuplicateElement = textMutator((text, rnd) => {
  const leaves = matches(text, LEAF);
  if (leaves.length === 0) return text;
  const m = pick(rnd, leaves);
  const end = m.index + m[0].length;
  return text.slice(0, end) + m[0].repeat(1 + int(rnd, 3)) + text.slice(end);
});

export const xmlRemoveElement = textMutator((text, rnd) => {
  const leaves = matches(text, LEAF);
  if (leaves.length === 0) return text;
  const m = pick(rnd, leaves);
  return text.slice(0, m.index) + text.slice(m.index + m[0].length);
});

export const xmlSwapElements = textMutator((text, rnd) => {
  const leaves = matches(text, LEAF);
  if (leaves.length < 2) return text;
  const i = int(rnd, leaves.length - 1);
  const a = leaves[i]!, b = leaves[i + 1]!;
  const aEnd = a.index + a[0].length;
  if (aEnd > b.index) return text;
  return text.slice(0, a.index) + b[0] + text.slice(aEnd, b.index) + a[0] + text.slice(b.index + b[0].length);
});

export const xmlProcessingInstruction = textMutator((text, rnd) => {
  const pi = pick(rnd, ['<?x "?>', "<?x '?>", '<?pi data?>', '<?x?>', '<?xml-stylesheet href="a"?>', '<?x <y>?>', '<?x ?? >?>', '<?xml version="1.0"?>', '<?x\u0000?>']);
  // Inside a text value too (the XSD allows a PI anywhere in an element's content).
  const at = rnd() < 0.3 ? int(rnd, text.length + 1) : boundary(text, rnd);
  return insertAt(text, at, pi);
});

export const xmlComment = textMutator((text, rnd) => insertAt(text, boundary(text, rnd), pick(rnd, ['<!-- c -->', '<!---->', '<!-- -- -->', '<!-- <x> -->', '<!--->'])));

export const xmlCdata = textMutator((text, rnd) => {
  const leaves = matches(text, LEAF);
  if (leaves.length === 0) return insertAt(text, boundary(text, rnd), '<![CDATA[x]]>');
  const m = pick(rnd, leaves);
  const open = m[0].indexOf('>') + 1, close = m[0].lastIndexOf('</');
  const inner = m[0].slice(open, close);
  const cut = int(rnd, inner.length + 1);
  const replaced = rnd() < 0.5 ? `<![CDATA[${inner}]]>` : `${inner.slice(0, cut)}<![CDATA[]]>${inner.slice(cut)}`;
  return text.slice(0, m.index) + m[0].slice(0, open) + replaced + m[0].slice(close) + text.slice(m.index + m[0].length);
});

export const xmlEntity = textMutator((text, rnd) => {
  const entity = pick(rnd, ['&amp;', '&lt;', '&#x41;', '&#65;', '&#0;', '&#x10FFFF;', '&#xD800;', '&undefined;', '&', '&#;', '&#x;', '&quot;', '&apos;']);
  const leaves = matches(text, LEAF);
  if (leaves.length === 0 || rnd() < 0.2) return insertAt(text, int(rnd, text.length + 1), entity);
  const m = pick(rnd, leaves);
  const at = m.index + m[0].indexOf('>') + 1;
  return insertAt(text, at, entity);
});

export const xmlHugeAttribute = textMutator((text, rnd) => {
  const tags = matches(text, START_TAG);
  if (tags.length === 0) return text;
  const m = pick(rnd, tags);
  const size = pick(rnd, [1_000, 70_000, 1_100_000]);
  const value = rnd() < 0.5 ? 'a'.repeat(size) : '&amp;'.repeat(size / 5);
  const at = m.index + 1 + m[1]!.length;
  return insertAt(text, at, ` huge${int(rnd, 10)}="${value}"`);
});

export const xmlDuplicateAttribute = textMutator((text, rnd) => {
  const tags = matches(text, START_TAG).filter((m) => m[2] && /=/.test(m[2]));
  if (tags.length === 0) return text;
  const m = pick(rnd, tags);
  const attr = /\s([\w.:-]+="[^"]*")/.exec(m[2]!);
  if (!attr) return text;
  const at = m.index + 1 + m[1]!.length;
  return insertAt(text, at, ` ${attr[1]}`);
});

export const xmlDeepNesting = textMutator((text, rnd) => {
  const depth = pick(rnd, [50, 300, 3_000, 20_000]);
  const name = pick(rnd, ['a', 'Client', 'object']);
  return insertAt(text, boundary(text, rnd), `<${name}>`.repeat(depth) + `</${name}>`.repeat(depth));
});

export const xmlNamespaceChange = textMutator((text, rnd) => {
  const ns = matches(text, /xmlns(:[\w.-]+)?="([^"]*)"/g);
  if (ns.length === 0) return text;
  const m = pick(rnd, ns);
  const value = pick(rnd, ['', 'urn:x', m[2]!.replace(/\d/g, '9'), `${m[2]}/`, m[2]!.slice(0, -1)]);
  return text.slice(0, m.index) + `xmlns${m[1] ?? ''}="${value}"` + text.slice(m.index + m[0].length);
});

export const xmlValueChange = textMutator((text, rnd) => {
  const leaves = matches(text, LEAF);
  if (leaves.length === 0) return text;
  const m = pick(rnd, leaves);
  const open = m[0].indexOf('>') + 1, close = m[0].lastIndexOf('</');
  const value = pick(rnd, ['', ' ', '0', '-1', '99999999999999999999', '2025-02-30', '20250230', 'x'.repeat(300), '\u00e9', '123456782', '999999999', 'true', 'NaN', '1e999']);
  return text.slice(0, m.index) + m[0].slice(0, open) + value + m[0].slice(close) + text.slice(m.index + m[0].length);
});

export const xmlDoctype = textMutator((text, rnd) => {
  const decl = pick(rnd, ['<!DOCTYPE a>', '<!DOCTYPE a [<!ENTITY x "y">]>', '<!doctype a SYSTEM "file:///etc/passwd">']);
  const afterDecl = text.startsWith('<?xml') ? text.indexOf('?>') + 2 : 0;
  return insertAt(text, rnd() < 0.7 ? afterDecl : boundary(text, rnd), decl);
});

// ---- JSON ----

function jsonMutator(f: (value: unknown, rnd: Random) => unknown): Mutator {
  return (input, rnd) => {
    let value: unknown;
    try { value = JSON.parse(input.toString('utf8')); } catch { return flipBytes(input, rnd); }
    return Buffer.from(JSON.stringify(f(value, rnd)), 'utf8');
  };
}

/** Every container (object or array) in the value, with the value itself. */
function containers(value: unknown, out: Array<Record<string, unknown> | unknown[]> = []): Array<Record<string, unknown> | unknown[]> {
  if (out.length > 5000) return out;
  if (Array.isArray(value)) { out.push(value); for (const v of value) containers(v, out); }
  else if (value !== null && typeof value === 'object') { out.push(value as Record<string, unknown>); for (const v of Object.values(value)) containers(v, out); }
  return out;
}

const ODD_VALUES: readonly unknown[] = [null, true, 0, -1, 1.5, 1e308, '', ' ', 'x'.repeat(10_000), [], {}, [null], { a: 1 }, '9999999999', '00000000', '\u0000', '2025-13-45'];

export const jsonChangeValue = jsonMutator((value, rnd) => {
  const cs = containers(value);
  if (cs.length === 0) return pick(rnd, ODD_VALUES);
  const c = pick(rnd, cs);
  if (Array.isArray(c)) { if (c.length > 0) c[int(rnd, c.length)] = pick(rnd, ODD_VALUES); }
  else { const keys = Object.keys(c); if (keys.length > 0) c[pick(rnd, keys)] = pick(rnd, ODD_VALUES); }
  return value;
});

export const jsonRemoveKey = jsonMutator((value, rnd) => {
  const cs = containers(value);
  if (cs.length === 0) return value;
  const c = pick(rnd, cs);
  if (Array.isArray(c)) { if (c.length > 0) c.splice(int(rnd, c.length), 1); }
  else { const keys = Object.keys(c); if (keys.length > 0) delete c[pick(rnd, keys)]; }
  return value;
});

export const jsonDuplicate = jsonMutator((value, rnd) => {
  const cs = containers(value).filter(Array.isArray);
  if (cs.length === 0) return value;
  const c = pick(rnd, cs);
  if (c.length > 0) c.push(...Array.from({ length: 1 + int(rnd, 3) }, () => structuredClone(c[int(rnd, c.length)])));
  return value;
});

export const jsonDeepNesting: Mutator = (input, rnd) => {
  const depth = pick(rnd, [100, 2_000, 50_000]);
  const text = input.toString('utf8');
  const at = text.lastIndexOf('}');
  if (at < 0) return input;
  return Buffer.from(`${text.slice(0, at)},"deep":${'['.repeat(depth)}${']'.repeat(depth)}${text.slice(at)}`);
};

export const jsonDuplicateKey: Mutator = (input, rnd) => {
  const text = input.toString('utf8');
  const keys = matches(text, /"([\w$]+)"\s*:\s*("[^"]*"|[-\d.]+|true|false|null)/g);
  if (keys.length === 0) return input;
  const m = pick(rnd, keys);
  const end = m.index + m[0].length;
  return Buffer.from(`${text.slice(0, end)},${m[0]}${text.slice(end)}`);
};

// ---- LO3 ----

/** Changes a digit somewhere (lengths, element numbers and values are all digits). */
export const lo3Digit: Mutator = (input, rnd) => {
  const digits: number[] = [];
  for (let i = 0; i < input.length; i++) if (input[i]! >= 0x30 && input[i]! <= 0x39) digits.push(i);
  if (digits.length === 0) return input;
  const out = Buffer.from(input);
  for (let k = 1 + int(rnd, 3); k > 0; k--) out[pick(rnd, digits)] = 0x30 + int(rnd, 10);
  return out;
};

export const lo3NonDigit: Mutator = (input, rnd) => {
  const out = Buffer.from(input);
  if (out.length === 0) return out;
  out[int(rnd, out.length)] = pick(rnd, [0x20, 0x41, 0x2d, 0x00, 0xc1, 0xff, 0x7f]);
  return out;
};

export const lo3Extend: Mutator = (input, rnd) => {
  const extra = pick(rnd, ['0', '00000', '99999', `01${'0'.repeat(3)}`, '9'.repeat(20), Buffer.alloc(70_000, 0x30).toString('latin1')]);
  const at = rnd() < 0.5 ? input.length : int(rnd, input.length + 1);
  return Buffer.concat([input.subarray(0, at), Buffer.from(extra, 'latin1'), input.subarray(at)]);
};

export const lo3Teletex: Mutator = (input, rnd) => {
  const out = Buffer.from(input);
  if (out.length === 0) return out;
  // Teletex (T.61) diacritic prefixes and bytes without a mapping.
  out[int(rnd, out.length)] = pick(rnd, [0xc1, 0xc2, 0xc8, 0xcf, 0xa0, 0xff, 0x80, 0x1b, 0xe0, 0xfe]);
  return out;
};

export const BLIND: readonly Mutator[] = [flipBytes, setBytes, truncate, insertBytes, duplicateRange, removeRange];
export const XML: readonly Mutator[] = [
  xmlDuplicateElement, xmlRemoveElement, xmlSwapElements, xmlProcessingInstruction, xmlComment, xmlCdata, xmlEntity,
  xmlHugeAttribute, xmlDuplicateAttribute, xmlDeepNesting, xmlNamespaceChange, xmlValueChange, xmlDoctype,
];
export const JSON_MUTATORS: readonly Mutator[] = [jsonChangeValue, jsonRemoveKey, jsonDuplicate, jsonDeepNesting, jsonDuplicateKey];
export const LO3: readonly Mutator[] = [lo3Digit, lo3NonDigit, lo3Extend, lo3Teletex];

const NAMES = new Map<Mutator, string>(Object.entries({
  flipBytes, setBytes, truncate, insertBytes, duplicateRange, removeRange,
  xmlDuplicateElement, xmlRemoveElement, xmlSwapElements, xmlProcessingInstruction, xmlComment, xmlCdata, xmlEntity,
  xmlHugeAttribute, xmlDuplicateAttribute, xmlDeepNesting, xmlNamespaceChange, xmlValueChange, xmlDoctype,
  jsonChangeValue, jsonRemoveKey, jsonDuplicate, jsonDeepNesting, jsonDuplicateKey, lo3Digit, lo3NonDigit, lo3Extend, lo3Teletex,
}).map(([name, m]) => [m, name]));

/** Mutators costly per input (megabytes, deep trees): drawn less often. */
const EXPENSIVE = new Set<Mutator>([xmlHugeAttribute, xmlDeepNesting, jsonDeepNesting]);

/** One to three mutations stacked; structure-aware ones three times as often as blind ones. */
export function mutate(seed: Buffer, aware: readonly Mutator[], rnd: Random): { input: Buffer; applied: string[] } {
  let input = seed;
  const applied: string[] = [];
  for (let k = 1 + int(rnd, 3); k > 0; k--) {
    let m = rnd() < 0.75 && aware.length > 0 ? pick(rnd, aware) : pick(rnd, BLIND);
    if (EXPENSIVE.has(m) && rnd() < 0.8) m = pick(rnd, BLIND);
    try {
      input = m(input, rnd);
    } catch {
      // A structure-aware mutator may choke on what an earlier one made (a JSON too deep to clone).
      m = flipBytes;
      input = m(input, rnd);
    }
    applied.push(NAMES.get(m) ?? 'mutator');
  }
  return { input, applied };
}
