import type { DeclaratieBericht, Prestatie } from '../../model/index.ts';

/** All prestaties of a 323 in document order, across clients. */
export function allePrestaties(msg: DeclaratieBericht): Prestatie[] {
  return msg.declaratie.clienten.flatMap((c) => c.prestaties);
}
