// What the builders are told about a heen message, and how a finding lands on a message class.
import { RetourBuildError } from './retour-error.ts';
import { RETOURCODES, TECHNISCH_AFGEKEURD } from './retourcodes.ts';

/**
 * One failed rule. A level-2 RuleFailure (rules/) is one as it is; level-3/4 checks give their own code.
 * Code 0001 marks a level-2 (XSLT-level) failure: any such finding makes the retour header-only with 0001.
 */
export interface RetourFinding {
  /** Rule id from the standard, e.g. 'TR332'. */
  rule: string;
  /** WJ001 retour code, e.g. '9332'; '0001' for level 2. */
  code: string;
  /** Element path in Locatie style (/Bericht/Client/ToegewezenProducten/ToegewezenProduct[2]/ToewijzingNummer). */
  path: string;
  /** Non-personal explanation; shown as Details in the validation report. */
  message?: string;
}

export const isTechnischeAfkeur = (f: RetourFinding): boolean => f.code === TECHNISCH_AFGEKEURD;

/** Throws when a finding's code is not a WJ001 retour code (the retour would not validate). */
export function checkFindings(findings: readonly RetourFinding[]): void {
  for (const f of findings) {
    if (!RETOURCODES.has(f.code)) {
      throw new RetourBuildError('RETOUR_UNKNOWN_RETOURCODE', `retour code '${f.code}' of rule ${f.rule} is not in LDT_RetourCode`, f.path);
    }
  }
}

/** The deepest class path that is `path` or one of its ancestors; undefined when the path is in none. */
export function owningClass(path: string, classPaths: ReadonlySet<string>): string | undefined {
  let p = path;
  for (;;) {
    if (classPaths.has(p)) return p;
    const slash = p.lastIndexOf('/');
    if (slash <= 0) return undefined;
    p = p.slice(0, slash);
  }
}

export interface CodesByClass {
  /** Codes of findings that lie in no class (the Header, or the message as a whole). */
  header: string[];
  /** Class path → its codes, each code once, in finding order. */
  classes: Map<string, string[]>;
}

function addCode(list: string[], code: string): void {
  if (!list.includes(code)) list.push(code);
}

export function codesByClass(findings: readonly RetourFinding[], classPaths: ReadonlySet<string>): CodesByClass {
  const header: string[] = [];
  const classes = new Map<string, string[]>();
  for (const f of findings) {
    const owner = owningClass(f.path, classPaths);
    if (owner === undefined) {
      addCode(header, f.code);
      continue;
    }
    let list = classes.get(owner);
    if (!list) classes.set(owner, (list = []));
    addCode(list, f.code);
  }
  return { header, classes };
}
