import type { BerichtType, CanonicalMessage } from '../model/index.ts';

export interface RuleContext {
  /** Today's date (YYYY-MM-DD, Dutch time); only external-source rules (level 4) may depend on it. */
  today: string;
}

export interface RuleFailure {
  /** Rule id from the standard, e.g. 'TR380'. */
  rule: string;
  /** Retour code: '0001' for every level-2 rule (header-only retour), the rule's own code at level 4. */
  code: string;
  /** Element path in the official XSLT's Locatie style: /Bericht/Client/Verzoek/NieuweProducten/NieuwProduct/GewensteIngangsdatum */
  path: string;
  /** The rule's definition, with non-personal detail; never a BSN, name or birth date. */
  message: string;
}

/**
 * Control level (IV032): 2 = checkable inside the message (XSLT; failure ⇒ header-only retour 0001),
 * 4 = needs an external source. The only level-4 rule here (TR346) is checked with what the message
 * itself says, so it lives here but never runs in runLevel2.
 */
export type ControleNiveau = 2 | 4;

export interface Rule {
  id: string;
  appliesTo: readonly BerichtType[];
  level: ControleNiveau;
  retourCode: string;
  /** The element (class) the rule is about, in words: 'Naam/NaamGebruik'. */
  element: string;
  /** The rule's definition as the standard publishes it (one line); the failure message and the catalogue's meaning. */
  definitie: string;
  check(msg: CanonicalMessage, ctx: RuleContext): RuleFailure[];
}
