// When the gateway places or removes its afnemersindicatie at GBA-V (the Haal Centraal BRP Update API
// rules, volgindicaties.feature): at least one active volgindicatie on a person ⇒ an indicatie (Ap01);
// none left ⇒ no indicatie (Av01, once). Pure: the repository applies what this decides.
import type { AfnemersindicatieStatus, VolgindicatieStatus } from './tables.ts';

export interface PersonState {
  status: AfnemersindicatieStatus;
  redenCode: string | null;
  anummerKnown: boolean;
}

export interface Decision {
  status: AfnemersindicatieStatus;
  /** A new placement: the generation goes up, so its Ap01 (and later Av01) get fresh dedup keys. */
  newPlacement?: true;
}

/** Af11 reasons that mean there is no indicatie at GBA-V any more (G: persoon komt niet voor, I: geen indicatie). */
const NO_INDICATIE_LEFT = new Set(['G', 'I']);

/**
 * The next state, or undefined when nothing changes. `freshActivation`: a subscriber has just put a
 * volgindicatie that was not active before, which asks GBA-V again for a person it refused (Af01) or
 * whose PL was afgevoerd (Ng01).
 */
export function decide(person: PersonState, activeVolgindicaties: number, freshActivation = false): Decision | undefined {
  const wanted = activeVolgindicaties > 0;
  switch (person.status) {
    case 'geen':
    case 'verwijderd':
      return wanted ? { status: 'plaatsen', newPlacement: true } : undefined;
    case 'geweigerd':
    case 'afgevoerd':
      return wanted && freshActivation ? { status: 'plaatsen', newPlacement: true } : undefined;
    case 'verwijderen-geweigerd':
      if (!wanted) return undefined;
      return NO_INDICATIE_LEFT.has(person.redenCode ?? '') ? { status: 'plaatsen', newPlacement: true } : { status: 'geplaatst' };
    case 'plaatsen':
    case 'geplaatst':
      if (wanted) return undefined;
      // Av01 names the person by A-nummer only; before the Ag01 brought it, the removal waits.
      return { status: person.anummerKnown ? 'verwijderd' : 'verwijderen' };
    case 'verwijderen':
      // The Ap01 of this generation is still outstanding: wanting it again just cancels the removal.
      if (wanted) return { status: 'plaatsen' };
      return person.anummerKnown ? { status: 'verwijderd' } : undefined;
  }
}

/** What the active volgindicaties on a person show for the person's afnemersindicatie, if it changes them. */
export function volgindicatieStatusFor(status: AfnemersindicatieStatus): VolgindicatieStatus | undefined {
  switch (status) {
    case 'plaatsen': return 'aangevraagd';
    case 'geplaatst': return 'geplaatst';
    case 'geweigerd': return 'geweigerd';
    default: return undefined;
  }
}
