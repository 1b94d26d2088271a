/**
 * The wasm MementoHash engine: chash_core's `Memento` through @chash/wasm's WasmMemento. Like a
 * wasm ring (instance.ts), it keeps its state in JavaScript too — the b-array size and the
 * remembered removals, oldest first — so that its WasmMemento can be rebuilt, with the same
 * placement, after the instance trapped and was restarted: replaying the removals in order from
 * the b-array size gives the same memory (docs/placement.md §8; snapshots rely on the same fact).
 */
import type { WasmMemento } from '@chash/wasm'
import { codedError } from '../../errors.js'
import type { KeyInput } from '../../keys.js'
import { type EngineConfig, HASH_CODE, type MementoEngine } from '../types.js'
import type { Residence, WasmInstance } from './instance.js'

/** The WasmMemento constructor, as @chash/wasm declares it. */
export type WasmMementoClass = typeof WasmMemento

/** A MementoHash in wasm memory, driven through the runtime's key regions like a ring. */
export class WasmMementoEngine implements MementoEngine {
  readonly #inst: WasmInstance
  readonly #config: EngineConfig
  readonly #home: Residence<WasmMemento> = { ring: undefined, used: true }
  /** The b-array size. */
  #n: number
  /** The removed buckets the memory holds, oldest first. */
  #removed: number[] = []

  constructor(inst: WasmInstance, config: EngineConfig, buckets: number) {
    this.#inst = inst
    this.#config = config
    this.#n = buckets
    this.#memento()
  }

  /** The WasmMemento, rebuilt from the JavaScript state if it is not in wasm memory. */
  #memento(): WasmMemento {
    const home = this.#home
    home.used = true
    if (home.ring !== undefined) return home.ring
    const inst = this.#inst
    if (typeof inst.glue.WasmMemento !== 'function')
      throw codedError(
        'ERR_CHASH_BACKEND_UNAVAILABLE',
        '@chash/wasm lacks WasmMemento (a stale build?); rebuild it with `pnpm --filter @chash/wasm build`',
      )
    const { hash, seedHi, seedLo } = this.#config
    let memento: WasmMemento | undefined
    try {
      memento = new inst.glue.WasmMemento(HASH_CODE[hash], seedHi, seedLo, this.#n)
      for (const bucket of this.#removed) memento.removeBucket(bucket)
    } catch (error) {
      if (!(error instanceof WebAssembly.RuntimeError)) memento?.free()
      throw inst.failed(error)
    }
    home.ring = memento
    inst.admit(this, home, 0)
    return memento
  }

  getBucket(key: KeyInput): number {
    const memento = this.#memento()
    const rt = this.#inst.rt
    try {
      return memento.lookup(rt.scratch, rt.writeKey(key))
    } catch (error) {
      throw this.#inst.failed(error)
    }
  }

  lookupPacked(bytes: Uint8Array, offsets: Uint32Array, count: number, out: Int32Array): void {
    const memento = this.#memento()
    try {
      this.#inst.rt.lookupPacked(memento, bytes, offsets, count, out)
    } catch (error) {
      throw this.#inst.failed(error)
    }
  }

  removeBucket(bucket: number): void {
    const memento = this.#memento()
    try {
      memento.removeBucket(bucket)
    } catch (error) {
      throw this.#inst.failed(error)
    }
    // The same bookkeeping as MementoHash: with an empty memory, removing the last bucket shrinks.
    if (this.#removed.length === 0 && bucket === this.#n - 1) this.#n = bucket
    else this.#removed.push(bucket)
  }

  addBucket(): number {
    const memento = this.#memento()
    let bucket: number
    try {
      bucket = memento.addBucket()
    } catch (error) {
      throw this.#inst.failed(error)
    }
    if (this.#removed.length > 0) this.#removed.pop()
    else this.#n = bucket + 1
    return bucket
  }

  dispose(): void {
    const home = this.#home
    home.ring?.free()
    home.ring = undefined
    this.#inst.release(home)
    this.#removed = []
  }
}
