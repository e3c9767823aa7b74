import type { ErrorDetail } from 'libxml2-wasm';

/** One problem libxml2 reported, with the instance value removed from the message. */
export interface XsdIssue { message: string; line?: number; column?: number; path?: string }

const WITHHELD = '[value withheld]';

// libxml2 quotes the offending instance value in its schema messages ("The value '…' is not
// accepted by the pattern …", "Element 'X': '…' is not a valid value of …"). That value can be a
// BSN or a name, which never goes into an error message, so it is cut out. Greedy on purpose:
// a value that itself contains a quote is over-redacted rather than half shown.
const VALUE_PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  [/The (actual |initial )?value '.*' (is|has|must|does) /s, `The $1value ${WITHHELD} $2 `],
  [/^(Element '[^']*'(?:, attribute '[^']*')?: )'.*' (is not a valid value of )/s, `$1${WITHHELD} $2`],
];

export function redactValues(message: string): string {
  let out = message;
  for (const [pattern, replacement] of VALUE_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** Maps libxml2 error details to issues: trimmed, values withheld, column only when libxml2 knows it. */
export function toXsdIssues(details: readonly ErrorDetail[], limit: number): XsdIssue[] {
  const issues: XsdIssue[] = [];
  for (const d of details) {
    if (issues.length === limit) break;
    const issue: XsdIssue = { message: redactValues(d.message.trim()) };
    if (d.line > 0) issue.line = d.line;
    if (d.col > 0) issue.column = d.col;
    if (d.xpath) issue.path = d.xpath;
    issues.push(issue);
  }
  return issues;
}
