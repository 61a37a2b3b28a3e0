/**
 * Seeded randomness for the benchmark dataset. The same seed always yields the same dataset, so
 * a cached copy can be trusted and two runs measure the same rows.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    // sfc32: fast, good enough statistically, and 32-bit integer maths keeps V8 on its fast path.
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.a >>>= 0;
    this.b >>>= 0;
    this.c >>>= 0;
    this.d >>>= 0;
    let t = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    t = (t + this.d) | 0;
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** Integer in [min, max], both ends included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** One of `entries`, each chosen in proportion to its weight. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, weight] of entries) total += weight;
    let roll = this.next() * total;
    for (const [value, weight] of entries) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return (entries.at(-1) as readonly [T, number])[0];
  }

  /** Normally distributed (Box-Muller), clamped to [min, max] so a tail draw stays plausible. */
  normal(mean: number, sd: number, min: number, max: number): number {
    const u = 1 - this.next();
    const v = this.next();
    const value = mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return Math.min(max, Math.max(min, value));
  }

  hex(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += HEX[Math.floor(this.next() * 16)];
    return out;
  }

  /** A version-4 UUID: the API validates ids as RFC 9562 UUIDs, so the version and variant bits matter. */
  uuid(): string {
    const variant = HEX[8 + Math.floor(this.next() * 4)] as string;
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${variant}${this.hex(3)}-${this.hex(12)}`;
  }

  /** Fisher-Yates on a copy. */
  shuffled<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }
}

const HEX = '0123456789abcdef';

/** Draws an index in proportion to its weight (binary search over the running total). */
export class WeightedSampler {
  private readonly cumulative: Float64Array;

  constructor(weights: ArrayLike<number>) {
    this.cumulative = new Float64Array(weights.length);
    let total = 0;
    for (let i = 0; i < weights.length; i++) {
      total += weights[i] as number;
      this.cumulative[i] = total;
    }
  }

  get size(): number {
    return this.cumulative.length;
  }

  sample(random: Random): number {
    const cumulative = this.cumulative;
    const target = random.next() * (cumulative[cumulative.length - 1] as number);
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((cumulative[mid] as number) <= target) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

/**
 * The Zipf-Mandelbrot weight of a 0-based rank, 1/(rank+1+shift)^exponent: the shape of word
 * frequencies in real text, where a few words are everywhere and most are rare.
 */
export function zipfWeight(rank: number, exponent = 1, shift = 2.7): number {
  return 1 / (rank + 1 + shift) ** exponent;
}

export function zipfSampler(size: number, exponent = 1, shift = 2.7): WeightedSampler {
  return new WeightedSampler(Array.from({ length: size }, (_, rank) => zipfWeight(rank, exponent, shift)));
}
