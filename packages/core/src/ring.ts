/** `ConsistentHashRing`: the typed public face of a ring engine. */
import { type BackendChoice, resolveBackend } from './backend/select.js'
import type { BackendName, HashName, RingEngine } from './backend/types.js'
import { ConsumerRing, disposedSlotEngine } from './consumer-ring.js'
import { fromEngine, limitExceeded } from './errors.js'
import type { KeyBatch } from './key-batch.js'
import { type Key, type KeyInput, normalizeKey, utf8 } from './keys.js'
import { DEFAULT_VNODES, MAX_CONSUMERS, MAX_TOTAL_POINTS } from './limits.js'
import { slotMany } from './many-keys.js'
import { type RingSnapshot, readRingSnapshot, ringSnapshot } from './ring-snapshot.js'
import { atPath } from './snapshot.js'
import { checkId, checkOptions, checkVnodes, describe, engineConfig, pointCount } from './validate.js'

/** Options of {@link ConsistentHashRing}. */
export interface RingOptions {
  /** Which engine runs; all give identical placement. Default `'auto'`: the fastest that loads. */
  backend?: BackendChoice
  /** Points per unit of weight (docs/placement.md §3); default 160. */
  vnodes?: number
  /** The key hash; default `'xxh3'` (XXH3-64). */
  hash?: HashName
  /** The 64-bit hash seed, `0n … 2n ** 64n - 1n`; default `0n`. Every process that must agree needs the same. */
  seed?: bigint
}

/** Options of {@link ConsistentHashRing.addConsumer}. */
export interface ConsumerOptions {
  /** Relative share of keys, a finite number above 0; default 1. */
  weight?: number
}

const RING_OPTIONS: ReadonlySet<string> = new Set(['backend', 'vnodes', 'hash', 'seed'])
const CONSUMER_OPTIONS: ReadonlySet<string> = new Set(['weight'])

/** What a disposed ring's engine becomes: every use throws. */
const DISPOSED_ENGINE = disposedSlotEngine<RingEngine>('ConsistentHashRing', {
  setConsumer: true,
  removeConsumer: true,
})

/**
 * A consistent hash ring of consumers (servers, shards, workers) carrying a payload of type
 * `ConsumerInfo`. Placement follows docs/placement.md and is identical on every backend, version
 * and platform: processes that share the consumers, `vnodes`, `hash` and `seed` agree on every key.
 *
 * @example
 * const ring = new ConsistentHashRing<{ url: string }>()
 * ring.addConsumer('cache-a', { url: 'redis://10.0.0.1' }).addConsumer('cache-b', { url: 'redis://10.0.0.2' })
 * ring.getConsumer('user:42') // { url: ... }
 *
 * `getConsumers(key, n)` lists consumers in ring order from the key's owner (docs/placement.md
 * §6): consumer i + 1 is the owner the key would get if consumers 0 … i were removed.
 */
export class ConsistentHashRing<ConsumerInfo> extends ConsumerRing<ConsumerInfo> {
  /** The engine in use. */
  readonly backend: BackendName
  /** Points per unit of weight. */
  readonly vnodes: number
  /** The key hash. */
  readonly hash: HashName
  /** The hash seed. */
  readonly seed: bigint

  #engine: RingEngine
  // Per slot: the consumer's weight and points.
  readonly #weights: number[] = []
  readonly #points: number[] = []
  #totalPoints = 0

  constructor(options?: RingOptions) {
    super('ConsistentHashRing', 'id')
    const checked = checkOptions(options, 'options', RING_OPTIONS)
    const { vnodes, hash, seed, backend: choice } = checked
    this.vnodes = vnodes === undefined ? DEFAULT_VNODES : checkVnodes(vnodes)
    const config = engineConfig(hash, seed)
    this.hash = config.hash
    this.seed = seed === undefined ? 0n : (seed as bigint)
    const backend = resolveBackend(choice)
    this.backend = backend.name
    this.#engine = backend.createRing(config)
  }

  protected release(): void {
    const engine = this.#engine
    this.#engine = DISPOSED_ENGINE
    this.#weights.length = 0
    engine.dispose()
  }

  /**
   * Adds a consumer, or replaces the payload and weight of the one with this id. Only keys moving
   * to (or, when its weight falls, from) this consumer change owner.
   * @throws TypeError / RangeError for a bad id or weight, or RangeError when the ring would pass
   * its limits (2^32 − 2 points, 2^24 consumers); the ring is then unchanged.
   */
  addConsumer(id: string, info: ConsumerInfo, options?: ConsumerOptions): this {
    this.check()
    checkId(id)
    const { weight: given } = checkOptions(options, 'options', CONSUMER_OPTIONS)
    const weight = given === undefined ? 1 : given
    const points = pointCount(weight, this.vnodes)
    // Everything is checked before anything changes (options getters, which may call back into
    // this ring, have all run by now), and the engine goes first: if it throws, nothing changed.
    const existing = this.table.get(id)
    const total = this.#totalPoints - (existing === undefined ? 0 : this.#points[existing]) + points
    if (total > MAX_TOTAL_POINTS)
      throw limitExceeded(
        `weight ${weight} × vnodes ${this.vnodes} = ${points} points would bring the ring to ${total} points, above the ${MAX_TOTAL_POINTS} it can hold`,
      )
    if (existing === undefined && this.table.size >= MAX_CONSUMERS)
      throw limitExceeded(
        `id ${describe(id)} cannot be added: the ring holds ${MAX_CONSUMERS} consumers, the most it can`,
      )
    const slot = existing ?? this.table.nextSlot()
    try {
      this.#engine.setConsumer(slot, utf8(id), points)
    } catch (error) {
      throw fromEngine(error)
    }
    if (existing === undefined) this.table.add(id, slot)
    this.table.setInfo(slot, info)
    this.#weights[slot] = weight as number
    this.#points[slot] = points
    this.#totalPoints = total
    return this
  }

  /** Removes a consumer; only its keys move. Returns whether it was there. */
  removeConsumer(id: string): boolean {
    const slot = this.slotOf(id)
    if (slot === undefined) return false
    this.#engine.removeConsumer(slot)
    this.table.delete(id, slot)
    this.#totalPoints -= this.#points[slot]
    this.#points[slot] = 0
    return true
  }

  /** The weight of a consumer, or undefined if it is not on the ring. */
  getWeight(id: string): number | undefined {
    const slot = this.slotOf(id)
    return slot === undefined ? undefined : this.#weights[slot]
  }

  /** The number of points on the ring (the sum of every consumer's `round(weight × vnodes)`). */
  get pointCount(): number {
    return this.#engine.pointCount()
  }

  /** The payload of the consumer that owns `key`, or undefined on an empty ring. */
  getConsumer(key: Key): ConsumerInfo | undefined {
    return this.table.infoIn(this.#engine.lookup(normalizeKey(key)))
  }

  /** The id of the consumer that owns `key`, or undefined on an empty ring. */
  getConsumerId(key: Key): string | undefined {
    return this.table.idIn(this.#engine.lookup(normalizeKey(key)))
  }

  /**
   * The slot of the consumer that owns `key`, or -1 on an empty ring. A slot is a small integer
   * that names a consumer in this ring object while it is on the ring (see {@link slotOf}); it is
   * not part of placement, so other processes may number their consumers differently.
   */
  getSlot(key: Key): number {
    return this.#engine.lookup(normalizeKey(key))
  }

  /**
   * The owners' slots of many keys, -1 on an empty ring: the fastest way to place a batch, since
   * nothing is allocated per key. With a {@link KeyBatch} the native backend reads the bytes where
   * they are. Map slots to consumers with {@link consumerAt} or an array of your own indexed by
   * {@link slotOf}.
   * @param out where to write the slots (its first `keys.length` entries); a new array by default.
   * @returns `out`, or the new array.
   * @throws TypeError / RangeError naming `keys`, `keys[i]` or `out`; the ring is unchanged, and
   * what `out` holds afterwards is unspecified.
   */
  getSlotMany(keys: readonly Key[] | KeyBatch, out?: Int32Array): Int32Array {
    this.check()
    return slotMany(this.#engine, keys, out)
  }

  /** A snapshot: options, ids and weights (no payloads), from which {@link fromJSON} rebuilds this placement. */
  toJSON(): RingSnapshot {
    return ringSnapshot(this, this.seed)
  }

  /**
   * Rebuilds a ring from {@link toJSON}'s snapshot (parsed JSON) on any backend, with each
   * consumer's payload from `info(id)`.
   * @throws TypeError / RangeError naming the field of a corrupted, truncated, wrongly typed or
   * future-version snapshot; no ring is returned then.
   */
  static fromJSON<ConsumerInfo>(
    snapshot: unknown,
    options: { info: (id: string) => ConsumerInfo; backend?: BackendChoice },
  ): ConsistentHashRing<ConsumerInfo> {
    const { ringOptions, consumers, info } = readRingSnapshot(snapshot, options)
    const ring = new ConsistentHashRing<ConsumerInfo>(ringOptions)
    try {
      for (const [k, { id, weight }] of consumers.entries()) {
        const payload = info(id) as ConsumerInfo
        atPath(`snapshot.consumers[${k}]`, () => ring.addConsumer(id, payload, { weight }))
      }
    } catch (error) {
      ring.dispose() // no half-built ring, and no engine left behind
      throw error
    }
    return ring
  }

  protected replicas(key: KeyInput, n: number, out: Uint32Array): number {
    return this.#engine.replicas(key, n, out)
  }
}
