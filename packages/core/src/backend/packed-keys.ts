/**
 * Many keys packed into one byte buffer plus offsets, so that a batch crosses into native code or
 * WebAssembly once: key k is bytes[offsets[k] .. offsets[k + 1]). {@link packKeys} is the one
 * writer of the format in JavaScript; {@link PackedKeys} holds reusable buffers for it.
 */
import { encodeUtf8Into, type KeyInput } from '../keys.js'
import { lengthOf } from '../typed-arrays.js'

/** An upper bound of the bytes keys[start .. end) pack into: 3 per UTF-16 unit of a string. */
export function packedBound(keys: readonly KeyInput[], start = 0, end = keys.length): number {
  let bound = 0
  for (let k = start; k < end; k++) {
    const key = keys[k]
    bound += typeof key === 'string' ? key.length * 3 : lengthOf(key)
  }
  return bound
}

/**
 * Writes the bytes of keys[start .. end) back to back into `bytes` from `at` (which must have
 * room for their {@link packedBound}), and their offsets relative to `at` into `offsets` from
 * index `o`: offsets[o] = 0 and offsets[o + i + 1] = the end of key start + i. Returns the bytes
 * written.
 */
export function packKeys(
  keys: readonly KeyInput[],
  start: number,
  end: number,
  bytes: Uint8Array,
  at: number,
  offsets: Uint32Array,
  o: number,
): number {
  let p = at
  offsets[o] = 0
  for (let k = start; k < end; k++) {
    const key = keys[k]
    if (typeof key === 'string') {
      p = encodeUtf8Into(key, bytes, p)
    } else {
      // By its real length; a detached key (length 0) cannot even be passed to set().
      const length = lengthOf(key)
      if (length > 0) bytes.set(key, p)
      p += length
    }
    offsets[o + k - start + 1] = p - at
  }
  return p - at
}

/** Reusable buffers for packing batches; they grow as needed. */
export class PackedKeys {
  bytes: Uint8Array = new Uint8Array(1 << 16)
  offsets: Uint32Array = new Uint32Array(1025)

  /** Packs `keys`; afterwards `offsets[0 .. keys.length]` are valid. Returns the bytes used. */
  pack(keys: readonly KeyInput[]): number {
    const count = keys.length
    if (this.offsets.length < count + 1)
      this.offsets = new Uint32Array(Math.max(count + 1, this.offsets.length * 2))
    const bound = packedBound(keys)
    if (this.bytes.length < bound) this.bytes = new Uint8Array(Math.max(bound, this.bytes.length * 2))
    return packKeys(keys, 0, count, this.bytes, 0, this.offsets, 0)
  }
}
