/** The stateless public functions: the key hashes and jump hash. */
import { type BackendChoice, resolveBackend } from './backend/select.js'
import type { EngineConfig } from './backend/types.js'
import { checkBuckets, checkEngineConfig, checkU64, describe } from './validate.js'

/** Options of the stateless functions. */
export interface FunctionOptions {
  /** Which engine computes the result (all give the same answer); default `'auto'`. */
  backend?: BackendChoice
}

/** A jump hash key: a 64-bit unsigned integer, or a string / bytes hashed with XXH3-64 first. */
export type JumpKey = bigint | number | string | Uint8Array

const TWO_32 = 4294967296
const hashOut = new Uint32Array(2)
const XXH3_SEED0: EngineConfig = { hash: 'xxh3', seedHi: 0, seedLo: 0 }

function toBigint(out: Uint32Array): bigint {
  return (BigInt(out[0]) << 32n) | BigInt(out[1])
}

function hashToBigint(config: EngineConfig, key: unknown, options: FunctionOptions | undefined): bigint {
  if (typeof key !== 'string' && !(key instanceof Uint8Array)) {
    throw new TypeError(`key must be a string or a Uint8Array, got ${describe(key)}`)
  }
  resolveBackend(options?.backend).hash(config, key, hashOut)
  return toBigint(hashOut)
}

/**
 * XXH3-64 of a string's UTF-8 bytes or of bytes, with an optional 64-bit seed (default 0); equals
 * `XXH3_64bits_withSeed` of the xxHash library.
 */
export function xxh3(key: string | Uint8Array, seed: bigint = 0n, options?: FunctionOptions): bigint {
  return hashToBigint(checkEngineConfig('xxh3', seed), key, options)
}

/** XXH64 of a string's UTF-8 bytes or of bytes, with an optional 64-bit seed (default 0). */
export function xxh64(key: string | Uint8Array, seed: bigint = 0n, options?: FunctionOptions): bigint {
  return hashToBigint(checkEngineConfig('xxh64', seed), key, options)
}

/** Splits a jump key into out[0] = high and out[1] = low 32 bits (docs/placement.md §7). */
function jumpKeyHalves(
  key: unknown,
  out: Uint32Array,
  name: string,
  options: FunctionOptions | undefined,
): void {
  if (typeof key === 'number') {
    if (!Number.isSafeInteger(key) || key < 0) {
      throw new RangeError(`${name} must be a non-negative safe integer when it is a number, got ${key}`)
    }
    out[0] = Math.floor(key / TWO_32)
    out[1] = key >>> 0
  } else if (typeof key === 'bigint') {
    checkU64(key, name)
    out[0] = Number(key >> 32n)
    out[1] = Number(key & 0xffffffffn)
  } else if (typeof key === 'string' || key instanceof Uint8Array) {
    resolveBackend(options?.backend).hash(XXH3_SEED0, key, out)
  } else {
    throw new TypeError(`${name} must be a bigint, a number, a string or a Uint8Array, got ${describe(key)}`)
  }
}

/**
 * Jump consistent hash (Lamping & Veach 2014): the bucket in `0 … buckets−1` of a 64-bit key.
 * Numbers and bigints are the key itself; strings and bytes are hashed with XXH3-64 (seed 0) first.
 */
export function jumpHash(key: JumpKey, buckets: number, options?: FunctionOptions): number {
  const backend = resolveBackend(options?.backend)
  checkBuckets(buckets)
  jumpKeyHalves(key, hashOut, 'key', options)
  return backend.jump(hashOut[0], hashOut[1], buckets)
}

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1

/**
 * Jump hash of many keys in one call (one crossing into native or wasm). A BigUint64Array is read
 * in place; an array may mix the key types of {@link jumpHash}.
 */
export function jumpHashMany(
  keys: BigUint64Array | readonly JumpKey[],
  buckets: number,
  options?: FunctionOptions,
): Uint32Array {
  const backend = resolveBackend(options?.backend)
  checkBuckets(buckets)
  const out = new Uint32Array(keys.length)
  let pairs: Uint32Array
  if (keys instanceof BigUint64Array && littleEndian) {
    pairs = new Uint32Array(keys.buffer, keys.byteOffset, keys.length * 2)
  } else if (keys instanceof BigUint64Array || Array.isArray(keys)) {
    pairs = new Uint32Array(keys.length * 2)
    for (let k = 0; k < keys.length; k++) {
      jumpKeyHalves(keys[k], hashOut, `keys[${k}]`, options)
      pairs[2 * k] = hashOut[1]
      pairs[2 * k + 1] = hashOut[0]
    }
  } else {
    throw new TypeError(`keys must be a BigUint64Array or an array, got ${describe(keys)}`)
  }
  backend.jumpMany(pairs, buckets, out)
  return out
}
