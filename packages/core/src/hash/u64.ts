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
 * Register of the helpers below: a 64-bit result in `R[0]` (high half) and `R[1]` (low half),
 * and for {@link mul128Fold64R} a second operand in `R[2]`, `R[3]`. Read a result right after the
 * call; the next call overwrites it. Module scratch is safe because hashing is synchronous.
 *
 * @internal
 */
export const R: Uint32Array = new Uint32Array(4)

/**
 * XXH3's `mul128_fold64`: the low 64 bits XOR the high 64 bits of the 128-bit product a * b,
 * with a = (R[0], R[1]) and b = (R[2], R[3]) as (hi, lo) pairs, into R[0] (hi) and R[1] (lo).
 * The operands come through R, and the function calls nothing, so that it never boxes a number
 * whether or not V8 inlines it. xxh3.ts's hash9to240 has the same code inline.
 *
 * @internal
 */
export function mul128Fold64R(): void {
  const aHi = R[0]
  const aLo = R[1]
  const bHi = R[2]
  const bLo = R[3]
  // The four 32x32-bit products' high words from 16-bit limbs: with x = x1 * 2^16 + x0, every
  // partial product and partial sum below stays under 2^32, so V8 keeps it in integer registers
  // (a double product with rounding is shorter but slower: int/float conversions).
  const a0 = aLo & 0xffff
  const a1 = aLo >>> 16
  const a2 = aHi & 0xffff
  const a3 = aHi >>> 16
  const b0 = bLo & 0xffff
  const b1 = bLo >>> 16
  const b2 = bHi & 0xffff
  const b3 = bHi >>> 16
  let m = a1 * b0 + ((a0 * b0) >>> 16)
  const llHi = (a1 * b1 + (m >>> 16) + ((a0 * b1 + (m & 0xffff)) >>> 16)) >>> 0
  m = a1 * b2 + ((a0 * b2) >>> 16)
  const lhHi = (a1 * b3 + (m >>> 16) + ((a0 * b3 + (m & 0xffff)) >>> 16)) >>> 0
  m = a3 * b0 + ((a2 * b0) >>> 16)
  const hlHi = (a3 * b1 + (m >>> 16) + ((a2 * b1 + (m & 0xffff)) >>> 16)) >>> 0
  m = a3 * b2 + ((a2 * b2) >>> 16)
  const hhHi = a3 * b3 + (m >>> 16) + ((a2 * b3 + (m & 0xffff)) >>> 16)
  const lhLo = Math.imul(aLo, bHi) >>> 0
  const hlLo = Math.imul(aHi, bLo) >>> 0
  const hhLo = Math.imul(aHi, bHi) >>> 0
  // Column sums of the product's words w1 and w2, with carries found by unsigned comparison.
  let w1 = (llHi + lhLo) >>> 0
  let c1 = w1 < lhLo ? 1 : 0
  w1 = (w1 + hlLo) >>> 0
  c1 += w1 < hlLo ? 1 : 0
  let w2 = (lhHi + hlHi) >>> 0
  let c2 = w2 < hlHi ? 1 : 0
  w2 = (w2 + hhLo) >>> 0
  c2 += w2 < hhLo ? 1 : 0
  w2 = (w2 + c1) >>> 0
  c2 += w2 < c1 ? 1 : 0
  // (w1:w0) ^ (w3:w2)
  R[0] = w1 ^ (hhHi + c2)
  R[1] = Math.imul(aLo, bLo) ^ w2
}

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
