// A refusal's reason that is an iWmo/iJw rule id (TR380, CS050, CD005) links to its line in the rule catalogue,
// which the gateway generates from the rule definitions (/cockpit/rules.html, one anchor per rule).
import { h } from './dom.js';

const RULE_ID = /^(TR|CD|CS)\d{3}$/;

/** A link to the rule's line in the catalogue, or null when the reason is no rule id. */
export function ruleLink(reason) {
  if (!RULE_ID.test(reason ?? '')) return null;
  return h('a', { href: `/cockpit/rules.html#${reason.toLowerCase()}`, class: 'rule-link', 'aria-label': `${reason} in the rule catalogue` }, 'rule');
}
