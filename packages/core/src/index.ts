/**
 * @chash/core: consistent hashing for Node.js and browsers. The placement contract is
 * docs/placement.md; every backend follows it exactly.
 * @packageDocumentation
 */
export {
  availableBackends,
  type BackendChoice,
  type BackendReport,
  type BackendStatus,
  backendReport,
  warnOnJsFallback,
} from './backend/select.js'
export type { BackendName, HashName, KetamaCompat } from './backend/types.js'
export { initWasm as init, type WasmInput } from './backend/wasm/index.js'
export { type ChashError, type ChashErrorCode, isChashError } from './errors.js'
export {
  type FunctionOptions,
  type HashIntoFunction,
  type JumpKey,
  jumpHash,
  jumpHashMany,
  xxh3,
  xxh3Hex,
  xxh3Into,
  xxh64,
  xxh64Hex,
  xxh64Into,
} from './functions.js'
export {
  KETAMA_DEFAULT_VNODES,
  type KetamaConsumerOptions,
  type KetamaOptions,
  KetamaRing,
} from './ketama.js'
export { KeyBatch } from './key-batch.js'
export type { Key } from './keys.js'
export { DEFAULT_VNODES, MAX_BUCKETS, MAX_POINTS_PER_CONSUMER } from './limits.js'
export { MementoHash, type MementoOptions, type MementoSnapshot } from './memento.js'
export { MementoRing, type MementoRingOptions, type MementoRingSnapshot } from './memento-ring.js'
export { ConsistentHashRing, type ConsumerOptions, type RingOptions } from './ring.js'
export type { RingSnapshot } from './ring-snapshot.js'
export { SNAPSHOT_VERSION } from './snapshot.js'
