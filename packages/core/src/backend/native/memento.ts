/** The native MementoHash engine: chash_core's `Memento` through @chash/native's NativeMemento. */
import type * as Native from '@chash/native'
import { codedError } from '../../errors.js'
import type { EngineConfig, MementoEngine } from '../types.js'
import { HASH_CODE } from '../types.js'

/** @chash/native's MementoHash class, as its committed index.d.ts declares it. */
export type NativeMementoClass = typeof Native.NativeMemento

/** A MementoHash in Rust; its per-key operations are the addon's bound functions themselves. */
export function createNativeMemento(
  NativeMemento: NativeMementoClass | undefined,
  config: EngineConfig,
  buckets: number,
): MementoEngine {
  if (typeof NativeMemento !== 'function')
    throw codedError(
      'ERR_CHASH_BACKEND_UNAVAILABLE',
      '@chash/native lacks NativeMemento (a stale build?); rebuild it with `pnpm --filter @chash/native build`',
    )
  const fns = new NativeMemento(HASH_CODE[config.hash], config.seedHi, config.seedLo, buckets).functions()
  return {
    getBucket: fns.getBucket,
    lookupPacked: fns.getBucketMany,
    removeBucket: fns.removeBucket,
    addBucket: fns.addBucket,
    // The Rust state (a map of the removed buckets, a few bytes each) goes with the bound
    // functions' object when it is collected; nothing in it is worth a Node-API call to free now.
    dispose: () => {},
  }
}
