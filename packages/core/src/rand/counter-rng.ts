/**
 * Counter-based randomness: every random number the engine draws is a pure function of
 * (seed, host, VM, vCPU, stream, counter). Nothing depends on how many numbers were drawn
 * before, on batch size or on which thread runs a host, so results are identical for any batch
 * size and worker count.
 *
 * The mixer is a 32-bit integer finaliser (xor-shift-multiply rounds with well-known odd
 * constants). Number n of a stream is one mixing round over (key, n spread by a golden-ratio
 * multiply): a bijection of n for a fixed key, cheap enough for one draw per access.
 */

/** One round of 32-bit avalanche mixing. */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * Random stream of a vCPU's workload (its accesses). Named streams keep two uses of randomness for
 * the same vCPU from sharing numbers.
 */
export const STREAM_WORKLOAD = 1;
/** Random stream of `rate` injections (arrival times and addresses). */
export const STREAM_INJECT_RATE = 2;
/** Random stream of `per-access` injections. */
export const STREAM_INJECT_PER_ACCESS = 3;
/** Random stream of `burst` injections (times and places). */
export const STREAM_INJECT_TARGET = 4;
/**
 * First plugin stream: a plugin gets STREAM_PLUGIN + its index in the plugin set (ctx.random32()).
 */
export const STREAM_PLUGIN = 16;

/**
 * The key of a stream: hashes the coordinates together once, so drawing number n costs one
 * counter mix. VM and vCPU are -1 for host-wide streams.
 */
export function streamKey(seed: number, host: number, vm: number, vcpu: number, stream: number): number {
  let k = mix32(seed >>> 0);
  k = mix32(k ^ (host >>> 0));
  k = mix32(k ^ ((vm + 1) >>> 0));
  k = mix32(k ^ ((vcpu + 1) >>> 0));
  return mix32(k ^ (stream >>> 0));
}

/** Uniform u32 number `counter` (an integer below 2^53) of the stream `key`. */
export function draw32(key: number, counter: number): number {
  const hi = counter > 0xffff_ffff ? mix32(Math.floor(counter / 0x1_0000_0000) + 0x632be5ab) : 0;
  return mix32((key ^ hi ^ Math.imul(counter >>> 0, 0x9e3779b9)) >>> 0);
}

/** Uniform double in [0, 1) from number `counter` (53 bits from two draws). */
export function draw01(key: number, counter: number): number {
  const a = draw32(key, counter * 2) >>> 5; // 27 bits
  const b = draw32(key, counter * 2 + 1) >>> 6; // 26 bits
  return (a * 67108864 + b) / 9007199254740992;
}

/** Uniform integer in [0, n) for n ≤ 2^32 (multiply-high, no modulo bias worth mentioning). */
export function drawBelow(key: number, counter: number, n: number): number {
  return Math.floor((draw32(key, counter) / 0x1_0000_0000) * n);
}

/**
 * Number of trials before the next success with success probability p (geometric, ≥ 0): how
 * per-access injection skips to the next poisoned access without a draw per access.
 */
export function drawGeometric(key: number, counter: number, p: number): number {
  if (p >= 1) return 0;
  if (p <= 0) return Number.POSITIVE_INFINITY;
  const u = 1 - draw01(key, counter); // (0, 1]
  return Math.floor(Math.log(u) / Math.log1p(-p));
}

/** Exponential interval with the given rate per unit (Poisson arrivals), as a double. */
export function drawExponential(key: number, counter: number, rate: number): number {
  const u = 1 - draw01(key, counter);
  return -Math.log(u) / rate;
}
