/** `KetamaRing`: keys placed exactly where npm `hashring`, libketama or libmemcached put them. */
import { type BackendChoice, resolveBackend } from './backend/select.js'
import type { BackendName, KetamaCompat, KetamaEngine } from './backend/types.js'
import { ConsumerRing, disposedSlotEngine } from './consumer-ring.js'
import { fromEngine, limitExceeded, rangeError, typeError } from './errors.js'
import type { KeyBatch } from './key-batch.js'
import { type Key, type KeyInput, normalizeKey, utf8 } from './keys.js'
import { slotMany } from './many-keys.js'
import { checkId, checkInteger, checkOptions, checkVnodes, describe } from './validate.js'

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

/** What a disposed ring's engine becomes: every use throws. */
const DISPOSED_ENGINE = disposedSlotEngine<KetamaEngine>('KetamaRing', {
  setServer: true,
  removeServer: true,
})

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
 *
 * Its consumers are servers: errors name a consumer's id `server`. `consumerIds()` lists them in
 * the order they were first added (the order that decides ties); `getConsumers(key, n)` gives
 * up to n distinct servers in continuum order from the owner, hashring's `range(key, n, true)`
 * for n ≥ 1 (n = 0 gives none here, all servers there).
 */
export class KetamaRing<ConsumerInfo> extends ConsumerRing<ConsumerInfo> {
  /** The engine in use. */
  readonly backend: BackendName
  /** Whose placement this ring reproduces. */
  readonly compat: KetamaCompat
  /** md5 digests per server before weighting. */
  readonly vnodes: number
  /** hashring's 'default port', or undefined. */
  readonly defaultPort: number | undefined

  #engine: KetamaEngine
  readonly #weights: number[] = []

  /** @throws TypeError / RangeError naming `options` or the bad option (`null` is not a default). */
  constructor(options?: KetamaOptions) {
    super('KetamaRing', 'server')
    // Each option is read once; only `undefined` means the default.
    const { compat, vnodes, defaultPort, backend: choice } = checkOptions(options, 'options', OPTIONS)
    this.compat = checkCompat(compat)
    this.vnodes = vnodes === undefined ? KETAMA_DEFAULT_VNODES : checkVnodes(vnodes)
    this.defaultPort = checkDefaultPort(defaultPort, this.compat)
    const backend = resolveBackend(choice)
    this.backend = backend.name
    this.#engine = backend.createKetama({
      compat: this.compat,
      vnodes: this.vnodes,
      defaultPort: this.defaultPort ?? 0,
    })
  }

  /** The number of points on the continuum. */
  get pointCount(): number {
    return this.#engine.pointCount()
  }

  protected release(): void {
    const engine = this.#engine
    this.#engine = DISPOSED_ENGINE
    this.#weights.length = 0
    engine.dispose()
  }

  /**
   * Adds a server after the others, or replaces the payload and weight of the one with this name
   * (it keeps its place). `server` is the string the other clients are given (`'host:port'`).
   * @throws TypeError / RangeError for an empty or ill-formed server, a bad weight, or a
   * continuum that would pass its limits (2^32 − 2 points, the memory at hand); the ring is then
   * unchanged.
   */
  addConsumer(server: string, info: ConsumerInfo, options?: KetamaConsumerOptions): this {
    this.check()
    checkId(server, 'server')
    const { weight: given } = checkOptions(options, 'options', CONSUMER_OPTIONS)
    const weight = checkWeight(given === undefined ? 1 : given, this.compat)
    // Everything is checked before anything changes, and the engine goes first: if it throws,
    // nothing changed.
    const existing = this.table.get(server)
    if (existing === undefined) {
      const bound = 4 * (this.vnodes + 1) * (this.table.size + 1)
      if (bound > MAX_TOTAL_POINTS)
        throw limitExceeded(
          `server ${describe(server)} would make the continuum hold up to ${bound} points, above ${MAX_TOTAL_POINTS}`,
        )
    }
    const slot = existing ?? this.table.nextSlot()
    try {
      this.#engine.setServer(slot, utf8(server), weight)
    } catch (error) {
      throw fromEngine(error)
    }
    if (existing === undefined) this.table.add(server, slot)
    this.table.setInfo(slot, info)
    this.#weights[slot] = weight
    return this
  }

  /** Removes a server; the continuum is recomputed. Returns whether it was there. */
  removeConsumer(server: string): boolean {
    const slot = this.slotOf(server)
    if (slot === undefined) return false
    this.#engine.removeServer(slot)
    this.table.delete(server, slot)
    return true
  }

  /** The weight of a server, or undefined if it is not on the ring. */
  getWeight(server: string): number | undefined {
    const slot = this.slotOf(server)
    return slot === undefined ? undefined : this.#weights[slot]
  }

  /** The payload of the server that owns `key` (hashring's `get`), or undefined without points. */
  getConsumer(key: Key): ConsumerInfo | undefined {
    return this.table.infoIn(this.#engine.lookup(normalizeKey(key)))
  }

  /** The server that owns `key`, or undefined without points. */
  getConsumerId(key: Key): string | undefined {
    return this.table.idIn(this.#engine.lookup(normalizeKey(key)))
  }

  /**
   * The slot of the server that owns `key`, or -1 without points: a small integer naming a server
   * in this ring object (see {@link slotOf}), not part of placement.
   */
  getSlot(key: Key): number {
    return this.#engine.lookup(normalizeKey(key))
  }

  /**
   * The owners' slots of many keys, -1 without points, as `ConsistentHashRing#getSlotMany`.
   * @param out where to write the slots (its first `keys.length` entries); a new array by default.
   * @throws TypeError / RangeError naming `keys`, `keys[i]` or `out`; the ring is unchanged.
   */
  getSlotMany(keys: readonly Key[] | KeyBatch, out?: Int32Array): Int32Array {
    this.check()
    return slotMany(this.#engine, keys, out)
  }

  protected replicas(key: KeyInput, n: number, out: Uint32Array): number {
    return this.#engine.replicas(key, n, out)
  }
}

function checkCompat(compat: unknown): KetamaCompat {
  if (compat === undefined) return 'hashring'
  if (!COMPATS.includes(compat as KetamaCompat)) {
    const wrong = typeof compat === 'string' ? rangeError : typeError
    throw wrong(`compat must be one of ${COMPATS.map((c) => `'${c}'`).join(', ')}, got ${describe(compat)}`)
  }
  return compat as KetamaCompat
}

function checkDefaultPort(port: unknown, compat: KetamaCompat): number | undefined {
  if (port === undefined) return undefined
  const value = checkInteger(port, 'defaultPort', 1, 65535)
  if (compat !== 'hashring' && compat !== 'hash_ring')
    throw rangeError(`defaultPort applies only to compat 'hashring' and 'hash_ring', not '${compat}'`)
  return value
}

function checkWeight(weight: unknown, compat: KetamaCompat): number {
  if (typeof weight !== 'number') throw typeError(`weight must be a number, got ${describe(weight)}`)
  if (compat === 'libketama' || compat === 'libmemcached') {
    if (!Number.isInteger(weight) || weight < 1 || weight > 2 ** 32 - 1)
      throw rangeError(
        `weight must be an integer in 1..4294967295 for compat '${compat}', got ${describe(weight)}`,
      )
  } else if (!Number.isFinite(weight) || weight <= 0) {
    throw rangeError(`weight must be a finite number above 0, got ${describe(weight)}`)
  }
  return weight
}
