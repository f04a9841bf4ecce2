/*
 * Every generated value is a pure function of its inputs (a seed, an index
 * such as a repository's or a minute's, and a salt), so that any item can be
 * produced on demand, in any order, without generating the ones before it.
 */

/** A 32-bit avalanche hash of integers (murmur3 finaliser on a running mix). */
export function mix(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    h = Math.imul(h ^ (part | 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    // Also fold in the high bits of numbers above 2^32 (timestamps, ids).
    if (part > 0xffffffff || part < -0x80000000) {
      h = mix(h, Math.floor(part / 0x100000000));
    }
  }
  return h >>> 0;
}

/** A uniform float in [0, 1) from the same inputs as {@link mix}. */
export function unit(...parts: number[]): number {
  return mix(...parts) / 0x100000000;
}

/** String salts keep the different draws for one item independent (FNV-1a). */
export function salt(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  }
  return h >>> 0;
}

/** A small sequential generator (mulberry32) for multi-value draws. */
export class Rng {
  private state: number;

  constructor(...parts: number[]) {
    this.state = mix(...parts);
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x100000000;
  }

  int(minInclusive: number, maxInclusive: number): number {
    return (
      minInclusive + Math.floor(this.next() * (maxInclusive - minInclusive + 1))
    );
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** `count` distinct items, in a stable order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = items.slice();
    const out: T[] = [];
    while (out.length < count && pool.length > 0) {
      out.push(pool.splice(Math.floor(this.next() * pool.length), 1)[0]);
    }
    return out;
  }

  hex(length: number): string {
    let s = '';
    while (s.length < length) {
      s += Math.floor(this.next() * 0x100000000)
        .toString(16)
        .padStart(8, '0');
    }
    return s.slice(0, length);
  }
}
