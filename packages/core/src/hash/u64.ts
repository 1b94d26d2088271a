/**
 * Unsigned 64-bit arithmetic on pairs of 32-bit halves, shared by the XXH3 and XXH64 hot paths.
 *
 * Arguments named `...Hi`/`...Lo` are the high and low halves of a 64-bit value, each an unsigned
 * 32-bit integer (`x >>> 0`). Helpers that produce a 64-bit value write it to {@link R} instead of
 * returning a pair: a returned array or object would allocate on every call, and a returned number
 * above 2^30 may be boxed when the call is not inlined, while a typed-array slot never is.
 *
 * @internal
 * @packageDocumentation
 */

/**
 * Result register of the helpers below: `R[0]` is the high half, `R[1]` the low half.
 * Read it right after the call; the next helper call overwrites it.
 *
 * @internal
 */
export const R = new Uint32Array(2)

/** 2^-32, to scale a double down by one 32-bit word exactly. */
export const TWO_NEG32 = 1 / 4294967296

/**
 * High 32 bits of the 64-bit product of two unsigned 32-bit integers.
 *
 * @internal
 */
export function mulHi32(a: number, b: number): number {
  // The double product is within 2^10 of the exact one; after subtracting the exact low word
  // (Math.imul) the quotient is within 2^-21 of the high word, so rounding recovers it exactly.
  return ((a * b - (Math.imul(a, b) >>> 0)) * TWO_NEG32 + 0.5) >>> 0
}

/**
 * a * b mod 2^64, into {@link R}.
 *
 * @internal
 */
export function mul64(aHi: number, aLo: number, bHi: number, bLo: number): void {
  // The sum stays below 2^34, exact in a double; the Uint32Array store wraps it mod 2^32.
  R[0] = mulHi32(aLo, bLo) + Math.imul(aLo, bHi) + Math.imul(aHi, bLo)
  R[1] = Math.imul(aLo, bLo)
}

/**
 * Low 64 bits XOR high 64 bits of the full 128-bit product a * b (XXH3's `mul128_fold64`), into {@link R}.
 *
 * @internal
 */
export function mul128Fold64(aHi: number, aLo: number, bHi: number, bLo: number): void {
  // Schoolbook multiply on 32-bit words; column sums stay below 2^34, exact in doubles.
  const w1 = mulHi32(aLo, bLo) + (Math.imul(aLo, bHi) >>> 0) + (Math.imul(aHi, bLo) >>> 0)
  const c1 = (w1 * TWO_NEG32) | 0
  const w2 = (Math.imul(aHi, bHi) >>> 0) + mulHi32(aLo, bHi) + mulHi32(aHi, bLo) + c1
  const c2 = (w2 * TWO_NEG32) | 0
  // `^` and the Uint32Array store both reduce their operands mod 2^32.
  R[0] = w1 ^ (mulHi32(aHi, bHi) + c2)
  R[1] = Math.imul(aLo, bLo) ^ w2
}

/**
 * a + b mod 2^64, into {@link R}.
 *
 * @internal
 */
export function add64(aHi: number, aLo: number, bHi: number, bLo: number): void {
  const lo = aLo + bLo
  R[0] = aHi + bHi + (lo > 0xffffffff ? 1 : 0)
  R[1] = lo
}

/**
 * a - b mod 2^64, into {@link R}.
 *
 * @internal
 */
export function sub64(aHi: number, aLo: number, bHi: number, bLo: number): void {
  R[0] = aHi - bHi - (aLo < bLo ? 1 : 0)
  R[1] = aLo - bLo
}

/**
 * Little-endian unsigned 32-bit word at input[p .. p + 4).
 *
 * @internal
 */
export function readLE32(input: Uint8Array, p: number): number {
  return (input[p] | (input[p + 1] << 8) | (input[p + 2] << 16) | (input[p + 3] << 24)) >>> 0
}

/**
 * Byte-reverses an unsigned 32-bit integer.
 *
 * @internal
 */
export function swap32(x: number): number {
  return ((x >>> 24) | ((x >>> 8) & 0xff00) | ((x & 0xff00) << 8) | (x << 24)) >>> 0
}

/**
 * Rotates a 64-bit value left by r bits, 0 < r < 32, into {@link R}. For 32 < r < 64, rotate the
 * swapped halves (lo, hi) by r - 32.
 *
 * @internal
 */
export function rotl64(hi: number, lo: number, r: number): void {
  R[0] = (hi << r) | (lo >>> (32 - r))
  R[1] = (lo << r) | (hi >>> (32 - r))
}
