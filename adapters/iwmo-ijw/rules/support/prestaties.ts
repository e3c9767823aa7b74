import type { DeclaratieBericht, Prestatie } from '../../model/index.ts';

/** All prestaties of a 323 in document order, across clients. */
export function allePrestaties(msg: DeclaratieBericht): Prestatie[] {
  return msg.declaratie.clienten.flatMap((c) => c.prestaties);
}

/** Prestaties grouped by a key, in document order within each group: one pass instead of comparing all pairs. */
export function groupBy(prestaties: readonly Prestatie[], key: (p: Prestatie) => string | undefined): Map<string, Prestatie[]> {
  const groups = new Map<string, Prestatie[]>();
  for (const p of prestaties) {
    const k = key(p);
    if (k === undefined) continue;
    const list = groups.get(k);
    if (list) list.push(p);
    else groups.set(k, [p]);
  }
  return groups;
}
