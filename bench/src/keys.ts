/**
 * The keys every contender sees. The rule is the one of the raw Rust benchmark
 * (crates/chash_core/examples/raw_bench.rs), so that its figures and ours are for the same bytes:
 * key `k` of length `L` is the decimal `k` left-padded with `'0'` to `L` characters.
 */
import { KeyBatch } from '@chash/core'
import nodeXxhash from '@node-rs/xxhash'

/** How many distinct keys a key set holds: far more than any CPU cache or hashring's LRU (5,000). */
export const KEY_SET = 1_000_000

/** Keys per batch call (`getConsumerMany`, `jumpHashMany`), as in raw_bench. */
export const BATCH = 16_384

/** The key length whose 64-bit XXH3 values are the jump hash keys, as in raw_bench. */
export const JUMP_KEY_LENGTH = 22

/** Key `k` of length `length`: the decimal `k` left-padded with '0'. */
export function keyOf(k: number, length: number): string {
  if (!Number.isSafeInteger(k) || k < 0)
    throw new RangeError(`k must be a non-negative safe integer, got ${k}`)
  const digits = String(k)
  if (digits.length > length) throw new RangeError(`key ${k} does not fit in ${length} characters`)
  return digits.padStart(length, '0')
}

/** Keys `0 … count-1` of one length, in order (the order raw_bench visits them). */
export function makeKeys(length: number, count: number = KEY_SET): string[] {
  const keys = new Array<string>(count)
  for (let k = 0; k < count; k++) {
    const key = keyOf(k, length)
    // padStart gives a rope (a V8 ConsString: the padding, then the digits) that the first read of
    // a character flattens into a new string. Left to the timed loop, that first read happened
    // there, for every contender alike, and about one process in three then ran 1.8× slower for
    // its whole life (js getConsumer at 1,000 consumers: 194-225 or 308-375 ns; flattened here,
    // 138-167 in 30 of 30 rounds; bench/README.md § What is measured).
    key.charCodeAt(0)
    keys[k] = key
  }
  return keys
}

/**
 * Splits `keys` into consecutive batches of exactly `size`, dropping a shorter tail so that every
 * timed call handles the same number of keys. Batches share the strings: only the arrays are new.
 */
export function makeBatches<T>(keys: readonly T[], size: number = BATCH): T[][] {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`size must be a positive integer, got ${size}`)
  const batches: T[][] = []
  for (let start = 0; start + size <= keys.length; start += size)
    batches.push(keys.slice(start, start + size))
  return batches
}

/**
 * The 64-bit jump keys: XXH3-64 (seed 0) of the first `count` keys of length 22, as raw_bench uses.
 * They are hashed with @node-rs/xxhash (the agreement check holds it equal to our xxh3), so that
 * preparing them runs none of our backends: a contender's process then runs only its own engine.
 */
export function makeJumpKeys(count: number = KEY_SET): BigUint64Array {
  const hash = nodeXxhash.xxh3.xxh64
  const out = new BigUint64Array(count)
  for (let k = 0; k < count; k++) out[k] = hash(keyOf(k, JUMP_KEY_LENGTH))
  return out
}

/**
 * Each 64-bit key as 8 big-endian bytes, the form `@subspace/jump-consistent-hash` takes. The views
 * share one buffer and are made before timing so the peer is not charged for building them.
 */
export function bigEndianViews(keys: BigUint64Array): Uint8Array[] {
  const bytes = new Uint8Array(keys.length * 8)
  const view = new DataView(bytes.buffer)
  const views = new Array<Uint8Array>(keys.length)
  for (let k = 0; k < keys.length; k++) {
    view.setBigUint64(k * 8, keys[k], false)
    views[k] = bytes.subarray(k * 8, k * 8 + 8)
  }
  return views
}

/**
 * Builds each key set once and keeps it: several cases share a key length, and building a million
 * strings takes longer than some cases run.
 */
export class KeyStore {
  readonly #strings = new Map<number, string[]>()
  readonly #batches = new Map<number, string[][]>()
  readonly #packed = new Map<number, KeyBatch[]>()
  #jump: BigUint64Array | undefined

  constructor(readonly size: number = KEY_SET) {}

  /** The key set of one length. */
  strings(length: number): string[] {
    let keys = this.#strings.get(length)
    if (keys === undefined) {
      keys = makeKeys(length, this.size)
      this.#strings.set(length, keys)
    }
    return keys
  }

  /** The key set of one length cut into batches of {@link BATCH}. */
  batches(length: number): string[][] {
    let batches = this.#batches.get(length)
    if (batches === undefined) {
      batches = makeBatches(this.strings(length), BATCH)
      this.#batches.set(length, batches)
    }
    return batches
  }

  /** The same batches packed as UTF-8 with offsets (made before timing, so no one pays for packing). */
  packedBatches(length: number): KeyBatch[] {
    let packed = this.#packed.get(length)
    if (packed === undefined) {
      packed = this.batches(length).map((batch) => KeyBatch.from(batch))
      this.#packed.set(length, packed)
    }
    return packed
  }

  /** The jump keys (see {@link makeJumpKeys}). */
  jumpKeys(): BigUint64Array {
    this.#jump ??= makeJumpKeys(this.size)
    return this.#jump
  }
}
