/**
 * BigInt conveniences for the public API: one-shot hashes with a `bigint` seed, and seed splitting.
 * They convert through BigInt on every call, so hot loops should hold a {@link Hasher64} instead.
 *
 * @packageDocumentation
 */
import type { Hasher64 } from './hasher.js'
import { createXxh3 } from './xxh3.js'
import { createXxh64 } from './xxh64.js'

const MAX_U64 = (1n << 64n) - 1n

/**
 * Splits an unsigned 64-bit integer into its high and low 32-bit halves, as the hasher factories
 * take their seed.
 *
 * @param value - An integer in 0 .. 2^64 - 1.
 * @returns `[hi, lo]`, each in 0 .. 2^32 - 1.
 * @throws TypeError if `value` is not a bigint; RangeError if it is out of range.
 */
export function splitU64(value: bigint): [hi: number, lo: number] {
  if (typeof value !== 'bigint') throw new TypeError(`expected a bigint, got ${typeof value}`)
  if (value < 0n || value > MAX_U64)
    throw new RangeError(`expected an integer in 0 .. 2^64 - 1, got ${value}`)
  return [Number(value >> 32n), Number(value & 0xffffffffn)]
}

/** One cached hasher per algorithm: deriving XXH3's secret from a seed is not free, and seeds rarely change. */
interface CacheEntry {
  seed: bigint
  hasher: Hasher64
}
let xxh3Cache: CacheEntry | undefined
let xxh64Cache: CacheEntry | undefined
const out = new Uint32Array(2)

function checkInput(input: Uint8Array): void {
  if (!(input instanceof Uint8Array)) throw new TypeError('input must be a Uint8Array')
}

function result(): bigint {
  return (BigInt(out[0]) << 32n) | BigInt(out[1])
}

/**
 * XXH3-64 of `input` with a 64-bit seed: `XXH3_64bits_withSeed(input, input.length, seed)`.
 *
 * @param input - The bytes to hash (a Node.js Buffer is a Uint8Array too).
 * @param seed - An integer in 0 .. 2^64 - 1; 0 gives `XXH3_64bits(input)`.
 * @returns The hash, in 0 .. 2^64 - 1.
 */
export function xxh3Bigint(input: Uint8Array, seed: bigint = 0n): bigint {
  checkInput(input)
  if (xxh3Cache === undefined || xxh3Cache.seed !== seed) {
    const [hi, lo] = splitU64(seed)
    xxh3Cache = { seed, hasher: createXxh3(hi, lo) }
  }
  xxh3Cache.hasher.hash(input, input.length, out)
  return result()
}

/**
 * XXH64 of `input` with a 64-bit seed: `XXH64(input, input.length, seed)`.
 *
 * @param input - The bytes to hash (a Node.js Buffer is a Uint8Array too).
 * @param seed - An integer in 0 .. 2^64 - 1.
 * @returns The hash, in 0 .. 2^64 - 1.
 */
export function xxh64Bigint(input: Uint8Array, seed: bigint = 0n): bigint {
  checkInput(input)
  if (xxh64Cache === undefined || xxh64Cache.seed !== seed) {
    const [hi, lo] = splitU64(seed)
    xxh64Cache = { seed, hasher: createXxh64(hi, lo) }
  }
  xxh64Cache.hasher.hash(input, input.length, out)
  return result()
}
