// Source: i-Sociaal-Lab/jaapjunior packages/api/jw/bronnen/regels/condities-constraints/Condities_constraints_per_data-element.md (CS025)
import { ALL_TYPES } from '../model/index.ts';
import { defineRule } from './support/define-rule.ts';

// The 3.2 XSDs already fix BerichtVersie with xs:pattern "3", so after XSD validation this cannot fail;
// kept so the model can be checked on its own (and the official XSLT has no template for it).
export const CS025 = defineRule({
  id: 'CS025',
  element: 'Header/BerichtVersie',
  appliesTo: ALL_TYPES,
  definitie: 'BerichtVersie vullen met 3.',
  check(msg, fail) {
    if (msg.header.berichtVersie !== '3') fail(`${msg.header.path}/BerichtVersie`);
  },
});
