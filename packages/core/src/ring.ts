/** `ConsistentHashRing`: the typed public face of a ring engine. */
import { type BackendChoice, resolveBackend } from './backend/select.js'
import type { BackendName, EngineConfig, HashName, RingEngine } from './backend/types.js'
import { ConsumerTable } from './consumer-table.js'
import { DISPOSE, disposed } from './disposal.js'
import { fromEngine, limitExceeded, rangeError, typeError } from './errors.js'
import { asKeyBatch, type KeyBatch } from './key-batch.js'
import { type Key, normalizeKey, utf8 } from './keys.js'
import { DEFAULT_VNODES, MAX_CONSUMERS, MAX_TOTAL_POINTS } from './limits.js'
import { keysOf, outForKeys, placeBatch } from './many-keys.js'
import { type RingSnapshot, readRingSnapshot, ringSnapshot } from './ring-snapshot.js'
import { atPath } from './snapshot.js'
import {
  checkCount,
  checkEngineConfig,
  checkId,
  checkOptions,
  checkVnodes,
  describe,
  pointCount,
} from './validate.js'

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
const ringDisposed = (): never => disposed('ConsistentHashRing')

/** What a disposed ring's engine becomes: every use throws. */
const DISPOSED_ENGINE: RingEngine = {
  setConsumer: ringDisposed,
  removeConsumer: ringDisposed,
  pointCount: ringDisposed,
  lookup: ringDisposed,
  lookupMany: ringDisposed,
  lookupPacked: ringDisposed,
  checksOffsets: false,
  replicas: ringDisposed,
  dispose() {},
}
const CONSUMER_OPTIONS: ReadonlySet<string> = new Set(['weight'])

// Options are read once each, and only `undefined` means the default: `null` is a TypeError.
export function engineConfig(hash: unknown, seed: unknown): EngineConfig {
  if (hash === undefined) hash = 'xxh3'
  if (hash !== 'xxh3' && hash !== 'xxh64') {
    const wrong = typeof hash === 'string' ? rangeError : typeError
    throw wrong(`hash must be 'xxh3' or 'xxh64', got ${describe(hash)}`)
  }
  return checkEngineConfig(hash, seed === undefined ? 0n : seed)
}

/**
 * A consistent hash ring of consumers (servers, shards, workers) carrying a payload of type
 * `ConsumerInfo`. Placement follows docs/placement.md and is identical on every backend, version
 * and platform: processes that share the consumers, `vnodes`, `hash` and `seed` agree on every key.
 *
 * @example
 * const ring = new ConsistentHashRing<{ url: string }>()
 * ring.addConsumer('cache-a', { url: 'redis://10.0.0.1' }).addConsumer('cache-b', { url: 'redis://10.0.0.2' })
 * ring.getConsumer('user:42') // { url: ... }
 */
export class ConsistentHashRing<ConsumerInfo> {
  /** The engine in use. */
  readonly backend: BackendName
  /** Points per unit of weight. */
  readonly vnodes: number
  /** The key hash. */
  readonly hash: HashName
  /** The hash seed. */
  readonly seed: bigint

  #engine: RingEngine
  readonly #table = new ConsumerTable<ConsumerInfo>()
  // Per slot: the consumer's weight and points.
  readonly #weights: number[] = []
  readonly #points: number[] = []
  #totalPoints = 0
  readonly #freeSlots: number[] = []
  #replicaOut = new Uint32Array(16)

  constructor(options?: RingOptions) {
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

  /** The number of consumers. */
  get size(): number {
    this.#check()
    return this.#table.size
  }

  /**
   * Frees the ring's engine memory now rather than when the ring is garbage collected (on wasm,
   * memory that a synchronous loop would otherwise hold until it yields). Any later use of the
   * ring throws an Error saying it was disposed; disposing again does nothing. `using ring = new
   * ConsistentHashRing()` disposes it at the end of the block.
   */
  dispose(): void {
    if (this.#engine === DISPOSED_ENGINE) return
    const engine = this.#engine
    this.#engine = DISPOSED_ENGINE
    this.#table.clear()
    this.#weights.length = 0
    this.#freeSlots.length = 0
    engine.dispose()
  }

  /** {@link dispose}, for `using` declarations. */
  [DISPOSE](): void {
    this.dispose()
  }

  /** Throws if the ring was disposed (for the methods that do not reach the engine first). */
  #check(): void {
    if (this.#engine === DISPOSED_ENGINE) ringDisposed()
  }

  /**
   * Adds a consumer, or replaces the payload and weight of the one with this id. Only keys moving
   * to (or, when its weight falls, from) this consumer change owner.
   * @throws TypeError / RangeError for a bad id or weight, or RangeError when the ring would pass
   * its limits (2^32 − 2 points, 2^24 consumers); the ring is then unchanged.
   */
  addConsumer(id: string, info: ConsumerInfo, options?: ConsumerOptions): this {
    this.#check()
    checkId(id)
    const { weight: given } = checkOptions(options, 'options', CONSUMER_OPTIONS)
    const weight = given === undefined ? 1 : given
    const points = pointCount(weight, this.vnodes)
    // Everything is checked before anything changes (options getters, which may call back into
    // this ring, have all run by now), and the engine goes first: if it throws, nothing changed.
    const existing = this.#table.get(id)
    const total = this.#totalPoints - (existing === undefined ? 0 : this.#points[existing]) + points
    if (total > MAX_TOTAL_POINTS)
      throw limitExceeded(
        `weight ${weight} × vnodes ${this.vnodes} = ${points} points would bring the ring to ${total} points, above the ${MAX_TOTAL_POINTS} it can hold`,
      )
    if (existing === undefined && this.#table.size >= MAX_CONSUMERS)
      throw limitExceeded(
        `id ${describe(id)} cannot be added: the ring holds ${MAX_CONSUMERS} consumers, the most it can`,
      )
    const free = this.#freeSlots
    const slot = existing ?? (free.length > 0 ? free[free.length - 1] : this.#table.slots)
    try {
      this.#engine.setConsumer(slot, utf8(id), points)
    } catch (error) {
      throw fromEngine(error)
    }
    if (existing === undefined) {
      if (free.length > 0) free.pop()
      this.#table.add(id, slot)
    }
    this.#table.setInfo(slot, info)
    this.#weights[slot] = weight as number
    this.#points[slot] = points
    this.#totalPoints = total
    return this
  }

  /** Removes a consumer; only its keys move. Returns whether it was there. */
  removeConsumer(id: string): boolean {
    this.#check()
    checkId(id)
    const slot = this.#table.get(id)
    if (slot === undefined) return false
    this.#engine.removeConsumer(slot)
    this.#table.delete(id, slot)
    this.#totalPoints -= this.#points[slot]
    this.#points[slot] = 0
    this.#freeSlots.push(slot)
    return true
  }

  /** Whether a consumer with this id is on the ring. */
  hasConsumer(id: string): boolean {
    this.#check()
    checkId(id)
    return this.#table.get(id) !== undefined
  }

  /** The weight of a consumer, or undefined if it is not on the ring. */
  getWeight(id: string): number | undefined {
    this.#check()
    checkId(id)
    const slot = this.#table.get(id)
    return slot === undefined ? undefined : this.#weights[slot]
  }

  /** The ids of the consumers, in no particular order. */
  consumerIds(): string[] {
    this.#check()
    return this.#table.ids()
  }

  /** The number of points on the ring (the sum of every consumer's `round(weight × vnodes)`). */
  get pointCount(): number {
    return this.#engine.pointCount()
  }

  /** The payload of the consumer that owns `key`, or undefined on an empty ring. */
  getConsumer(key: Key): ConsumerInfo | undefined {
    return this.#table.infoIn(this.#engine.lookup(normalizeKey(key)))
  }

  /** The id of the consumer that owns `key`, or undefined on an empty ring. */
  getConsumerId(key: Key): string | undefined {
    return this.#table.idIn(this.#engine.lookup(normalizeKey(key)))
  }

  /**
   * Up to `n` distinct consumers for `key`, in ring order from its owner (docs/placement.md §6):
   * the first is `getConsumer(key)`; `n` above {@link size} gives all of them.
   */
  getConsumers(key: Key, n: number): ConsumerInfo[] {
    const input = normalizeKey(key)
    checkCount(n)
    const out = this.#replicaBuffer(n)
    const found = this.#engine.replicas(input, n, out)
    const result = new Array<ConsumerInfo>(found)
    for (let k = 0; k < found; k++) result[k] = this.#table.infoIn(out[k]) as ConsumerInfo
    return result
  }

  /** The ids of up to `n` distinct consumers for `key`, as {@link getConsumers}. */
  getConsumerIds(key: Key, n: number): string[] {
    const input = normalizeKey(key)
    checkCount(n)
    const out = this.#replicaBuffer(n)
    const found = this.#engine.replicas(input, n, out)
    const result = new Array<string>(found)
    for (let k = 0; k < found; k++) result[k] = this.#table.idIn(out[k]) as string
    return result
  }

  /**
   * The owners of many keys in one call (one crossing into native or wasm); undefined entries on
   * an empty ring. `keys` is an array of keys or a {@link KeyBatch}.
   */
  getConsumerMany(keys: readonly Key[] | KeyBatch): Array<ConsumerInfo | undefined> {
    return this.#table.infosIn(this.getSlotMany(keys))
  }

  /** The owners' ids of many keys in one call, as {@link getConsumerMany}. */
  getConsumerIdMany(keys: readonly Key[] | KeyBatch): Array<string | undefined> {
    return this.#table.idsIn(this.getSlotMany(keys))
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
    this.#check()
    const batch = asKeyBatch(keys)
    if (batch !== undefined) return placeBatch(batch, out, this.#engine, this.#engine.checksOffsets)
    const inputs = keysOf(keys)
    const slots = outForKeys(out, inputs)
    this.#engine.lookupMany(inputs, slots)
    return slots
  }

  /** The slot of the consumer with this id, or undefined if it is not on the ring. */
  slotOf(id: string): number | undefined {
    this.#check()
    return this.#table.slotOf(id)
  }

  /** The payload of the consumer in `slot`, or undefined for -1 or a slot no consumer holds. */
  consumerAt(slot: number): ConsumerInfo | undefined {
    this.#check()
    return this.#table.consumerAt(slot)
  }

  /** The id of the consumer in `slot`, or undefined for -1 or a slot no consumer holds. */
  consumerIdAt(slot: number): string | undefined {
    this.#check()
    return this.#table.consumerIdAt(slot)
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

  #replicaBuffer(n: number): Uint32Array {
    const needed = Math.min(n, this.#table.slots)
    if (this.#replicaOut.length < needed) this.#replicaOut = new Uint32Array(needed)
    return this.#replicaOut
  }
}
