/**
 * Unsigned 64-bit arithmetic on pairs of 32-bit halves, shared by the hashers.
 *
 * Arguments named `...Hi`/`...Lo` are the high and low halves of a 64-bit value, 32-bit integers
 * read as unsigned (int32 or uint32 both work). Helpers that produce a 64-bit value write it to
 * {@link R} instead of returning a pair, which would allocate.
 *
 * The hot paths call none of the helpers that take or return 32-bit halves: such a number above
 * V8's small-integer range (2^30 or 2^31) is boxed into a heap number whenever the call is not
 * inlined, and whether it is inlined depends on the caller's inlining budget. They write the
 * arithmetic out instead; the helpers that pass halves as arguments are for per-seed setup.
 *
 * @internal
 * @packageDocumentation
 */

/**
 * Register of the helpers below: a 64-bit result in `R[0]` (high half) and `R[1]` (low half).
 * Read a result right after the call; the next call overwrites it. Module scratch is safe because
 * hashing is synchronous.
 *
 * @internal
 */
export const R: Uint32Array = new Uint32Array(2)

/**
 * a + b mod 2^64, into {@link R}.
 *
 * @internal
 */
export function add64(aHi: number, aLo: number, bHi: number, bLo: number): void {
  const lo = (aLo >>> 0) + (bLo >>> 0)
  R[0] = aHi + bHi + (lo > 0xffffffff ? 1 : 0)
  R[1] = lo
}

/**
 * a - b mod 2^64, into {@link R}.
 *
 * @internal
 */
export function sub64(aHi: number, aLo: number, bHi: number, bLo: number): void {
  R[0] = aHi - bHi - (aLo >>> 0 < bLo >>> 0 ? 1 : 0)
  R[1] = aLo - bLo
}

/**
 * Little-endian unsigned 32-bit word at input[p .. p + 4) (hot paths inline this).
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
