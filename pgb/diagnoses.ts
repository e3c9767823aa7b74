// What can explain an uitval, and what to do about it. The codes are stable (API, exports, filters); the
// texts are for the PGB administrator.

export const DIAGNOSES = {
  'tkb-afgekeurd': { klasse: 'tkb', titel: 'TKB afgekeurd', actie: 'Herstel wat de retourcode noemt en verstuur de gecorrigeerde TKB opnieuw.' },
  'geen-tkb': { klasse: 'tkb', titel: 'Geen TKB verstuurd', actie: 'Verstuur de TKB voor dit budget (of vraag de SVB waar dit budget vandaan komt).' },
  'geen-retour': { klasse: 'tkb', titel: 'TKB verstuurd, geen retour', actie: 'Vraag de SVB naar de retour op de TKB; verstuur niets nieuws op dit budget tot die er is (TR507).' },
  'overlappende-perioden': { klasse: 'budget', titel: 'Overlappende perioden', actie: 'Trek het oude functiebudget in (bedrag 0, begin = einde) of vervang het met BudgetIdentificatieOud.' },
  'boven-budget': { klasse: 'budget', titel: 'Besteed boven toegekend', actie: 'Verhoog het budget met een nieuwe TKB of vorder het verschil terug bij de budgethouder.' },
  'geen-bab': { klasse: 'budget', titel: 'Budgetafsluiting uitgebleven', actie: 'Vraag de SVB om de budgetafsluiting (BAB) van dit functiebudget.' },
  'budgethouder-overleden': { klasse: 'brp', titel: 'Budgethouder overleden', actie: 'Beëindig de TKB per de overlijdensdatum (nieuwe TKB met kortere periode of intrekking).' },
  'budgethouder-geemigreerd': { klasse: 'brp', titel: 'Budgethouder geëmigreerd', actie: 'Beëindig de TKB per de datum van vertrek uit Nederland.' },
  'budgethouder-verhuisd': { klasse: 'brp', titel: 'Budgethouder verhuisd naar een andere gemeente', actie: 'Beëindig of pas de TKB aan per de verhuisdatum; de nieuwe gemeente kent een eigen budget toe.' },
  'niet-gevonden': { klasse: 'onbekend', titel: 'Niet gevonden', actie: 'Vraag de SVB om de gegevens van deze regel: geen budget of budgethouder in Ketenpoort.' },
  'onverklaard': { klasse: 'onbekend', titel: 'Budget in orde, uitval onverklaard', actie: 'Vraag de SVB naar de reden van de uitval: het budget is toegekend en geaccepteerd.' },
} as const;

export type Diagnosis = keyof typeof DIAGNOSES;
export type ReasonClass = (typeof DIAGNOSES)[Diagnosis]['klasse'];
export const DIAGNOSIS_CODES = Object.keys(DIAGNOSES) as Diagnosis[];
export const REASON_CLASSES: readonly ReasonClass[] = ['tkb', 'budget', 'brp', 'onbekend'];

export function isDiagnosis(s: string): s is Diagnosis {
  return Object.hasOwn(DIAGNOSES, s);
}

/** BRP events that end or change a budget, as diagnoses. A move counts only out of the municipality. */
export function brpDiagnosis(gebeurtenis: string | null, nieuweGemeente: string | null, eigenGemeenten: ReadonlySet<string>): Diagnosis | undefined {
  if (gebeurtenis === 'overleden') return 'budgethouder-overleden';
  if (gebeurtenis === 'geemigreerd') return 'budgethouder-geemigreerd';
  if (gebeurtenis === 'verhuisd.intergemeentelijk' && (nieuweGemeente === null || !eigenGemeenten.has(nieuweGemeente))) return 'budgethouder-verhuisd';
  return undefined;
}
