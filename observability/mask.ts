const NINE_DIGITS = /(?<!\d)\d{9}(?!\d)/g;

/** A run of exactly nine digits (the length of a BSN) masked: for URLs, identifiers and stack frames in logs. */
export function maskDigits(text: string): string {
  return text.replace(NINE_DIGITS, '*********');
}
