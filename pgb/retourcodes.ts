// PGB001 (LDT_RetourCode, iPgb 2.1): what each retourcode means, for the worklist. Source:
// ../shared/research/ipgb.md §3.5 (verbatim meanings) and §4.3–4.5 (the rule each code stands for).

const RULE_TEXT: Readonly<Record<string, string>> = {
  '0001': 'Bericht is afgekeurd om technische redenen.',
  '0200': 'Geen opmerking over deze berichtklasse.',
  '0233': 'Berichtklasse is niet beoordeeld.',
  '9016': 'TR016: geldigheid van een FunctieBudget moet overeenkomen met het Budget (Wlz).',
  '9056': 'TR056: BerichtIdentificatie is niet uniek voor deze afzender en berichtsoort.',
  '9101': 'TR101: dubbele regel (logische sleutel niet uniek binnen het bericht).',
  '9501': 'TR501: jaar van begin- en einddatum verschillen (Wlz).',
  '9502': 'TR502: overlappende periode voor dezelfde zorgfunctie bij dezelfde budgethouder.',
  '9503': 'TR503: VerantwoordingsvrijBedrag is hoger dan het FunctieBudgetBedrag.',
  '9504': 'TR504: BSN is niet bekend in de BRP.',
  '9506': 'TR506: adres zonder Huis en Postcode.',
  '9507': 'TR507: vervolgbericht verstuurd voordat de retour van het vorige bericht binnen was.',
  '9508': 'TR508: jaar van de nieuwe FunctieBudgetPeriode wijkt af van het vervangen budget (Wlz).',
  '9509': 'TR509: geen eerdere toekenning voor deze BSN.',
  '9510': 'TR510: de budgetafsluiting betreft geen toegekend functiebudget.',
  '9511': 'TR511: begindatum ligt vóór 1-1-2018.',
  '9512': 'TR512: besteding boven het toegekende bedrag zonder reden 3 (bestedingsconflict).',
  '9513': 'TR513: verantwoordingsvrije besteding boven het toegekende deel zonder reden 3.',
  '9514': 'TR514: bedrag 0 zonder intrekking van een eerder toegekende periode.',
  '9515': 'TR515: relatie zonder Bsn, Naam, KvkNummer of Organisatie.',
  '9516': 'TR516: meer dan één Contact in het bericht.',
  '9562': 'TR562: BudgetIdentificatieOud verwijst niet naar een eerder bericht van deze afzender.',
  '9574': 'TR574: BudgetIdentificatie is al gebruikt voor deze budgethouder.',
  S002: 'CS002: BSN voldoet niet aan de elfproef.',
  S003: 'CS003: einddatum ligt vóór de begindatum.',
  S023: 'CS023: afgiftedatum ligt na de dagtekening.',
  S050: 'CS050: NaamGebruik past niet bij Partnernaam.',
  S064: 'CS064: dagtekening ligt in de toekomst.',
  S089: 'CS089: postcode voldoet niet aan het Nederlandse formaat.',
  S300: 'CS300: geen bestaande CBS-gemeentecode.',
  S318: 'CS318 (tekst niet gepubliceerd).',
  S501: 'CS501: VerantwoordingsvrijBedragBesteed mag niet gevuld zijn (Wlz).',
  S502: 'CS502: soort relatie 4 (gewaarborgde hulp) is niet toegestaan.',
  D005: 'CD005: LandCode hoort bij een gevulde Postcode.',
  D025: 'CD025: Huis is verplicht bij LandCode NL.',
  D504: 'CD504: Bsn en Naam niet vullen bij KvkNummer of Organisatie.',
  D505: 'CD505: bij bedrag 0 moet de einddatum gelijk zijn aan de begindatum.',
};

export function retourcodeMeaning(code: string): string {
  return RULE_TEXT[code] ?? `onbekende retourcode ${code}`;
}
