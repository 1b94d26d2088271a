/**
 * The pure-TypeScript ketama engine (docs/placement.md §9): the continuum in two typed arrays
 * (point, owner slot) and their prefix table (prefix-table.ts), rebuilt by each library's rules before the first lookup after a change.
 * Each server keeps the points of the digests computed so far, so a rebuild only hashes what is new.
 */
import { md5Words } from '../../hash/md5.js'
import { type KeyInput, KeyScratch } from '../../keys.js'
import { NO_SLOT } from '../../limits.js'
import { fillRange, lengthOf } from '../../typed-arrays.js'
import type { KetamaConfig, KetamaEngine } from '../types.js'
import { digestCount, serverLabel } from './ketama-rules.js'
import { prefixTable, tableShift } from './prefix-table.js'

interface Server {
  slot: number
  label: Uint8Array
  weight: number
  /** Points of the digests computed so far, `perDigest` of them per digest. */
  cached: number[]
}

/** Above this many points the (point, sequence) pairs no longer fit a double exactly. */
const PACKED_LIMIT = 2 ** 21

export class JsKetamaEngine implements KetamaEngine {
  /** The offsets are checked by the ring before the engine reads them. */
  readonly checksOffsets = false
  private servers: Server[] = []
  private dirty = false
  private points = new Uint32Array(0)
  /** The owner of each point, then owners[0] again (the wrap's sentinel, see {@link search}). */
  private owners = new Uint32Array(1)
  private table = new Uint32Array(3)
  private tableShift = 31
  private readonly perDigest: number
  private readonly scratch = new KeyScratch()
  private readonly digest = new Uint32Array(4)
  /** The index of the point that the last {@link search} ended at (the point count for a wrap to 0). */
  private foundAt = 0

  constructor(private readonly config: KetamaConfig) {
    this.perDigest = config.compat === 'hash_ring' ? 3 : 4
  }

  setServer(slot: number, name: Uint8Array, weight: number): void {
    const label = serverLabel(this.config.compat, name, this.config.defaultPort)
    const server = this.servers.find((s) => s.slot === slot)
    if (server === undefined) {
      this.servers.push({ slot, label, weight, cached: [] })
    } else {
      if (!sameBytes(server.label, label)) server.cached = []
      server.label = label
      server.weight = weight
    }
    this.dirty = true
  }

  removeServer(slot: number): void {
    const index = this.servers.findIndex((s) => s.slot === slot)
    if (index < 0) return
    this.servers.splice(index, 1)
    this.dirty = true
  }

  pointCount(): number {
    this.build()
    return this.points.length
  }

  lookup(key: KeyInput): number {
    if (this.dirty) this.build()
    return this.points.length === 0 ? NO_SLOT : this.search(this.keyHash(key))
  }

  lookupMany(keys: readonly KeyInput[], out: Int32Array): void {
    for (let k = 0; k < keys.length; k++) out[k] = this.lookup(keys[k])
  }

  lookupPacked(bytes: Uint8Array, offsets: Uint32Array, count: number, out: Int32Array): void {
    if (this.dirty) this.build()
    if (this.points.length === 0) {
      fillRange(out, NO_SLOT, 0, count)
      return
    }
    const digest = this.digest
    for (let k = 0; k < count; k++) {
      const start = offsets[k]
      md5Words(bytes, offsets[k + 1] - start, digest, start)
      out[k] = this.search(digest[0])
    }
  }

  replicas(key: KeyInput, n: number, out: Uint32Array): number {
    if (this.dirty) this.build()
    const count = this.points.length
    if (count === 0) return 0
    this.search(this.keyHash(key))
    const start = this.foundAt === count ? 0 : this.foundAt
    const wanted = Math.min(n, this.servers.length)
    const owners = this.owners
    let found = 0
    for (let step = 0; step < count && found < wanted; step++) {
      const slot = owners[(start + step) % count]
      let seen = false
      for (let k = 0; k < found && !seen; k++) seen = out[k] === slot
      if (!seen) out[found++] = slot
    }
    return found
  }

  dispose(): void {
    this.servers = []
    this.points = new Uint32Array(0)
    this.owners = new Uint32Array(1)
    this.table = new Uint32Array(3)
    this.tableShift = 31
  }

  /** The first word of md5(key). */
  private keyHash(key: KeyInput): number {
    const digest = this.digest
    if (typeof key === 'string') {
      const length = this.scratch.encode(key)
      md5Words(this.scratch.bytes, length, digest)
    } else {
      md5Words(key, lengthOf(key), digest)
    }
    return digest[0]
  }

  /**
   * The owner of the first point >= `hash`, wrapping to point 0; the point's index goes to
   * {@link foundAt}. There are points.
   */
  private search(hash: number): number {
    const points = this.points
    const owners = this.owners
    // Points before table[b] have a smaller prefix, points from table[b + 1] a larger one.
    const bucket = hash >>> this.tableShift
    const start = this.table[bucket]
    let low = start
    let high = this.table[bucket + 1]
    // The answer's owner is almost always in the cache line of owners[start]: loaded now (and
    // used, or V8 would drop the load), its cache miss overlaps the points' instead of following
    // the search. owners[count] repeats owners[0], for the wrap.
    const first = owners[start]
    while (low < high) {
      const mid = (low + high) >>> 1
      if (points[mid] < hash) low = mid + 1
      else high = mid
    }
    this.foundAt = low
    return low === start ? first : owners[low]
  }

  private build(): void {
    if (!this.dirty) return
    this.dirty = false
    const { compat, vnodes } = this.config
    const servers = this.servers
    const per = this.perDigest
    // In order, as the libraries sum (integer weights are exact).
    let total = 0
    for (const server of servers) total += server.weight
    const counts = servers.map((s) => digestCount(compat, vnodes, s.weight, total, servers.length))
    let size = 0
    for (let k = 0; k < servers.length; k++) {
      this.extend(servers[k], counts[k])
      size += counts[k] * per
    }
    // Sort (point, sequence): equal points stay in insertion order, as the libraries' stable sorts keep them.
    const values = new Uint32Array(size)
    const slots = new Uint32Array(size)
    let seq = 0
    for (let k = 0; k < servers.length; k++) {
      const cached = servers[k].cached
      for (let i = 0; i < counts[k] * per; i++) {
        values[seq] = cached[i]
        slots[seq++] = servers[k].slot
      }
    }
    const order = sortedOrder(values)
    this.points = new Uint32Array(size)
    this.owners = new Uint32Array(size + 1)
    for (let k = 0; k < size; k++) {
      this.points[k] = values[order[k]]
      this.owners[k] = slots[order[k]]
    }
    this.owners[size] = this.owners[0]
    this.table = prefixTable(this.points, size, this.table)
    this.tableShift = tableShift(this.table)
  }

  /** Computes the points of `server`'s digests up to `count`: md5("<label>-<i>"). */
  private extend(server: Server, count: number): void {
    const per = this.perDigest
    const have = server.cached.length / per
    if (have >= count) return
    const label = server.label
    const buf = new Uint8Array(label.length + 12)
    buf.set(label)
    buf[label.length] = 0x2d // '-'
    const digest = this.digest
    for (let i = have; i < count; i++) {
      const text = String(i)
      for (let k = 0; k < text.length; k++) buf[label.length + 1 + k] = text.charCodeAt(k)
      md5Words(buf, label.length + 1 + text.length, digest)
      for (let j = 0; j < per; j++) server.cached.push(digest[j])
    }
  }
}

/** The indices of `values` in ascending order of (value, index). */
function sortedOrder(values: Uint32Array): Uint32Array {
  const size = values.length
  const order = new Uint32Array(size)
  if (size < PACKED_LIMIT) {
    const keyed = new Float64Array(size)
    for (let k = 0; k < size; k++) keyed[k] = values[k] * PACKED_LIMIT + k
    keyed.sort()
    for (let k = 0; k < size; k++) order[k] = keyed[k] % PACKED_LIMIT
    return order
  }
  for (let k = 0; k < size; k++) order[k] = k
  return order.sort((a, b) => values[a] - values[b] || a - b)
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false
  return true
}
