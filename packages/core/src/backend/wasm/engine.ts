/**
 * The key marshalling of the wasm backend (its rings and instance are in instance.ts): key bytes
 * are written straight into wasm memory (a {@link Scratch}'s regions) and only lengths and counts
 * cross; a batch crosses once per chunk of {@link BATCH_KEYS} keys.
 *
 * Any call into wasm may grow its memory, which detaches every view of the old `memory.buffer`
 * (their length becomes 0). Views are therefore re-checked after every call that may allocate.
 */
import type { Scratch, WasmRing } from '@chash/wasm'
import type { KeyInput } from '../../keys.js'
import { bufferOf, lengthOf, setInto } from '../../typed-arrays.js'
import { packKeys } from '../packed-keys.js'
import type { WasmKetamaClass } from './ketama.js'
import type { WasmMementoClass } from './memento.js'

/** What the runtime drives: a WasmRing, WasmMemento or WasmKetama (their `lookupMany`). */
export interface BatchTarget {
  lookupMany(scratch: Scratch, count: number): void
}

/** A WasmRing or WasmKetama: up to `n` distinct owners of the key region's first `len` bytes into the out region. */
export interface ReplicaTarget {
  replicas(scratch: Scratch, len: number, n: number): number
}

/** A raw single-key lookup export: (object address, scratch address, key length) → slot. */
export type RawLookup = (object: number, scratch: number, len: number) => number

/** The raw export of `Scratch.jumpKey`: (scratch address, key length, buckets) → bucket. */
export type RawJumpKey = (scratch: number, len: number, buckets: number) => number

/**
 * The instance's own exports: its memory, and the raw lookup functions that wasm-bindgen's glue
 * methods wrap. A single lookup calls them directly: the glue adds, on every call, two stale-
 * instance checks, a class check of the scratch and a re-initialisation guard, which this backend
 * does not need (it never keeps an object of a dead instance, see resident.ts). Absent from
 * another build of the module, in which case the glue methods are used.
 */
export interface WasmExports {
  readonly memory: WebAssembly.Memory
  readonly wasmring_lookup?: RawLookup
  readonly wasmmemento_lookup?: RawLookup
  readonly wasmketama_lookup?: RawLookup
  readonly scratch_jumpKey?: RawJumpKey
}

/** The parts of @chash/wasm the backend uses. */
export interface WasmGlue {
  Scratch: new () => Scratch
  WasmRing: new (kind: number, seedHi: number, seedLo: number) => WasmRing
  /** Optional, as WasmKetama, so that a stale glue still loads for rings. */
  WasmMemento?: WasmMementoClass
  WasmKetama?: WasmKetamaClass
  jump(hi: number, lo: number, buckets: number): number
  liveRings(): number
}

/**
 * Most keys per crossing in a batch. Bounds the regions (and so the wasm memory, which never
 * shrinks) for huge batches; the crossing itself costs well under a nanosecond per key at this size.
 */
export const BATCH_KEYS = 1 << 14
/** The region codes of `Scratch.reserve`. */
const REGION = { keys: 0, offsets: 1, out: 2, words: 3 } as const

/** Most key bytes of a KeyBatch per crossing, unless one key is longer. */
const BATCH_BYTES = 1 << 22

/**
 * Most key bytes of an array of keys (upper bound: 3 per UTF-16 unit) per crossing, unless one
 * key is longer. Above it, batches ran slower a key at 22 and 100 bytes (bench/README.md
 * § Batches of keys in an array), likely because a chunk's joined string then passes V8's 128 KB
 * large-object size, as in native/batcher.ts.
 */
const ARRAY_BATCH_BYTES = 1 << 18

const encoder = new TextEncoder()

/** Strings shorter than this are written by a loop while they are ASCII; see `writeKey`. */
const ASCII_LOOP_MAX = 20

/**
 * Strings longer than this (UTF-16 units) get a key region of their exact UTF-8 length rather
 * than 3 bytes a unit: wasm memory never shrinks, so a 64 MiB key would otherwise hold 192 MiB of
 * it for good. Measuring costs a pass over the key, only when the region must grow.
 */
const EXACT_KEY_MIN = 1 << 20

/** The UTF-8 length of `str`, lone surrogates counted as U+FFFD (3 bytes), as TextEncoder does. */
function utf8Length(str: string): number {
  let bytes = str.length
  for (let i = 0; i < str.length; i++) {
    const c = str.charCodeAt(i)
    if (c < 0x80) continue
    if (c < 0x800) bytes += 1
    else if (c <= 0xdbff && c >= 0xd800 && (str.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2 // a pair: 4 bytes for 2 units
      i++
    } else bytes += 2
  }
  return bytes
}

/** The address in wasm memory of a glue object (wasm-bindgen keeps it in `__wbg_ptr`), or 0. */
export function addressOf(object: object): number {
  return (object as { __wbg_ptr?: number }).__wbg_ptr ?? 0
}

/** One user's regions in one wasm instance, and views of the instance's memory. */
export class WasmRuntime {
  readonly scratch: Scratch
  /** The scratch's address in wasm memory, for {@link RawLookup}s. */
  readonly scratchAt: number
  readonly memory: WebAssembly.Memory
  // Views of the memory; empty ones (like detached ones) make the next user call refresh them.
  u8: Uint8Array = new Uint8Array(0)
  u32: Uint32Array = new Uint32Array(0)
  i32: Int32Array = new Int32Array(0)
  /** The key region, for encodeInto. */
  keysView: Uint8Array = new Uint8Array(0)
  // Region addresses and capacities (bytes for keys, elements for the others).
  keysAt = 0
  keysCap = 0
  offsetsAt = 0
  offsetsCap = 0
  outAt = 0
  outCap = 0
  wordsAt = 0
  wordsCap = 0

  constructor(
    readonly glue: WasmGlue,
    readonly exports: WasmExports,
  ) {
    this.memory = exports.memory
    this.scratch = new glue.Scratch()
    this.scratchAt = addressOf(this.scratch)
    this.growKeys(4096)
    this.growOut(1024) // hash64 needs 2; replicas usually a few
  }

  /**
   * Re-creates the views if the memory grew since they were made. Growing detaches all of them at
   * once, and a detached view's length reads 0. It tests `length`, which V8 reads inline, not
   * `byteLength`, which for a view of wasm memory took 8-10 ns a single call (bench/README.md
   * § Writing a key into wasm memory).
   */
  ensureViews(): void {
    if (this.u8.length === 0) this.refresh()
  }

  /** Re-creates the views (after the memory grew). */
  refresh(): void {
    const buffer = this.memory.buffer
    this.u8 = new Uint8Array(buffer)
    this.u32 = new Uint32Array(buffer)
    this.i32 = new Int32Array(buffer)
    this.keysView = this.u8.subarray(this.keysAt, this.keysAt + this.keysCap)
  }

  growKeys(bytes: number): void {
    this.keysCap = Math.max(bytes, this.keysCap * 2)
    this.keysAt = this.scratch.reserve(REGION.keys, this.keysCap)
    this.refresh() // the region moved (and the memory may have grown)
  }

  growOffsets(len: number): void {
    this.offsetsCap = Math.max(len, this.offsetsCap * 2)
    this.offsetsAt = this.scratch.reserve(REGION.offsets, this.offsetsCap)
  }

  growOut(len: number): void {
    this.outCap = Math.max(len, this.outCap * 2)
    this.outAt = this.scratch.reserve(REGION.out, this.outCap)
  }

  growWords(len: number): void {
    this.wordsCap = Math.max(len, this.wordsCap * 2)
    this.wordsAt = this.scratch.reserve(REGION.words, this.wordsCap)
  }

  /** Writes `key`'s bytes to the start of the key region; returns how many. */
  writeKey(key: KeyInput): number {
    if (typeof key === 'string') {
      const length = key.length
      if (length * 3 > this.keysCap && length <= EXACT_KEY_MIN) this.growKeys(length * 3)
      this.ensureViews()
      // Short ASCII strings: a loop beats encodeInto's fixed cost (the crossover is near 20
      // units); anything else goes to encodeInto, which also handles non-ASCII.
      if (length < ASCII_LOOP_MAX) {
        const u8 = this.u8
        const at = this.keysAt
        let i = 0
        for (; i < length; i++) {
          const c = key.charCodeAt(i)
          if (c >= 0x80) break
          u8[at + i] = c
        }
        if (i === length) return length
      }
      const { read, written } = encoder.encodeInto(key, this.keysView)
      if (read === length) return written
      // A long key that did not fit gets its exact UTF-8 length (see EXACT_KEY_MIN).
      this.growKeys(utf8Length(key))
      return encoder.encodeInto(key, this.keysView).written
    }
    const length = lengthOf(key) // the real length, whatever `key.length` says
    if (length > this.keysCap) {
      key = this.outside(key)
      this.growKeys(length)
    }
    this.ensureViews()
    const u8 = this.u8
    const at = this.keysAt
    // Likewise a loop beats TypedArray#set's fixed cost for short keys.
    if (length <= 32) for (let i = 0; i < length; i++) u8[at + i] = key[i]
    else u8.set(key, at)
    return length
  }

  /**
   * `key`, or a copy of it if it is a view of this instance's memory, which growing the memory
   * would detach (its bytes lost) before they are copied into the key region.
   */
  outside(key: Uint8Array): Uint8Array {
    return bufferOf(key) === this.memory.buffer ? new Uint8Array(key) : key
  }

  /** `keys`, or a copy with {@link outside} applied to keys[start .. end) if any needs it. */
  outsideAll(keys: readonly KeyInput[], start: number, end: number): readonly KeyInput[] {
    let copy: KeyInput[] | undefined
    for (let k = start; k < end; k++) {
      const key = keys[k]
      if (typeof key === 'string' || bufferOf(key) !== this.memory.buffer) continue
      copy ??= keys.slice()
      copy[k] = new Uint8Array(key)
    }
    return copy ?? keys
  }

  /** Up to `n` distinct owners of `key` into `out` (at most `out.length`); returns how many. */
  replicas(ring: ReplicaTarget, key: KeyInput, n: number, out: Uint32Array): number {
    const want = Math.min(n, out.length)
    if (want > this.outCap) this.growOut(want)
    const length = this.writeKey(key)
    const found = ring.replicas(this.scratch, length, want)
    this.ensureViews()
    const u32 = this.u32
    const from = this.outAt >>> 2
    for (let k = 0; k < found; k++) out[k] = u32[from + k]
    return found
  }

  /** The owners of `keys` (or what `ring` computes of them) into `out`, one crossing per chunk. */
  lookupMany(ring: BatchTarget, keys: readonly KeyInput[], out: Int32Array | Uint32Array): void {
    const count = keys.length
    let start = 0
    while (start < count) {
      // Size the chunk and an upper bound of its bytes first, so that the regions grow (and
      // the views are re-created) before any key is written.
      let end = Math.min(count, start + BATCH_KEYS)
      let bound = 0
      let strings = true
      for (let k = start; k < end; k++) {
        const key = keys[k]
        let size: number
        if (typeof key === 'string') {
          size = key.length * 3
        } else {
          size = lengthOf(key)
          strings = false
        }
        if (bound + size > ARRAY_BATCH_BYTES && k > start) {
          end = k
          break
        }
        bound += size
      }
      const n = end - start
      if (!strings && (bound > this.keysCap || n + 1 > this.offsetsCap || n > this.outCap))
        keys = this.outsideAll(keys, start, end)
      if (bound > this.keysCap) this.growKeys(bound)
      if (n + 1 > this.offsetsCap) this.growOffsets(n + 1)
      if (n > this.outCap) this.growOut(n)
      this.ensureViews()
      if (!(strings && this.packJoined(keys as readonly string[], start, end, bound)))
        this.packEach(keys, start, end)
      ring.lookupMany(this.scratch, n)
      this.ensureViews()
      const from = this.outAt >>> 2
      setInto(out, this.i32.subarray(from, from + n), start)
      start = end
    }
  }

  /** The owners of packed keys (see RingEngine.lookupPacked) into `out`, one crossing per chunk. */
  lookupPacked(
    ring: BatchTarget,
    bytes: Uint8Array,
    offsets: Uint32Array,
    count: number,
    out: Int32Array,
  ): void {
    // Views of this memory (the batch's own, so slice() is the built-in one) are copied first.
    if (bufferOf(bytes) === this.memory.buffer) bytes = bytes.slice()
    if (bufferOf(offsets) === this.memory.buffer) offsets = offsets.slice()
    let start = 0
    while (start < count) {
      let end = Math.min(count, start + BATCH_KEYS)
      const first = offsets[start]
      // Fewer keys when their bytes pass BATCH_BYTES, but always at least one.
      if (offsets[end] - first > BATCH_BYTES) {
        let low = start + 1
        let high = end
        while (low < high) {
          const mid = (low + high + 1) >>> 1
          if (offsets[mid] - first <= BATCH_BYTES) low = mid
          else high = mid - 1
        }
        end = low
      }
      const n = end - start
      const size = offsets[end] - first
      if (size > this.keysCap) this.growKeys(size)
      if (n + 1 > this.offsetsCap) this.growOffsets(n + 1)
      if (n > this.outCap) this.growOut(n)
      this.ensureViews()
      this.u8.set(bytes.subarray(first, first + size), this.keysAt)
      const u32 = this.u32
      const o = this.offsetsAt >>> 2
      // Offsets from 0 (a KeyBatch's first chunk, most often its only one) need no rebasing: one
      // copy, about 2 ns a key faster than the loop (bench/README § Packed offsets in one copy).
      if (first === 0) u32.set(offsets.subarray(start, end + 1), o)
      else for (let k = 0; k <= n; k++) u32[o + k] = offsets[start + k] - first
      ring.lookupMany(this.scratch, n)
      this.ensureViews()
      const from = this.outAt >>> 2
      setInto(out, this.i32.subarray(from, from + n), start)
      start = end
    }
  }

  /**
   * Packs keys[start .. end), all strings, with one `encodeInto` of their concatenation: far
   * faster than encoding each (V8 joins strings quickly and encodes a one-byte string in bulk).
   * The offsets are UTF-16 offsets, which equal the UTF-8 ones only for ASCII; returns false if
   * the keys were not all ASCII (one byte written per unit), and the caller packs them again.
   */
  private packJoined(keys: readonly string[], start: number, end: number, bound: number): boolean {
    const offsets = this.u32
    const o = this.offsetsAt >>> 2
    let joined = ''
    offsets[o] = 0
    for (let k = start; k < end; k++) {
      joined += keys[k]
      offsets[o + k - start + 1] = joined.length
    }
    // `bound` (3 bytes a unit) always has room for the whole string.
    const { written } = encoder.encodeInto(joined, this.u8.subarray(this.keysAt, this.keysAt + bound))
    return written === joined.length
  }

  /** Packs keys[start .. end) one by one. */
  private packEach(keys: readonly KeyInput[], start: number, end: number): void {
    packKeys(keys, start, end, this.u8, this.keysAt, this.u32, this.offsetsAt >>> 2)
  }
}
