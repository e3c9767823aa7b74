/** Invalid configuration, found at start. The message names the file, the partner and the field. */
export class ConfigError extends Error {
  readonly code = 'config-invalid';
  override readonly name = 'ConfigError';

  constructor(
    message: string,
    readonly file: string,
    readonly partner?: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export interface ConfigProblem {
  /** `"gemeente-0384"` style label is added by the formatter; this is the bare name or `#3` when unnamed. */
  readonly partner?: string;
  /** Dotted path inside the partner as written in the YAML, e.g. `delivery.url`, `identifiers.agb[1]`. */
  readonly field?: string;
  readonly detail: string;
}

export function formatProblem(file: string, problem: ConfigProblem): string {
  const partner = problem.partner === undefined ? '' : problem.partner.startsWith('#') ? ` partner ${problem.partner}:` : ` partner "${problem.partner}":`;
  const field = problem.field === undefined ? '' : ` ${problem.field}:`;
  return `${file}:${partner}${field} ${problem.detail}`;
}

/** One error for all problems (fixing them one start at a time is tedious); partner and field are the first's. */
export function configErrorFrom(file: string, problems: readonly ConfigProblem[]): ConfigError {
  const first = problems[0];
  if (first === undefined) throw new Error('configErrorFrom: no problems given');
  const message = problems.map((problem) => formatProblem(file, problem)).join('\n');
  return new ConfigError(message, file, first.partner, first.field);
}
