/** A key field of TR101: absent (undefined) only equals absent, as in the XSLT's `not(*[…])` branches. */
export type KeyPart = string | undefined;

export interface DuplicateGroup<T> {
  /** The last element carrying the key; the XSLT reports the group there. */
  last: T;
  earlier: T[];
}

/** Groups of elements (siblings) whose logical key occurs more than once. */
export function duplicateGroups<T>(items: readonly T[], key: (item: T) => readonly KeyPart[]): Array<DuplicateGroup<T>> {
  const byKey = new Map<string, T[]>();
  for (const item of items) {
    const k = JSON.stringify(key(item).map((p) => p ?? null));
    const group = byKey.get(k);
    if (group) group.push(item);
    else byKey.set(k, [item]);
  }
  const groups: Array<DuplicateGroup<T>> = [];
  for (const members of byKey.values()) {
    if (members.length > 1) groups.push({ last: members[members.length - 1] as T, earlier: members.slice(0, -1) });
  }
  return groups;
}
