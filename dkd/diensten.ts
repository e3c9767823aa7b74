// The diensten as configuration names them (config/partners-schema.ts DKD_DIENSTEN) and as the SuwiML codec
// does (adapters/suwiml): the same four names, checked here at compile time.
import { DIENSTEN, type Dienst } from '../adapters/suwiml/index.ts';
import { DKD_DIENSTEN, type DkdDienstName } from '../config/partners.ts';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const sameNames: Same<Dienst, DkdDienstName> = true;
void sameNames;

export const ALL_DIENSTEN: readonly Dienst[] = DKD_DIENSTEN;

export function isDienst(name: string): name is Dienst {
  return (ALL_DIENSTEN as readonly string[]).includes(name) && name in DIENSTEN;
}
