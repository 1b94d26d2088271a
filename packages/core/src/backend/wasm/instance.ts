/**
 * The life of the wasm backend's module instance and of the rings in it.
 *
 * - **Rings are rebuilt from JavaScript.** Each {@link WasmRingEngine} keeps its consumers (slot,
 *   id bytes, points) in JavaScript; its `WasmRing` in wasm memory is a copy that can be dropped
 *   and rebuilt, with the same placement, on next use.
 * - **Traps restart the instance.** A trap (an allocation that cannot grow memory, any Rust panic)
 *   leaves the instance unusable: wasm-bindgen's borrow flags stay set ("recursive use of an object
 *   detected") and the allocator may be mid-update. The call that trapped throws an Error saying
 *   so; the instance is replaced by a fresh one of the same module (wasm-bindgen's
 *   `__wbg_reset_state`, fresh memory), and every ring is rebuilt in it on next use.
 * - **Idle rings are evicted.** Node runs FinalizationRegistry callbacks only between tasks, so a
 *   synchronous loop that builds and drops rings would keep every dropped ring in wasm memory,
 *   which never shrinks (2 GB for 10,000 rings of 100 consumers). A JavaScript program cannot see
 *   an object die within the task that created it (WeakRef keeps its target for the whole task),
 *   so instead: after every {@link SWEEP_POINTS} points built, rings not used since the previous
 *   sweep are freed from wasm memory. A dropped ring is never used again, so it goes within two
 *   sweeps; a live but idle ring is rebuilt from JavaScript when it is used next.
 */
import type { WasmRing } from '@chash/wasm'
import { codedError } from '../../errors.js'
import { bufferOf, setInto } from '../../typed-arrays.js'
import { type Backend, type EngineConfig, HASH_CODE, type RingEngine } from '../types.js'
import { BATCH_KEYS, type RawLookup, type WasmExports, type WasmGlue, WasmRuntime } from './engine.js'
import { WasmKetamaEngine } from './ketama.js'
import { WasmMementoEngine } from './memento.js'
import { ResidentRingEngine } from './resident.js'

/**
 * Points built between two sweeps (about 27 MB of wasm memory at 13 bytes a point): often enough
 * to bound the memory of a build-and-drop loop, rarely enough that a sweep (a pass over the rings
 * in wasm memory) costs nothing next to the builds between two.
 */
const SWEEP_POINTS = 1 << 21

/**
 * An engine's object in wasm memory (a WasmRing, WasmMemento or WasmKetama), shared by the engine and the
 * instance's list of resident engines.
 */
export interface Residence<T extends { free(): void } = WasmRing> {
  ring: T | undefined
  /** Set on every use, cleared by each sweep. */
  used: boolean
}

/** One instance of the module, replaced by a fresh one after a trap. */
export class WasmInstance {
  rt: WasmRuntime
  /** The rings with a WasmRing in this instance. */
  #resident: Residence<{ free(): void }>[] = []
  #built = 0
  /** Frees the WasmRing of an engine that was collected while resident. */
  readonly #finalizer = new FinalizationRegistry<Residence<{ free(): void }>>((home) => {
    home.ring?.free()
    home.ring = undefined
  })

  /**
   * @param restart replaces the trapped instance by a fresh one and returns its exports; undefined
   * where the glue cannot (then the backend stays broken after a trap, and says so).
   */
  constructor(
    readonly glue: WasmGlue,
    exports: WasmExports,
    private readonly restart: (() => WasmExports) | undefined,
  ) {
    this.rt = new WasmRuntime(glue, exports)
  }

  /** Registers a ring just built in this instance, for sweeps, restarts and its finalizer. */
  admit(owner: object, home: Residence<{ free(): void }>, points: number): void {
    this.#resident.push(home)
    this.#finalizer.register(owner, home, home)
    this.built(points)
  }

  /** Forgets a ring freed by its engine. */
  release(home: Residence<{ free(): void }>): void {
    this.#finalizer.unregister(home)
  }

  /** Counts points built; past {@link SWEEP_POINTS}, frees the rings not used since the last sweep. */
  built(points: number): void {
    this.#built += points
    if (this.#built < SWEEP_POINTS) return
    this.#built = 0
    const kept: Residence<{ free(): void }>[] = []
    for (const home of this.#resident) {
      if (home.ring === undefined) continue
      if (home.used) {
        home.used = false
        kept.push(home)
      } else {
        home.ring.free()
        home.ring = undefined
        this.#finalizer.unregister(home)
      }
    }
    this.#resident = kept
  }

  /**
   * What a call that threw `error` must throw: the error itself, or, after a trap, an Error that
   * says the instance was restarted (the trap is its cause).
   */
  failed(error: unknown): unknown {
    if (!(error instanceof WebAssembly.RuntimeError)) return error
    // Every WasmRing belonged to the dead instance: its engine rebuilds it on next use.
    for (const home of this.#resident) {
      this.#finalizer.unregister(home)
      home.ring = undefined
    }
    this.#resident = []
    this.#built = 0
    let outcome: string
    try {
      if (this.restart === undefined) throw new Error('this build of @chash/wasm cannot restart')
      this.rt = new WasmRuntime(this.glue, this.restart())
      outcome = 'it was restarted with fresh memory, and every wasm ring is rebuilt on its next use'
    } catch (cause) {
      outcome = `restarting it failed (${cause instanceof Error ? cause.message : String(cause)})`
    }
    const message = `the WebAssembly engine trapped (${error.message}); ${outcome}`
    return codedError('ERR_CHASH_WASM_TRAPPED', message, { cause: error })
  }
}

/**
 * A ring engine on wasm: its consumers in JavaScript, their points in a WasmRing built from them
 * when first needed (again after an eviction or a restart).
 */
export class WasmRingEngine extends ResidentRingEngine<WasmRing> implements RingEngine {
  /** Offsets are rebased into wasm memory first, so they must be right before. */
  readonly checksOffsets = false
  readonly #config: EngineConfig
  // Per slot: the consumer's id bytes and points (undefined / 0 for a free slot).
  #ids: Array<Uint8Array | undefined> = []
  #points: number[] = []
  #total = 0

  constructor(inst: WasmInstance, config: EngineConfig) {
    super(inst)
    this.#config = config
  }

  protected create(): WasmRing {
    const { hash, seedHi, seedLo } = this.#config
    return new this.inst.glue.WasmRing(HASH_CODE[hash], seedHi, seedLo)
  }

  protected replay(ring: WasmRing): void {
    const ids = this.#ids
    for (let slot = 0; slot < ids.length; slot++) {
      const id = ids[slot]
      if (id !== undefined) ring.setConsumer(slot, id, this.#points[slot])
    }
  }

  protected buildPoints(): number {
    return this.#total
  }

  protected rawLookup(exports: WasmExports): RawLookup | undefined {
    return exports.wasmring_lookup
  }

  setConsumer(slot: number, id: Uint8Array, points: number): void {
    this.run((ring) => ring.setConsumer(slot, id, points))
    this.#total += points - (this.#ids[slot] === undefined ? 0 : this.#points[slot])
    this.#ids[slot] = id
    this.#points[slot] = points
    this.inst.built(points)
  }

  removeConsumer(slot: number): void {
    if (this.#ids[slot] === undefined) return
    this.ifResident((ring) => ring.removeConsumer(slot))
    this.#total -= this.#points[slot]
    this.#ids[slot] = undefined
    this.#points[slot] = 0
  }

  pointCount(): number {
    return this.#total
  }

  protected clear(): void {
    this.#ids = []
    this.#points = []
    this.#total = 0
  }
}

/**
 * The wasm {@link Backend} over an initialised instance of `glue` whose exports are `exports`. It
 * implements the interface exactly like the js backend: same results, same NO_SLOT (-1).
 * @param restart see {@link WasmInstance}.
 */
export function createWasmBackend(
  glue: WasmGlue,
  exports: WasmExports,
  restart?: () => WasmExports,
): Backend {
  const inst = new WasmInstance(glue, exports, restart)
  return {
    name: 'wasm',

    createRing: (config) => new WasmRingEngine(inst, config),

    createMemento: (config, buckets) => new WasmMementoEngine(inst, config, buckets),

    createKetama: (config) => new WasmKetamaEngine(inst, config),

    hash(config, input, out) {
      const rt = inst.rt
      try {
        const length = rt.writeKey(input)
        rt.scratch.hash64(HASH_CODE[config.hash], config.seedHi, config.seedLo, length)
        rt.ensureViews()
        const from = rt.outAt >>> 2
        out[0] = rt.u32[from]
        out[1] = rt.u32[from + 1]
      } catch (error) {
        throw inst.failed(error)
      }
    },

    jump: glue.jump,

    jumpKey(key, buckets) {
      const rt = inst.rt
      try {
        const length = rt.writeKey(key)
        // The raw export skips the glue's checks, as the engines' lookups do (resident.ts).
        const raw = rt.exports.scratch_jumpKey
        return raw === undefined ? rt.scratch.jumpKey(length, buckets) : raw(rt.scratchAt, length, buckets)
      } catch (error) {
        throw inst.failed(error)
      }
    },

    jumpKeysMany(keys, buckets, out) {
      const rt = inst.rt
      try {
        rt.lookupMany({ lookupMany: (scratch, count) => scratch.jumpKeysMany(count, buckets) }, keys, out)
      } catch (error) {
        throw inst.failed(error)
      }
    },

    jumpMany(keys, buckets, out) {
      const rt = inst.rt
      if (bufferOf(keys) === rt.memory.buffer) keys = keys.slice() // growing would detach it
      try {
        const count = keys.length >>> 1
        for (let start = 0; start < count; start += BATCH_KEYS) {
          const n = Math.min(BATCH_KEYS, count - start)
          if (n > rt.wordsCap) rt.growWords(n)
          if (n > rt.outCap) rt.growOut(n)
          rt.ensureViews()
          // (lo, hi) pairs are the little-endian layout of u64, which wasm is.
          rt.u32.set(keys.subarray(2 * start, 2 * (start + n)), rt.wordsAt >>> 2)
          rt.scratch.jumpMany(n, buckets)
          rt.ensureViews()
          const from = rt.outAt >>> 2
          setInto(out, rt.u32.subarray(from, from + n), start)
        }
      } catch (error) {
        throw inst.failed(error)
      }
    },
  }
}
