/**
 * "Gevuld" in the official XSLT's sense (testvalue '*': normalize-space(text()) != ''): the element is there
 * with non-blank text. Only this presence test ignores whitespace, as the XSLT does; rules that compare a
 * value use it as the model gives it, untrimmed.
 */
export function gevuld(value: string | number | undefined): boolean {
  return value !== undefined && String(value).trim() !== '';
}
