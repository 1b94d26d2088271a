/** `MementoRing`: named consumers on a {@link MementoHash} (docs/placement.md §8). */
import type { BackendChoice } from './backend/select.js'
import type { BackendName, HashName } from './backend/types.js'
import { ConsumerRing } from './consumer-ring.js'
import { rangeError, typeError } from './errors.js'
import { asKeyBatch, type KeyBatch } from './key-batch.js'
import { type Key, type KeyInput, normalizeKey } from './keys.js'
import { keysOf, outForKeys, type PackedLookup, placeBatch } from './many-keys.js'
import { MementoHash, type MementoOptions, type MementoSnapshot } from './memento.js'
import { atPath, readArray, readHeader, SNAPSHOT_VERSION, type SnapshotHeader } from './snapshot.js'
import { fillRange } from './typed-arrays.js'
import { checkId, checkOptions, describe } from './validate.js'

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
const CONSUMER_OPTIONS = new Set(['weight'])
const RESTORE_OPTIONS = new Set(['info', 'backend'])

/** The placement of a ring without consumers: no owner for any key. */
const NO_CONSUMERS: PackedLookup = {
  lookupPacked(_bytes, _offsets, count, out) {
    fillRange(out, -1, 0, count)
  },
}

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
 * `getConsumers(key, n)` lists the owner first, then consumer i + 1 is the owner the key would
 * get if consumers 0 … i were removed; so a replica is exactly where the key goes when its owner
 * leaves (docs/placement.md §8).
 *
 * @example
 * const ring = new MementoRing<{ url: string }>()
 * ring.addConsumer('w-0', { url: 'http://10.0.0.1' }).addConsumer('w-1', { url: 'http://10.0.0.2' })
 * ring.getConsumerId('job:42') // 'w-0' or 'w-1'
 */
export class MementoRing<ConsumerInfo> extends ConsumerRing<ConsumerInfo> {
  /** The engine in use. */
  readonly backend: BackendName
  /** The key hash. */
  readonly hash: HashName
  /** The hash seed. */
  readonly seed: bigint

  readonly #options: MementoOptions
  /** Undefined while the ring has no consumer (MementoHash always has a working bucket). */
  #memento: MementoHash | undefined

  /** @throws TypeError / RangeError naming `options` or the bad option. */
  constructor(options?: MementoRingOptions) {
    super('MementoRing', 'id')
    const checked = checkOptions(options, 'options', OPTIONS) as MementoOptions
    // A throwaway MementoHash checks the options (each read once) and resolves the backend.
    const probe = new MementoHash(1, checked)
    probe.dispose()
    this.backend = probe.backend
    this.hash = probe.hash
    this.seed = probe.seed
    this.#options = { hash: this.hash, seed: this.seed, backend: this.backend }
  }

  protected release(): void {
    const memento = this.#memento
    this.#memento = undefined
    memento?.dispose()
  }

  /**
   * Adds a consumer (it takes the most recently freed bucket, else a new one), or replaces the
   * payload of the one with this id. Only keys moving to it change owner.
   * @throws TypeError / RangeError for a bad id or any option (`weight` included: MementoHash has
   * no weights); the ring is then unchanged.
   */
  addConsumer(id: string, info: ConsumerInfo, options?: Record<string, never>): this {
    this.check()
    checkId(id)
    const given = checkOptions(options, 'options', CONSUMER_OPTIONS)
    if (options !== undefined && 'weight' in given)
      throw typeError(
        'options.weight is not supported: MementoRing consumers have no weights (ConsistentHashRing has them)',
      )
    // Options getters may have called into this ring (even disposed it): the state is read only
    // now. addBucket is the one step that can throw, and goes first.
    this.check()
    let bucket = this.table.get(id)
    if (bucket === undefined) {
      if (this.#memento === undefined) {
        this.#memento = new MementoHash(1, this.#options)
        bucket = 0
      } else {
        bucket = this.#memento.addBucket()
      }
      this.table.add(id, bucket)
    }
    this.table.setInfo(bucket, info)
    return this
  }

  /** Removes a consumer; only its keys move. Returns whether it was there. */
  removeConsumer(id: string): boolean {
    const bucket = this.slotOf(id)
    if (bucket === undefined) return false
    const memento = this.#memento as MementoHash
    if (this.table.size === 1) {
      // The last consumer: start over (a MementoHash cannot lose its last bucket).
      this.#memento = undefined
      this.table.clear()
      memento.dispose()
      return true
    }
    memento.removeBucket(bucket)
    this.table.delete(id, bucket)
    return true
  }

  /** The payload of the consumer that owns `key`, or undefined on an empty ring. */
  getConsumer(key: Key): ConsumerInfo | undefined {
    return this.table.infoIn(this.getSlot(key))
  }

  /** The id of the consumer that owns `key`, or undefined on an empty ring. */
  getConsumerId(key: Key): string | undefined {
    return this.table.idIn(this.getSlot(key))
  }

  /** The owner's slot (its bucket number) for `key`, or -1 on an empty ring. */
  getSlot(key: Key): number {
    this.check()
    const input = normalizeKey(key)
    return this.#memento === undefined ? -1 : this.#memento.getBucket(input)
  }

  /**
   * The owners' slots (bucket numbers) of many keys, -1 on an empty ring; see
   * {@link MementoHash.getBucketMany}.
   */
  getSlotMany(keys: readonly Key[] | KeyBatch, out?: Int32Array): Int32Array {
    this.check()
    const batch = asKeyBatch(keys)
    // A batch is read without running user code; an array's getters may change the ring, which is
    // looked at only once every key is read.
    if (batch !== undefined)
      return this.#memento?.getBucketMany(batch, out) ?? placeBatch(batch, out, NO_CONSUMERS, false)
    const inputs = keysOf(keys)
    this.check()
    if (this.#memento !== undefined) return this.#memento.getBucketMany(inputs, out)
    const slots = outForKeys(out, inputs)
    fillRange(slots, -1, 0, inputs.length)
    return slots
  }

  /** The buckets of up to `n` replicas: remove each owner in turn, then add them all back. */
  protected replicas(key: KeyInput, n: number, out: Uint32Array): number {
    this.check()
    const m = this.#memento
    if (m === undefined || n === 0) return 0
    const want = Math.min(n, m.size)
    let found = 0
    try {
      for (;;) {
        const b = m.getBucket(key)
        out[found++] = b
        if (found === want) break
        m.removeBucket(b)
      }
    } finally {
      // Additions restore removals in reverse order, so the state is exactly as before.
      for (let k = found - 1; k > 0; k--) m.addBucket()
    }
    return found
  }

  /** A snapshot: options, the MementoHash state and the ids (no payloads). */
  toJSON(): MementoRingSnapshot {
    this.check()
    const state = this.#memento?.toJSON()
    return {
      kind: 'chash/memento-ring',
      version: SNAPSHOT_VERSION,
      hash: this.hash,
      seed: this.seed.toString(),
      memento: state === undefined ? null : { buckets: state.buckets, removed: state.removed },
      ids:
        state === undefined
          ? []
          : Array.from({ length: state.buckets }, (_, b) => this.table.idIn(b) ?? null),
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
    const { info, backend } = checkOptions(options, 'options', RESTORE_OPTIONS)
    if (typeof info !== 'function') throw typeError(`options.info must be a function, got ${describe(info)}`)
    const { record, hash, seed } = readHeader(snapshot, 'chash/memento-ring', ['memento', 'ids'])
    const ids = readArray(record.ids, 'snapshot.ids')
    const ring = new MementoRing<ConsumerInfo>({ hash, seed, backend: backend as BackendChoice | undefined })
    if (record.memento === null) {
      if (ids.length > 0) throw rangeError('snapshot.ids must be empty when snapshot.memento is null')
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
        { backend: ring.backend },
      ),
    )
    try {
      const buckets = memento.toJSON().buckets
      if (ids.length !== buckets)
        throw rangeError(
          `snapshot.ids must hold ${buckets} entries (snapshot.memento.buckets), got ${ids.length}`,
        )
      const table = ring.table
      ids.forEach((id, b) => {
        const path = `snapshot.ids[${b}]`
        if (!memento.isWorking(b)) {
          if (id !== null) throw rangeError(`${path} must be null: bucket ${b} is removed`)
          return
        }
        checkId(id, path)
        const taken = table.get(id)
        if (taken !== undefined) throw rangeError(`${path} is ${describe(id)}, already in bucket ${taken}`)
        table.add(id, b)
      })
      for (const id of table.ids())
        table.setInfo(table.get(id) as number, (info as (id: string) => ConsumerInfo)(id))
    } catch (error) {
      memento.dispose() // no half-built ring, and no engine left behind
      throw error
    }
    ring.#memento = memento
    return ring
  }
}

/** The `buckets` and `removed` fields of a snapshot's `memento`. */
function readMemento(value: unknown): { buckets: unknown; removed: unknown } {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw typeError(`must be an object or null, got ${describe(value)}`)
  const { buckets, removed, ...rest } = value as Record<string, unknown>
  const extra = Object.keys(rest)
  if (extra.length > 0) throw typeError(`has an unknown field ${describe(extra[0])}`)
  return { buckets, removed }
}
