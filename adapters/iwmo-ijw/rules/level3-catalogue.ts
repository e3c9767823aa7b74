// The level-3 (berichtoverstijgend, IV032) rules the istandaarden feature checks against earlier messages
// (istandaarden/level3.ts), described for the rule catalogue. They need the register, so they are not Rule
// functions; this list only says what they are. Texts: the regelrapport of release 3.2.

export interface Level3RuleEntry {
  id: string;
  retourCode: string;
  /** Message numbers, in both iWmo and iJw. */
  berichten: readonly string[];
  definitie: string;
}

export const LEVEL3_RULES: readonly Level3RuleEntry[] = [
  { id: 'TR019', retourCode: '9019', berichten: ['305', '307'], definitie: 'Een regiebericht moet te koppelen zijn aan een toewijzing van deze gemeente aan deze aanbieder (ToewijzingNummer).' },
  { id: 'TR056', retourCode: '9056', berichten: ['301', '305', '307', '315', '317', '319', '323', '325'], definitie: 'Identificatie moet per berichtsoort uniek zijn voor de verzendende partij.' },
  { id: 'TR063', retourCode: '9063', berichten: ['305', '307'], definitie: 'Indien StatusAanlevering de waarde 3 (aanlevering verwijderen) bevat, dan moet voor de betreffende Client een eerdere aanlevering met dezelfde logische sleutel verstuurd zijn.' },
  { id: 'TR069', retourCode: '9069', berichten: ['307'], definitie: 'Voor een stopbericht moet er een actueel startbericht met dezelfde sleutel zijn.' },
  { id: 'TR071', retourCode: '9071', berichten: ['305'], definitie: "StatusAanlevering mag niet de waarde '3' bevatten als er voor de betreffende melding start zorg al een stop zorg is verstuurd." },
  { id: 'TR074', retourCode: '9074', berichten: ['305', '307'], definitie: "Indien StatusAanlevering de waarde '1' bevat, dan moet de sleutel van de betreffende aanlevering niet alleen uniek zijn binnen het bericht zelf, maar ook in combinatie met alle reeds ontvangen berichten." },
  { id: 'TR332', retourCode: '9332', berichten: ['301'], definitie: 'ToewijzingNummer moet uniek zijn binnen het wettelijk domein.' },
  { id: 'TR333', retourCode: '9333', berichten: ['323'], definitie: 'DeclaratieNummer moet uniek zijn voor de aanbieder.' },
  { id: 'TR347', retourCode: '9347', berichten: ['315', '317'], definitie: 'ReferentieAanbieder moet uniek zijn voor de aanbieder.' },
];
