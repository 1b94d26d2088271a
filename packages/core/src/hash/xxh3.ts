/**
 * XXH3-64 (xxHash 0.8, `XXH3_64bits_withSeed(input, len, seed)`) on 32-bit halves, without BigInt.
 *
 * Everything that depends only on the seed (the seeded secret words of the short paths and the
 * derived secret of the long path) is computed once when the hasher is created.
 *
 * @packageDocumentation
 */
import { type Hasher64, throwBadLength } from './hasher.js'
import { R, TWO_NEG32, add64, mul128Fold64, mul64, mulHi32, readLE32, rotl64, sub64, swap32 } from './u64.js'

/** XXH3's default secret (`XXH3_kSecret`, 192 bytes). */
const K_SECRET = new Uint8Array([
  0xb8, 0xfe, 0x6c, 0x39, 0x23, 0xa4, 0x4b, 0xbe, 0x7c, 0x01, 0x81, 0x2c, 0xf7, 0x21, 0xad, 0x1c, 0xde, 0xd4, 0x6d,
  0xe9, 0x83, 0x90, 0x97, 0xdb, 0x72, 0x40, 0xa4, 0xa4, 0xb7, 0xb3, 0x67, 0x1f, 0xcb, 0x79, 0xe6, 0x4e, 0xcc, 0xc0,
  0xe5, 0x78, 0x82, 0x5a, 0xd0, 0x7d, 0xcc, 0xff, 0x72, 0x21, 0xb8, 0x08, 0x46, 0x74, 0xf7, 0x43, 0x24, 0x8e, 0xe0,
  0x35, 0x90, 0xe6, 0x81, 0x3a, 0x26, 0x4c, 0x3c, 0x28, 0x52, 0xbb, 0x91, 0xc3, 0x00, 0xcb, 0x88, 0xd0, 0x65, 0x8b,
  0x1b, 0x53, 0x2e, 0xa3, 0x71, 0x64, 0x48, 0x97, 0xa2, 0x0d, 0xf9, 0x4e, 0x38, 0x19, 0xef, 0x46, 0xa9, 0xde, 0xac,
  0xd8, 0xa8, 0xfa, 0x76, 0x3f, 0xe3, 0x9c, 0x34, 0x3f, 0xf9, 0xdc, 0xbb, 0xc7, 0xc7, 0x0b, 0x4f, 0x1d, 0x8a, 0x51,
  0xe0, 0x4b, 0xcd, 0xb4, 0x59, 0x31, 0xc8, 0x9f, 0x7e, 0xc9, 0xd9, 0x78, 0x73, 0x64, 0xea, 0xc5, 0xac, 0x83, 0x34,
  0xd3, 0xeb, 0xc3, 0xc5, 0x81, 0xa0, 0xff, 0xfa, 0x13, 0x63, 0xeb, 0x17, 0x0d, 0xdd, 0x51, 0xb7, 0xf0, 0xda, 0x49,
  0xd3, 0x16, 0x55, 0x26, 0x29, 0xd4, 0x68, 0x9e, 0x2b, 0x16, 0xbe, 0x58, 0x7d, 0x47, 0xa1, 0xfc, 0x8f, 0xf8, 0xb8,
  0xd1, 0x7a, 0xd0, 0x31, 0xce, 0x45, 0xcb, 0x3a, 0x8f, 0x95, 0x16, 0x04, 0x28, 0xaf, 0xd7, 0xfb, 0xca, 0xbb, 0x4b,
  0x40, 0x7e,
])

const P32_1 = 0x9e3779b1
const P32_2 = 0x85ebca77
const P32_3 = 0xc2b2ae3d
const P64_1_HI = 0x9e3779b1
const P64_1_LO = 0x85ebca87
const P64_2_HI = 0xc2b2ae3d
const P64_2_LO = 0x27d4eb4f
const P64_3_HI = 0x165667b1
const P64_3_LO = 0x9e3779f9
const P64_4_HI = 0x85ebca77
const P64_4_LO = 0xc2b2ae63
const P64_5_HI = 0x27d4eb2f
const P64_5_LO = 0x165667c5
/** XXH3_avalanche's multiplier. */
const MX1_HI = 0x16566791
const MX1_LO = 0x9e3779f9
/** XXH3_rrmxmx's multiplier. */
const MX2_HI = 0x9fb21c65
const MX2_LO = 0x1e98df25

// Layout of the per-seed short-input table (`Xxh3Hasher.short`). 64-bit values are (hi, lo).
/** Hash of the empty input. */
const EMPTY = 0
/** 1-3 bytes: (secret[0..4) ^ secret[4..8)) + seed. */
const BF_1TO3 = 2
/** 4-8 bytes: (secret[8..16) ^ secret[16..24)) - (seed ^ (swap32(seedLo) << 32)). */
const BF_4TO8 = 4
/** 9-16 bytes: (secret[24..32) ^ secret[32..40)) + seed, then (secret[40..48) ^ secret[48..56)) - seed. */
const BF_9TO16 = 6
/**
 * 17-240 bytes: the 16 keys of XXH3_mix16B, 4 words each in memory order (lo, hi of
 * secret[s..s+8) + seed, then lo, hi of secret[s+8..s+16) - seed). Key m < 8 is at secret offset
 * 16m, key 8 <= m < 15 at 3 + 16(m - 8) (XXH3_MIDSIZE_STARTOFFSET), key 15 at 136 - 17
 * (XXH3_MIDSIZE_LASTOFFSET), so the m-th 16-byte chunk of a 129-240 byte input uses key m.
 */
const MIX = 10
const SHORT_WORDS = MIX + 16 * 4

// Layout of the long-input table (`Xxh3Hasher.long`): secret words in memory order.
/** The secret's 48 aligned words: stripe n uses words 2n .. 2n + 16, the scrambler words 32 .. 48. */
const LONG_STRIPE = 0
const LONG_SCRAMBLE = 32
/** 16 words at secret offset 192 - 64 - 7 (XXH_SECRET_LASTACC_START), for the last stripe. */
const LONG_LAST = 48
/** 16 words at secret offset 11 (XXH_SECRET_MERGEACCS_START), for merging the accumulators. */
const LONG_MERGE = 64
const LONG_WORDS = 80

/** Secret size in bytes, and the block geometry it implies for inputs over 240 bytes. */
const SECRET_SIZE = 192
const STRIPES_PER_BLOCK = (SECRET_SIZE - 64) / 8
const BLOCK_LEN = 64 * STRIPES_PER_BLOCK

/**
 * Long-input accumulators, 8 lanes of 3 doubles: [hi, mid, lo] with lane value
 * hi * 2^32 + mid * 2^16 + lo (mod 2^64). Sums of up to 16 stripes stay below 2^53, so carries
 * are resolved once per block instead of per stripe. Shared: hashing is synchronous.
 */
const ACC = new Float64Array(24)

/** Little-endian word of the default secret at byte offset p. */
function kw(p: number): number {
  return readLE32(K_SECRET, p)
}

/** Builds the short-input table for a seed (against the default secret, as XXH3 does for < 241 bytes). */
function shortTable(seedHi: number, seedLo: number): Uint32Array {
  const t = new Uint32Array(SHORT_WORDS)
  // Empty input: XXH64_avalanche(seed ^ secret[56..64) ^ secret[64..72)).
  xxh64Avalanche((seedHi ^ kw(60) ^ kw(68)) >>> 0, (seedLo ^ kw(56) ^ kw(64)) >>> 0)
  t[EMPTY] = R[0]
  t[EMPTY + 1] = R[1]

  add64(0, (kw(0) ^ kw(4)) >>> 0, seedHi, seedLo)
  t[BF_1TO3] = R[0]
  t[BF_1TO3 + 1] = R[1]

  sub64((kw(12) ^ kw(20)) >>> 0, (kw(8) ^ kw(16)) >>> 0, (seedHi ^ swap32(seedLo)) >>> 0, seedLo)
  t[BF_4TO8] = R[0]
  t[BF_4TO8 + 1] = R[1]

  add64((kw(28) ^ kw(36)) >>> 0, (kw(24) ^ kw(32)) >>> 0, seedHi, seedLo)
  t[BF_9TO16] = R[0]
  t[BF_9TO16 + 1] = R[1]
  sub64((kw(44) ^ kw(52)) >>> 0, (kw(40) ^ kw(48)) >>> 0, seedHi, seedLo)
  t[BF_9TO16 + 2] = R[0]
  t[BF_9TO16 + 3] = R[1]

  for (let m = 0; m < 16; m++) {
    const off = m < 8 ? 16 * m : m < 15 ? 3 + 16 * (m - 8) : 136 - 17
    add64(kw(off + 4), kw(off), seedHi, seedLo)
    t[MIX + 4 * m] = R[1]
    t[MIX + 4 * m + 1] = R[0]
    sub64(kw(off + 12), kw(off + 8), seedHi, seedLo)
    t[MIX + 4 * m + 2] = R[1]
    t[MIX + 4 * m + 3] = R[0]
  }
  return t
}

/** Builds the long-input table from a 192-byte secret. */
function longTable(secret: Uint8Array): Uint32Array {
  const t = new Uint32Array(LONG_WORDS)
  for (let i = 0; i < 48; i++) t[LONG_STRIPE + i] = readLE32(secret, 4 * i)
  for (let i = 0; i < 16; i++) {
    t[LONG_LAST + i] = readLE32(secret, SECRET_SIZE - 64 - 7 + 4 * i)
    t[LONG_MERGE + i] = readLE32(secret, 11 + 4 * i)
  }
  return t
}

/** XXH3_initCustomSecret: the default secret with the seed added to even and subtracted from odd 64-bit words. */
function customSecret(seedHi: number, seedLo: number): Uint8Array {
  const out = new Uint8Array(SECRET_SIZE)
  for (let p = 0; p < SECRET_SIZE; p += 16) {
    add64(readLE32(K_SECRET, p + 4), readLE32(K_SECRET, p), seedHi, seedLo)
    writeLE32(out, p, R[1])
    writeLE32(out, p + 4, R[0])
    sub64(readLE32(K_SECRET, p + 12), readLE32(K_SECRET, p + 8), seedHi, seedLo)
    writeLE32(out, p + 8, R[1])
    writeLE32(out, p + 12, R[0])
  }
  return out
}

function writeLE32(out: Uint8Array, p: number, v: number): void {
  out[p] = v
  out[p + 1] = v >>> 8
  out[p + 2] = v >>> 16
  out[p + 3] = v >>> 24
}

const DEFAULT_LONG = longTable(K_SECRET)

/** XXH64_avalanche, into R (XXH3 uses it for inputs of 0-3 bytes). */
function xxh64Avalanche(hi: number, lo: number): void {
  lo = (lo ^ (hi >>> 1)) >>> 0
  mul64(hi, lo, P64_2_HI, P64_2_LO)
  hi = R[0]
  lo = (R[1] ^ ((R[1] >>> 29) | (hi << 3))) >>> 0
  hi = (hi ^ (hi >>> 29)) >>> 0
  mul64(hi, lo, P64_3_HI, P64_3_LO)
  R[1] ^= R[0]
}

/** XXH3_avalanche of hi * 2^32 + lo, written to out[0] (high) and out[1] (low). */
function avalancheTo(hi: number, lo: number, out: Uint32Array): void {
  mul64(hi, (lo ^ (hi >>> 5)) >>> 0, MX1_HI, MX1_LO)
  out[0] = R[0]
  out[1] = R[1] ^ R[0]
}

/**
 * Resolves a sum of 64-bit values kept as two doubles (sumHi * 2^32 + sumLo, each term's halves
 * added separately and exactly) and applies XXH3_avalanche.
 */
function avalancheSumTo(sumHi: number, sumLo: number, out: Uint32Array): void {
  const lo = sumLo >>> 0
  avalancheTo((sumHi + (sumLo - lo) * TWO_NEG32) >>> 0, lo, out)
}

function hash1to3(input: Uint8Array, len: number, t: Uint32Array, out: Uint32Array): void {
  const combined = (input[0] << 16) | (input[len >>> 1] << 24) | input[len - 1] | (len << 8)
  xxh64Avalanche(t[BF_1TO3], (combined ^ t[BF_1TO3 + 1]) >>> 0)
  out[0] = R[0]
  out[1] = R[1]
}

function hash4to8(input: Uint8Array, len: number, t: Uint32Array, out: Uint32Array): void {
  // keyed = (input[0..4) << 32 | input[len-4..len)) ^ bitflip, then XXH3_rrmxmx.
  let hi = (readLE32(input, 0) ^ t[BF_4TO8]) >>> 0
  let lo = (readLE32(input, len - 4) ^ t[BF_4TO8 + 1]) >>> 0
  // h ^= rotl(h, 49) ^ rotl(h, 24)
  const h = hi
  hi = (hi ^ ((lo << 17) | (h >>> 15)) ^ ((h << 24) | (lo >>> 8))) >>> 0
  lo = (lo ^ ((h << 17) | (lo >>> 15)) ^ ((lo << 24) | (h >>> 8))) >>> 0
  mul64(hi, lo, MX2_HI, MX2_LO)
  hi = R[0]
  // h ^= (h >> 35) + len: (hi >>> 3) + len < 2^32, no carry.
  mul64(hi, (R[1] ^ ((hi >>> 3) + len)) >>> 0, MX2_HI, MX2_LO)
  hi = R[0]
  lo = R[1]
  out[0] = hi ^ (hi >>> 28)
  out[1] = lo ^ ((lo >>> 28) | (hi << 4))
}

function hash9to16(input: Uint8Array, len: number, t: Uint32Array, out: Uint32Array): void {
  const aHi = (readLE32(input, 4) ^ t[BF_9TO16]) >>> 0
  const aLo = (readLE32(input, 0) ^ t[BF_9TO16 + 1]) >>> 0
  const bHi = (readLE32(input, len - 4) ^ t[BF_9TO16 + 2]) >>> 0
  const bLo = (readLE32(input, len - 8) ^ t[BF_9TO16 + 3]) >>> 0
  mul128Fold64(aHi, aLo, bHi, bLo)
  // acc = len + swap64(a) + b + fold, summed per half in doubles.
  avalancheSumTo(swap32(aLo) + bHi + R[0], len + swap32(aHi) + bLo + R[1], out)
}

/** XXH3_mix16B of input[p .. p + 16) with short-table key word offset k, into R. */
function mix16(input: Uint8Array, p: number, t: Uint32Array, k: number): void {
  mul128Fold64(
    (readLE32(input, p + 4) ^ t[k + 1]) >>> 0,
    (readLE32(input, p) ^ t[k]) >>> 0,
    (readLE32(input, p + 12) ^ t[k + 3]) >>> 0,
    (readLE32(input, p + 8) ^ t[k + 2]) >>> 0,
  )
}

function hash17to128(input: Uint8Array, len: number, t: Uint32Array, out: Uint32Array): void {
  // acc = len * PRIME64_1; mix16 results are added per half in doubles (at most 9 terms).
  let sumHi = mulHi32(len, P64_1_LO) + len * P64_1_HI
  let sumLo = Math.imul(len, P64_1_LO) >>> 0
  if (len > 32) {
    if (len > 64) {
      if (len > 96) {
        mix16(input, 48, t, MIX + 24)
        sumHi += R[0]
        sumLo += R[1]
        mix16(input, len - 64, t, MIX + 28)
        sumHi += R[0]
        sumLo += R[1]
      }
      mix16(input, 32, t, MIX + 16)
      sumHi += R[0]
      sumLo += R[1]
      mix16(input, len - 48, t, MIX + 20)
      sumHi += R[0]
      sumLo += R[1]
    }
    mix16(input, 16, t, MIX + 8)
    sumHi += R[0]
    sumLo += R[1]
    mix16(input, len - 32, t, MIX + 12)
    sumHi += R[0]
    sumLo += R[1]
  }
  mix16(input, 0, t, MIX)
  sumHi += R[0]
  sumLo += R[1]
  mix16(input, len - 16, t, MIX + 4)
  sumHi += R[0]
  sumLo += R[1]
  avalancheSumTo(sumHi, sumLo, out)
}

function hash129to240(input: Uint8Array, len: number, t: Uint32Array, out: Uint32Array): void {
  let sumHi = mulHi32(len, P64_1_LO) + len * P64_1_HI
  let sumLo = Math.imul(len, P64_1_LO) >>> 0
  for (let i = 0; i < 8; i++) {
    mix16(input, 16 * i, t, MIX + 4 * i)
    sumHi += R[0]
    sumLo += R[1]
  }
  avalancheSumTo(sumHi, sumLo, out)
  sumHi = out[0]
  sumLo = out[1]
  const rounds = len >>> 4
  for (let i = 8; i < rounds; i++) {
    mix16(input, 16 * i, t, MIX + 4 * i)
    sumHi += R[0]
    sumLo += R[1]
  }
  mix16(input, len - 16, t, MIX + 60)
  sumHi += R[0]
  sumLo += R[1]
  avalancheSumTo(sumHi, sumLo, out)
}

/** Adds XXH3_accumulate_512 of the stripe input[p .. p + 64) with secret words s[k ..] to ACC. */
function accumulateStripe(input: Uint8Array, p: number, s: Uint32Array, k: number): void {
  const acc = ACC
  // Lanes are handled in pairs because each lane receives its neighbour's input word.
  for (let i = 0; i < 8; i += 2) {
    const q = p + 8 * i
    const aLo = readLE32(input, q)
    const aHi = readLE32(input, q + 4)
    const bLo = readLE32(input, q + 8)
    const bHi = readLE32(input, q + 12)
    const kaLo = (aLo ^ s[k + 2 * i]) >>> 0
    const kaHi = aHi ^ s[k + 2 * i + 1]
    const kbLo = (bLo ^ s[k + 2 * i + 2]) >>> 0
    const kbHi = bHi ^ s[k + 2 * i + 3]
    // acc[i] += b + kaLo * kaHi, the product split on kaHi's 16-bit halves so each part is exact.
    const j = 3 * i
    acc[j] += bHi
    acc[j + 1] += kaLo * (kaHi >>> 16)
    acc[j + 2] += bLo + kaLo * (kaHi & 0xffff)
    acc[j + 3] += aHi
    acc[j + 4] += kbLo * (kbHi >>> 16)
    acc[j + 5] += aLo + kbLo * (kbHi & 0xffff)
  }
}

/** Reduces lane i of ACC to exact 32-bit halves: ACC[3i] = hi, ACC[3i + 1] = 0, ACC[3i + 2] = lo. */
function normalizeLane(i: number): void {
  const acc = ACC
  const j = 3 * i
  const mid = acc[j + 1]
  const midHi = Math.floor(mid * (1 / 65536))
  const low = acc[j + 2] + (mid - midHi * 65536) * 65536
  const lo = low >>> 0
  acc[j] = (acc[j] + midHi + (low - lo) * TWO_NEG32) >>> 0
  acc[j + 1] = 0
  acc[j + 2] = lo
}

/** XXH3_scrambleAcc with secret words s[LONG_SCRAMBLE ..]. */
function scramble(s: Uint32Array): void {
  const acc = ACC
  for (let i = 0; i < 8; i++) {
    normalizeLane(i)
    const j = 3 * i
    const hi = acc[j]
    // acc ^= acc >> 47; acc ^= key; acc *= PRIME32_1
    const lo = (acc[j + 2] ^ (hi >>> 15) ^ s[LONG_SCRAMBLE + 2 * i]) >>> 0
    const h = (hi ^ s[LONG_SCRAMBLE + 2 * i + 1]) >>> 0
    acc[j] = (mulHi32(lo, P32_1) + Math.imul(h, P32_1)) >>> 0
    acc[j + 2] = Math.imul(lo, P32_1) >>> 0
  }
}

function hashLong(input: Uint8Array, len: number, s: Uint32Array, out: Uint32Array): void {
  const acc = ACC
  acc.fill(0)
  acc[0 * 3 + 2] = P32_3
  acc[1 * 3] = P64_1_HI
  acc[1 * 3 + 2] = P64_1_LO
  acc[2 * 3] = P64_2_HI
  acc[2 * 3 + 2] = P64_2_LO
  acc[3 * 3] = P64_3_HI
  acc[3 * 3 + 2] = P64_3_LO
  acc[4 * 3] = P64_4_HI
  acc[4 * 3 + 2] = P64_4_LO
  acc[5 * 3 + 2] = P32_2
  acc[6 * 3] = P64_5_HI
  acc[6 * 3 + 2] = P64_5_LO
  acc[7 * 3 + 2] = P32_1

  const blocks = Math.floor((len - 1) / BLOCK_LEN)
  let p = 0
  for (let b = 0; b < blocks; b++) {
    for (let n = 0; n < STRIPES_PER_BLOCK; n++) accumulateStripe(input, p + 64 * n, s, LONG_STRIPE + 2 * n)
    scramble(s)
    p += BLOCK_LEN
  }
  // Last partial block, then the last 64 bytes (possibly overlapping) with the offset secret.
  const stripes = (len - 1 - p) >>> 6
  for (let n = 0; n < stripes; n++) accumulateStripe(input, p + 64 * n, s, LONG_STRIPE + 2 * n)
  accumulateStripe(input, len - 64, s, LONG_LAST)

  // XXH3_mergeAccs: len * PRIME64_1 + sum of mul128_fold64(acc pair ^ secret), summed per half.
  // len < 2^32 (checked by hash), so the product has no high-word term for len.
  let sumHi = mulHi32(len, P64_1_LO) + (Math.imul(len, P64_1_HI) >>> 0)
  let sumLo = Math.imul(len, P64_1_LO) >>> 0
  for (let i = 0; i < 8; i += 2) {
    normalizeLane(i)
    normalizeLane(i + 1)
    const j = 3 * i
    const k = LONG_MERGE + 2 * i
    mul128Fold64(
      (acc[j] ^ s[k + 1]) >>> 0,
      (acc[j + 2] ^ s[k]) >>> 0,
      (acc[j + 3] ^ s[k + 3]) >>> 0,
      (acc[j + 5] ^ s[k + 2]) >>> 0,
    )
    sumHi += R[0]
    sumLo += R[1]
  }
  avalancheSumTo(sumHi, sumLo, out)
}

class Xxh3Hasher implements Hasher64 {
  private readonly short: Uint32Array
  private readonly long: Uint32Array

  constructor(seedHi: number, seedLo: number) {
    this.short = shortTable(seedHi, seedLo)
    this.long = seedHi === 0 && seedLo === 0 ? DEFAULT_LONG : longTable(customSecret(seedHi, seedLo))
  }

  hash(input: Uint8Array, length: number, out: Uint32Array): void {
    if (length >>> 0 !== length || length > input.length) throwBadLength(length)
    if (length <= 16) {
      if (length > 8) hash9to16(input, length, this.short, out)
      else if (length >= 4) hash4to8(input, length, this.short, out)
      else if (length > 0) hash1to3(input, length, this.short, out)
      else {
        out[0] = this.short[EMPTY]
        out[1] = this.short[EMPTY + 1]
      }
    } else if (length <= 128) hash17to128(input, length, this.short, out)
    else if (length <= 240) hash129to240(input, length, this.short, out)
    else hashLong(input, length, this.long, out)
  }
}

/**
 * Creates an XXH3-64 hasher for the 64-bit seed `seedHi * 2^32 + seedLo`. Seed 0 gives the same
 * hashes as `XXH3_64bits`.
 *
 * @param seedHi - High 32 bits of the seed (taken mod 2^32).
 * @param seedLo - Low 32 bits of the seed (taken mod 2^32).
 */
export function createXxh3(seedHi: number, seedLo: number): Hasher64 {
  return new Xxh3Hasher(seedHi >>> 0, seedLo >>> 0)
}
