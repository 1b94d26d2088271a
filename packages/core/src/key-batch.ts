/**
 * `KeyBatch`: many keys as one UTF-8 buffer plus offsets, the form in which a batch reaches native
 * code or WebAssembly without being encoded or joined on the way.
 */
import { packedBound, packKeys } from './backend/packed-keys.js'
import { type Key, normalizeKey } from './keys.js'
import { describe } from './validate.js'

/**
 * Many keys packed as bytes: key `k` is `bytes[offsets[k] .. offsets[k + 1])`, so `offsets` holds
 * one entry more than there are keys and never decreases. The bytes of a key are the bytes that
 * placement hashes (docs/placement.md §1): the UTF-8 of a string key, or the key's own bytes.
 *
 * Pass one to {@link ConsistentHashRing.getSlotMany} (or `getConsumerMany`) to place many keys at
 * the engine's raw speed: the native backend reads `bytes` and `offsets` where they are. Build one
 * with {@link KeyBatch.from}, or wrap bytes you already hold (a network frame, a file) with the
 * constructor. A batch may be reused for any number of calls; it is checked again on every call,
 * since its arrays can change in between.
 *
 * @example
 * const batch = KeyBatch.from(['user:1', 'user:2', 'user:3'])
 * const slots = ring.getSlotMany(batch) // Int32Array [slot, slot, slot]
 */
export class KeyBatch {
  /** The keys' bytes, back to back (extra bytes before the first or after the last key are ignored). */
  readonly bytes: Uint8Array
  /** Where each key starts, then where the last one ends: `length + 1` entries. */
  readonly offsets: Uint32Array

  /**
   * Wraps `bytes` and `offsets` as they are (no copy).
   * @throws TypeError if `bytes` is not a Uint8Array or `offsets` not a Uint32Array; RangeError if
   * `offsets` is empty, decreases, or points past the end of `bytes`.
   */
  constructor(bytes: Uint8Array, offsets: Uint32Array) {
    if (!(bytes instanceof Uint8Array))
      throw new TypeError(`bytes must be a Uint8Array, got ${describe(bytes)}`)
    if (!(offsets instanceof Uint32Array))
      throw new TypeError(`offsets must be a Uint32Array, got ${describe(offsets)}`)
    this.bytes = bytes
    this.offsets = offsets
    checkKeyBatch(this, '')
  }

  /** The number of keys. */
  get length(): number {
    return this.offsets.length - 1
  }

  /**
   * Packs `keys` (strings, Uint8Arrays or safe integers, as everywhere else) into a new batch.
   * @throws TypeError / RangeError naming `keys[i]` for a bad key.
   */
  static from(keys: readonly Key[]): KeyBatch {
    if (!Array.isArray(keys)) throw new TypeError(`keys must be an array, got ${describe(keys)}`)
    const inputs = keys.map((key, k) => normalizeKey(key, `keys[${k}]`))
    const bytes = new Uint8Array(packedBound(inputs))
    const offsets = new Uint32Array(inputs.length + 1)
    const used = packKeys(inputs, 0, inputs.length, bytes, 0, offsets, 0)
    return new KeyBatch(bytes.subarray(0, used), offsets)
  }
}

/**
 * Checks a batch's offsets: at least one, never decreasing, the last within `bytes`. Errors name
 * the offending entry as `${prefix}offsets[k]`.
 * @throws RangeError
 */
export function checkKeyBatch(batch: KeyBatch, prefix: string): void {
  const { bytes, offsets } = batch
  const n = offsets.length
  if (n === 0)
    throw new RangeError(
      `${prefix}offsets must hold one entry more than there are keys, got an empty Uint32Array`,
    )
  let previous = offsets[0]
  for (let k = 1; k < n; k++) {
    const at = offsets[k]
    if (at < previous)
      throw new RangeError(`${prefix}offsets[${k}] is ${at}, below ${prefix}offsets[${k - 1}] (${previous})`)
    previous = at
  }
  if (previous > bytes.length)
    throw new RangeError(
      `${prefix}offsets[${n - 1}] is ${previous}, past the end of ${prefix}bytes (${bytes.length} bytes)`,
    )
}

/** Whether two views share any byte of memory. */
export function overlaps(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return (
    a.buffer === b.buffer &&
    a.byteLength > 0 &&
    b.byteLength > 0 &&
    a.byteOffset < b.byteOffset + b.byteLength &&
    b.byteOffset < a.byteOffset + a.byteLength
  )
}
