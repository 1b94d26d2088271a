/** `KetamaRing`: keys placed exactly where npm `hashring`, libketama or libmemcached put them. */
import { type BackendChoice, resolveBackend } from './backend/select.js'
import type { BackendName, KetamaCompat, KetamaEngine } from './backend/types.js'
import { type Key, normalizeKey, normalizeKeys, utf8 } from './keys.js'
import { NO_SLOT } from './limits.js'
import { checkOptions } from './ring.js'
import { checkCount, checkId, checkVnodes, describe } from './validate.js'

/** Options of {@link KetamaRing}. */
export interface KetamaOptions {
  /**
   * Whose placement to reproduce (docs/placement.md §9): `'hashring'` (npm `hashring` 3.x, the
   * default), `'hash_ring'` (its `compatibility: 'hash_ring'`, Python `hash_ring`), `'libketama'`
   * or `'libmemcached'` (weighted ketama with md5, as pylibmc and PHP's memcached use it).
   */
  compat?: KetamaCompat
  /** md5 digests per server before weighting: hashring's `'vnode count'`, default 40 (the libraries' constant). */
  vnodes?: number
  /**
   * hashring's `'default port'` (`'hashring'` and `'hash_ring'` only): a server `host:port` on
   * this port hashes as `host`. libmemcached's own rule for 11211 applies in `'libmemcached'`.
   */
  defaultPort?: number
  /** Which engine runs; all give identical placement. Default `'auto'`. */
  backend?: BackendChoice
}

/** Options of {@link KetamaRing.addConsumer}. */
export interface KetamaConsumerOptions {
  /**
   * The server's weight, default 1: a finite number above 0 for `'hashring'` and `'hash_ring'`;
   * an integer 1 … 2^32−1 (libketama's memory, libmemcached's weight) for the C libraries.
   */
  weight?: number
}

/** The default `vnodes`: 40 digests per server, as every one of these libraries uses. */
export const KETAMA_DEFAULT_VNODES = 40

const COMPATS: readonly KetamaCompat[] = ['hashring', 'hash_ring', 'libketama', 'libmemcached']
const OPTIONS = new Set(['compat', 'vnodes', 'defaultPort', 'backend'])
const CONSUMER_OPTIONS = new Set(['weight'])
/** The continuum holds at most about 4·(vnodes + 1) points a server; its index is a u32. */
const MAX_TOTAL_POINTS = 2 ** 32 - 2

/**
 * A ketama continuum of servers carrying a payload of type `ConsumerInfo`, placing every key on
 * the same server as npm `hashring`, Python `hash_ring`, libketama or libmemcached (pylibmc, PHP)
 * given the same servers, in the same order, with the same weights (docs/placement.md §9). These
 * libraries' weight formulas are not monotone: every change recomputes the whole continuum, and
 * more keys move than on a `ConsistentHashRing`.
 *
 * @example
 * const ring = new KetamaRing<{ pool: string }>({ compat: 'libmemcached' })
 * ring.addConsumer('10.0.0.1:11211', { pool: 'a' }).addConsumer('10.0.0.2:11211', { pool: 'b' })
 * ring.getConsumerId('user:42') // the server pylibmc sends 'user:42' to
 */
export class KetamaRing<ConsumerInfo> {
  /** The engine in use. */
  readonly backend: BackendName
  /** Whose placement this ring reproduces. */
  readonly compat: KetamaCompat
  /** md5 digests per server before weighting. */
  readonly vnodes: number
  /** hashring's 'default port', or undefined. */
  readonly defaultPort: number | undefined

  readonly #engine: KetamaEngine
  readonly #slotOf = new Map<string, number>()
  readonly #ids: Array<string | undefined> = []
  readonly #infos: Array<ConsumerInfo | undefined> = []
  readonly #weights: number[] = []
  readonly #freeSlots: number[] = []
  #replicaOut = new Uint32Array(16)

  constructor(options?: KetamaOptions) {
    const checked = checkOptions(options, 'options', OPTIONS)
    const compat = checked.compat ?? 'hashring'
    if (!COMPATS.includes(compat as KetamaCompat))
      throw new RangeError(
        `compat must be one of ${COMPATS.map((c) => `'${c}'`).join(', ')}, got ${describe(compat)}`,
      )
    this.compat = compat as KetamaCompat
    this.vnodes = checkVnodes(checked.vnodes ?? KETAMA_DEFAULT_VNODES)
    this.defaultPort = checkDefaultPort(checked.defaultPort, this.compat)
    const backend = resolveBackend(checked.backend ?? 'auto')
    this.backend = backend.name
    this.#engine = backend.createKetama({
      compat: this.compat,
      vnodes: this.vnodes,
      defaultPort: this.defaultPort ?? 0,
    })
  }

  /** The number of servers. */
  get size(): number {
    return this.#slotOf.size
  }

  /** The number of points on the continuum. */
  get pointCount(): number {
    return this.#engine.pointCount()
  }

  /**
   * Adds a server after the others, or replaces the payload and weight of the one with this name
   * (it keeps its place). `server` is the string the other clients are given (`'host:port'`).
   * @throws TypeError / RangeError for an empty server or a bad weight; the ring is then unchanged.
   */
  addConsumer(server: string, info: ConsumerInfo, options?: KetamaConsumerOptions): this {
    checkId(server, 'server')
    const weight = checkWeight(checkOptions(options, 'options', CONSUMER_OPTIONS).weight ?? 1, this.compat)
    let slot = this.#slotOf.get(server)
    if (slot === undefined) {
      const bound = 4 * (this.vnodes + 1) * (this.size + 1)
      if (bound > MAX_TOTAL_POINTS)
        throw new RangeError(
          `server ${describe(server)} would make the continuum hold up to ${bound} points, above ${MAX_TOTAL_POINTS}`,
        )
      slot = this.#freeSlots.pop() ?? this.#ids.length
      this.#slotOf.set(server, slot)
      this.#ids[slot] = server
    }
    this.#infos[slot] = info
    this.#weights[slot] = weight
    this.#engine.setServer(slot, utf8(server), weight)
    return this
  }

  /** Removes a server; the continuum is recomputed. Returns whether it was there. */
  removeConsumer(server: string): boolean {
    checkId(server, 'server')
    const slot = this.#slotOf.get(server)
    if (slot === undefined) return false
    this.#engine.removeServer(slot)
    this.#slotOf.delete(server)
    this.#ids[slot] = undefined
    this.#infos[slot] = undefined
    this.#freeSlots.push(slot)
    return true
  }

  /** Whether this server is on the ring. */
  hasConsumer(server: string): boolean {
    checkId(server, 'server')
    return this.#slotOf.has(server)
  }

  /** The weight of a server, or undefined if it is not on the ring. */
  getWeight(server: string): number | undefined {
    checkId(server, 'server')
    const slot = this.#slotOf.get(server)
    return slot === undefined ? undefined : this.#weights[slot]
  }

  /** The servers, in the order they were first added (the order that decides ties). */
  consumerIds(): string[] {
    return [...this.#slotOf.keys()]
  }

  /** The payload of the server that owns `key` (hashring's `get`), or undefined without points. */
  getConsumer(key: Key): ConsumerInfo | undefined {
    const slot = this.#engine.lookup(normalizeKey(key))
    return slot === NO_SLOT ? undefined : this.#infos[slot]
  }

  /** The server that owns `key`, or undefined without points. */
  getConsumerId(key: Key): string | undefined {
    const slot = this.#engine.lookup(normalizeKey(key))
    return slot === NO_SLOT ? undefined : this.#ids[slot]
  }

  /**
   * Up to `n` distinct servers' payloads for `key` in continuum order from its owner: hashring's
   * `range(key, n, true)` for n ≥ 1 (n = 0 gives none here, all servers there).
   */
  getConsumers(key: Key, n: number): ConsumerInfo[] {
    return this.#replicas(key, n).map((slot) => this.#infos[slot] as ConsumerInfo)
  }

  /** Up to `n` distinct servers for `key`, as {@link getConsumers}. */
  getConsumerIds(key: Key, n: number): string[] {
    return this.#replicas(key, n).map((slot) => this.#ids[slot] as string)
  }

  /** The owners' payloads of many keys in one call (one crossing into native or wasm). */
  getConsumerMany(keys: readonly Key[]): Array<ConsumerInfo | undefined> {
    const slots = this.#slotMany(keys)
    const result = new Array<ConsumerInfo | undefined>(slots.length)
    for (let k = 0; k < slots.length; k++)
      result[k] = slots[k] === NO_SLOT ? undefined : this.#infos[slots[k]]
    return result
  }

  /** The owners of many keys in one call, as {@link getConsumerMany}. */
  getConsumerIdMany(keys: readonly Key[]): Array<string | undefined> {
    const slots = this.#slotMany(keys)
    const result = new Array<string | undefined>(slots.length)
    for (let k = 0; k < slots.length; k++) result[k] = slots[k] === NO_SLOT ? undefined : this.#ids[slots[k]]
    return result
  }

  #slotMany(keys: readonly Key[]): Int32Array {
    if (!Array.isArray(keys)) throw new TypeError(`keys must be an array, got ${describe(keys)}`)
    const slots = new Int32Array(keys.length)
    this.#engine.lookupMany(normalizeKeys(keys), slots)
    return slots
  }

  #replicas(key: Key, n: number): number[] {
    const input = normalizeKey(key)
    checkCount(n)
    const needed = Math.min(n, this.#ids.length)
    if (this.#replicaOut.length < needed) this.#replicaOut = new Uint32Array(needed)
    const found = this.#engine.replicas(input, n, this.#replicaOut)
    return Array.from(this.#replicaOut.subarray(0, found))
  }
}

function checkDefaultPort(port: unknown, compat: KetamaCompat): number | undefined {
  if (port === undefined) return undefined
  if (typeof port !== 'number') throw new TypeError(`defaultPort must be a number, got ${describe(port)}`)
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new RangeError(`defaultPort must be an integer in 1..65535, got ${describe(port)}`)
  if (compat !== 'hashring' && compat !== 'hash_ring')
    throw new RangeError(`defaultPort applies only to compat 'hashring' and 'hash_ring', not '${compat}'`)
  return port
}

function checkWeight(weight: unknown, compat: KetamaCompat): number {
  if (typeof weight !== 'number') throw new TypeError(`weight must be a number, got ${describe(weight)}`)
  if (compat === 'libketama' || compat === 'libmemcached') {
    if (!Number.isInteger(weight) || weight < 1 || weight > 2 ** 32 - 1)
      throw new RangeError(
        `weight must be an integer in 1..4294967295 for compat '${compat}', got ${describe(weight)}`,
      )
  } else if (!Number.isFinite(weight) || weight <= 0) {
    throw new RangeError(`weight must be a finite number above 0, got ${describe(weight)}`)
  }
  return weight
}
