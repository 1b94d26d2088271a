/**
 * The wasm MementoHash engine: chash_core's `Memento` through @chash/wasm's WasmMemento. Like a
 * wasm ring (resident.ts), it keeps its state in JavaScript too — the b-array size and the
 * remembered removals, oldest first — so that its WasmMemento can be rebuilt, with the same
 * placement, after the instance trapped and was restarted: replaying the removals in order from
 * the b-array size gives the same memory (docs/placement.md §8; snapshots rely on the same fact).
 */
import type { WasmMemento } from '@chash/wasm'
import type { KeyInput } from '../../keys.js'
import { type EngineConfig, HASH_CODE, type MementoEngine } from '../types.js'
import type { RawLookup, WasmExports } from './engine.js'
import type { WasmInstance } from './instance.js'
import { ResidentEngine, requireClass } from './resident.js'

/** The WasmMemento constructor, as @chash/wasm declares it. */
export type WasmMementoClass = typeof WasmMemento

/** A MementoHash in wasm memory, driven through the runtime's key regions like a ring. */
export class WasmMementoEngine extends ResidentEngine<WasmMemento> implements MementoEngine {
  readonly #config: EngineConfig
  /** The b-array size. */
  #n: number
  /** The removed buckets the memory holds, oldest first. */
  #removed: number[] = []

  constructor(inst: WasmInstance, config: EngineConfig, buckets: number) {
    super(inst)
    this.#config = config
    this.#n = buckets
    this.resident()
  }

  protected create(): WasmMemento {
    const WasmMemento = requireClass(this.inst.glue.WasmMemento, 'WasmMemento')
    const { hash, seedHi, seedLo } = this.#config
    return new WasmMemento(HASH_CODE[hash], seedHi, seedLo, this.#n)
  }

  protected replay(memento: WasmMemento): void {
    for (const bucket of this.#removed) memento.removeBucket(bucket)
  }

  protected buildPoints(): number {
    return 0
  }

  protected rawLookup(exports: WasmExports): RawLookup | undefined {
    return exports.wasmmemento_lookup
  }

  getBucket(key: KeyInput): number {
    return this.lookup(key)
  }

  removeBucket(bucket: number): void {
    this.run((memento) => memento.removeBucket(bucket))
    // The same bookkeeping as MementoHash: with an empty memory, removing the last bucket shrinks.
    if (this.#removed.length === 0 && bucket === this.#n - 1) this.#n = bucket
    else this.#removed.push(bucket)
  }

  addBucket(): number {
    const bucket = this.run((memento) => memento.addBucket())
    if (this.#removed.length > 0) this.#removed.pop()
    else this.#n = bucket + 1
    return bucket
  }

  protected clear(): void {
    this.#removed = []
  }
}
