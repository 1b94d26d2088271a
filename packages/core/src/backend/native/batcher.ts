/**
 * Batches of keys for the native addon's `lookupMany` functions (rings and ketama continuums) and
 * its `jumpKeysMany`, which packs its keys alike.
 */
import type * as Native from '@chash/native'
import type { KeyInput } from '../../keys.js'
import { PackedKeys } from '../packed-keys.js'

/**
 * Most UTF-16 units of string keys joined for one call (a longer key goes alone). Small enough that
 * V8's flat copy of the joined string stays out of its large-object space, whose fresh pages cost
 * page faults on every batch; big enough that a call's fixed cost vanishes per key.
 */
const MAX_JOINED_UNITS = 1 << 15

/**
 * A native batch lookup, the same for rings and ketama continuums: key k < count is
 * `keys[offsets[k] .. offsets[k + 1])` (UTF-16 units of a joined string, or bytes); its owner
 * goes to `out[outStart + k]`.
 */
export type NativeLookupMany = Native.NativeRingFunctions['lookupMany']

/** Packs a batch of keys for a native `lookupMany` and crosses into Rust once per run of keys. */
export class NativeBatcher {
  // Batch scratch, allocated on first use: an engine that never batches keeps none.
  #offsets = new Uint32Array(0)
  #packed: PackedKeys | undefined

  lookupMany(lookupMany: NativeLookupMany, keys: readonly KeyInput[], out: Int32Array | Uint32Array): void {
    const count = keys.length
    if (this.#offsets.length <= count)
      this.#offsets = new Uint32Array(Math.max(count + 1, this.#offsets.length * 2))
    const offsets = this.#offsets
    // Runs of strings go over joined into one string with their UTF-16 offsets (V8 copies them out
    // far faster than a UTF-8 encoder in JavaScript runs) and Rust encodes each key on its own.
    let start = 0
    while (start < count) {
      let joined = ''
      let k = start
      offsets[0] = 0
      for (; k < count; k++) {
        const key = keys[k]
        if (typeof key !== 'string') break
        if (joined.length + key.length > MAX_JOINED_UNITS && k > start) break
        joined += key
        offsets[k - start + 1] = joined.length
      }
      if (k < count && typeof keys[k] !== 'string') break
      lookupMany(joined, offsets, k - start, out, start)
      start = k
    }
    if (start === count) return
    // Bytes (or a mix): pack everything from `start` once and cross once.
    if (this.#packed === undefined) this.#packed = new PackedKeys()
    const packed = this.#packed
    const rest = start === 0 ? keys : keys.slice(start)
    packed.pack(rest)
    lookupMany(packed.bytes, packed.offsets, rest.length, out, start)
  }

  /** Frees the scratch (an engine's dispose). */
  release(): void {
    this.#offsets = new Uint32Array(0)
    this.#packed = undefined
  }
}
