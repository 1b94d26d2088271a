/** `ConsistentHashRing`: the typed public face of a ring engine. */
import { type BackendChoice, resolveBackend } from './backend/select.js'
import type { BackendName, EngineConfig, HashName, RingEngine } from './backend/types.js'
import { type Key, type KeyInput, normalizeKey, utf8 } from './keys.js'
import { DEFAULT_VNODES, NO_SLOT } from './limits.js'
import { checkCount, checkId, checkU64, checkVnodes, describe, pointCount } from './validate.js'

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

function checkOptions(options: unknown, name: string, known: Set<string>): Record<string, unknown> {
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
  const seed = checkU64(options.seed ?? 0n, 'seed')
  return { hash, seedHi: Number(seed >> 32n), seedLo: Number(seed & 0xffffffffn) }
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

  /** The owners of many keys in one call (one crossing into native or wasm); undefined entries on an empty ring. */
  getConsumerMany(keys: readonly Key[]): Array<ConsumerInfo | undefined> {
    const slots = this.#slotsMany(keys)
    const result = new Array<ConsumerInfo | undefined>(slots.length)
    for (let k = 0; k < slots.length; k++)
      result[k] = slots[k] === NO_SLOT ? undefined : this.#infos[slots[k]]
    return result
  }

  /** The owners' ids of many keys in one call. */
  getConsumerIdMany(keys: readonly Key[]): Array<string | undefined> {
    const slots = this.#slotsMany(keys)
    const result = new Array<string | undefined>(slots.length)
    for (let k = 0; k < slots.length; k++) result[k] = slots[k] === NO_SLOT ? undefined : this.#ids[slots[k]]
    return result
  }

  #slotsMany(keys: readonly Key[]): Int32Array {
    if (!Array.isArray(keys)) throw new TypeError(`keys must be an array, got ${describe(keys)}`)
    // Strings and bytes go to the engine as they are; the array is copied only if a key needs converting.
    let inputs = keys as readonly KeyInput[]
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k]
      if (typeof key === 'string' || key instanceof Uint8Array) continue
      if (inputs === keys) inputs = keys.slice() as KeyInput[]
      ;(inputs as KeyInput[])[k] = normalizeKey(key, `keys[${k}]`)
    }
    const slots = new Int32Array(keys.length)
    this.#engine.lookupMany(inputs, slots)
    return slots
  }

  #replicaBuffer(n: number): Uint32Array {
    const needed = Math.min(n, this.#ids.length)
    if (this.#replicaOut.length < needed) this.#replicaOut = new Uint32Array(needed)
    return this.#replicaOut
  }
}
