/**
 * The wasm backend over an initialised @chash/wasm instance: key bytes are written straight into
 * wasm memory (a {@link Scratch}'s regions) and only lengths and counts cross; a batch crosses
 * once per chunk of {@link BATCH_KEYS} keys.
 *
 * Any call into wasm may grow its memory, which detaches every view of the old `memory.buffer`
 * (their length becomes 0). Views are therefore re-checked after every call that may allocate.
 */
import type { Scratch, WasmKetama, WasmRing } from '@chash/wasm'
import type { KeyInput } from '../../keys.js'
import { packKeys } from '../packed-keys.js'
import { type Backend, type EngineConfig, HASH_CODE, type RingEngine } from '../types.js'
import { WasmKetamaEngine } from './ketama-engine.js'

/** The parts of @chash/wasm the backend uses. */
export interface WasmGlue {
  Scratch: new () => Scratch
  WasmRing: new (kind: number, seedHi: number, seedLo: number) => WasmRing
  WasmKetama: new (compat: number, vnodes: number, defaultPort: number) => WasmKetama
  jump(hi: number, lo: number, buckets: number): number
  liveRings(): number
}

/**
 * Most keys per crossing in a batch. Bounds the regions (and so the wasm memory, which never
 * shrinks) for huge batches; the crossing itself costs well under a nanosecond per key at this size.
 */
const BATCH_KEYS = 1 << 14
/** Most key bytes (upper bound: 3 per UTF-16 unit) per crossing, unless one key is longer. */
const BATCH_BYTES = 1 << 22

const encoder = new TextEncoder()

/** Strings shorter than this are written by a loop while they are ASCII; see `writeKey`. */
const ASCII_LOOP_MAX = 20

/** One user's regions in one wasm instance, and views of the instance's memory. */
export class WasmRuntime {
  readonly scratch: Scratch
  // Views of the memory; empty ones (like detached ones) make the next user call refresh().
  u8 = new Uint8Array(0)
  u32 = new Uint32Array(0)
  i32 = new Int32Array(0)
  /** The key region, for encodeInto. */
  keysView = new Uint8Array(0)
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
    readonly memory: WebAssembly.Memory,
  ) {
    this.scratch = new glue.Scratch()
    this.growKeys(4096)
    this.growOut(1024) // hash64 needs 2; replicas usually a few
  }

  /** Re-creates the views after the memory grew. */
  refresh(): void {
    const buffer = this.memory.buffer
    this.u8 = new Uint8Array(buffer)
    this.u32 = new Uint32Array(buffer)
    this.i32 = new Int32Array(buffer)
    this.keysView = this.u8.subarray(this.keysAt, this.keysAt + this.keysCap)
  }

  growKeys(bytes: number): void {
    const cap = Math.max(bytes, this.keysCap * 2)
    this.keysAt = this.scratch.reserveKeys(cap)
    this.keysCap = cap
    this.refresh() // the region moved (and the memory may have grown)
  }

  growOffsets(len: number): void {
    const cap = Math.max(len, this.offsetsCap * 2)
    this.offsetsAt = this.scratch.reserveOffsets(cap)
    this.offsetsCap = cap
  }

  growOut(len: number): void {
    const cap = Math.max(len, this.outCap * 2)
    this.outAt = this.scratch.reserveOut(cap)
    this.outCap = cap
  }

  growWords(len: number): void {
    const cap = Math.max(len, this.wordsCap * 2)
    this.wordsAt = this.scratch.reserveWords(cap)
    this.wordsCap = cap
  }

  /** Writes `key`'s bytes to the start of the key region; returns how many. */
  writeKey(key: KeyInput): number {
    const length = key.length
    if (typeof key === 'string') {
      if (length * 3 > this.keysCap) this.growKeys(length * 3)
      if (this.u8.byteLength === 0) this.refresh()
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
      return encoder.encodeInto(key, this.keysView).written
    }
    if (length > this.keysCap) this.growKeys(length)
    if (this.u8.byteLength === 0) this.refresh()
    const u8 = this.u8
    const at = this.keysAt
    // Likewise a loop beats TypedArray#set's fixed cost for short keys.
    if (length <= 32) for (let i = 0; i < length; i++) u8[at + i] = key[i]
    else u8.set(key, at)
    return length
  }

  /** The owners of `keys` into `out`, one crossing per chunk. */
  lookupMany(ring: Pick<WasmRing, 'lookupMany'>, keys: readonly KeyInput[], out: Int32Array): void {
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
          size = key.length
          strings = false
        }
        if (bound + size > BATCH_BYTES && k > start) {
          end = k
          break
        }
        bound += size
      }
      const n = end - start
      if (bound > this.keysCap) this.growKeys(bound)
      if (n + 1 > this.offsetsCap) this.growOffsets(n + 1)
      if (n > this.outCap) this.growOut(n)
      if (this.u8.byteLength === 0) this.refresh()
      if (!(strings && this.packJoined(keys as readonly string[], start, end, bound)))
        this.packEach(keys, start, end)
      ring.lookupMany(this.scratch, n)
      if (this.i32.byteLength === 0) this.refresh()
      const from = this.outAt >>> 2
      out.set(this.i32.subarray(from, from + n), start)
      start = end
    }
  }

  /** The owners of packed keys (see RingEngine.lookupPacked) into `out`, one crossing per chunk. */
  lookupPacked(
    ring: WasmRing,
    bytes: Uint8Array,
    offsets: Uint32Array,
    count: number,
    out: Int32Array,
  ): void {
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
      if (this.u8.byteLength === 0) this.refresh()
      this.u8.set(bytes.subarray(first, first + size), this.keysAt)
      const u32 = this.u32
      const o = this.offsetsAt >>> 2
      for (let k = 0; k <= n; k++) u32[o + k] = offsets[start + k] - first
      ring.lookupMany(this.scratch, n)
      if (this.i32.byteLength === 0) this.refresh()
      const from = this.outAt >>> 2
      out.set(this.i32.subarray(from, from + n), start)
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

/** A ring in wasm memory; freed when this engine (and so the WasmRing) is garbage collected. */
class WasmRingEngine implements RingEngine {
  readonly #rt: WasmRuntime
  readonly #ring: WasmRing
  /** Offsets are rebased into wasm memory first, so they must be right before. */
  readonly checksOffsets = false

  constructor(rt: WasmRuntime, config: EngineConfig) {
    this.#rt = rt
    this.#ring = new rt.glue.WasmRing(HASH_CODE[config.hash], config.seedHi, config.seedLo)
  }

  setConsumer(slot: number, id: Uint8Array, points: number): void {
    this.#ring.setConsumer(slot, id, points)
  }

  removeConsumer(slot: number): void {
    this.#ring.removeConsumer(slot)
  }

  pointCount(): number {
    return this.#ring.pointCount()
  }

  lookup(key: KeyInput): number {
    const rt = this.#rt
    return this.#ring.lookup(rt.scratch, rt.writeKey(key))
  }

  lookupMany(keys: readonly KeyInput[], out: Int32Array): void {
    this.#rt.lookupMany(this.#ring, keys, out)
  }

  lookupPacked(bytes: Uint8Array, offsets: Uint32Array, count: number, out: Int32Array): void {
    this.#rt.lookupPacked(this.#ring, bytes, offsets, count, out)
  }

  replicas(key: KeyInput, n: number, out: Uint32Array): number {
    const rt = this.#rt
    const want = Math.min(n, out.length)
    if (want > rt.outCap) rt.growOut(want)
    const length = rt.writeKey(key)
    const found = this.#ring.replicas(rt.scratch, length, want)
    if (rt.u32.byteLength === 0) rt.refresh()
    const u32 = rt.u32
    const from = rt.outAt >>> 2
    for (let k = 0; k < found; k++) out[k] = u32[from + k]
    return found
  }
}

/**
 * The wasm {@link Backend} over an initialised instance of `glue` whose memory is `memory`. It
 * implements the interface exactly like the js backend: same results, same NO_SLOT (-1).
 */
export function createWasmBackend(glue: WasmGlue, memory: WebAssembly.Memory): Backend {
  const rt = new WasmRuntime(glue, memory)
  return {
    name: 'wasm',

    createRing: (config) => new WasmRingEngine(rt, config),

    // ketama (issue 13)
    createKetama: (config) => new WasmKetamaEngine(rt, config),

    hash(config, input, out) {
      const length = rt.writeKey(input)
      rt.scratch.hash64(HASH_CODE[config.hash], config.seedHi, config.seedLo, length)
      if (rt.u32.byteLength === 0) rt.refresh()
      const from = rt.outAt >>> 2
      out[0] = rt.u32[from]
      out[1] = rt.u32[from + 1]
    },

    jump: glue.jump,

    jumpMany(keys, buckets, out) {
      const count = keys.length >>> 1
      for (let start = 0; start < count; start += BATCH_KEYS) {
        const n = Math.min(BATCH_KEYS, count - start)
        if (n > rt.wordsCap) rt.growWords(n)
        if (n > rt.outCap) rt.growOut(n)
        if (rt.u32.byteLength === 0) rt.refresh()
        // (lo, hi) pairs are the little-endian layout of u64, which wasm is.
        rt.u32.set(keys.subarray(2 * start, 2 * (start + n)), rt.wordsAt >>> 2)
        rt.scratch.jumpMany(n, buckets)
        if (rt.u32.byteLength === 0) rt.refresh()
        const from = rt.outAt >>> 2
        out.set(rt.u32.subarray(from, from + n), start)
      }
    },
  }
}
