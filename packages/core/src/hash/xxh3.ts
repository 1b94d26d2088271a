/**
 * XXH3-64 (xxHash 0.8, `XXH3_64bits_withSeed(input, len, seed)`) on 32-bit halves, without BigInt.
 *
 * Everything that depends only on the seed is computed once when a hasher is created: for inputs
 * up to 240 bytes the default secret's words with the seed already added or subtracted, for longer
 * inputs the secret derived from the seed (XXH3_initCustomSecret), as 32-bit words.
 *
 * As in xxh64.ts, the hot paths write their 64-bit arithmetic out inline instead of calling the
 * helpers of u64.ts (see there for why): a product by a constant C is
 *
 *     lo' = imul(lo, C_LO)
 *     hi' = mulhi(lo, C_LO) + imul(lo, C_HI) + imul(hi, C_LO)     (mod 2^32)
 *
 * with mulhi on 16-bit limbs (x0, x1 and the constant's limbs C_L0, C_L1). The few helpers they do
 * call pass 64-bit values through R, a typed array, so that nothing is boxed either way; the
 * exception is {@link mix}, the 128-bit product of the 9-240 byte kernels, which is written so
 * that V8 always inlines it (see there).
 *
 * Besides bytes, a hasher takes an ASCII string of 17-95 code units straight from its units
 * ({@link hash17to95Units}), so that the js backend need not copy it into bytes first, and the
 * bytes of a reused buffer through a DataView ({@link hash17to240View}).
 *
 * @packageDocumentation
 */
import { lengthOf } from '../typed-arrays.js'
import { type Hasher64, throwBadLength, VIEW_MIN_LENGTH } from './hasher.js'
import { StringPathBudget } from './string-budget.js'
import { add64, R, readLE32, sub64, swap32 } from './u64.js'

/** XXH3's default secret (`XXH3_kSecret`, 192 bytes). */
const K_SECRET = new Uint8Array([
  0xb8, 0xfe, 0x6c, 0x39, 0x23, 0xa4, 0x4b, 0xbe, 0x7c, 0x01, 0x81, 0x2c, 0xf7, 0x21, 0xad, 0x1c, 0xde, 0xd4,
  0x6d, 0xe9, 0x83, 0x90, 0x97, 0xdb, 0x72, 0x40, 0xa4, 0xa4, 0xb7, 0xb3, 0x67, 0x1f, 0xcb, 0x79, 0xe6, 0x4e,
  0xcc, 0xc0, 0xe5, 0x78, 0x82, 0x5a, 0xd0, 0x7d, 0xcc, 0xff, 0x72, 0x21, 0xb8, 0x08, 0x46, 0x74, 0xf7, 0x43,
  0x24, 0x8e, 0xe0, 0x35, 0x90, 0xe6, 0x81, 0x3a, 0x26, 0x4c, 0x3c, 0x28, 0x52, 0xbb, 0x91, 0xc3, 0x00, 0xcb,
  0x88, 0xd0, 0x65, 0x8b, 0x1b, 0x53, 0x2e, 0xa3, 0x71, 0x64, 0x48, 0x97, 0xa2, 0x0d, 0xf9, 0x4e, 0x38, 0x19,
  0xef, 0x46, 0xa9, 0xde, 0xac, 0xd8, 0xa8, 0xfa, 0x76, 0x3f, 0xe3, 0x9c, 0x34, 0x3f, 0xf9, 0xdc, 0xbb, 0xc7,
  0xc7, 0x0b, 0x4f, 0x1d, 0x8a, 0x51, 0xe0, 0x4b, 0xcd, 0xb4, 0x59, 0x31, 0xc8, 0x9f, 0x7e, 0xc9, 0xd9, 0x78,
  0x73, 0x64, 0xea, 0xc5, 0xac, 0x83, 0x34, 0xd3, 0xeb, 0xc3, 0xc5, 0x81, 0xa0, 0xff, 0xfa, 0x13, 0x63, 0xeb,
  0x17, 0x0d, 0xdd, 0x51, 0xb7, 0xf0, 0xda, 0x49, 0xd3, 0x16, 0x55, 0x26, 0x29, 0xd4, 0x68, 0x9e, 0x2b, 0x16,
  0xbe, 0x58, 0x7d, 0x47, 0xa1, 0xfc, 0x8f, 0xf8, 0xb8, 0xd1, 0x7a, 0xd0, 0x31, 0xce, 0x45, 0xcb, 0x3a, 0x8f,
  0x95, 0x16, 0x04, 0x28, 0xaf, 0xd7, 0xfb, 0xca, 0xbb, 0x4b, 0x40, 0x7e,
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
// 16-bit limbs of low halves, for the inline high-word products.
const P64_1_L0 = 0xca87
const P64_1_L1 = 0x85eb
const P64_2_L0 = 0xeb4f
const P64_2_L1 = 0x27d4
const P64_3_L0 = 0x79f9
const P64_3_L1 = 0x9e37
const MX1_L0 = 0x79f9
const MX1_L1 = 0x9e37
const MX2_L0 = 0xdf25
const MX2_L1 = 0x1e98
const P32_1_L0 = 0x79b1
const P32_1_L1 = 0x9e37

// Layout of the per-seed short-input table (`Xxh3Hasher.shortKeys`). 64-bit values are (hi, lo).
/** Hash of the empty input. */
const EMPTY = 0
/** 1-3 bytes: (secret[0..4) ^ secret[4..8)) + seed. */
const BF_1TO3 = 2
/** 4-8 bytes: (secret[8..16) ^ secret[16..24)) - (seed ^ (swap32(seedLo) << 32)). */
const BF_4TO8 = 4
/**
 * 9-16 bytes: (secret[24..32) ^ secret[32..40)) + seed, then (secret[40..48) ^ secret[48..56)) - seed,
 * as 4 words in memory order (lo, hi, lo, hi) like the MIX keys.
 */
const BF_9TO16 = 6
/**
 * 17-240 bytes: the 16 keys of XXH3_mix16B, 4 words each in memory order (lo, hi of
 * secret[s..s+8) + seed, then lo, hi of secret[s+8..s+16) - seed). Key m < 8 is at secret offset
 * 16m, key 8 <= m < 15 at 3 + 16(m - 8) (XXH3_MIDSIZE_STARTOFFSET), key 15 at 136 - 17
 * (XXH3_MIDSIZE_LASTOFFSET), so the m-th 16-byte chunk of a 129-240 byte input uses key m.
 */
const MIX = 10
const SHORT_WORDS = MIX + 16 * 4

// Layout of the long-input table (`Xxh3Hasher.longKeys`): secret words in memory order.
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

/** XXH3_INIT_ACC as (hi, lo) pairs. */
const INIT_ACC = new Uint32Array([
  0,
  P32_3,
  P64_1_HI,
  P64_1_LO,
  P64_2_HI,
  P64_2_LO,
  P64_3_HI,
  P64_3_LO,
  P64_4_HI,
  P64_4_LO,
  0,
  P32_2,
  P64_5_HI,
  P64_5_LO,
  0,
  P32_1,
])

/** Little-endian word of the default secret at byte offset p. */
function kw(p: number): number {
  return readLE32(K_SECRET, p)
}

/** Builds the short-input table for a seed (against the default secret, as XXH3 does for < 241 bytes). */
function shortTable(seedHi: number, seedLo: number): Uint32Array {
  const t = new Uint32Array(SHORT_WORDS)
  // Empty input: XXH64_avalanche(seed ^ secret[56..64) ^ secret[64..72)).
  R[0] = seedHi ^ kw(60) ^ kw(68)
  R[1] = seedLo ^ kw(56) ^ kw(64)
  xxh64AvalancheR()
  t[EMPTY] = R[0]
  t[EMPTY + 1] = R[1]

  add64(0, (kw(0) ^ kw(4)) >>> 0, seedHi, seedLo)
  t[BF_1TO3] = R[0]
  t[BF_1TO3 + 1] = R[1]

  sub64((kw(12) ^ kw(20)) >>> 0, (kw(8) ^ kw(16)) >>> 0, (seedHi ^ swap32(seedLo)) >>> 0, seedLo)
  t[BF_4TO8] = R[0]
  t[BF_4TO8 + 1] = R[1]

  add64((kw(28) ^ kw(36)) >>> 0, (kw(24) ^ kw(32)) >>> 0, seedHi, seedLo)
  t[BF_9TO16] = R[1]
  t[BF_9TO16 + 1] = R[0]
  sub64((kw(44) ^ kw(52)) >>> 0, (kw(40) ^ kw(48)) >>> 0, seedHi, seedLo)
  t[BF_9TO16 + 2] = R[1]
  t[BF_9TO16 + 3] = R[0]

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

/** XXH64_avalanche of the value in R, in place (XXH3 uses it for inputs of 0-3 bytes). */
function xxh64AvalancheR(): void {
  // h ^= h >> 33; h *= PRIME64_2; h ^= h >> 29; h *= PRIME64_3; h ^= h >> 32
  let hi = R[0]
  let lo = R[1] ^ (hi >>> 1)
  let x0 = lo & 0xffff
  let x1 = lo >>> 16
  let t = x1 * P64_2_L0 + ((x0 * P64_2_L0) >>> 16)
  t = x1 * P64_2_L1 + (t >>> 16) + ((x0 * P64_2_L1 + (t & 0xffff)) >>> 16)
  hi = t + Math.imul(lo, P64_2_HI) + Math.imul(hi, P64_2_LO)
  lo = Math.imul(lo, P64_2_LO)
  lo ^= (lo >>> 29) | (hi << 3)
  hi ^= hi >>> 29
  x0 = lo & 0xffff
  x1 = lo >>> 16
  t = x1 * P64_3_L0 + ((x0 * P64_3_L0) >>> 16)
  t = x1 * P64_3_L1 + (t >>> 16) + ((x0 * P64_3_L1 + (t & 0xffff)) >>> 16)
  hi = t + Math.imul(lo, P64_3_HI) + Math.imul(hi, P64_3_LO)
  R[0] = hi
  R[1] = Math.imul(lo, P64_3_LO) ^ hi
}

/** XXH3_avalanche of the value in R, written to out[0] (high) and out[1] (low). */
function avalancheRTo(out: Uint32Array): void {
  // h ^= h >> 37; h *= 0x165667919E3779F9; h ^= h >> 32
  const hi = R[0]
  const lo = R[1] ^ (hi >>> 5)
  const x0 = lo & 0xffff
  const x1 = lo >>> 16
  let t = x1 * MX1_L0 + ((x0 * MX1_L0) >>> 16)
  t = x1 * MX1_L1 + (t >>> 16) + ((x0 * MX1_L1 + (t & 0xffff)) >>> 16)
  const h = t + Math.imul(lo, MX1_HI) + Math.imul(hi, MX1_LO)
  out[0] = h
  out[1] = Math.imul(lo, MX1_LO) ^ h
}

function hash1to3(input: Uint8Array, len: number, t: Uint32Array, out: Uint32Array): void {
  // combined = { input[len - 1], len, input[0], input[len >> 1] } as a little-endian word
  const combined = input[len - 1] | (len << 8) | (input[0] << 16) | (input[len >>> 1] << 24)
  R[0] = t[BF_1TO3]
  R[1] = combined ^ t[BF_1TO3 + 1]
  xxh64AvalancheR()
  out[0] = R[0]
  out[1] = R[1]
}

function hash4to8(input: Uint8Array, len: number, t: Uint32Array, out: Uint32Array): void {
  // keyed = ((input[0..4) << 32) + input[len-4..len)) ^ bitflip, then XXH3_rrmxmx(keyed, len)
  const q = len - 4
  let hi = (input[0] | (input[1] << 8) | (input[2] << 16) | (input[3] << 24)) ^ t[BF_4TO8]
  let lo = (input[q] | (input[q + 1] << 8) | (input[q + 2] << 16) | (input[q + 3] << 24)) ^ t[BF_4TO8 + 1]
  // h ^= rotl(h, 49) ^ rotl(h, 24)
  const h = hi
  hi ^= ((lo << 17) | (h >>> 15)) ^ ((h << 24) | (lo >>> 8))
  lo ^= ((h << 17) | (lo >>> 15)) ^ ((lo << 24) | (h >>> 8))
  // h *= 0x9FB21C651E98DF25; h ^= (h >> 35) + len (no carry: (hi >>> 3) + len < 2^32)
  let x0 = lo & 0xffff
  let x1 = lo >>> 16
  let t0 = x1 * MX2_L0 + ((x0 * MX2_L0) >>> 16)
  t0 = x1 * MX2_L1 + (t0 >>> 16) + ((x0 * MX2_L1 + (t0 & 0xffff)) >>> 16)
  hi = t0 + Math.imul(lo, MX2_HI) + Math.imul(hi, MX2_LO)
  lo = Math.imul(lo, MX2_LO) ^ ((hi >>> 3) + len)
  // h *= 0x9FB21C651E98DF25; h ^= h >> 28
  x0 = lo & 0xffff
  x1 = lo >>> 16
  t0 = x1 * MX2_L0 + ((x0 * MX2_L0) >>> 16)
  t0 = x1 * MX2_L1 + (t0 >>> 16) + ((x0 * MX2_L1 + (t0 & 0xffff)) >>> 16)
  hi = t0 + Math.imul(lo, MX2_HI) + Math.imul(hi, MX2_LO)
  lo = Math.imul(lo, MX2_LO)
  out[0] = hi ^ (hi >>> 28)
  out[1] = lo ^ ((lo >>> 28) | (hi << 4))
}

/** The high word of the value whose low word the last {@link mix} returned. */
const MIX_HI = new Int32Array(1)

/**
 * The high word of the 64-bit product of two unsigned 32-bit words (int32 ones read as unsigned),
 * from 16-bit limbs: with x = x1 * 2^16 + x0, every partial product and partial sum stays under
 * 2^32, so V8 keeps it in integer registers (a double product with rounding is shorter but
 * slower: int/float conversions).
 */
const mulHi = (x: number, y: number): number => {
  const x0 = x & 0xffff
  const x1 = x >>> 16
  const y0 = y & 0xffff
  const y1 = y >>> 16
  const m = x1 * y0 + ((x0 * y0) >>> 16)
  return (x1 * y1 + (m >>> 16) + ((x0 * y1 + (m & 0xffff)) >>> 16)) >>> 0
}

/**
 * XXH3's mul128_fold64(a, b), the low 64 bits XOR the high 64 bits of the 128-bit product a * b,
 * for a = (aHi, aLo) and b = (bHi, bLo), 32-bit words (int32 or uint32): returns the result's
 * low word (uint32) and leaves its high word in {@link MIX_HI}. The kernels add it to their sum:
 *
 *     const f = mix(aLo, aHi, bLo, bHi)
 *     lo = (lo + f) >>> 0
 *     hi = (hi + MIX_HI[0] + +(lo < f)) | 0
 *
 * The 128-bit product of both kernels ({@link hash9to240} over bytes, {@link hash17to95Units}
 * over a string's code units) in one place, which V8 inlines into each of them with the words in
 * registers. The bytes kernel measured as fast as with the product written out in it only with
 * all of these:
 *
 * - a small bytecode: V8 inlines no function of more than 460 bytes (the product written out
 *   took 629; with {@link mulHi} and `+(a < b)` for carries it is about 250), and stops inlining
 *   when the calls inlined into a function add up to about 920 bytes with a margin. mix and four
 *   mulHi leave room for the final avalanche; with the sum's addition in mix as well they did
 *   not, and 9-22 bytes took 3-5 % longer;
 * - the high word passed back through a typed array: a module-level `let` holding an int32 above
 *   2^30 boxes it on every call (8-30 % slower);
 * - `const` arrow functions for mix and mulHi: V8 then knows each call's callee, where a function
 *   declaration (a binding that could be reassigned) costs a check of the callee per call, five
 *   a chunk (5-10 % slower from 100 bytes up).
 */
const mix = (aLo: number, aHi: number, bLo: number, bHi: number): number => {
  const lhLo = Math.imul(aLo, bHi) >>> 0
  const hlLo = Math.imul(aHi, bLo) >>> 0
  const hhLo = Math.imul(aHi, bHi) >>> 0
  // Column sums of the product's words w1 and w2, with carries found by unsigned comparison.
  let w1 = (mulHi(aLo, bLo) + lhLo) >>> 0
  let c1 = +(w1 < lhLo)
  w1 = (w1 + hlLo) >>> 0
  c1 += +(w1 < hlLo)
  const hlHi = mulHi(aHi, bLo)
  let w2 = (mulHi(aLo, bHi) + hlHi) >>> 0
  let c2 = +(w2 < hlHi)
  w2 = (w2 + hhLo) >>> 0
  c2 += +(w2 < hhLo)
  w2 = (w2 + c1) >>> 0
  c2 += +(w2 < c1)
  // (w1:w0) ^ (w3:w2)
  MIX_HI[0] = w1 ^ (mulHi(aHi, bHi) + c2)
  return (Math.imul(aLo, bLo) ^ w2) >>> 0
}

/**
 * Where chunk j of a 17-240 byte input of `chunks` chunks starts, for {@link hash17to240View}: up
 * to 128 bytes the chunks pair the two ends inward (j even from the start, j odd from the end),
 * above they step 16 bytes from the start and the last is the input's last 16. {@link hash9to240}
 * keeps the same schedule written out inline, as it was tuned for V8's inlining budget (see
 * {@link mix}): A/Bs of it through these helpers could not tell its cost from their noise.
 */
const chunkAt = (len: number, j: number, chunks: number): number =>
  len <= 128 ? ((j & 1) === 0 ? 8 * j : len - 8 * (j + 1)) : j === chunks - 1 ? len - 16 : 16 * j

/** Where chunk j's four keys are in the short table: the last chunk above 128 bytes has its own. */
const chunkKeysAt = (len: number, j: number, chunks: number): number =>
  len > 128 && j === chunks - 1 ? MIX + 60 : MIX + 4 * j

/** The sum (hi, lo) avalanched into R: what 129-240 bytes do after their first 8 chunks. */
const avalancheSum = (hi: number, lo: number): void => {
  R[0] = hi
  R[1] = lo
  avalancheRTo(R)
}

/**
 * XXH3 for 9-240 bytes: a sum of mul128_fold64 products of 8-byte input words XORed with seeded
 * keys, avalanched. Chunk j covers input[pa .. pa + 8) and input[pb .. pb + 8) with the keys at
 * t[k .. k + 4):
 *
 * - 9-16 bytes: one chunk, pa = 0, pb = len - 8, keys BF_9TO16; the sum starts at len + swap64(a) + b.
 * - 17-128 bytes: XXH3_mix16B of input[0..], input[len - 16..], input[16..], input[len - 32..], ...
 *   with keys 0, 1, 2, 3, ...; the sum starts at len * PRIME64_1.
 * - 129-240 bytes: mix16B of input[16j..] with key j for j < len / 16, avalanching the sum after
 *   the first 8, then of input[len - 16..] with key 15.
 *
 * One function with one call of {@link mix}, so that V8 compiles it as a whole with mix inlined (it
 * is too large to be inlined into callers, whose inlining budget would otherwise decide what gets
 * inlined); {@link hash17to95Units} is large for the same reason.
 */
function hash9to240(input: Uint8Array, len: number, t: Uint32Array, out: Uint32Array): void {
  let hi: number
  let lo: number
  let chunks: number
  if (len <= 16) {
    const q = len - 8
    const aLo = (input[0] | (input[1] << 8) | (input[2] << 16) | (input[3] << 24)) ^ t[BF_9TO16]
    const aHi = (input[4] | (input[5] << 8) | (input[6] << 16) | (input[7] << 24)) ^ t[BF_9TO16 + 1]
    const bLo =
      ((input[q] | (input[q + 1] << 8) | (input[q + 2] << 16) | (input[q + 3] << 24)) ^ t[BF_9TO16 + 2]) >>> 0
    const bHi =
      (input[q + 4] | (input[q + 5] << 8) | (input[q + 6] << 16) | (input[q + 7] << 24)) ^ t[BF_9TO16 + 3]
    // len + swap64(a) + b, where swap64(a) = (bswap32(aLo), bswap32(aHi)); three low words sum exactly in a double
    const sum =
      len + (((aHi >>> 24) | ((aHi >>> 8) & 0xff00) | ((aHi & 0xff00) << 8) | (aHi << 24)) >>> 0) + bLo
    lo = sum >>> 0
    hi =
      (((aLo >>> 24) | ((aLo >>> 8) & 0xff00) | ((aLo & 0xff00) << 8) | (aLo << 24)) +
        bHi +
        (sum > 0xffffffff ? 1 : 0)) |
      0
    chunks = 1
  } else {
    // len * PRIME64_1 (len < 2^16, so two limb products give the high word of len * P64_1_LO)
    hi = (((len * P64_1_L1 + ((len * P64_1_L0) >>> 16)) >>> 16) + Math.imul(len, P64_1_HI)) | 0
    lo = Math.imul(len, P64_1_LO) >>> 0
    chunks = len <= 128 ? 2 + 2 * ((len - 1) >>> 5) : (len >>> 4) + 1
  }
  for (let j = 0; j < chunks; j++) {
    let pa = 0
    let k = BF_9TO16
    if (len <= 16) {
      pa = 0
    } else if (len <= 128) {
      pa = (j & 1) === 0 ? 8 * j : len - 8 * (j + 1)
      k = MIX + 4 * j
    } else {
      if (j === 8) {
        R[0] = hi
        R[1] = lo
        avalancheRTo(R)
        // Same representation as the loop's other updates (int32 hi, uint32 lo), or V8 falls back to doubles.
        hi = R[0] | 0
        lo = R[1]
      }
      const last = j === chunks - 1
      pa = last ? len - 16 : 16 * j
      k = last ? MIX + 60 : MIX + 4 * j
    }
    // Offsets are below 240; the mask tells V8 so, which drops overflow checks on pa + 1 .. pb + 7.
    pa &= 255
    const pb = (len <= 16 ? len - 8 : pa + 8) & 255
    const aLo = (input[pa] | (input[pa + 1] << 8) | (input[pa + 2] << 16) | (input[pa + 3] << 24)) ^ t[k]
    const aHi =
      (input[pa + 4] | (input[pa + 5] << 8) | (input[pa + 6] << 16) | (input[pa + 7] << 24)) ^ t[k + 1]
    const bLo = (input[pb] | (input[pb + 1] << 8) | (input[pb + 2] << 16) | (input[pb + 3] << 24)) ^ t[k + 2]
    const bHi =
      (input[pb + 4] | (input[pb + 5] << 8) | (input[pb + 6] << 16) | (input[pb + 7] << 24)) ^ t[k + 3]
    const f = mix(aLo, aHi, bLo, bHi)
    lo = (lo + f) >>> 0
    hi = (hi + MIX_HI[0] + +(lo < f)) | 0
  }
  R[0] = hi
  R[1] = lo
  avalancheRTo(out)
}

/**
 * {@link hash9to240}'s 17-240 byte classes over a DataView of the input, with the same chunks:
 * each 32-bit word is one little-endian load rather than four byte loads, shifts and ORs, which
 * takes 12-15 % off hashing a 100-200 byte string (bench/README.md § Key bytes read as words).
 * Only for buffers that keep a view of themselves (Hasher64.hashView): a caller's own Uint8Array
 * goes to hash9to240, since making a view of it for one hash costs more than the view saves.
 */
function hash17to240View(view: DataView, len: number, t: Uint32Array, out: Uint32Array): void {
  // len * PRIME64_1, as in hash9to240
  let hi = (((len * P64_1_L1 + ((len * P64_1_L0) >>> 16)) >>> 16) + Math.imul(len, P64_1_HI)) | 0
  let lo = Math.imul(len, P64_1_LO) >>> 0
  const chunks = len <= 128 ? 2 + 2 * ((len - 1) >>> 5) : (len >>> 4) + 1
  for (let j = 0; j < chunks; j++) {
    if (j === 8 && len > 128) {
      avalancheSum(hi, lo)
      hi = R[0] | 0
      lo = R[1]
    }
    const pa = chunkAt(len, j, chunks)
    const k = chunkKeysAt(len, j, chunks)
    const f = mix(
      view.getInt32(pa, true) ^ t[k],
      view.getInt32(pa + 4, true) ^ t[k + 1],
      view.getInt32(pa + 8, true) ^ t[k + 2],
      view.getInt32(pa + 12, true) ^ t[k + 3],
    )
    lo = (lo + f) >>> 0
    hi = (hi + MIX_HI[0] + +(lo < f)) | 0
  }
  R[0] = hi
  R[1] = lo
  avalancheRTo(out)
}

/**
 * The longest string that {@link hash17to95Units} hashes: from 96 units on keys.ts copies a
 * string into bytes with TextEncoder, and copying then hashing the bytes costs less than reading
 * the units here (100 units: 190 ns against 198; 95 units, copied by a loop: 258 against 143).
 */
export const STRING_UNITS_MAX = 95

/** {@link hash17to95Units}'s result when it hashed the key. */
const HASHED = -1

/**
 * XXH3 of the UTF-8 bytes of a string of 17-95 code units read from its code units, when they
 * are all ASCII (then they are the bytes): {@link hash9to240}'s 17-128 byte class with the byte
 * reads replaced, which saves copying the string into bytes. Returns {@link HASHED}, or, at the
 * first 4-unit word that holds a unit above 0x7f, the number of chunks it had mixed before that
 * word, with `out` untouched; since the chunks of a 17-128 byte input read every byte, HASHED
 * means every unit was ASCII.
 *
 * A key with a non-ASCII unit pays for the reads (and mixes) before that word, in chunk order,
 * before it is encoded: nothing when it is among the first four units, most of an ASCII hash when
 * it is last (bench/README.md § A non-ASCII key on the js string path). Reading every word before
 * mixing any (a scratch of words) cut that by 3-7 % and made ASCII keys 10-25 % slower; a hasher
 * instead stops trying such keys for a while ({@link StringPathBudget}).
 *
 * Not a reader passed to one shared kernel (V8 stops inlining a reader once a kernel has seen
 * two), nor a helper per word: its four copies would not fit V8's inlining budget next to
 * {@link mix}, and a word that comes back from a call that was not inlined is boxed.
 */
function hash17to95Units(key: string, len: number, t: Uint32Array, out: Uint32Array): number {
  // len * PRIME64_1, as in hash9to240
  let hi = (((len * P64_1_L1 + ((len * P64_1_L0) >>> 16)) >>> 16) + Math.imul(len, P64_1_HI)) | 0
  let lo = Math.imul(len, P64_1_LO) >>> 0
  const chunks = 2 + 2 * ((len - 1) >>> 5)
  for (let j = 0; j < chunks; j++) {
    const pa = (j & 1) === 0 ? 8 * j : len - 8 * (j + 1)
    const k = MIX + 4 * j
    const u0 = key.charCodeAt(pa)
    const u1 = key.charCodeAt(pa + 1)
    const u2 = key.charCodeAt(pa + 2)
    const u3 = key.charCodeAt(pa + 3)
    if ((u0 | u1 | u2 | u3) >= 0x80) return j
    const u4 = key.charCodeAt(pa + 4)
    const u5 = key.charCodeAt(pa + 5)
    const u6 = key.charCodeAt(pa + 6)
    const u7 = key.charCodeAt(pa + 7)
    if ((u4 | u5 | u6 | u7) >= 0x80) return j
    const u8 = key.charCodeAt(pa + 8)
    const u9 = key.charCodeAt(pa + 9)
    const u10 = key.charCodeAt(pa + 10)
    const u11 = key.charCodeAt(pa + 11)
    if ((u8 | u9 | u10 | u11) >= 0x80) return j
    const u12 = key.charCodeAt(pa + 12)
    const u13 = key.charCodeAt(pa + 13)
    const u14 = key.charCodeAt(pa + 14)
    const u15 = key.charCodeAt(pa + 15)
    if ((u12 | u13 | u14 | u15) >= 0x80) return j
    const f = mix(
      (u0 | (u1 << 8) | (u2 << 16) | (u3 << 24)) ^ t[k],
      (u4 | (u5 << 8) | (u6 << 16) | (u7 << 24)) ^ t[k + 1],
      (u8 | (u9 << 8) | (u10 << 16) | (u11 << 24)) ^ t[k + 2],
      (u12 | (u13 << 8) | (u14 << 16) | (u15 << 24)) ^ t[k + 3],
    )
    lo = (lo + f) >>> 0
    hi = (hi + MIX_HI[0] + +(lo < f)) | 0
  }
  R[0] = hi
  R[1] = lo
  avalancheRTo(out)
  return HASHED
}

/** Adds XXH3_accumulate_512 of the stripe input[p .. p + 64) with secret words s[k ..] to ACC. */
function accumulateStripe(input: Uint8Array, p: number, s: Uint32Array, k: number): void {
  const acc = ACC
  // Lanes go in pairs because each lane also receives its neighbour's input word.
  for (let i = 0; i < 8; i += 2) {
    const aLo = input[p] | (input[p + 1] << 8) | (input[p + 2] << 16) | (input[p + 3] << 24)
    const aHi = input[p + 4] | (input[p + 5] << 8) | (input[p + 6] << 16) | (input[p + 7] << 24)
    const bLo = input[p + 8] | (input[p + 9] << 8) | (input[p + 10] << 16) | (input[p + 11] << 24)
    const bHi = input[p + 12] | (input[p + 13] << 8) | (input[p + 14] << 16) | (input[p + 15] << 24)
    p += 16
    const kaLo = (aLo ^ s[k]) >>> 0
    const kaHi = aHi ^ s[k + 1]
    const kbLo = (bLo ^ s[k + 2]) >>> 0
    const kbHi = bHi ^ s[k + 3]
    k += 4
    // lane i += b + kaLo * kaHi, with the product split on kaHi's 16-bit limbs so each part is
    // exact in a double; likewise lane i + 1 += a + kbLo * kbHi.
    const j = 3 * i
    acc[j] += bHi >>> 0
    acc[j + 1] += kaLo * (kaHi >>> 16)
    acc[j + 2] += (bLo >>> 0) + kaLo * (kaHi & 0xffff)
    acc[j + 3] += aHi >>> 0
    acc[j + 4] += kbLo * (kbHi >>> 16)
    acc[j + 5] += (aLo >>> 0) + kbLo * (kbHi & 0xffff)
  }
}

/** Reduces lane i of ACC to exact 32-bit halves: ACC[3i] = hi, ACC[3i + 1] = 0, ACC[3i + 2] = lo. */
function normalizeLane(i: number): void {
  const acc = ACC
  const j = 3 * i
  const mid = acc[j + 1]
  const midHi = Math.floor(mid / 65536)
  const low = acc[j + 2] + (mid - midHi * 65536) * 65536
  const lo = low >>> 0
  acc[j] = (acc[j] + midHi + (low - lo) / 4294967296) >>> 0
  acc[j + 1] = 0
  acc[j + 2] = lo
}

/** XXH3_scrambleAcc with secret words s[LONG_SCRAMBLE ..]. */
function scramble(s: Uint32Array): void {
  const acc = ACC
  for (let i = 0; i < 8; i++) {
    normalizeLane(i)
    const j = 3 * i
    // acc ^= acc >> 47; acc ^= key; acc *= PRIME32_1
    const hi = acc[j] ^ s[LONG_SCRAMBLE + 2 * i + 1]
    const lo = acc[j + 2] ^ (acc[j] >>> 15) ^ s[LONG_SCRAMBLE + 2 * i]
    const x0 = lo & 0xffff
    const x1 = lo >>> 16
    let t = x1 * P32_1_L0 + ((x0 * P32_1_L0) >>> 16)
    t = x1 * P32_1_L1 + (t >>> 16) + ((x0 * P32_1_L1 + (t & 0xffff)) >>> 16)
    acc[j] = (t + Math.imul(hi, P32_1)) >>> 0
    acc[j + 2] = Math.imul(lo, P32_1) >>> 0
  }
}

function hashLong(input: Uint8Array, len: number, s: Uint32Array, out: Uint32Array): void {
  const acc = ACC
  for (let i = 0; i < 8; i++) {
    acc[3 * i] = INIT_ACC[2 * i]
    acc[3 * i + 1] = 0
    acc[3 * i + 2] = INIT_ACC[2 * i + 1]
  }

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

  // XXH3_mergeAccs: len * PRIME64_1 + the sum of mul128_fold64(lane pair ^ secret).
  const x0 = len & 0xffff
  const x1 = len >>> 16
  let t = x1 * P64_1_L0 + ((x0 * P64_1_L0) >>> 16)
  t = x1 * P64_1_L1 + (t >>> 16) + ((x0 * P64_1_L1 + (t & 0xffff)) >>> 16)
  let hi = (t + Math.imul(len, P64_1_HI)) | 0
  let lo = Math.imul(len, P64_1_LO) >>> 0
  for (let i = 0; i < 8; i += 2) {
    normalizeLane(i)
    normalizeLane(i + 1)
    const j = 3 * i
    const k = LONG_MERGE + 2 * i
    const f = mix(acc[j + 2] ^ s[k], acc[j] ^ s[k + 1], acc[j + 5] ^ s[k + 2], acc[j + 3] ^ s[k + 3])
    lo = (lo + f) >>> 0
    hi = (hi + MIX_HI[0] + +(lo < f)) | 0
  }
  R[0] = hi
  R[1] = lo
  avalancheRTo(out)
}

class Xxh3Hasher implements Hasher64 {
  /** Seeded keys for inputs of up to 240 bytes (layout: EMPTY .. MIX). */
  private readonly shortKeys: Uint32Array
  /** Secret words for longer inputs (layout: LONG_STRIPE .. LONG_MERGE). */
  private readonly longKeys: Uint32Array
  /** Whether to read a 17-95 unit key's code units. */
  private readonly budget = new StringPathBudget()

  constructor(seedHi: number, seedLo: number) {
    this.shortKeys = shortTable(seedHi, seedLo)
    // XXH3 hashes long inputs with the default secret when the seed is 0.
    this.longKeys = seedHi === 0 && seedLo === 0 ? DEFAULT_LONG : longTable(customSecret(seedHi, seedLo))
  }

  hash(input: Uint8Array, length: number, out: Uint32Array): void {
    // `input.length` is only the fast path: a Uint8Array may lie about it, its real length decides.
    if (length >>> 0 !== length || (length > input.length && length > lengthOf(input))) throwBadLength(length)
    if (length > 240) hashLong(input, length, this.longKeys, out)
    else if (length > 8) hash9to240(input, length, this.shortKeys, out)
    else if (length >= 4) hash4to8(input, length, this.shortKeys, out)
    else if (length > 0) hash1to3(input, length, this.shortKeys, out)
    else {
      out[0] = this.shortKeys[EMPTY]
      out[1] = this.shortKeys[EMPTY + 1]
    }
  }

  hashView(input: Uint8Array, view: DataView, length: number, out: Uint32Array): void {
    // Other lengths, bad ones below 17 or above 240 included, are hash's to hash or refuse.
    if (length < VIEW_MIN_LENGTH || length > 240) {
      this.hash(input, length, out)
      return
    }
    if (length >>> 0 !== length || (length > input.length && length > lengthOf(input))) throwBadLength(length)
    hash17to240View(view, length, this.shortKeys, out)
  }

  hashString(key: string, out: Uint32Array): boolean {
    const length = key.length
    if (length <= 16 || length > STRING_UNITS_MAX) return false
    if (!this.budget.tries()) return false
    const mixed = hash17to95Units(key, length, this.shortKeys, out)
    if (mixed === HASHED) {
      this.budget.read()
      return true
    }
    if (mixed > 0) this.budget.wasted()
    return false
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
