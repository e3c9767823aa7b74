import { randomInt } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * IdentificatieRetour / the 325's Identificatie: at most 12 characters and unique per sender and message
 * type (TR056). 'R' + the time in base 36 (8 characters until 2059) + 3 random characters.
 */
export function newRetourIdentificatie(now = Date.now()): string {
  let tail = '';
  for (let i = 0; i < 3; i++) tail += ALPHABET[randomInt(36)];
  return `R${now.toString(36).toUpperCase().padStart(8, '0')}${tail}`;
}
