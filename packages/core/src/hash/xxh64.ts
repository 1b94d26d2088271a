/**
 * XXH64 (xxHash 0.8, `XXH64(input, len, seed)`) on 32-bit halves, without BigInt.
 *
 * The hot path is written out by hand instead of calling 64-bit helpers: a helper that takes or
 * returns a 32-bit half above 2^30 boxes it into a heap number whenever V8 does not inline the
 * call, and V8's inlining budget runs out quickly when the caller is itself inlined. So 64-bit
 * values live in pairs of locals, and a product by a prime is written as
 *
 *     lo' = imul(lo, P_LO)
 *     hi' = mulhi(lo, P_LO) + imul(lo, P_HI) + imul(hi, P_LO)     (mod 2^32)
 *
 * where mulhi, the high word of a 32x32-bit product, is computed on 16-bit limbs (x0, x1 and the
 * constant's limbs P_L0, P_L1) so that every partial result stays below 2^32, in integer registers.
 *
 * @packageDocumentation
 */
import { lengthOf } from '../typed-arrays.js'
import { type Hasher64, throwBadLength } from './hasher.js'
import { add64, R, sub64 } from './u64.js'

// The primes as high half, low half, and the low half's 16-bit limbs.
const P1_HI = 0x9e3779b1
const P1_LO = 0x85ebca87
const P1_L0 = 0xca87
const P1_L1 = 0x85eb
const P2_HI = 0xc2b2ae3d
const P2_LO = 0x27d4eb4f
const P2_L0 = 0xeb4f
const P2_L1 = 0x27d4
const P3_HI = 0x165667b1
const P3_LO = 0x9e3779f9
const P3_L0 = 0x79f9
const P3_L1 = 0x9e37
const P4_HI = 0x85ebca77
const P4_LO = 0xc2b2ae63
const P5_HI = 0x27d4eb2f
const P5_LO = 0x165667c5
const P5_L0 = 0x67c5
const P5_L1 = 0x1656

/**
 * The four lanes v1..v4 while hashing an input of 32+ bytes, as (hi, lo) pairs. Module scratch so
 * that the lanes can be processed by a loop; hashing is synchronous, so hashers can share it.
 */
const V = new Uint32Array(8)

/**
 * XXH64_round on the four lanes in V for each 32-byte stripe of input[p .. end).
 *
 * Separate from {@link stripes} and called per KiB: a function that runs one long loop per call
 * is mostly run as on-stack-replacement code, which V8 compiles without folding this module's
 * constants, at a third of the speed.
 */
function stripeBlock(input: Uint8Array, p: number, end: number): void {
  // The lanes live in locals during the loop (written out per lane: a loop over V would keep
  // them in memory). Loop-carried values stay uint32 (`>>> 0`) like the Uint32Array they come
  // from: mixing int32 and uint32 in one variable makes V8 keep it in a floating-point register.
  let v1Hi = V[0]
  let v1Lo = V[1]
  let v2Hi = V[2]
  let v2Lo = V[3]
  let v3Hi = V[4]
  let v3Lo = V[5]
  let v4Hi = V[6]
  let v4Lo = V[7]
  let wLo: number
  let wHi: number
  let x0: number
  let x1: number
  let t: number
  let mLo: number
  let hi: number
  let lo: number
  let rHi: number
  let rLo: number
  for (; p < end; p += 32) {
    // v1 = rotl(v1 + input[p + 0 .. p + 8) * PRIME64_2, 31) * PRIME64_1
    wLo = input[p] | (input[p + 1] << 8) | (input[p + 2] << 16) | (input[p + 3] << 24)
    wHi = input[p + 4] | (input[p + 5] << 8) | (input[p + 6] << 16) | (input[p + 7] << 24)
    x0 = wLo & 0xffff
    x1 = wLo >>> 16
    t = x1 * P2_L0 + ((x0 * P2_L0) >>> 16)
    t = x1 * P2_L1 + (t >>> 16) + ((x0 * P2_L1 + (t & 0xffff)) >>> 16)
    mLo = Math.imul(wLo, P2_LO) >>> 0
    lo = (v1Lo + mLo) >>> 0
    hi = (v1Hi + t + Math.imul(wLo, P2_HI) + Math.imul(wHi, P2_LO) + (lo < mLo ? 1 : 0)) | 0
    rHi = (hi << 31) | (lo >>> 1)
    rLo = (lo << 31) | (hi >>> 1)
    x0 = rLo & 0xffff
    x1 = rLo >>> 16
    t = x1 * P1_L0 + ((x0 * P1_L0) >>> 16)
    t = x1 * P1_L1 + (t >>> 16) + ((x0 * P1_L1 + (t & 0xffff)) >>> 16)
    v1Hi = (t + Math.imul(rLo, P1_HI) + Math.imul(rHi, P1_LO)) >>> 0
    v1Lo = Math.imul(rLo, P1_LO) >>> 0
    // v2 = rotl(v2 + input[p + 8 .. p + 16) * PRIME64_2, 31) * PRIME64_1
    wLo = input[p + 8] | (input[p + 9] << 8) | (input[p + 10] << 16) | (input[p + 11] << 24)
    wHi = input[p + 12] | (input[p + 13] << 8) | (input[p + 14] << 16) | (input[p + 15] << 24)
    x0 = wLo & 0xffff
    x1 = wLo >>> 16
    t = x1 * P2_L0 + ((x0 * P2_L0) >>> 16)
    t = x1 * P2_L1 + (t >>> 16) + ((x0 * P2_L1 + (t & 0xffff)) >>> 16)
    mLo = Math.imul(wLo, P2_LO) >>> 0
    lo = (v2Lo + mLo) >>> 0
    hi = (v2Hi + t + Math.imul(wLo, P2_HI) + Math.imul(wHi, P2_LO) + (lo < mLo ? 1 : 0)) | 0
    rHi = (hi << 31) | (lo >>> 1)
    rLo = (lo << 31) | (hi >>> 1)
    x0 = rLo & 0xffff
    x1 = rLo >>> 16
    t = x1 * P1_L0 + ((x0 * P1_L0) >>> 16)
    t = x1 * P1_L1 + (t >>> 16) + ((x0 * P1_L1 + (t & 0xffff)) >>> 16)
    v2Hi = (t + Math.imul(rLo, P1_HI) + Math.imul(rHi, P1_LO)) >>> 0
    v2Lo = Math.imul(rLo, P1_LO) >>> 0
    // v3 = rotl(v3 + input[p + 16 .. p + 24) * PRIME64_2, 31) * PRIME64_1
    wLo = input[p + 16] | (input[p + 17] << 8) | (input[p + 18] << 16) | (input[p + 19] << 24)
    wHi = input[p + 20] | (input[p + 21] << 8) | (input[p + 22] << 16) | (input[p + 23] << 24)
    x0 = wLo & 0xffff
    x1 = wLo >>> 16
    t = x1 * P2_L0 + ((x0 * P2_L0) >>> 16)
    t = x1 * P2_L1 + (t >>> 16) + ((x0 * P2_L1 + (t & 0xffff)) >>> 16)
    mLo = Math.imul(wLo, P2_LO) >>> 0
    lo = (v3Lo + mLo) >>> 0
    hi = (v3Hi + t + Math.imul(wLo, P2_HI) + Math.imul(wHi, P2_LO) + (lo < mLo ? 1 : 0)) | 0
    rHi = (hi << 31) | (lo >>> 1)
    rLo = (lo << 31) | (hi >>> 1)
    x0 = rLo & 0xffff
    x1 = rLo >>> 16
    t = x1 * P1_L0 + ((x0 * P1_L0) >>> 16)
    t = x1 * P1_L1 + (t >>> 16) + ((x0 * P1_L1 + (t & 0xffff)) >>> 16)
    v3Hi = (t + Math.imul(rLo, P1_HI) + Math.imul(rHi, P1_LO)) >>> 0
    v3Lo = Math.imul(rLo, P1_LO) >>> 0
    // v4 = rotl(v4 + input[p + 24 .. p + 32) * PRIME64_2, 31) * PRIME64_1
    wLo = input[p + 24] | (input[p + 25] << 8) | (input[p + 26] << 16) | (input[p + 27] << 24)
    wHi = input[p + 28] | (input[p + 29] << 8) | (input[p + 30] << 16) | (input[p + 31] << 24)
    x0 = wLo & 0xffff
    x1 = wLo >>> 16
    t = x1 * P2_L0 + ((x0 * P2_L0) >>> 16)
    t = x1 * P2_L1 + (t >>> 16) + ((x0 * P2_L1 + (t & 0xffff)) >>> 16)
    mLo = Math.imul(wLo, P2_LO) >>> 0
    lo = (v4Lo + mLo) >>> 0
    hi = (v4Hi + t + Math.imul(wLo, P2_HI) + Math.imul(wHi, P2_LO) + (lo < mLo ? 1 : 0)) | 0
    rHi = (hi << 31) | (lo >>> 1)
    rLo = (lo << 31) | (hi >>> 1)
    x0 = rLo & 0xffff
    x1 = rLo >>> 16
    t = x1 * P1_L0 + ((x0 * P1_L0) >>> 16)
    t = x1 * P1_L1 + (t >>> 16) + ((x0 * P1_L1 + (t & 0xffff)) >>> 16)
    v4Hi = (t + Math.imul(rLo, P1_HI) + Math.imul(rHi, P1_LO)) >>> 0
    v4Lo = Math.imul(rLo, P1_LO) >>> 0
  }
  V[0] = v1Hi
  V[1] = v1Lo
  V[2] = v2Hi
  V[3] = v2Lo
  V[4] = v3Hi
  V[5] = v3Lo
  V[6] = v4Hi
  V[7] = v4Lo
}

/**
 * XXH64's stripe loop over input[0 .. length & ~31) and the merge of the four lanes, for
 * length >= 32. Writes the merged hash to R.
 */
function stripes(input: Uint8Array, length: number, init: Uint32Array): void {
  for (let i = 0; i < 8; i++) V[i] = init[i]
  const end = length & ~31
  for (let p = 0; p < end; p += 1024) stripeBlock(input, p, Math.min(p + 1024, end))

  // h = rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18); four words per half sum
  // exactly in a double, so the carry is taken once.
  let hi =
    (((V[0] << 1) | (V[1] >>> 31)) >>> 0) +
    (((V[2] << 7) | (V[3] >>> 25)) >>> 0) +
    (((V[4] << 12) | (V[5] >>> 20)) >>> 0) +
    (((V[6] << 18) | (V[7] >>> 14)) >>> 0)
  let lo =
    (((V[1] << 1) | (V[0] >>> 31)) >>> 0) +
    (((V[3] << 7) | (V[2] >>> 25)) >>> 0) +
    (((V[5] << 12) | (V[4] >>> 20)) >>> 0) +
    (((V[7] << 18) | (V[6] >>> 14)) >>> 0)
  hi = (hi + (lo - (lo >>> 0)) / 4294967296) | 0
  lo = lo >>> 0

  // XXH64_mergeRound for each lane: h ^= rotl(v * PRIME64_2, 31) * PRIME64_1; h = h * PRIME64_1 + PRIME64_4
  for (let i = 0; i < 8; i += 2) {
    const vHi = V[i]
    const vLo = V[i + 1]
    let x0 = vLo & 0xffff
    let x1 = vLo >>> 16
    let t = x1 * P2_L0 + ((x0 * P2_L0) >>> 16)
    t = x1 * P2_L1 + (t >>> 16) + ((x0 * P2_L1 + (t & 0xffff)) >>> 16)
    const mHi = t + Math.imul(vLo, P2_HI) + Math.imul(vHi, P2_LO)
    const mLo = Math.imul(vLo, P2_LO)
    const rHi = (mHi << 31) | (mLo >>> 1)
    const rLo = (mLo << 31) | (mHi >>> 1)
    x0 = rLo & 0xffff
    x1 = rLo >>> 16
    t = x1 * P1_L0 + ((x0 * P1_L0) >>> 16)
    t = x1 * P1_L1 + (t >>> 16) + ((x0 * P1_L1 + (t & 0xffff)) >>> 16)
    hi ^= t + Math.imul(rLo, P1_HI) + Math.imul(rHi, P1_LO)
    lo ^= Math.imul(rLo, P1_LO)
    x0 = lo & 0xffff
    x1 = lo >>> 16
    t = x1 * P1_L0 + ((x0 * P1_L0) >>> 16)
    t = x1 * P1_L1 + (t >>> 16) + ((x0 * P1_L1 + (t & 0xffff)) >>> 16)
    hi = t + Math.imul(lo, P1_HI) + Math.imul(hi, P1_LO)
    lo = (Math.imul(lo, P1_LO) >>> 0) + P4_LO
    hi = (hi + P4_HI + (lo > 0xffffffff ? 1 : 0)) | 0
    lo = lo >>> 0
  }
  R[0] = hi
  R[1] = lo
}

class Xxh64Hasher implements Hasher64 {
  /** Initial lanes v1..v4, then the short-input start seed + PRIME64_5, as (hi, lo) pairs. */
  private readonly init: Uint32Array

  constructor(seedHi: number, seedLo: number) {
    const init = new Uint32Array(10)
    add64(seedHi, seedLo, P1_HI, P1_LO)
    add64(R[0], R[1], P2_HI, P2_LO)
    init[0] = R[0]
    init[1] = R[1]
    add64(seedHi, seedLo, P2_HI, P2_LO)
    init[2] = R[0]
    init[3] = R[1]
    init[4] = seedHi
    init[5] = seedLo
    sub64(seedHi, seedLo, P1_HI, P1_LO)
    init[6] = R[0]
    init[7] = R[1]
    add64(seedHi, seedLo, P5_HI, P5_LO)
    init[8] = R[0]
    init[9] = R[1]
    this.init = init
  }

  /** XXH64 reads bytes one by one either way. */
  hashView(input: Uint8Array, _view: DataView, length: number, out: Uint32Array): void {
    this.hash(input, length, out)
  }

  hash(input: Uint8Array, length: number, out: Uint32Array): void {
    // `input.length` is only the fast path: a Uint8Array may lie about it, its real length decides.
    if (length >>> 0 !== length || (length > input.length && length > lengthOf(input))) throwBadLength(length)
    let p = 0
    let hi: number
    let lo: number
    if (length >= 32) {
      stripes(input, length, this.init)
      hi = R[0]
      lo = R[1]
      p = length & ~31
    } else {
      hi = this.init[8]
      lo = this.init[9]
    }
    // h += len
    lo = lo + length
    hi = (hi + (lo > 0xffffffff ? 1 : 0)) | 0
    lo = lo >>> 0

    let x0: number
    let x1: number
    let t: number
    // Each remaining 8-byte word: h ^= rotl(word * PRIME64_2, 31) * PRIME64_1; h = rotl(h, 27) * PRIME64_1 + PRIME64_4
    while (p + 8 <= length) {
      const wLo = input[p] | (input[p + 1] << 8) | (input[p + 2] << 16) | (input[p + 3] << 24)
      const wHi = input[p + 4] | (input[p + 5] << 8) | (input[p + 6] << 16) | (input[p + 7] << 24)
      p += 8
      x0 = wLo & 0xffff
      x1 = wLo >>> 16
      t = x1 * P2_L0 + ((x0 * P2_L0) >>> 16)
      t = x1 * P2_L1 + (t >>> 16) + ((x0 * P2_L1 + (t & 0xffff)) >>> 16)
      const mHi = t + Math.imul(wLo, P2_HI) + Math.imul(wHi, P2_LO)
      const mLo = Math.imul(wLo, P2_LO)
      const rHi = (mHi << 31) | (mLo >>> 1)
      const rLo = (mLo << 31) | (mHi >>> 1)
      x0 = rLo & 0xffff
      x1 = rLo >>> 16
      t = x1 * P1_L0 + ((x0 * P1_L0) >>> 16)
      t = x1 * P1_L1 + (t >>> 16) + ((x0 * P1_L1 + (t & 0xffff)) >>> 16)
      hi ^= t + Math.imul(rLo, P1_HI) + Math.imul(rHi, P1_LO)
      lo ^= Math.imul(rLo, P1_LO)
      const tHi = (hi << 27) | (lo >>> 5)
      const tLo = (lo << 27) | (hi >>> 5)
      x0 = tLo & 0xffff
      x1 = tLo >>> 16
      t = x1 * P1_L0 + ((x0 * P1_L0) >>> 16)
      t = x1 * P1_L1 + (t >>> 16) + ((x0 * P1_L1 + (t & 0xffff)) >>> 16)
      hi = t + Math.imul(tLo, P1_HI) + Math.imul(tHi, P1_LO)
      lo = (Math.imul(tLo, P1_LO) >>> 0) + P4_LO
      hi = (hi + P4_HI + (lo > 0xffffffff ? 1 : 0)) | 0
      lo = lo >>> 0
    }
    // A remaining 4-byte word: h ^= word * PRIME64_1; h = rotl(h, 23) * PRIME64_2 + PRIME64_3
    if (p + 4 <= length) {
      const w = input[p] | (input[p + 1] << 8) | (input[p + 2] << 16) | (input[p + 3] << 24)
      p += 4
      x0 = w & 0xffff
      x1 = w >>> 16
      t = x1 * P1_L0 + ((x0 * P1_L0) >>> 16)
      t = x1 * P1_L1 + (t >>> 16) + ((x0 * P1_L1 + (t & 0xffff)) >>> 16)
      hi ^= t + Math.imul(w, P1_HI)
      lo ^= Math.imul(w, P1_LO)
      const tHi = (hi << 23) | (lo >>> 9)
      const tLo = (lo << 23) | (hi >>> 9)
      x0 = tLo & 0xffff
      x1 = tLo >>> 16
      t = x1 * P2_L0 + ((x0 * P2_L0) >>> 16)
      t = x1 * P2_L1 + (t >>> 16) + ((x0 * P2_L1 + (t & 0xffff)) >>> 16)
      hi = t + Math.imul(tLo, P2_HI) + Math.imul(tHi, P2_LO)
      lo = (Math.imul(tLo, P2_LO) >>> 0) + P3_LO
      hi = (hi + P3_HI + (lo > 0xffffffff ? 1 : 0)) | 0
      lo = lo >>> 0
    }
    // Each remaining byte: h ^= byte * PRIME64_5; h = rotl(h, 11) * PRIME64_1
    while (p < length) {
      const b = input[p++]
      // b < 2^8, so b * P5_LO < 2^40 and two limb products give its high word.
      hi ^= ((b * P5_L1 + ((b * P5_L0) >>> 16)) >>> 16) + Math.imul(b, P5_HI)
      lo ^= Math.imul(b, P5_LO)
      const tHi = (hi << 11) | (lo >>> 21)
      const tLo = (lo << 11) | (hi >>> 21)
      x0 = tLo & 0xffff
      x1 = tLo >>> 16
      t = x1 * P1_L0 + ((x0 * P1_L0) >>> 16)
      t = x1 * P1_L1 + (t >>> 16) + ((x0 * P1_L1 + (t & 0xffff)) >>> 16)
      hi = (t + Math.imul(tLo, P1_HI) + Math.imul(tHi, P1_LO)) | 0
      lo = Math.imul(tLo, P1_LO) >>> 0
    }

    // XXH64_avalanche: h ^= h >> 33; h *= PRIME64_2; h ^= h >> 29; h *= PRIME64_3; h ^= h >> 32
    lo ^= hi >>> 1
    x0 = lo & 0xffff
    x1 = lo >>> 16
    t = x1 * P2_L0 + ((x0 * P2_L0) >>> 16)
    t = x1 * P2_L1 + (t >>> 16) + ((x0 * P2_L1 + (t & 0xffff)) >>> 16)
    hi = t + Math.imul(lo, P2_HI) + Math.imul(hi, P2_LO)
    lo = Math.imul(lo, P2_LO)
    lo ^= (lo >>> 29) | (hi << 3)
    hi ^= hi >>> 29
    x0 = lo & 0xffff
    x1 = lo >>> 16
    t = x1 * P3_L0 + ((x0 * P3_L0) >>> 16)
    t = x1 * P3_L1 + (t >>> 16) + ((x0 * P3_L1 + (t & 0xffff)) >>> 16)
    hi = t + Math.imul(lo, P3_HI) + Math.imul(hi, P3_LO)
    out[0] = hi
    out[1] = Math.imul(lo, P3_LO) ^ hi
  }

  hashString(): boolean {
    // No string path: the 8-byte, 4-byte and stripe rounds read bytes inline (see bench/README.md).
    return false
  }
}

/**
 * Creates an XXH64 hasher for the 64-bit seed `seedHi * 2^32 + seedLo`.
 *
 * @param seedHi - High 32 bits of the seed (taken mod 2^32).
 * @param seedLo - Low 32 bits of the seed (taken mod 2^32).
 */
export function createXxh64(seedHi: number, seedLo: number): Hasher64 {
  return new Xxh64Hasher(seedHi >>> 0, seedLo >>> 0)
}
