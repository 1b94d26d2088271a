/** `MementoRing`: named consumers on a {@link MementoHash} (docs/placement.md §8). */
import type { BackendChoice } from './backend/select.js'
import type { BackendName, HashName } from './backend/types.js'
import type { KeyBatch } from './key-batch.js'
import { type Key, normalizeKey } from './keys.js'
import { MementoHash, type MementoOptions, type MementoSnapshot } from './memento.js'
import { atPath, readArray, readHeader, SNAPSHOT_VERSION, type SnapshotHeader } from './snapshot.js'
import { checkCount, checkId, checkOptions, checkSlot, describe } from './validate.js'

/** Options of {@link MementoRing}: those of {@link MementoHash}. */
export type MementoRingOptions = MementoOptions

/** What {@link MementoRing.toJSON} writes: the MementoHash state and the id in each bucket. */
export interface MementoRingSnapshot extends SnapshotHeader<'chash/memento-ring'> {
  /** The MementoHash's `buckets` and `removed` (null for a ring without consumers). */
  memento: Pick<MementoSnapshot, 'buckets' | 'removed'> | null
  /** Per bucket `0 … buckets − 1`: the consumer's id, or null for a removed bucket. */
  ids: Array<string | null>
}

const OPTIONS = new Set(['hash', 'seed', 'backend'])
const NO_CONSUMER_OPTIONS = new Set<string>()

/**
 * A ring of named consumers carrying a payload of type `ConsumerInfo`, placed by MementoHash:
 * jump-hash speed and balance, and any consumer can leave with only its keys moving. Each
 * consumer holds one bucket: a new one takes `addBucket()`'s bucket, a removed one frees its
 * bucket, and re-adding consumers in the reverse order of their removal restores the placement.
 *
 * Consumers have no weights (MementoHash gives every working bucket the same share); use
 * {@link ConsistentHashRing} for weighted consumers. Placement depends on the **history** of
 * additions and removals, not only on the current consumers: processes that must agree apply the
 * same changes in the same order, or share {@link toJSON} snapshots.
 *
 * @example
 * const ring = new MementoRing<{ url: string }>()
 * ring.addConsumer('w-0', { url: 'http://10.0.0.1' }).addConsumer('w-1', { url: 'http://10.0.0.2' })
 * ring.getConsumerId('job:42') // 'w-0' or 'w-1'
 */
export class MementoRing<ConsumerInfo> {
  /** The engine in use. */
  readonly backend: BackendName
  /** The key hash. */
  readonly hash: HashName
  /** The hash seed. */
  readonly seed: bigint

  readonly #options: MementoOptions
  /** Undefined while the ring has no consumer (MementoHash always has a working bucket). */
  #memento: MementoHash | undefined
  readonly #bucketOf = new Map<string, number>()
  // Per bucket: the consumer's id and payload; undefined for a removed bucket.
  readonly #ids: Array<string | undefined> = []
  readonly #infos: Array<ConsumerInfo | undefined> = []

  /** @throws TypeError / RangeError naming `options` or the bad option. */
  constructor(options?: MementoRingOptions) {
    const checked = checkOptions(options, 'options', OPTIONS) as MementoOptions
    // A throwaway MementoHash checks the options and resolves the backend once.
    const probe = new MementoHash(1, checked)
    this.backend = probe.backend
    this.hash = probe.hash
    this.seed = probe.seed
    this.#options = { hash: this.hash, seed: this.seed, backend: this.backend }
  }

  /** The number of consumers. */
  get size(): number {
    return this.#bucketOf.size
  }

  /**
   * Adds a consumer (it takes the most recently freed bucket, else a new one), or replaces the
   * payload of the one with this id. Only keys moving to it change owner.
   * @throws TypeError for an empty id or any option (`weight` included: MementoHash has no
   * weights); the ring is then unchanged.
   */
  addConsumer(id: string, info: ConsumerInfo, options?: Record<string, never>): this {
    checkId(id)
    if (options !== undefined) {
      if (typeof options === 'object' && options !== null && 'weight' in options)
        throw new TypeError(
          'options.weight is not supported: MementoRing consumers have no weights (ConsistentHashRing has them)',
        )
      checkOptions(options, 'options', NO_CONSUMER_OPTIONS)
    }
    let bucket = this.#bucketOf.get(id)
    if (bucket === undefined) {
      if (this.#memento === undefined) {
        this.#memento = new MementoHash(1, this.#options)
        bucket = 0
      } else {
        bucket = this.#memento.addBucket()
      }
      this.#bucketOf.set(id, bucket)
      this.#ids[bucket] = id
    }
    this.#infos[bucket] = info
    return this
  }

  /** Removes a consumer; only its keys move. Returns whether it was there. */
  removeConsumer(id: string): boolean {
    checkId(id)
    const bucket = this.#bucketOf.get(id)
    if (bucket === undefined) return false
    if (this.#bucketOf.size === 1) {
      // The last consumer: start over (a MementoHash cannot lose its last bucket).
      this.#memento = undefined
      this.#ids.length = 0
      this.#infos.length = 0
    } else {
      this.#memento?.removeBucket(bucket)
      this.#ids[bucket] = undefined
      this.#infos[bucket] = undefined
    }
    this.#bucketOf.delete(id)
    return true
  }

  /** Whether a consumer with this id is on the ring. */
  hasConsumer(id: string): boolean {
    checkId(id)
    return this.#bucketOf.has(id)
  }

  /** The ids of the consumers, in no particular order. */
  consumerIds(): string[] {
    return [...this.#bucketOf.keys()]
  }

  /** The payload of the consumer that owns `key`, or undefined on an empty ring. */
  getConsumer(key: Key): ConsumerInfo | undefined {
    const slot = this.getSlot(key)
    return slot < 0 ? undefined : this.#infos[slot]
  }

  /** The id of the consumer that owns `key`, or undefined on an empty ring. */
  getConsumerId(key: Key): string | undefined {
    const slot = this.getSlot(key)
    return slot < 0 ? undefined : this.#ids[slot]
  }

  /**
   * Up to `n` distinct consumers for `key`: the owner first, then consumer i + 1 is the owner the
   * key would get if consumers 0 … i were removed; so a replica is exactly where the key goes
   * when its owner leaves (docs/placement.md §8).
   */
  getConsumers(key: Key, n: number): ConsumerInfo[] {
    return this.#replicaSlots(key, n).map((slot) => this.#infos[slot] as ConsumerInfo)
  }

  /** The ids of up to `n` distinct consumers for `key`, as {@link getConsumers}. */
  getConsumerIds(key: Key, n: number): string[] {
    return this.#replicaSlots(key, n).map((slot) => this.#ids[slot] as string)
  }

  /** The owners of many keys in one call; undefined entries on an empty ring. */
  getConsumerMany(keys: readonly Key[] | KeyBatch): Array<ConsumerInfo | undefined> {
    return Array.from(this.getSlotMany(keys), (slot) => (slot < 0 ? undefined : this.#infos[slot]))
  }

  /** The owners' ids of many keys in one call; undefined entries on an empty ring. */
  getConsumerIdMany(keys: readonly Key[] | KeyBatch): Array<string | undefined> {
    return Array.from(this.getSlotMany(keys), (slot) => (slot < 0 ? undefined : this.#ids[slot]))
  }

  /** The owner's slot (its bucket number) for `key`, or -1 on an empty ring. */
  getSlot(key: Key): number {
    const input = normalizeKey(key)
    return this.#memento === undefined ? -1 : this.#memento.getBucket(input)
  }

  /**
   * The owners' slots (bucket numbers) of many keys, -1 on an empty ring; see
   * {@link MementoHash.getBucketMany}.
   */
  getSlotMany(keys: readonly Key[] | KeyBatch, out?: Int32Array): Int32Array {
    if (this.#memento !== undefined) return this.#memento.getBucketMany(keys, out)
    // Still validate the keys and `out` exactly as a non-empty ring would.
    const result = new MementoHash(1, this.#options).getBucketMany(keys, out)
    return result.fill(-1, 0, Array.isArray(keys) ? keys.length : (keys as KeyBatch).length)
  }

  /** The slot (bucket) of the consumer with this id, or undefined if it is not on the ring. */
  slotOf(id: string): number | undefined {
    checkId(id)
    return this.#bucketOf.get(id)
  }

  /** The payload of the consumer in `slot`, or undefined for -1 or a slot no consumer holds. */
  consumerAt(slot: number): ConsumerInfo | undefined {
    checkSlot(slot)
    return this.#ids[slot] === undefined ? undefined : this.#infos[slot]
  }

  /** The id of the consumer in `slot`, or undefined for -1 or a slot no consumer holds. */
  consumerIdAt(slot: number): string | undefined {
    checkSlot(slot)
    return this.#ids[slot]
  }

  /** The buckets of up to `n` replicas: remove each owner in turn, then add them all back. */
  #replicaSlots(key: Key, n: number): number[] {
    const input = normalizeKey(key)
    checkCount(n)
    const m = this.#memento
    if (m === undefined || n === 0) return []
    const want = Math.min(n, m.size)
    const slots: number[] = []
    try {
      for (;;) {
        const b = m.getBucket(input)
        slots.push(b)
        if (slots.length === want) break
        m.removeBucket(b)
      }
    } finally {
      // Additions restore removals in reverse order, so the state is exactly as before.
      for (let k = slots.length - 1; k > 0; k--) m.addBucket()
    }
    return slots
  }

  /** A snapshot: options, the MementoHash state and the ids (no payloads). */
  toJSON(): MementoRingSnapshot {
    const state = this.#memento?.toJSON()
    return {
      kind: 'chash/memento-ring',
      version: SNAPSHOT_VERSION,
      hash: this.hash,
      seed: this.seed.toString(),
      memento: state === undefined ? null : { buckets: state.buckets, removed: state.removed },
      ids: state === undefined ? [] : Array.from({ length: state.buckets }, (_, b) => this.#ids[b] ?? null),
    }
  }

  /**
   * Rebuilds a ring from {@link toJSON}'s snapshot, with each consumer's payload from `info(id)`.
   * @throws TypeError / RangeError naming the field of a corrupted, truncated, wrongly typed or
   * future-version snapshot; no ring is returned then.
   */
  static fromJSON<ConsumerInfo>(
    snapshot: unknown,
    options: { info: (id: string) => ConsumerInfo; backend?: BackendChoice },
  ): MementoRing<ConsumerInfo> {
    const { info, backend } = checkOptions(options, 'options', new Set(['info', 'backend']))
    if (typeof info !== 'function')
      throw new TypeError(`options.info must be a function, got ${describe(info)}`)
    const { record, hash, seed } = readHeader(snapshot, 'chash/memento-ring', ['memento', 'ids'])
    const ids = readArray(record.ids, 'snapshot.ids')
    const ring = new MementoRing<ConsumerInfo>({ hash, seed, backend: backend as BackendChoice | undefined })
    if (record.memento === null) {
      if (ids.length > 0) throw new RangeError('snapshot.ids must be empty when snapshot.memento is null')
      return ring
    }
    const memento = atPath('snapshot.memento', () =>
      MementoHash.fromJSON(
        {
          kind: 'chash/memento-hash',
          version: SNAPSHOT_VERSION,
          hash,
          seed: `${seed}`,
          ...readMemento(record.memento),
        },
        {
          backend: ring.backend,
        },
      ),
    )
    const buckets = memento.toJSON().buckets
    if (ids.length !== buckets)
      throw new RangeError(
        `snapshot.ids must hold ${buckets} entries (snapshot.memento.buckets), got ${ids.length}`,
      )
    ids.forEach((id, b) => {
      const path = `snapshot.ids[${b}]`
      if (!memento.isWorking(b)) {
        if (id !== null) throw new RangeError(`${path} must be null: bucket ${b} is removed`)
        return
      }
      checkId(id, path)
      if (ring.#bucketOf.has(id))
        throw new RangeError(`${path} is ${describe(id)}, already in bucket ${ring.#bucketOf.get(id)}`)
      ring.#bucketOf.set(id, b)
      ring.#ids[b] = id
    })
    for (const [id, b] of ring.#bucketOf) ring.#infos[b] = (info as (id: string) => ConsumerInfo)(id)
    ring.#memento = memento
    return ring
  }
}

/** The `buckets` and `removed` fields of a snapshot's `memento`. */
function readMemento(value: unknown): { buckets: unknown; removed: unknown } {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new TypeError(`must be an object or null, got ${describe(value)}`)
  const { buckets, removed, ...rest } = value as Record<string, unknown>
  const extra = Object.keys(rest)
  if (extra.length > 0) throw new TypeError(`has an unknown field ${describe(extra[0])}`)
  return { buckets, removed }
}
