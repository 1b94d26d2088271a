/**
 * XXH64 (xxHash 0.8, `XXH64(input, len, seed)`) on 32-bit halves, without BigInt.
 *
 * @packageDocumentation
 */
import { type Hasher64, throwBadLength } from './hasher.js'
import { R, add64, mul64, readLE32, rotl64, sub64 } from './u64.js'

const P1_HI = 0x9e3779b1
const P1_LO = 0x85ebca87
const P2_HI = 0xc2b2ae3d
const P2_LO = 0x27d4eb4f
const P3_HI = 0x165667b1
const P3_LO = 0x9e3779f9
const P4_HI = 0x85ebca77
const P4_LO = 0xc2b2ae63
const P5_HI = 0x27d4eb2f
const P5_LO = 0x165667c5

/** XXH64_round(acc, input[p .. p + 8)) into R. */
function round(accHi: number, accLo: number, input: Uint8Array, p: number): void {
  mul64(readLE32(input, p + 4), readLE32(input, p), P2_HI, P2_LO)
  add64(accHi, accLo, R[0], R[1])
  // rotl 31
  rotl64(R[0], R[1], 31)
  mul64(R[0], R[1], P1_HI, P1_LO)
}

/** XXH64_mergeRound(acc, val) into R. */
function mergeRound(accHi: number, accLo: number, valHi: number, valLo: number): void {
  mul64(valHi, valLo, P2_HI, P2_LO)
  rotl64(R[0], R[1], 31)
  mul64(R[0], R[1], P1_HI, P1_LO)
  mul64((accHi ^ R[0]) >>> 0, (accLo ^ R[1]) >>> 0, P1_HI, P1_LO)
  add64(R[0], R[1], P4_HI, P4_LO)
}

class Xxh64Hasher implements Hasher64 {
  /** Initial lanes v1..v4 and the short-input start seed + P5, as (hi, lo) pairs. */
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

  hash(input: Uint8Array, length: number, out: Uint32Array): void {
    if (length >>> 0 !== length || length > input.length) throwBadLength(length)
    const init = this.init
    let p = 0
    let hi: number
    let lo: number
    if (length >= 32) {
      let v1Hi = init[0]
      let v1Lo = init[1]
      let v2Hi = init[2]
      let v2Lo = init[3]
      let v3Hi = init[4]
      let v3Lo = init[5]
      let v4Hi = init[6]
      let v4Lo = init[7]
      const limit = length - 32
      do {
        round(v1Hi, v1Lo, input, p)
        v1Hi = R[0]
        v1Lo = R[1]
        round(v2Hi, v2Lo, input, p + 8)
        v2Hi = R[0]
        v2Lo = R[1]
        round(v3Hi, v3Lo, input, p + 16)
        v3Hi = R[0]
        v3Lo = R[1]
        round(v4Hi, v4Lo, input, p + 24)
        v4Hi = R[0]
        v4Lo = R[1]
        p += 32
      } while (p <= limit)
      // rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18); the sum of four words stays
      // exact in a double, so carries are resolved once at the end.
      hi = ((v1Hi << 1) | (v1Lo >>> 31)) >>> 0
      lo = ((v1Lo << 1) | (v1Hi >>> 31)) >>> 0
      hi += ((v2Hi << 7) | (v2Lo >>> 25)) >>> 0
      lo += ((v2Lo << 7) | (v2Hi >>> 25)) >>> 0
      hi += ((v3Hi << 12) | (v3Lo >>> 20)) >>> 0
      lo += ((v3Lo << 12) | (v3Hi >>> 20)) >>> 0
      hi += ((v4Hi << 18) | (v4Lo >>> 14)) >>> 0
      lo += ((v4Lo << 18) | (v4Hi >>> 14)) >>> 0
      const lo32 = lo >>> 0
      hi = (hi + (lo - lo32) / 4294967296) >>> 0
      lo = lo32
      mergeRound(hi, lo, v1Hi, v1Lo)
      mergeRound(R[0], R[1], v2Hi, v2Lo)
      mergeRound(R[0], R[1], v3Hi, v3Lo)
      mergeRound(R[0], R[1], v4Hi, v4Lo)
      hi = R[0]
      lo = R[1]
    } else {
      hi = init[8]
      lo = init[9]
    }
    add64(hi, lo, 0, length)
    hi = R[0]
    lo = R[1]

    // Tail: 8-byte words, then one 4-byte word, then single bytes.
    while (p + 8 <= length) {
      round(0, 0, input, p)
      rotl64((hi ^ R[0]) >>> 0, (lo ^ R[1]) >>> 0, 27)
      mul64(R[0], R[1], P1_HI, P1_LO)
      add64(R[0], R[1], P4_HI, P4_LO)
      hi = R[0]
      lo = R[1]
      p += 8
    }
    if (p + 4 <= length) {
      mul64(0, readLE32(input, p), P1_HI, P1_LO)
      rotl64((hi ^ R[0]) >>> 0, (lo ^ R[1]) >>> 0, 23)
      mul64(R[0], R[1], P2_HI, P2_LO)
      add64(R[0], R[1], P3_HI, P3_LO)
      hi = R[0]
      lo = R[1]
      p += 4
    }
    while (p < length) {
      mul64(0, input[p], P5_HI, P5_LO)
      rotl64((hi ^ R[0]) >>> 0, (lo ^ R[1]) >>> 0, 11)
      mul64(R[0], R[1], P1_HI, P1_LO)
      hi = R[0]
      lo = R[1]
      p++
    }

    // Avalanche.
    lo = (lo ^ (hi >>> 1)) >>> 0
    mul64(hi, lo, P2_HI, P2_LO)
    hi = R[0]
    lo = (R[1] ^ ((R[1] >>> 29) | (hi << 3))) >>> 0
    hi = (hi ^ (hi >>> 29)) >>> 0
    mul64(hi, lo, P3_HI, P3_LO)
    out[0] = R[0]
    out[1] = R[1] ^ R[0]
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
