// Source: i-Sociaal-Lab/jaapjunior packages/api/wmo/bronnen/TR-CD-CS regels WMO 3.2.xsl and packages/api/jw/TR-CD-CS regels JW 3.2.xsl (XSLT 2.10.5), mode CS089
import { typesFor } from '../model/index.ts';
import { defineRule } from './support/define-rule.ts';
import { contacten } from './support/personen.ts';

// On an Adres with LandCode NL the Postcode must have the Dutch format. The XSLT tests the text against its
// pattern '1000ZZ': a digit 1–9, three digits 0–9, two letters, nothing else. Its 'Z' admits a–z as well as
// A–Z, so '1234ab' passes there and passes here (the "two capitals" is stricter than the check partners
// run). The value is used as the XSD gives it (LDT_Postcode is an xs:string, whitespace preserved), never
// trimmed: ' 1234AB' fails, as in the XSLT. An absent Postcode with LandCode NL fails too (the empty text does
// not match; CD005 also reports it). The XSLT reports LandCode and Postcode; the path here is the Postcode when
// there is one, else the LandCode. Also on the 302 that copies the client (issue 14: level 2 on retours).
const NEDERLANDSE_POSTCODE = /^[1-9][0-9]{3}[A-Za-z]{2}$/;

export const CS089 = defineRule({
  id: 'CS089',
  element: 'Adres/Postcode',
  appliesTo: typesFor('301', '302'),
  definitie: 'Als LandCode de waarde NL (Nederland) heeft, dan moet het formaat overeenkomen met dat van een Nederlandse postcode.',
  check(msg, fail) {
    for (const c of contacten(msg)) {
      const a = c.adres;
      if (a?.landCode !== 'NL') continue;
      if (a.postcode === undefined) fail(`${a.path}/LandCode`, 'Postcode ontbreekt');
      else if (!NEDERLANDSE_POSTCODE.test(a.postcode)) fail(`${a.path}/Postcode`, 'geen Nederlandse postcode');
    }
  },
});
