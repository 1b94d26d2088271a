/**
 * The argument handling of every many-keys call (`getSlotMany` of the rings,
 * `MementoHash.getBucketMany`): a {@link KeyBatch} read through its own views, an array of keys
 * read once, and an `out` array read by its real length. Errors name `keys`, `keys[i]` or `out`.
 * Nothing here allocates unless `out` is missing, so batch calls stay allocation-free.
 */
import type { SlotEngine } from './backend/types.js'
import { asKeyBatch, batchBytes, batchOffsets, checkKeyBatch, type KeyBatch } from './key-batch.js'
import { type Key, type KeyInput, normalizeKeys } from './keys.js'
import { lengthOf, overlaps, typedArrayName } from './typed-arrays.js'
import { describe, isArray } from './validate.js'

/** What places a packed batch: key k = bytes[offsets[k] .. offsets[k + 1]) to out[k], k < count. */
export interface PackedLookup {
  lookupPacked(bytes: Uint8Array, offsets: Uint32Array, count: number, out: Int32Array): void
}

/** The batch part of a slot engine: a ring's or a ketama continuum's. */
export type BatchEngine = Pick<SlotEngine, 'lookupMany' | 'lookupPacked' | 'checksOffsets'>

/**
 * The owners' slots of `keys` (an array of keys or a KeyBatch) written to `out` (a new array by
 * default) with one engine call, as the rings' `getSlotMany` documents.
 * @throws TypeError / RangeError naming `keys`, `keys[i]` or `out`; the engine is unchanged.
 */
export function slotMany(
  engine: BatchEngine,
  keys: readonly Key[] | KeyBatch,
  out: Int32Array | undefined,
): Int32Array {
  const batch = asKeyBatch(keys)
  if (batch !== undefined) return placeBatch(batch, out, engine, engine.checksOffsets)
  const inputs = keysOf(keys)
  const slots = outForKeys(out, inputs)
  engine.lookupMany(inputs, slots)
  return slots
}

/**
 * Places the keys of `batch` (a real KeyBatch, see {@link asKeyBatch}) with `engine` into `out`
 * or a new array, and returns it. The offsets are checked first unless `engineChecks` (the
 * engine checks them itself and throws): then a failure is checked again here, so that the error
 * is worded as on every other backend.
 */
export function placeBatch(
  batch: KeyBatch,
  out: Int32Array | undefined,
  engine: PackedLookup,
  engineChecks: boolean,
): Int32Array {
  // The batch's own views, never what its fields or getters say now.
  const bytes = batchBytes(batch)
  const offsets = batchOffsets(batch)
  // No keys means no engine call to check them.
  if (!engineChecks || offsets.length <= 1) checkKeyBatch(batch, 'keys.')
  const count = offsets.length - 1
  const result = outFor(out, count)
  if (overlaps(result, bytes) || overlaps(result, offsets))
    throw new RangeError('out must not share memory with keys.bytes or keys.offsets')
  if (count === 0) return result
  try {
    engine.lookupPacked(bytes, offsets, count, result)
  } catch (error) {
    checkKeyBatch(batch, 'keys.') // the same error as every other backend's
    throw error
  }
  return result
}

/**
 * The keys of an array argument, each read and checked once. User code (a getter, a Proxy) can
 * only run here, so a nested call into any ring finishes before the caller touches scratch space.
 */
export function keysOf(keys: readonly Key[] | KeyBatch): KeyInput[] {
  if (!isArray(keys)) throw new TypeError(`keys must be an array or a KeyBatch, got ${describe(keys)}`)
  return normalizeKeys(keys)
}

/** `out` checked to hold one entry per key of `inputs` and to share no memory with them, or a new array. */
export function outForKeys(out: Int32Array | undefined, inputs: readonly KeyInput[]): Int32Array {
  const result = outFor(out, inputs.length)
  if (out !== undefined)
    for (let k = 0; k < inputs.length; k++) {
      const key = inputs[k]
      if (typeof key !== 'string' && overlaps(result, key))
        throw new RangeError(`out must not share memory with keys[${k}]`)
    }
  return result
}

/** `out` checked to hold `count` entries, by its real length whatever its `length` says, or a new array. */
export function outFor(out: Int32Array | undefined, count: number): Int32Array {
  if (out === undefined) return new Int32Array(count)
  if (typedArrayName(out) !== 'Int32Array')
    throw new TypeError(`out must be an Int32Array, got ${describe(out)}`)
  const length = lengthOf(out)
  if (length < count)
    throw new RangeError(`out must hold at least ${count} entries (one per key), got ${length}`)
  return out
}
