const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text or attribute value as XML: the five special characters as entities. */
export function escapeXml(value: string): string {
  return /[&<>"']/.test(value) ? value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c) : value;
}

const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The value of XML text without markup: predefined entities and character references resolved. */
export function decodeEntities(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (m, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    return NAMED[ref] ?? m;
  });
}

/**
 * The character data of a leaf element's raw source: CDATA sections taken literally, comments and processing
 * instructions dropped, entities and character references resolved elsewhere.
 */
export function textValue(raw: string): string {
  if (!raw.includes('<')) return decodeEntities(raw);
  let out = '';
  let pos = 0;
  for (;;) {
    const lt = raw.indexOf('<', pos);
    if (lt < 0) return out + decodeEntities(raw.slice(pos));
    out += decodeEntities(raw.slice(pos, lt));
    const [open, close] = raw.startsWith('<![CDATA[', lt) ? ['<![CDATA[', ']]>'] : raw.startsWith('<!--', lt) ? ['<!--', '-->'] : ['<?', '?>'];
    const end = raw.indexOf(close, lt + open.length);
    if (end < 0) return out + raw.slice(lt); // not well-formed; the parser would have refused it
    if (open === '<![CDATA[') out += raw.slice(lt + open.length, end);
    pos = end + close.length;
  }
}
