/**
 * Batch placement shared by the rings ({@link ConsistentHashRing}, {@link KetamaRing}): the keys
 * (an array or a KeyBatch) and `out` are read and checked as every backend does, then the engine
 * is called once.
 */
import type { RingEngine } from './backend/types.js'
import { rangeError, typeError } from './errors.js'
import { asKeyBatch, batchBytes, batchOffsets, checkKeyBatch } from './key-batch.js'
import { normalizeKeys } from './keys.js'
import { NO_SLOT } from './limits.js'
import { lengthOf, overlaps, typedArrayName } from './typed-arrays.js'
import { describe, isArray } from './validate.js'

/** The batch part of an engine: a ring's or a ketama continuum's. */
export type BatchEngine = Pick<RingEngine, 'lookupMany' | 'lookupPacked' | 'checksOffsets'>

/**
 * The owners' slots of `keys` (an array of keys or a KeyBatch) written to `out` (a new array by
 * default), as `getSlotMany` documents.
 * @throws TypeError / RangeError naming `keys`, `keys[i]` or `out`; the engine is unchanged.
 */
export function slotMany(engine: BatchEngine, keys: unknown, out: Int32Array | undefined): Int32Array {
  const batch = asKeyBatch(keys)
  if (batch !== undefined) {
    // The batch's own views, never what its fields or getters say now.
    const bytes = batchBytes(batch)
    const offsets = batchOffsets(batch)
    // No keys means no engine call to check them.
    if (!engine.checksOffsets || offsets.length <= 1) checkKeyBatch(batch, 'keys.')
    const count = offsets.length - 1
    const slots = slotsOut(out, count)
    if (overlaps(slots, bytes) || overlaps(slots, offsets))
      throw rangeError('out must not share memory with keys.bytes or keys.offsets')
    if (count === 0) return slots
    try {
      engine.lookupPacked(bytes, offsets, count, slots)
    } catch (error) {
      checkKeyBatch(batch, 'keys.') // the same error as every other backend's
      throw error
    }
    return slots
  }
  if (!isArray(keys)) throw typeError(`keys must be an array or a KeyBatch, got ${describe(keys)}`)
  // Every key is read and checked before the engine runs: user code (a getter, a Proxy) can
  // only run here, so a nested call into any ring finishes before this one touches scratch space.
  const inputs = normalizeKeys(keys)
  const slots = slotsOut(out, inputs.length)
  if (out !== undefined)
    for (let k = 0; k < inputs.length; k++) {
      const key = inputs[k]
      if (typeof key !== 'string' && overlaps(slots, key))
        throw rangeError(`out must not share memory with keys[${k}]`)
    }
  engine.lookupMany(inputs, slots)
  return slots
}

/** The entry of `table` at each slot, undefined for NO_SLOT: the payloads or ids of a batch's owners. */
export function atSlots<T>(slots: Int32Array, table: ReadonlyArray<T | undefined>): Array<T | undefined> {
  const result = new Array<T | undefined>(slots.length)
  for (let k = 0; k < slots.length; k++) result[k] = slots[k] === NO_SLOT ? undefined : table[slots[k]]
  return result
}

/** `out` checked to hold `count` slots, or a new array of `count`. */
function slotsOut(out: Int32Array | undefined, count: number): Int32Array {
  if (out === undefined) return new Int32Array(count)
  if (typedArrayName(out) !== 'Int32Array') throw typeError(`out must be an Int32Array, got ${describe(out)}`)
  const length = lengthOf(out) // its real length, whatever its `length` says
  if (length < count) throw rangeError(`out must hold at least ${count} entries (one per key), got ${length}`)
  return out
}
