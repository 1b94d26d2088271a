/** The wasm MementoHash engine: chash_core's `Memento` through @chash/wasm's WasmMemento. */
import type { Scratch } from '@chash/wasm'
import type { KeyInput } from '../../keys.js'
import { type EngineConfig, HASH_CODE, type MementoEngine } from '../types.js'
import type { WasmRuntime } from './engine.js'

/** @chash/wasm's WasmMemento, restated so that core type-checks against an older glue. */
interface WasmMemento {
  lookup(scratch: Scratch, len: number): number
  lookupMany(scratch: Scratch, count: number): void
  removeBucket(bucket: number): void
  addBucket(): number
}

/** The WasmMemento constructor. */
export type WasmMementoClass = new (
  kind: number,
  seedHi: number,
  seedLo: number,
  buckets: number,
) => WasmMemento

/** A MementoHash in wasm memory, driven through the runtime's key regions like a ring. */
export function createWasmMemento(rt: WasmRuntime, config: EngineConfig, buckets: number): MementoEngine {
  if (typeof rt.glue.WasmMemento !== 'function')
    throw new Error(
      '@chash/wasm lacks WasmMemento (a stale build?); rebuild it with `pnpm --filter @chash/wasm build`',
    )
  const memento = new rt.glue.WasmMemento(HASH_CODE[config.hash], config.seedHi, config.seedLo, buckets)
  return {
    getBucket: (key: KeyInput) => memento.lookup(rt.scratch, rt.writeKey(key)),
    getBucketPacked: (bytes, offsets, count, out) => rt.lookupPacked(memento, bytes, offsets, count, out),
    removeBucket: (bucket) => memento.removeBucket(bucket),
    addBucket: () => memento.addBucket(),
  }
}
