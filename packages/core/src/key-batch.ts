/**
 * `KeyBatch`: many keys as one UTF-8 buffer plus offsets, the form in which a batch reaches native
 * code or WebAssembly without being encoded or joined on the way.
 */
import { packedBound, packKeys } from './backend/packed-keys.js'
import { rangeError, typeError } from './errors.js'
import { type Key, normalizeKeys } from './keys.js'
import { plainView, typedArrayName } from './typed-arrays.js'
import { describe, isArray } from './validate.js'

// Set by KeyBatch's static block, which alone can read its private fields.
let batchViews: (value: unknown) => KeyBatch | undefined
let bytesOf: (batch: KeyBatch) => Uint8Array
let offsetsOf: (batch: KeyBatch) => Uint32Array

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
  // Plain views of the same memory, which is all the library reads: what `bytes` and `offsets`
  // say about themselves (a subclass's `length`, say) never counts.
  readonly #bytes: Uint8Array
  readonly #offsets: Uint32Array

  /**
   * Wraps `bytes` and `offsets` as they are (no copy). The batch is frozen: its fields cannot be
   * reassigned, and the library reads the memory they had at construction, through its own views.
   * @throws TypeError if `bytes` is not a Uint8Array or `offsets` not a Uint32Array (a Proxy of
   * one is neither); RangeError if `offsets` is empty, decreases, or points past the end of
   * `bytes`.
   */
  constructor(bytes: Uint8Array, offsets: Uint32Array) {
    if (typedArrayName(bytes) !== 'Uint8Array')
      throw typeError(`bytes must be a Uint8Array, got ${describe(bytes)}`)
    if (typedArrayName(offsets) !== 'Uint32Array')
      throw typeError(`offsets must be a Uint32Array, got ${describe(offsets)}`)
    this.bytes = bytes
    this.offsets = offsets
    this.#bytes = plainView(bytes, Uint8Array, () => new Uint8Array(0))
    this.#offsets = plainView(offsets, Uint32Array, () => new Uint32Array(0))
    checkKeyBatch(this, '')
    Object.freeze(this)
  }

  /** The number of keys. */
  get length(): number {
    return Math.max(this.#offsets.length - 1, 0)
  }

  static {
    batchViews = (value) =>
      typeof value === 'object' && value !== null && #bytes in value ? value : undefined
    bytesOf = (batch) => batch.#bytes
    offsetsOf = (batch) => batch.#offsets
  }

  /**
   * Packs `keys` (strings, Uint8Arrays or safe integers, as everywhere else) into a new batch.
   * @throws TypeError / RangeError naming `keys[i]` for a bad key.
   */
  static from(keys: readonly Key[]): KeyBatch {
    if (!isArray(keys)) throw typeError(`keys must be an array, got ${describe(keys)}`)
    const inputs = normalizeKeys(keys)
    const bytes = new Uint8Array(packedBound(inputs))
    const offsets = new Uint32Array(inputs.length + 1)
    const used = packKeys(inputs, 0, inputs.length, bytes, 0, offsets, 0)
    return new KeyBatch(bytes.subarray(0, used), offsets)
  }
}

/**
 * `value` if it is a KeyBatch made by the constructor (not a Proxy of one, nor an object that
 * merely inherits from KeyBatch.prototype), else undefined.
 */
export function asKeyBatch(value: unknown): KeyBatch | undefined {
  return batchViews(value)
}

/** The plain views a batch is read through: its bytes and its offsets. */
export function batchBytes(batch: KeyBatch): Uint8Array {
  return bytesOf(batch)
}
export function batchOffsets(batch: KeyBatch): Uint32Array {
  return offsetsOf(batch)
}

/**
 * Checks a batch's offsets: at least one, never decreasing, the last within `bytes` (as they are
 * now: the memory may have changed, or a resizable buffer shrunk, since construction). Errors
 * name the offending entry as `${prefix}offsets[k]`.
 * @throws RangeError
 */
export function checkKeyBatch(batch: KeyBatch, prefix: string): void {
  const bytes = bytesOf(batch)
  const offsets = offsetsOf(batch)
  const n = offsets.length
  if (n === 0)
    throw rangeError(
      `${prefix}offsets must hold one entry more than there are keys, got an empty Uint32Array`,
    )
  let previous = offsets[0]
  for (let k = 1; k < n; k++) {
    const at = offsets[k]
    if (at < previous)
      throw rangeError(`${prefix}offsets[${k}] is ${at}, below ${prefix}offsets[${k - 1}] (${previous})`)
    previous = at
  }
  if (previous > bytes.length)
    throw rangeError(
      `${prefix}offsets[${n - 1}] is ${previous}, past the end of ${prefix}bytes (${bytes.length} bytes)`,
    )
}
