/**
 * Argument checks shared by the public API. Each throws a TypeError (wrong type) or RangeError
 * (right type, wrong value) whose message starts with the argument's name, so that every backend
 * reports bad input in the same words.
 */
import type { EngineConfig, HashName } from './backend/types.js'
import { rangeError, typeError } from './errors.js'
import { MAX_BUCKETS, MAX_POINTS_PER_CONSUMER, MAX_U64 } from './limits.js'
import { typedArrayName } from './typed-arrays.js'

/**
 * Describes a value for an error message. It runs no user code (no toString, no `constructor`
 * getter, no Proxy trap), so it works on anything: objects without a prototype, Proxies, revoked
 * Proxies.
 */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  if (typeof value === 'bigint') return `${value}n`
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value)
  if (typeof value === 'symbol') return 'a symbol'
  if (typeof value === 'function') return 'a function'
  const name = typedArrayName(value)
  if (name !== undefined) return `a ${name}`
  if (ArrayBuffer.isView(value)) return 'a DataView'
  return isArray(value) ? 'an array' : 'an object'
}

/** `Array.isArray`, but false where that throws (a revoked Proxy). */
export function isArray(value: unknown): value is readonly unknown[] {
  try {
    return Array.isArray(value)
  } catch {
    return false
  }
}

// Captured at load so that a patched String.prototype cannot change the rule. Engines without
// it (browsers before 2023) get the same test as a regular expression.
const nativeIsWellFormed = (String.prototype as { isWellFormed?: (this: string) => boolean }).isWellFormed
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** Whether a string is well-formed UTF-16 (no lone surrogate), so that its UTF-8 is its own. */
function isWellFormed(str: string): boolean {
  return nativeIsWellFormed !== undefined
    ? Reflect.apply(nativeIsWellFormed, str, [])
    : !LONE_SURROGATE.test(str)
}

/**
 * A consumer id: a non-empty, well-formed UTF-16 string (docs/placement.md §3). A lone surrogate
 * would be encoded as U+FFFD, so two different ids could share their bytes.
 */
export function checkId(id: unknown, name = 'id'): asserts id is string {
  if (typeof id !== 'string') throw typeError(`${name} must be a string, got ${describe(id)}`)
  if (id.length === 0) throw rangeError(`${name} must not be empty`)
  if (!isWellFormed(id))
    throw typeError(`${name} must be well-formed UTF-16 (it has a lone surrogate), got ${describe(id)}`)
}

/**
 * An options argument: undefined (no options) or an object whose own keys are all in `known`.
 * Its properties are read later, each once.
 */
export function checkOptions(
  options: unknown,
  name: string,
  known: ReadonlySet<string>,
): Record<string, unknown> {
  if (options === undefined) return {}
  if (typeof options !== 'object' || options === null) {
    throw typeError(`${name} must be an object, got ${describe(options)}`)
  }
  let keys: string[]
  try {
    keys = Object.keys(options)
  } catch (error) {
    // A revoked Proxy, or a Proxy whose ownKeys trap throws.
    const why = error instanceof Error ? error.message : 'it threw'
    throw typeError(`${name} could not be read (${why})`, { cause: error })
  }
  if (isArray(options)) throw typeError(`${name} must be an object, got an array`)
  for (const key of keys) {
    if (!known.has(key))
      throw typeError(`${name} has an unknown option ${describe(key)}; known: ${[...known].join(', ')}`)
  }
  return options as Record<string, unknown>
}

/** An integer argument (or snapshot field) `name` in `min … max`. */
export function checkInteger(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number') throw typeError(`${name} must be a number, got ${describe(value)}`)
  if (!Number.isInteger(value) || value < min || value > max)
    throw rangeError(`${name} must be an integer in ${min}..${max}, got ${describe(value)}`)
  return value
}

/** `vnodes`: an integer in 1 … 2^20. */
export function checkVnodes(vnodes: unknown): number {
  return checkInteger(vnodes, 'vnodes', 1, MAX_POINTS_PER_CONSUMER)
}

/** The number of points of a consumer (docs/placement.md §3): round(weight × vnodes), 1 … 2^20. */
export function pointCount(weight: unknown, vnodes: number): number {
  if (typeof weight !== 'number') throw typeError(`weight must be a number, got ${describe(weight)}`)
  if (!Number.isFinite(weight) || weight <= 0) {
    throw rangeError(`weight must be a finite number above 0, got ${describe(weight)}`)
  }
  const count = Math.round(weight * vnodes)
  if (count < 1 || count > MAX_POINTS_PER_CONSUMER) {
    throw rangeError(
      `weight × vnodes must round to 1..${MAX_POINTS_PER_CONSUMER} points, got weight ${weight} × vnodes ${vnodes} = ${count} points`,
    )
  }
  return count
}

/** `n` of getConsumers: a non-negative integer. */
export function checkCount(n: unknown, name = 'n'): number {
  if (typeof n !== 'number') throw typeError(`${name} must be a number, got ${describe(n)}`)
  if (!Number.isInteger(n) || n < 0)
    throw rangeError(`${name} must be a non-negative integer, got ${describe(n)}`)
  return n
}

/** Jump hash `buckets`: an integer in 1 … 2^31−1. */
export function checkBuckets(buckets: unknown): number {
  return checkInteger(buckets, 'buckets', 1, MAX_BUCKETS)
}

/**
 * The engine settings for `hash` and a 64-bit `seed`, checked and split into the halves engines
 * take; errors name the argument `seed`.
 */
export function checkEngineConfig(hash: HashName, seed: unknown): EngineConfig {
  const value = checkU64(seed, 'seed')
  return { hash, seedHi: Number(value >> 32n), seedLo: Number(value & 0xffffffffn) }
}

/**
 * The `hash` and `seed` options of a ring or MementoHash, each read once: only `undefined` means
 * the default (`'xxh3'`, `0n`), `null` is a TypeError.
 */
export function engineConfig(hash: unknown, seed: unknown): EngineConfig {
  if (hash === undefined) hash = 'xxh3'
  if (hash !== 'xxh3' && hash !== 'xxh64') {
    const wrong = typeof hash === 'string' ? rangeError : typeError
    throw wrong(`hash must be 'xxh3' or 'xxh64', got ${describe(hash)}`)
  }
  return checkEngineConfig(hash, seed === undefined ? 0n : seed)
}

/** A 64-bit unsigned value given as a bigint (seeds, jump keys). */
export function checkU64(value: unknown, name: string): bigint {
  if (typeof value !== 'bigint') throw typeError(`${name} must be a bigint, got ${describe(value)}`)
  if (value < 0n || value > MAX_U64) throw rangeError(`${name} must be in 0..2^64-1, got ${value}n`)
  return value
}

/** Checks a slot argument: an integer (-1, the "no consumer" of an empty ring, included). */
export function checkSlot(slot: unknown, name = 'slot'): asserts slot is number {
  if (typeof slot !== 'number') throw typeError(`${name} must be a number, got ${describe(slot)}`)
  if (!Number.isInteger(slot) || slot < -1) throw rangeError(`${name} must be an integer ≥ -1, got ${slot}`)
}

/**
 * The `length` of something `Array.isArray` accepts, read once: a Proxy of an array can answer
 * anything, so it must be an array length (an integer in 0 … 2^32−1).
 */
export function checkArrayLength(length: unknown, name: string): number {
  if (typeof length !== 'number' || !Number.isInteger(length) || length < 0 || length > 0xffffffff)
    throw typeError(`${name} must be an array, got one whose length is ${describe(length)}`)
  return length
}
