// Who watches whom, in memory, so a mutation that concerns nobody on any watchlist costs no database
// round trip. Keys are the first 64 bits of the keyed hashes (a collision among a million persons has a
// probability of about 3·10⁻⁸, and a hit is confirmed on the full hash in the database before anything
// is sent). Open addressing over typed arrays: about 13 bytes per slot, a million persons in ~26 MB,
// no object per entry for the garbage collector to walk.

/** The first 64 bits of a hex keyed hash, as two unsigned 32-bit halves. */
export function keyOf(hexHash: string): [hi: number, lo: number] {
  return [Number.parseInt(hexHash.slice(0, 8), 16) >>> 0, Number.parseInt(hexHash.slice(8, 16), 16) >>> 0];
}

const MIN_CAPACITY = 1024;

/** 64-bit key → `width` unsigned 32-bit values. Linear probing; entries are never removed (a value of 0 means none). */
class Table64 {
  private hi: Uint32Array;
  private lo: Uint32Array;
  private used: Uint8Array;
  values: Uint32Array;
  size = 0;

  constructor(readonly width: number, capacity = MIN_CAPACITY) {
    const cap = capacityFor(capacity);
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.used = new Uint8Array(cap);
    this.values = new Uint32Array(cap * width);
  }

  get capacity(): number {
    return this.used.length;
  }

  /** The slot of the key, or -1. */
  find(hi: number, lo: number): number {
    const mask = this.used.length - 1;
    for (let i = (lo ^ hi) & mask; ; i = (i + 1) & mask) {
      if (this.used[i] === 0) return -1;
      if (this.lo[i] === lo && this.hi[i] === hi) return i;
    }
  }

  /** The slot of the key, made when absent. */
  slot(hi: number, lo: number): number {
    if ((this.size + 1) * 2 > this.used.length) this.grow();
    const mask = this.used.length - 1;
    for (let i = (lo ^ hi) & mask; ; i = (i + 1) & mask) {
      if (this.used[i] === 0) {
        this.used[i] = 1;
        this.hi[i] = hi;
        this.lo[i] = lo;
        this.size++;
        return i;
      }
      if (this.lo[i] === lo && this.hi[i] === hi) return i;
    }
  }

  private grow(): void {
    const old = { hi: this.hi, lo: this.lo, used: this.used, values: this.values };
    const cap = old.used.length * 2;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.used = new Uint8Array(cap);
    this.values = new Uint32Array(cap * this.width);
    this.size = 0;
    for (let i = 0; i < old.used.length; i++) {
      if (old.used[i] === 0) continue;
      const s = this.slot(old.hi[i]!, old.lo[i]!);
      this.values.set(old.values.subarray(i * this.width, (i + 1) * this.width), s * this.width);
    }
  }

  bytes(): number {
    return this.hi.byteLength + this.lo.byteLength + this.used.byteLength + this.values.byteLength;
  }
}

function capacityFor(n: number): number {
  let cap = MIN_CAPACITY;
  while (cap < n * 2) cap *= 2;
  return cap;
}

/**
 * Persons (by BSN hash) → the subscribers with an active volgindicatie on them, as a bit set over the
 * configured subscribers; A-nummers (by hash) → the person they belong to.
 */
export class WatchIndex {
  private readonly bit = new Map<string, number>();
  private readonly persons: Table64;
  private readonly aliases = new Table64(2);

  constructor(readonly subscribers: readonly string[], expectedPersons = 0) {
    subscribers.forEach((name, i) => this.bit.set(name, i));
    this.persons = new Table64(Math.max(1, Math.ceil(subscribers.length / 32)), expectedPersons);
  }

  /** Sets or clears one subscriber's watch on a person. Unknown subscribers (no longer configured) are ignored. */
  set(bsnHash: string, subscriber: string, active: boolean): void {
    const b = this.bit.get(subscriber);
    if (b === undefined) return;
    const [hi, lo] = keyOf(bsnHash);
    const slot = active ? this.persons.slot(hi, lo) : this.persons.find(hi, lo);
    if (slot < 0) return;
    const at = slot * this.persons.width + (b >>> 5);
    const flag = (1 << (b & 31)) >>> 0;
    this.persons.values[at] = active ? (this.persons.values[at]! | flag) >>> 0 : (this.persons.values[at]! & ~flag) >>> 0;
  }

  alias(anummerHash: string, bsnHash: string): void {
    const [hi, lo] = keyOf(anummerHash);
    const [phi, plo] = keyOf(bsnHash);
    const s = this.aliases.slot(hi, lo);
    this.aliases.values[s * 2] = phi;
    this.aliases.values[s * 2 + 1] = plo;
  }

  /** The subscribers watching the person with this BSN hash. */
  watchersOf(bsnHash: string): string[] {
    const [hi, lo] = keyOf(bsnHash);
    return this.watchersAt(this.persons.find(hi, lo));
  }

  /** The subscribers watching the person this A-nummer belongs to. */
  watchersByAnummer(anummerHash: string): string[] {
    const [hi, lo] = keyOf(anummerHash);
    const s = this.aliases.find(hi, lo);
    if (s < 0) return [];
    return this.watchersAt(this.persons.find(this.aliases.values[s * 2]!, this.aliases.values[s * 2 + 1]!));
  }

  get personCount(): number {
    return this.persons.size;
  }

  get aliasCount(): number {
    return this.aliases.size;
  }

  /** Bytes held by the typed arrays. */
  bytes(): number {
    return this.persons.bytes() + this.aliases.bytes();
  }

  private watchersAt(slot: number): string[] {
    const out: string[] = [];
    if (slot < 0) return out;
    const width = this.persons.width;
    for (let w = 0; w < width; w++) {
      let bits = this.persons.values[slot * width + w]!;
      while (bits !== 0) {
        const b = 31 - Math.clz32(bits);
        out.push(this.subscribers[w * 32 + b]!);
        bits = (bits & ~(1 << b)) >>> 0;
      }
    }
    return out;
  }
}
