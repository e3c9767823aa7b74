import type { BerichtType, CanonicalMessage } from '../../model/index.ts';
import type { ControleNiveau, Rule, RuleContext, RuleFailure } from '../types.ts';

export type Fail = (path: string, detail?: string) => void;

interface RuleSpec {
  id: string;
  appliesTo: readonly BerichtType[];
  /** The element (class) the rule is about, in words for the catalogue: 'Naam/NaamGebruik'. */
  element: string;
  /** The rule's definition as published; becomes the failure message. */
  definitie: string;
  level?: ControleNiveau;
  retourCode?: string;
  check(msg: CanonicalMessage, fail: Fail, ctx: RuleContext): void;
}

/** A rule from its id, scope and definition; level 2 with retour code 0001 unless said otherwise. */
export function defineRule(spec: RuleSpec): Rule {
  const level = spec.level ?? 2;
  const retourCode = spec.retourCode ?? '0001';
  return {
    id: spec.id,
    appliesTo: spec.appliesTo,
    level,
    retourCode,
    element: spec.element,
    definitie: spec.definitie,
    check(msg, ctx) {
      const failures: RuleFailure[] = [];
      spec.check(msg, (path, detail) => {
        failures.push({ rule: spec.id, code: retourCode, path, message: detail ? `${spec.definitie} (${detail})` : spec.definitie });
      }, ctx);
      return failures;
    },
  };
}
