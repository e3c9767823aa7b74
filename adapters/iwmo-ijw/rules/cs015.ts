// Source: i-Sociaal-Lab/jaapjunior packages/api/jw/bronnen/regels/condities-constraints/Condities_constraints_per_data-element.md (CS015)
import { ALL_TYPES } from '../model/index.ts';
import { defineRule } from './support/define-rule.ts';

// Like CS025: the XSD pattern "2" already enforces this.
export const CS015 = defineRule({
  id: 'CS015',
  element: 'Header/BerichtSubversie',
  appliesTo: ALL_TYPES,
  definitie: 'BerichtSubversie vullen met 2.',
  check(msg, fail) {
    if (msg.header.berichtSubversie !== '2') fail(`${msg.header.path}/BerichtSubversie`);
  },
});
