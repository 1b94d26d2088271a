/** `MementoHash`: jump hash that can remove any bucket (docs/placement.md §8), on every backend. */
import { PackedKeys } from './backend/packed-keys.js'
import { type BackendChoice, resolveBackend } from './backend/select.js'
import type { Backend, BackendName, HashName, MementoEngine } from './backend/types.js'
import { DISPOSE, disposed, disposedEngine } from './disposal.js'
import { limitExceeded, rangeError } from './errors.js'
import { asKeyBatch, type KeyBatch } from './key-batch.js'
import { type Key, normalizeKey } from './keys.js'
import { MAX_BUCKETS } from './limits.js'
import { keysOf, outForKeys, placeBatch } from './many-keys.js'
import { readArray, readHeader, SNAPSHOT_VERSION, type SnapshotHeader } from './snapshot.js'
import { checkBuckets, checkInteger, checkOptions, engineConfig } from './validate.js'

/** Options of {@link MementoHash}. */
export interface MementoOptions {
  /** The key hash; default `'xxh3'`. `'xxh64'` with seed 0 is the authors' reference. */
  hash?: HashName
  /** The 64-bit hash seed, `0n … 2n ** 64n - 1n`; default `0n`. */
  seed?: bigint
  /** Which engine runs; all give identical placement. Default `'auto'`. */
  backend?: BackendChoice
}

/** What {@link MementoHash.toJSON} writes: the b-array size and the removals, in order. */
export interface MementoSnapshot extends SnapshotHeader<'chash/memento-hash'> {
  /** The b-array size (one more than the highest bucket not cut off the end). */
  buckets: number
  /** The removed buckets the memory holds, oldest removal first. */
  removed: number[]
}

const OPTIONS = new Set(['hash', 'seed', 'backend'])
const RESTORE_OPTIONS = new Set(['backend'])

const mementoDisposed = (): never => disposed('MementoHash')

/** What a disposed MementoHash's engine becomes: every use throws. */
const DISPOSED_ENGINE = disposedEngine<MementoEngine>(
  'MementoHash',
  { getBucket: true, lookupPacked: true, removeBucket: true, addBucket: true },
  {},
)

/**
 * MementoHash (Coluzzi, Brocco, Antonucci, Leidi, IEEE/ACM ToN 2024): keys map to working bucket
 * numbers at jump-hash speed, and **any** bucket can be removed; only its keys move. With
 * `hash: 'xxh64'` and seed 0 it is bit for bit the authors' C++ `MementoEngine`.
 *
 * Placement depends on the order of removals and additions, not only on which buckets work:
 * processes that must agree apply the same operations in the same order, or share
 * {@link toJSON} snapshots.
 *
 * @example
 * const m = new MementoHash(10)
 * m.getBucket('user:42') // 0 … 9
 * m.removeBucket(3)      // only bucket 3's keys move
 * m.addBucket()          // 3 again: the most recently removed bucket comes back first
 */
export class MementoHash {
  /** The engine in use. */
  readonly backend: BackendName
  /** The key hash. */
  readonly hash: HashName
  /** The hash seed. */
  readonly seed: bigint

  #engine: MementoEngine
  /** The b-array size. */
  #n: number
  /** Removed buckets in the memory, oldest first, and the same as a set. */
  readonly #removed: number[] = []
  readonly #removedSet = new Set<number>()
  #packed: PackedKeys | undefined

  /**
   * Working buckets `0 … buckets − 1`.
   * @throws TypeError / RangeError naming `buckets` or `options`.
   */
  constructor(buckets: number, options?: MementoOptions) {
    checkBuckets(buckets)
    const checked = checkOptions(options, 'options', OPTIONS)
    const { hash, seed, backend: choice } = checked
    const config = engineConfig(hash, seed)
    const backend: Backend = resolveBackend(choice)
    this.backend = backend.name
    this.hash = config.hash
    this.seed = seed === undefined ? 0n : (seed as bigint)
    this.#n = buckets
    this.#engine = backend.createMemento(config, buckets)
  }

  /** The number of working buckets. */
  get size(): number {
    this.#check()
    return this.#n - this.#removed.length
  }

  /**
   * Frees the engine's memory now rather than when this object is garbage collected (on wasm,
   * memory that a synchronous loop would otherwise hold until it yields). Any later use throws an
   * Error saying it was disposed; disposing again does nothing. `using m = new MementoHash(10)`
   * disposes it at the end of the block.
   */
  dispose(): void {
    if (this.#engine === DISPOSED_ENGINE) return
    const engine = this.#engine
    this.#engine = DISPOSED_ENGINE
    this.#removed.length = 0
    this.#removedSet.clear()
    this.#packed = undefined
    engine.dispose()
  }

  /** {@link dispose}, for `using` declarations. */
  [DISPOSE](): void {
    this.dispose()
  }

  /** Throws if this MementoHash was disposed (for the methods that do not reach the engine first). */
  #check(): void {
    if (this.#engine === DISPOSED_ENGINE) mementoDisposed()
  }

  /** Whether `bucket` is a working bucket. */
  isWorking(bucket: number): boolean {
    this.#check()
    return Number.isInteger(bucket) && bucket >= 0 && bucket < this.#n && !this.#removedSet.has(bucket)
  }

  /** The working bucket of `key` (a string, Uint8Array or safe integer). */
  getBucket(key: Key): number {
    return this.#engine.getBucket(normalizeKey(key))
  }

  /**
   * The buckets of many keys in one call: an array of keys or a {@link KeyBatch}.
   * @param out where to write them (its first `keys.length` entries); a new array by default.
   * @throws TypeError / RangeError naming `keys`, `keys[i]` or `out`.
   */
  getBucketMany(keys: readonly Key[] | KeyBatch, out?: Int32Array): Int32Array {
    this.#check()
    const batch = asKeyBatch(keys)
    if (batch !== undefined) return placeBatch(batch, out, this.#engine, false)
    const inputs = keysOf(keys)
    const result = outForKeys(out, inputs)
    this.#packed ??= new PackedKeys()
    const packed = this.#packed
    packed.pack(inputs)
    this.#engine.lookupPacked(packed.bytes, packed.offsets, inputs.length, result)
    return result
  }

  /**
   * Removes a working bucket; only its keys move (to the other working buckets).
   * @throws TypeError / RangeError naming `bucket` if it is not an integer, not working, or the
   * last working bucket; nothing changes then.
   */
  removeBucket(bucket: number): void {
    this.#check()
    checkInteger(bucket, 'bucket', 0, MAX_BUCKETS - 1)
    if (!this.isWorking(bucket))
      throw rangeError(`bucket ${bucket} is not a working bucket (removed, or never added)`)
    if (this.size === 1) throw rangeError(`bucket ${bucket} is the last working bucket and cannot be removed`)
    this.#engine.removeBucket(bucket)
    if (this.#removed.length === 0 && bucket === this.#n - 1) {
      this.#n = bucket // nothing remembered: jump hash's shrink
    } else {
      this.#removed.push(bucket)
      this.#removedSet.add(bucket)
    }
  }

  /**
   * Brings back the most recently removed bucket, or adds a new one at the end; returns it. Only
   * keys that move to it move.
   * @throws RangeError if a new bucket would pass 2^31 − 2.
   */
  addBucket(): number {
    this.#check()
    if (this.#removed.length === 0 && this.#n === MAX_BUCKETS)
      throw limitExceeded(`buckets would exceed ${MAX_BUCKETS}: no bucket can be added`)
    const bucket = this.#engine.addBucket()
    if (this.#removed.length > 0) {
      this.#removed.pop()
      this.#removedSet.delete(bucket)
    } else {
      this.#n = bucket + 1
    }
    return bucket
  }

  /** A snapshot: options and state, from which {@link fromJSON} rebuilds this exact placement. */
  toJSON(): MementoSnapshot {
    this.#check()
    return {
      kind: 'chash/memento-hash',
      version: SNAPSHOT_VERSION,
      hash: this.hash,
      seed: this.seed.toString(),
      buckets: this.#n,
      removed: [...this.#removed],
    }
  }

  /**
   * Rebuilds a MementoHash from {@link toJSON}'s snapshot (parsed JSON), on any backend.
   * @throws TypeError / RangeError naming the field of a corrupted, truncated, wrongly typed or
   * future-version snapshot; no object is returned then.
   */
  static fromJSON(snapshot: unknown, options?: { backend?: BackendChoice }): MementoHash {
    const { backend } = checkOptions(options, 'options', RESTORE_OPTIONS)
    const { record, hash, seed } = readHeader(snapshot, 'chash/memento-hash', ['buckets', 'removed'])
    const buckets = checkInteger(record.buckets, 'snapshot.buckets', 1, MAX_BUCKETS)
    const removed = readArray(record.removed, 'snapshot.removed')
    const m = new MementoHash(buckets, { hash, seed, backend: backend as BackendChoice | undefined })
    try {
      removed.forEach((bucket, k) => {
        const path = `snapshot.removed[${k}]`
        checkInteger(bucket, path, 0, buckets - 1)
        if (!m.isWorking(bucket as number))
          throw rangeError(`${path} is ${bucket}, removed twice (a corrupted snapshot)`)
        if (m.size === 1) throw rangeError(`${path} would remove the last working bucket`)
        m.removeBucket(bucket as number)
      })
    } catch (error) {
      m.dispose() // no half-built object, and no engine left behind
      throw error
    }
    return m
  }
}
