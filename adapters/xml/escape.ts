/**
 * Element text as XML that a parser reads back as the same text: `&`, `<` and `>` as entities, and a carriage
 * return as a character reference (a literal one would be read as a line feed). Quotes need no escaping in text.
 */
export function escapeText(text: string): string {
  return /[&<>\r]/.test(text) ? text.replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;')) : text;
}
