/**
 * The engine seam. An engine deals only in numbers and bytes: consumers are slot indices chosen by
 * the caller, keys are strings or bytes, results are slots. Payloads (`ConsumerInfo`) never cross
 * it. The `js`, `native` and `wasm` backends implement these interfaces; the public API does not
 * know which one runs.
 */
import type { KeyInput } from '../keys.js'

/** The name of a backend implementation. */
export type BackendName = 'native' | 'wasm' | 'js'

/** Which key hash a ring uses (docs/placement.md §2). */
export type HashName = 'xxh3' | 'xxh64'

/** The integer that stands for each hash where native and wasm take it (chash_core's `HashKind::code`). */
export const HASH_CODE: Readonly<Record<HashName, number>> = { xxh3: 0, xxh64: 1 }

/** The settings of one ring's engine, already validated. */
export interface EngineConfig {
  hash: HashName
  /** The 64-bit seed as two unsigned 32-bit halves. */
  seedHi: number
  seedLo: number
}

/** The hash of a jump key given as a string or bytes (docs/placement.md §7): XXH3-64, seed 0. */
export const JUMP_KEY_HASH: Readonly<EngineConfig> = { hash: 'xxh3', seedHi: 0, seedLo: 0 }

/**
 * What a ring's and a ketama continuum's engines share: consumers are slots, and a key's owner
 * is the slot its lookup returns.
 */
export interface SlotEngine {
  /** The number of points. */
  pointCount(): number
  /** The slot owning `key` (docs §5), or NO_SLOT without points. */
  lookup(key: KeyInput): number
  /** Writes the owner of keys[i] to out[i] (NO_SLOT without points); `out.length >= keys.length`. */
  lookupMany(keys: readonly KeyInput[], out: Int32Array): void
  /**
   * Writes the owner of key k = bytes[offsets[k] .. offsets[k + 1]) to out[k] for k < count
   * (NO_SLOT without points). The caller has checked that `out` holds `count` entries and shares
   * no memory with the keys, and, unless {@link checksOffsets}, the offsets themselves
   * (non-decreasing, within `bytes`).
   */
  lookupPacked(bytes: Uint8Array, offsets: Uint32Array, count: number, out: Int32Array): void
  /**
   * Whether {@link lookupPacked} checks the offsets itself and throws on bad ones (with the
   * engine unchanged; `out` may be partly written). The caller then skips its own pass over them
   * (about 0.75 ns a key) and runs it only to word the error as every backend does.
   */
  readonly checksOffsets: boolean
  /** Writes up to `n` distinct owners of `key` in ring order (docs §6) to `out` and returns how many. */
  replicas(key: KeyInput, n: number, out: Uint32Array): number
  /**
   * Frees the engine's memory now (the ring's `dispose`); the ring calls nothing else
   * afterwards. Calling it again does nothing.
   */
  dispose(): void
}

/** The mutable placement state of one ring. */
export interface RingEngine extends SlotEngine {
  /** Adds a consumer in `slot`, or replaces the one there, with `points` points (docs §3). */
  setConsumer(slot: number, id: Uint8Array, points: number): void
  /** Removes the consumer in `slot` and its points; a free slot is a no-op. */
  removeConsumer(slot: number): void
}

/**
 * The mutable state of one MementoHash (docs/placement.md §8): bucket numbers in, bucket numbers
 * out. The caller (`MementoHash`) has validated every argument, so these never throw on input.
 */
export interface MementoEngine {
  /** The working bucket of `key`. */
  getBucket(key: KeyInput): number
  /**
   * Writes the bucket of key k = bytes[offsets[k] .. offsets[k + 1]) to out[k] for k < count;
   * the offsets are checked, and `out` holds `count` entries and shares no memory with the keys.
   */
  lookupPacked(bytes: Uint8Array, offsets: Uint32Array, count: number, out: Int32Array): void
  /** Removes `bucket`, a working bucket that is not the only one. */
  removeBucket(bucket: number): void
  /** Brings back the most recently removed bucket, else a new one at the end (below 2^31−1); returns it. */
  addBucket(): number
  /** Frees the engine's memory now; the caller calls nothing else afterwards. Again: nothing. */
  dispose(): void
}

/** Whose continuum a KetamaRing reproduces. */
export type KetamaCompat = 'hashring' | 'hash_ring' | 'libketama' | 'libmemcached'

/** The integer that stands for each mode where native and wasm take it (`Compat::from_code`). */
export const KETAMA_COMPAT_CODE: Readonly<Record<KetamaCompat, number>> = {
  hashring: 0,
  hash_ring: 1,
  libketama: 2,
  libmemcached: 3,
}

/** The settings of one ketama engine, already validated. */
export interface KetamaConfig {
  compat: KetamaCompat
  /** Digests per server before weighting (1 … 2^20). */
  vnodes: number
  /** hashring's 'default port', 0 for none ('hashring' and 'hash_ring' only). */
  defaultPort: number
}

/** The mutable state of one ketama continuum; servers are slots, as in {@link RingEngine}. */
export interface KetamaEngine extends SlotEngine {
  /**
   * Adds server `name` (its UTF-8) in `slot` after the others, or sets the weight of the one
   * there, in place. The weight is already valid for the mode. The continuum is rebuilt lazily.
   */
  setServer(slot: number, name: Uint8Array, weight: number): void
  /** Removes the server in `slot`; a free slot is a no-op. */
  removeServer(slot: number): void
}

/** One implementation of the engine. */
export interface Backend {
  readonly name: BackendName
  /** A new, empty ring engine. */
  createRing(config: EngineConfig): RingEngine
  /** A new MementoHash engine with working buckets 0 … buckets−1 (`buckets` already validated). */
  createMemento(config: EngineConfig, buckets: number): MementoEngine
  /** A new, empty ketama continuum. */
  createKetama(config: KetamaConfig): KetamaEngine
  /** Hashes `input` with the given hash and seed; writes out[0] = high 32 bits, out[1] = low 32 bits. */
  hash(config: EngineConfig, input: KeyInput, out: Uint32Array): void
  /** Jump hash (docs §7) of the 64-bit key `hi·2^32 + lo` into `buckets` (already validated). */
  jump(hi: number, lo: number, buckets: number): number
  /**
   * Jump hash of many keys given as (lo, hi) pairs, the memory layout of a BigUint64Array on a
   * little-endian machine: out[i] = jump(keys[2i+1], keys[2i], buckets).
   */
  jumpMany(keys: Uint32Array, buckets: number, out: Uint32Array): void
  /**
   * Jump hash of a string or bytes key: `jump` of its {@link JUMP_KEY_HASH} hash into `buckets`
   * (already validated), hashed and jumped in one crossing.
   */
  jumpKey(key: KeyInput, buckets: number): number
  /** out[i] = jumpKey(keys[i], buckets) for every key (`out.length >= keys.length`), crossing once per batch. */
  jumpKeysMany(keys: readonly KeyInput[], buckets: number, out: Uint32Array): void
}
