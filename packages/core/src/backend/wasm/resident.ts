/**
 * What every wasm engine shares: its object in wasm memory (a WasmRing, WasmMemento or
 * WasmKetama) is a copy of state the engine keeps in JavaScript, built when first needed and
 * rebuilt after a sweep evicted it or a trap restarted the instance (see instance.ts). Each engine
 * says how to create and replay its object; the residence, the rebuild, the error handling and
 * the key-driven calls are here once.
 */
import type { Scratch } from '@chash/wasm'
import { codedError } from '../../errors.js'
import type { KeyInput } from '../../keys.js'
import {
  addressOf,
  type BatchTarget,
  type RawLookup,
  type ReplicaTarget,
  type WasmExports,
} from './engine.js'
import type { Residence, WasmInstance } from './instance.js'

/** An engine's object in wasm memory: freed by the engine, looked up through a {@link Scratch}. */
export interface WasmEngineObject extends BatchTarget {
  free(): void
  lookup(scratch: Scratch, len: number): number
}

/** `cls`, a class of the glue that an older build of @chash/wasm may lack. */
export function requireClass<C>(cls: C | undefined, name: string): C {
  if (typeof cls !== 'function')
    throw codedError(
      'ERR_CHASH_BACKEND_UNAVAILABLE',
      `@chash/wasm lacks ${name} (a stale build?); rebuild it with \`pnpm --filter @chash/wasm build\``,
    )
  return cls
}

/** An engine whose object lives in wasm memory while it is used. */
export abstract class ResidentEngine<T extends WasmEngineObject> {
  protected readonly inst: WasmInstance
  readonly #home: Residence<T> = { ring: undefined, used: true }
  /** The object's raw lookup export and address, taken when it is built (see {@link lookup}). */
  #raw: RawLookup | undefined
  #address = 0

  constructor(inst: WasmInstance) {
    this.inst = inst
  }

  /** A new, empty object (may throw, e.g. on a stale build without its class). */
  protected abstract create(): T
  /** Replays the engine's JavaScript state into a new object. */
  protected abstract replay(object: T): void
  /** The points the object holds: the sweep's measure of the build. */
  protected abstract buildPoints(): number
  /** The raw export behind the object's `lookup` glue method, if this build has it. */
  protected abstract rawLookup(exports: WasmExports): RawLookup | undefined

  /** The object, rebuilt from the JavaScript state if it is not in wasm memory. */
  protected resident(): T {
    const home = this.#home
    home.used = true
    return home.ring ?? this.#build()
  }

  /** `call(object)` if the object is in wasm memory (a change to an evicted one is only recorded). */
  protected ifResident(call: (object: T) => void): void {
    const object = this.#home.ring
    if (object === undefined) return
    try {
      call(object)
    } catch (error) {
      throw this.inst.failed(error)
    }
  }

  #build(): T {
    const inst = this.inst
    let object: T | undefined
    try {
      object = this.create()
      this.replay(object)
    } catch (error) {
      if (!(error instanceof WebAssembly.RuntimeError)) object?.free()
      throw inst.failed(error)
    }
    this.#home.ring = object
    this.#raw = this.rawLookup(inst.rt.exports)
    this.#address = addressOf(object)
    inst.admit(this, this.#home, this.buildPoints())
    return object
  }

  /** `call(object)` on the resident object; a trap restarts the instance (instance.ts). */
  protected run<R>(call: (object: T) => R): R {
    const object = this.resident()
    try {
      return call(object)
    } catch (error) {
      throw this.inst.failed(error)
    }
  }

  lookup(key: KeyInput): number {
    const object = this.resident()
    const rt = this.inst.rt
    try {
      const length = rt.writeKey(key)
      const raw = this.#raw
      // The object is alive and of this instance (resident() rebuilt it otherwise, and with it
      // #raw and #address): the raw call is what its glue method would make.
      return raw === undefined ? object.lookup(rt.scratch, length) : raw(this.#address, rt.scratchAt, length)
    } catch (error) {
      throw this.inst.failed(error)
    }
  }

  lookupMany(keys: readonly KeyInput[], out: Int32Array): void {
    const object = this.resident()
    try {
      this.inst.rt.lookupMany(object, keys, out)
    } catch (error) {
      throw this.inst.failed(error)
    }
  }

  lookupPacked(bytes: Uint8Array, offsets: Uint32Array, count: number, out: Int32Array): void {
    const object = this.resident()
    try {
      this.inst.rt.lookupPacked(object, bytes, offsets, count, out)
    } catch (error) {
      throw this.inst.failed(error)
    }
  }

  /** Frees the object now; the engine's own state is cleared by {@link clear}. */
  dispose(): void {
    const home = this.#home
    home.ring?.free()
    home.ring = undefined
    this.inst.release(home)
    this.clear()
  }

  /** Drops the engine's JavaScript state on dispose. */
  protected abstract clear(): void
}

/** A resident engine with replicas: a ring or a ketama continuum. */
export abstract class ResidentRingEngine<
  T extends WasmEngineObject & ReplicaTarget,
> extends ResidentEngine<T> {
  replicas(key: KeyInput, n: number, out: Uint32Array): number {
    const object = this.resident()
    try {
      return this.inst.rt.replicas(object, key, n, out)
    } catch (error) {
      throw this.inst.failed(error)
    }
  }
}
