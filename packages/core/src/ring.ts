/** `ConsistentHashRing`: the typed public face of a ring engine. */
import { type BackendChoice, resolveBackend } from './backend/select.js'
import type { BackendName, EngineConfig, HashName, RingEngine } from './backend/types.js'
import { checkKeyBatch, KeyBatch, overlaps } from './key-batch.js'
import { type Key, normalizeKey, normalizeKeys, utf8 } from './keys.js'
import { DEFAULT_VNODES, NO_SLOT } from './limits.js'
import {
  checkCount,
  checkEngineConfig,
  checkId,
  checkSlot,
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

const RING_OPTIONS = new Set(['backend', 'vnodes', 'hash', 'seed'])
const CONSUMER_OPTIONS = new Set(['weight'])

/** Checks an options argument: undefined or a plain object with only `known` keys. */
export function checkOptions(options: unknown, name: string, known: Set<string>): Record<string, unknown> {
  if (options === undefined) return {}
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`${name} must be an object, got ${describe(options)}`)
  }
  for (const key of Object.keys(options)) {
    if (!known.has(key))
      throw new TypeError(`${name} has an unknown option ${describe(key)}; known: ${[...known].join(', ')}`)
  }
  return options as Record<string, unknown>
}

function engineConfig(options: Record<string, unknown>): EngineConfig {
  const hash = options.hash ?? 'xxh3'
  if (hash !== 'xxh3' && hash !== 'xxh64')
    throw new RangeError(`hash must be 'xxh3' or 'xxh64', got ${describe(hash)}`)
  return checkEngineConfig(hash, options.seed ?? 0n)
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

  readonly #engine: RingEngine
  readonly #slotOf = new Map<string, number>()
  // Per slot: the consumer's id, payload and weight; a free slot holds undefined.
  readonly #ids: Array<string | undefined> = []
  readonly #infos: Array<ConsumerInfo | undefined> = []
  readonly #weights: number[] = []
  readonly #freeSlots: number[] = []
  #replicaOut = new Uint32Array(16)

  constructor(options?: RingOptions) {
    const checked = checkOptions(options, 'options', RING_OPTIONS)
    this.vnodes = checkVnodes(checked.vnodes ?? DEFAULT_VNODES)
    const config = engineConfig(checked)
    this.hash = config.hash
    const backend = resolveBackend(checked.backend ?? 'auto')
    this.backend = backend.name
    this.#engine = backend.createRing(config)
  }

  /** The number of consumers. */
  get size(): number {
    return this.#slotOf.size
  }

  /**
   * Adds a consumer, or replaces the payload and weight of the one with this id. Only keys moving
   * to (or, when its weight falls, from) this consumer change owner.
   * @throws TypeError / RangeError for an empty id or a bad weight; the ring is then unchanged.
   */
  addConsumer(id: string, info: ConsumerInfo, options?: ConsumerOptions): this {
    checkId(id)
    const weight = checkOptions(options, 'options', CONSUMER_OPTIONS).weight ?? 1
    const points = pointCount(weight, this.vnodes)
    let slot = this.#slotOf.get(id)
    if (slot === undefined) {
      slot = this.#freeSlots.pop() ?? this.#ids.length
      this.#slotOf.set(id, slot)
      this.#ids[slot] = id
    }
    this.#infos[slot] = info
    this.#weights[slot] = weight as number
    this.#engine.setConsumer(slot, utf8(id), points)
    return this
  }

  /** Removes a consumer; only its keys move. Returns whether it was there. */
  removeConsumer(id: string): boolean {
    checkId(id)
    const slot = this.#slotOf.get(id)
    if (slot === undefined) return false
    this.#engine.removeConsumer(slot)
    this.#slotOf.delete(id)
    this.#ids[slot] = undefined
    this.#infos[slot] = undefined
    this.#freeSlots.push(slot)
    return true
  }

  /** Whether a consumer with this id is on the ring. */
  hasConsumer(id: string): boolean {
    checkId(id)
    return this.#slotOf.has(id)
  }

  /** The weight of a consumer, or undefined if it is not on the ring. */
  getWeight(id: string): number | undefined {
    checkId(id)
    const slot = this.#slotOf.get(id)
    return slot === undefined ? undefined : this.#weights[slot]
  }

  /** The ids of the consumers, in no particular order. */
  consumerIds(): string[] {
    return [...this.#slotOf.keys()]
  }

  /** The number of points on the ring (the sum of every consumer's `round(weight × vnodes)`). */
  get pointCount(): number {
    return this.#engine.pointCount()
  }

  /** The payload of the consumer that owns `key`, or undefined on an empty ring. */
  getConsumer(key: Key): ConsumerInfo | undefined {
    const slot = this.#engine.lookup(normalizeKey(key))
    return slot === NO_SLOT ? undefined : this.#infos[slot]
  }

  /** The id of the consumer that owns `key`, or undefined on an empty ring. */
  getConsumerId(key: Key): string | undefined {
    const slot = this.#engine.lookup(normalizeKey(key))
    return slot === NO_SLOT ? undefined : this.#ids[slot]
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
    for (let k = 0; k < found; k++) result[k] = this.#infos[out[k]] as ConsumerInfo
    return result
  }

  /** The ids of up to `n` distinct consumers for `key`, as {@link getConsumers}. */
  getConsumerIds(key: Key, n: number): string[] {
    const input = normalizeKey(key)
    checkCount(n)
    const out = this.#replicaBuffer(n)
    const found = this.#engine.replicas(input, n, out)
    const result = new Array<string>(found)
    for (let k = 0; k < found; k++) result[k] = this.#ids[out[k]] as string
    return result
  }

  /**
   * The owners of many keys in one call (one crossing into native or wasm); undefined entries on
   * an empty ring. `keys` is an array of keys or a {@link KeyBatch}.
   */
  getConsumerMany(keys: readonly Key[] | KeyBatch): Array<ConsumerInfo | undefined> {
    const slots = this.getSlotMany(keys)
    const result = new Array<ConsumerInfo | undefined>(slots.length)
    for (let k = 0; k < slots.length; k++)
      result[k] = slots[k] === NO_SLOT ? undefined : this.#infos[slots[k]]
    return result
  }

  /** The owners' ids of many keys in one call, as {@link getConsumerMany}. */
  getConsumerIdMany(keys: readonly Key[] | KeyBatch): Array<string | undefined> {
    const slots = this.getSlotMany(keys)
    const result = new Array<string | undefined>(slots.length)
    for (let k = 0; k < slots.length; k++) result[k] = slots[k] === NO_SLOT ? undefined : this.#ids[slots[k]]
    return result
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
    if (keys instanceof KeyBatch) {
      const engine = this.#engine
      // No keys means no engine call to check them.
      if (!engine.checksOffsets || keys.offsets.length <= 1) checkKeyBatch(keys, 'keys.')
      const count = keys.length
      const slots = this.#slotsOut(out, count)
      if (overlaps(slots, keys.bytes) || overlaps(slots, keys.offsets))
        throw new RangeError('out must not share memory with keys.bytes or keys.offsets')
      if (count === 0) return slots
      try {
        engine.lookupPacked(keys.bytes, keys.offsets, count, slots)
      } catch (error) {
        checkKeyBatch(keys, 'keys.') // the same error as every other backend's
        throw error
      }
      return slots
    }
    if (!Array.isArray(keys))
      throw new TypeError(`keys must be an array or a KeyBatch, got ${describe(keys)}`)
    const inputs = normalizeKeys(keys)
    const slots = this.#slotsOut(out, keys.length)
    if (out !== undefined)
      for (let k = 0; k < inputs.length; k++) {
        const key = inputs[k]
        if (key instanceof Uint8Array && overlaps(slots, key))
          throw new RangeError(`out must not share memory with keys[${k}]`)
      }
    this.#engine.lookupMany(inputs, slots)
    return slots
  }

  /** The slot of the consumer with this id, or undefined if it is not on the ring. */
  slotOf(id: string): number | undefined {
    checkId(id)
    return this.#slotOf.get(id)
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

  /** `out` checked to hold `count` slots, or a new array of `count`. */
  #slotsOut(out: Int32Array | undefined, count: number): Int32Array {
    if (out === undefined) return new Int32Array(count)
    if (!(out instanceof Int32Array)) throw new TypeError(`out must be an Int32Array, got ${describe(out)}`)
    if (out.length < count)
      throw new RangeError(`out must hold at least ${count} entries (one per key), got ${out.length}`)
    return out
  }

  #replicaBuffer(n: number): Uint32Array {
    const needed = Math.min(n, this.#ids.length)
    if (this.#replicaOut.length < needed) this.#replicaOut = new Uint32Array(needed)
    return this.#replicaOut
  }
}
