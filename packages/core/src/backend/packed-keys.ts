/**
 * Many keys packed into one byte buffer plus offsets, so that a batch crosses into native code or
 * WebAssembly once: key k is bytes[offsets[k] .. offsets[k + 1]). Buffers are reused between
 * batches and grow as needed.
 */
import { encodeUtf8Into, type KeyInput } from '../keys.js'

export class PackedKeys {
  bytes = new Uint8Array(1 << 16)
  offsets = new Uint32Array(1025)

  /** Packs `keys`; afterwards `offsets[0 .. keys.length]` are valid. Returns the bytes used. */
  pack(keys: readonly KeyInput[]): number {
    const count = keys.length
    if (this.offsets.length < count + 1)
      this.offsets = new Uint32Array(Math.max(count + 1, this.offsets.length * 2))
    // An upper bound of the bytes needed, so the loop never checks room.
    let bound = 0
    for (let k = 0; k < count; k++) {
      const key = keys[k]
      bound += typeof key === 'string' ? key.length * 3 : key.length
    }
    if (this.bytes.length < bound) this.bytes = new Uint8Array(Math.max(bound, this.bytes.length * 2))
    const bytes = this.bytes
    const offsets = this.offsets
    let at = 0
    offsets[0] = 0
    for (let k = 0; k < count; k++) {
      const key = keys[k]
      if (typeof key === 'string') {
        at = encodeUtf8Into(key, bytes, at)
      } else {
        bytes.set(key, at)
        at += key.length
      }
      offsets[k + 1] = at
    }
    return at
  }
}
