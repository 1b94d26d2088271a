/** The stateless public functions: the key hashes and jump hash. */
import { type BackendChoice, resolveBackend } from './backend/select.js'
import type { Backend, EngineConfig, HashName } from './backend/types.js'
import { rangeError, typeError } from './errors.js'
import type { KeyInput } from './keys.js'
import { MAX_U64 } from './limits.js'
import { bufferOf, byteOffsetOf, lengthOf, typedArrayName } from './typed-arrays.js'
import {
  checkArrayLength,
  checkBuckets,
  checkEngineConfig,
  checkOptions,
  checkU64,
  describe,
  isArray,
} from './validate.js'

/** Options of the stateless functions. */
export interface FunctionOptions {
  /** Which engine computes the result (all give the same answer); default `'auto'`. */
  backend?: BackendChoice
}

/** A jump hash key: a 64-bit unsigned integer, or a string / bytes hashed with XXH3-64 first. */
export type JumpKey = bigint | number | string | Uint8Array

const TWO_32 = 4294967296
/** The configs of the default seed, made once: most calls pass no seed. */
const SEED0: Readonly<Record<HashName, EngineConfig>> = {
  xxh3: { hash: 'xxh3', seedHi: 0, seedLo: 0 },
  xxh64: { hash: 'xxh64', seedHi: 0, seedLo: 0 },
}
const FUNCTION_OPTIONS: ReadonlySet<string> = new Set(['backend'])
const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1

// Each call writes its own halves here and reads them back before anything else can run: user
// code (a getter among the keys, say) only runs while an argument is read, never in between.
const hashOut = new Uint32Array(2)

/** The backend of a function's `options` (read once; only undefined means `auto`). */
function backendOf(options: unknown): Backend {
  return resolveBackend(checkOptions(options, 'options', FUNCTION_OPTIONS).backend)
}

/** A key to hash: a string, or a real Uint8Array (a Proxy of one is not). */
function isHashKey(key: unknown): key is string | Uint8Array {
  return typeof key === 'string' || typedArrayName(key) === 'Uint8Array'
}

/** The hash and seed of a hash call, the seed checked. */
function hashConfig(hash: HashName, seed: unknown): EngineConfig {
  return seed === 0n ? SEED0[hash] : checkEngineConfig(hash, seed)
}

/** Hashes `key` into out[0] (high) and out[1] (low half). */
function hashInto(config: EngineConfig, key: unknown, out: Uint32Array, options: unknown): void {
  if (!isHashKey(key)) {
    throw typeError(`key must be a string or a Uint8Array, got ${describe(key)}`)
  }
  backendOf(options).hash(config, key, out)
}

/** A caller's array for the two halves: a real Uint32Array of at least 2 elements. */
function checkHashOut(out: unknown): Uint32Array {
  if (typedArrayName(out) !== 'Uint32Array') {
    throw typeError(`out must be a Uint32Array, got ${describe(out)}`)
  }
  const length = lengthOf(out as Uint32Array)
  if (length < 2) throw rangeError(`out must hold at least 2 elements, got length ${length}`)
  return out as Uint32Array
}

/** The character codes of the hex digits 0-9a-f. */
const HEX_DIGIT = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0))

/**
 * 16 lowercase hex digits of a 64-bit value given as two unsigned 32-bit halves. One
 * `fromCharCode` of 16 codes makes one flat string: about 25× faster than `toString(16)` twice,
 * which goes through V8's generic radix conversion, and 3–10× faster than a loop into an array
 * and `fromCharCode.apply` (hence the 16 arguments written out); two calls of 8 joined with `+`
 * (a cons string) measured 1.4–2.5× slower.
 */
function hexOf(hi: number, lo: number): string {
  const d = HEX_DIGIT
  return String.fromCharCode(
    d[hi >>> 28],
    d[(hi >>> 24) & 15],
    d[(hi >>> 20) & 15],
    d[(hi >>> 16) & 15],
    d[(hi >>> 12) & 15],
    d[(hi >>> 8) & 15],
    d[(hi >>> 4) & 15],
    d[hi & 15],
    d[lo >>> 28],
    d[(lo >>> 24) & 15],
    d[(lo >>> 20) & 15],
    d[(lo >>> 16) & 15],
    d[(lo >>> 12) & 15],
    d[(lo >>> 8) & 15],
    d[(lo >>> 4) & 15],
    d[lo & 15],
  )
}

/**
 * XXH3-64 of a string's UTF-8 bytes or of bytes, with an optional 64-bit seed (default 0); equals
 * `XXH3_64bits_withSeed` of the xxHash library.
 */
export function xxh3(key: string | Uint8Array, seed: bigint = 0n, options?: FunctionOptions): bigint {
  hashInto(hashConfig('xxh3', seed), key, hashOut, options)
  return (BigInt(hashOut[0]) << 32n) | BigInt(hashOut[1])
}

/** XXH64 of a string's UTF-8 bytes or of bytes, with an optional 64-bit seed (default 0). */
export function xxh64(key: string | Uint8Array, seed: bigint = 0n, options?: FunctionOptions): bigint {
  hashInto(hashConfig('xxh64', seed), key, hashOut, options)
  return (BigInt(hashOut[0]) << 32n) | BigInt(hashOut[1])
}

/** The signature of {@link xxh3Into} and {@link xxh64Into}. */
export type HashIntoFunction = (
  key: string | Uint8Array,
  out: Uint32Array,
  seed?: bigint,
  options?: FunctionOptions,
) => Uint32Array

/** Checks `seed`, `out` and `key` in this order, then hashes `key` into `out`. */
function hashIntoOut(
  hash: HashName,
  key: unknown,
  out: unknown,
  seed: unknown,
  options: unknown,
): Uint32Array {
  const config = hashConfig(hash, seed)
  const checked = checkHashOut(out)
  hashInto(config, key, checked, options)
  return checked
}

/**
 * {@link xxh3} without making a bigint (most of the cost of a short key's hash): writes the
 * hash's high 32 bits to `out[0]` and its low 32 bits to `out[1]` (a Uint32Array of at least 2
 * elements), and returns `out`. Reuse one array across calls.
 */
export const xxh3Into: HashIntoFunction = (key, out, seed = 0n, options) =>
  hashIntoOut('xxh3', key, out, seed, options)

/** {@link xxh64} into a caller's array, as {@link xxh3Into}. */
export const xxh64Into: HashIntoFunction = (key, out, seed = 0n, options) =>
  hashIntoOut('xxh64', key, out, seed, options)

/** {@link xxh3} as 16 lowercase hex digits (zero-padded), without making a bigint. */
export function xxh3Hex(key: string | Uint8Array, seed: bigint = 0n, options?: FunctionOptions): string {
  hashInto(hashConfig('xxh3', seed), key, hashOut, options)
  return hexOf(hashOut[0], hashOut[1])
}

/** {@link xxh64} as 16 lowercase hex digits (zero-padded), without making a bigint. */
export function xxh64Hex(key: string | Uint8Array, seed: bigint = 0n, options?: FunctionOptions): string {
  hashInto(hashConfig('xxh64', seed), key, hashOut, options)
  return hexOf(hashOut[0], hashOut[1])
}

/** Whether a jump key is the 64-bit integer itself (tested first: cheaper than {@link isHashKey}). */
function isIntKey(key: unknown): key is number | bigint {
  return typeof key === 'number' || typeof key === 'bigint'
}

/** The name of jump key `index` in errors: `keys[index]`, or `key` for a single one (-1). */
function jumpKeyName(index: number): string {
  return index < 0 ? 'key' : `keys[${index}]`
}

/**
 * Splits a 64-bit jump key (a number or a bigint) into out[0] = high and out[1] = low 32 bits
 * (docs/placement.md §7); anything else but a string or bytes is a TypeError naming the key. Its
 * name is made only for an error (a batch would otherwise build one string per key).
 */
function intKeyHalves(key: unknown, out: Uint32Array, index: number): void {
  if (typeof key === 'number') {
    if (!Number.isSafeInteger(key) || key < 0) {
      throw rangeError(
        `${jumpKeyName(index)} must be a non-negative safe integer when it is a number, got ${key}`,
      )
    }
    out[0] = Math.floor(key / TWO_32)
    out[1] = key >>> 0
  } else if (typeof key === 'bigint') {
    if (key < 0n || key > MAX_U64) checkU64(key, jumpKeyName(index)) // words the RangeError
    out[0] = Number(key >> 32n)
    out[1] = Number(key & 0xffffffffn)
  } else {
    throw typeError(
      `${jumpKeyName(index)} must be a bigint, a number, a string or a Uint8Array, got ${describe(key)}`,
    )
  }
}

/**
 * Jump consistent hash (Lamping & Veach 2014): the bucket in `0 … buckets−1` of a 64-bit key.
 * Numbers and bigints are the key itself; strings and bytes are hashed with XXH3-64 (seed 0) first.
 */
export function jumpHash(key: JumpKey, buckets: number, options?: FunctionOptions): number {
  const backend = backendOf(options)
  checkBuckets(buckets)
  if (!isIntKey(key) && isHashKey(key)) return backend.jumpKey(key, buckets)
  intKeyHalves(key, hashOut, -1) // or its TypeError
  return backend.jump(hashOut[0], hashOut[1], buckets)
}

/**
 * Jump hash of many keys in one call (one crossing into native or wasm; two for an array that
 * mixes strings or bytes with integers). A BigUint64Array is read in place; an array may mix the
 * key types of {@link jumpHash}, and each of its elements is read once.
 */
export function jumpHashMany(
  keys: BigUint64Array | readonly JumpKey[],
  buckets: number,
  options?: FunctionOptions,
): Uint32Array {
  const backend = backendOf(options)
  checkBuckets(buckets)
  if (typedArrayName(keys) === 'BigUint64Array') return jumpWords(keys as BigUint64Array, buckets, backend)
  if (!isArray(keys)) {
    throw typeError(`keys must be a BigUint64Array or an array, got ${describe(keys)}`)
  }
  return jumpArray(keys, buckets, backend)
}

/** jumpHashMany of a BigUint64Array. */
function jumpWords(words: BigUint64Array, buckets: number, backend: Backend): Uint32Array {
  // Its real length: a detached array has none.
  const count = lengthOf(words)
  let pairs: Uint32Array
  if (littleEndian && count > 0) {
    pairs = new Uint32Array(bufferOf(words), byteOffsetOf(words), count * 2)
  } else {
    pairs = new Uint32Array(count * 2)
    for (let k = 0; k < count; k++) {
      const key = words[k]
      pairs[2 * k] = Number(key & 0xffffffffn)
      pairs[2 * k + 1] = Number(key >> 32n)
    }
  }
  const out = new Uint32Array(count)
  backend.jumpMany(pairs, buckets, out)
  return out
}

/**
 * jumpHashMany of an array: its integers go to `jumpMany` as (lo, hi) pairs and its strings and
 * bytes to `jumpKeysMany`, each in one crossing, and the two results are merged in key order.
 */
function jumpArray(keys: readonly JumpKey[], buckets: number, backend: Backend): Uint32Array {
  const count = checkArrayLength(keys.length, 'keys')
  const hashed: KeyInput[] = []
  let pairs: Uint32Array | undefined
  let ints = 0
  // Which keys are integers, made once the array turns out to mix both kinds.
  let isInt: Uint8Array | undefined
  for (let k = 0; k < count; k++) {
    const key = keys[k]
    if (!isIntKey(key) && isHashKey(key)) {
      if (isInt === undefined && ints > 0) isInt = new Uint8Array(count).fill(1, 0, k)
      hashed.push(key)
      continue
    }
    intKeyHalves(key, hashOut, k)
    if (isInt === undefined && hashed.length > 0) isInt = new Uint8Array(count)
    if (isInt !== undefined) isInt[k] = 1
    pairs ??= new Uint32Array(count * 2)
    pairs[2 * ints] = hashOut[1]
    pairs[2 * ints + 1] = hashOut[0]
    ints++
  }
  const out = new Uint32Array(count)
  if (pairs === undefined) {
    backend.jumpKeysMany(hashed, buckets, out)
  } else if (isInt === undefined) {
    backend.jumpMany(pairs, buckets, out)
  } else {
    const intOut = new Uint32Array(ints)
    backend.jumpMany(pairs.subarray(0, 2 * ints), buckets, intOut)
    const hashedOut = new Uint32Array(hashed.length)
    backend.jumpKeysMany(hashed, buckets, hashedOut)
    for (let k = 0, i = 0, h = 0; k < count; k++) out[k] = isInt[k] === 1 ? intOut[i++] : hashedOut[h++]
  }
  return out
}
