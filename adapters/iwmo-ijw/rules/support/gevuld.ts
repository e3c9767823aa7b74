/**
 * "Gevuld" in the official XSLT's sense (testvalue '*'): the element is there with non-blank text. The model
 * trims values and leaves absent elements undefined, so this is "present and not empty".
 */
export function gevuld(value: string | number | undefined): boolean {
  return value !== undefined && String(value).trim() !== '';
}
