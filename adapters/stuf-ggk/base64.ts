export type Base64Verdict =
  | { ok: true; bytes: Buffer }
  | { ok: false; reason: 'empty' }
  | { ok: false; reason: 'character' | 'length' | 'padding'; offset: number };

// 1 for the 64 alphabet characters, 2 for XML white space, 3 for '='; 0 for everything else.
const CLASS = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') CLASS[c.charCodeAt(0)] = 1;
for (const c of ' \t\r\n') CLASS[c.charCodeAt(0)] = 2;
CLASS[0x3d] = 3;

/**
 * Strict xs:base64Binary decoding in one pass: XML white space is ignored; a character outside the alphabet,
 * anything but '=' after padding, more than two '=' or a length that is not a multiple of 4 is refused (Node's
 * own decoder would silently skip such characters and hand back other bytes). `offset` is the character
 * position in `text`.
 */
export function decodeBase64Strict(text: string): Base64Verdict {
  let count = 0, padding = 0, paddingAt = -1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const cls = code < 128 ? CLASS[code] : 0;
    if (cls === 1) {
      if (padding > 0) return { ok: false, reason: 'padding', offset: paddingAt };
      count++;
    } else if (cls === 3) {
      if (padding === 0) paddingAt = i;
      if (++padding > 2) return { ok: false, reason: 'padding', offset: paddingAt };
      count++;
    } else if (cls !== 2) {
      return { ok: false, reason: 'character', offset: i };
    }
  }
  if (count === 0) return { ok: false, reason: 'empty' };
  if (count % 4 !== 0) return { ok: false, reason: 'length', offset: text.length };
  // Only white space remains to skip, which Node's decoder does.
  return { ok: true, bytes: Buffer.from(text, 'base64') };
}
