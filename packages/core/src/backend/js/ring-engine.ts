/**
 * The pure-TypeScript ring engine. Points live in three typed arrays (position high and low
 * halves, owner slot: 12 bytes a point) kept in ring order. Changes are applied lazily: adding or
 * removing a consumer only records the change, and the next lookup merges all pending changes at
 * once, so building a ring of many consumers costs one sort.
 */
import type { Hasher64 } from '../../hash/hasher.js'
import { STRING_UNITS_MAX } from '../../hash/xxh3.js'
import { type KeyInput, KeyScratch } from '../../keys.js'
import { NO_SLOT, outOfMemory } from '../../limits.js'
import { fillRange } from '../../typed-arrays.js'
import type { RingEngine } from '../types.js'
import { hashBytes, hashKey, hashLongString } from './hasher.js'
import { comparePoints, sortPoints } from './point-sort.js'
import { prefixTable, tableShift } from './prefix-table.js'

export class JsRingEngine implements RingEngine {
  // Points in ring order, n of them; owner[n] repeats owner[0] (searchSlot's sentinel).
  private posHi = new Uint32Array(0)
  private posLo = new Uint32Array(0)
  private owner = new Uint32Array(0)
  private n = 0
  // Points of consumers added since the last flush, in no order, m of them.
  private addHi = new Uint32Array(64)
  private addLo = new Uint32Array(64)
  private addOwner = new Uint32Array(64)
  private m = 0
  // removed[slot] = 1 when the sorted points of that slot must go at the next flush.
  private removed = new Uint8Array(16)
  private hasRemovals = false
  /** UTF-8 id of the consumer in each slot; undefined for a free slot. */
  private ids: Array<Uint8Array | undefined> = []
  /** Points of the consumer in each slot, and their sum (pending changes included). */
  private pointsOf: number[] = []
  private total = 0
  // Per-call scratch, allocated once.
  private readonly scratch = new KeyScratch()
  private readonly hashOut = new Uint32Array(2)
  private seen = new Uint32Array(16)
  private epoch = 0
  /** The index of the point that the last {@link searchSlot} ended at (`n` for a wrap to 0). */
  private foundAt = 0
  // The prefix table of the positions' high words (prefix-table.ts).
  private table = new Uint32Array(3)
  private tableShift = 31
  /** Bad offsets would read past the keys unnoticed, so the ring checks them first. */
  readonly checksOffsets = false

  constructor(private readonly hasher: Hasher64) {}

  setConsumer(slot: number, id: Uint8Array, points: number): void {
    const total = this.total - (this.ids[slot] === undefined ? 0 : this.pointsOf[slot]) + points
    // Reserve before any change: a ring too large for memory is refused with the ring unchanged.
    try {
      this.reserveAdded(this.m + points)
      this.reserveSorted(this.n + this.m + points)
    } catch (error) {
      throw error instanceof RangeError ? outOfMemory(total) : error
    }
    if (this.ids[slot] !== undefined) this.removeConsumer(slot)
    this.ids[slot] = id
    this.pointsOf[slot] = points
    this.total += points
    // Point i is H(id ‖ LE32(i)) (docs §3).
    const buf = new Uint8Array(id.length + 4)
    const view = new DataView(buf.buffer, buf.byteOffset, buf.length)
    buf.set(id)
    const at = id.length
    const out = this.hashOut
    for (let i = 0; i < points; i++) {
      buf[at] = i & 0xff
      buf[at + 1] = (i >>> 8) & 0xff
      buf[at + 2] = (i >>> 16) & 0xff
      buf[at + 3] = i >>> 24
      this.hasher.hashView(buf, view, buf.length, out)
      this.addHi[this.m] = out[0]
      this.addLo[this.m] = out[1]
      this.addOwner[this.m] = slot
      this.m++
    }
  }

  removeConsumer(slot: number): void {
    if (this.ids[slot] === undefined) return
    this.ids[slot] = undefined
    this.total -= this.pointsOf[slot]
    if (slot >= this.removed.length) this.removed = grow(this.removed, slot + 1)
    this.removed[slot] = 1
    this.hasRemovals = true
    // Drop its points that were not merged yet.
    let w = 0
    for (let k = 0; k < this.m; k++) {
      if (this.addOwner[k] === slot) continue
      this.addHi[w] = this.addHi[k]
      this.addLo[w] = this.addLo[k]
      this.addOwner[w] = this.addOwner[k]
      w++
    }
    this.m = w
  }

  pointCount(): number {
    if (this.m > 0 || this.hasRemovals) this.flush()
    return this.n
  }

  lookup(key: KeyInput): number {
    if (this.m > 0 || this.hasRemovals) this.flush()
    if (this.n === 0) return NO_SLOT
    return this.search(key)
  }

  lookupMany(keys: readonly KeyInput[], out: Int32Array): void {
    if (this.m > 0 || this.hasRemovals) this.flush()
    const count = keys.length
    if (this.n === 0) {
      fillRange(out, NO_SLOT, 0, count)
      return
    }
    const h = this.hashOut
    for (let k = 0; k < count; k++) {
      const key = keys[k]
      if (typeof key === 'string' && key.length > STRING_UNITS_MAX) {
        hashLongString(this.hasher, this.scratch, key, h)
        out[k] = this.searchSlot(h[0], h[1])
      } else {
        out[k] = this.search(key)
      }
    }
  }

  lookupPacked(bytes: Uint8Array, offsets: Uint32Array, count: number, out: Int32Array): void {
    if (this.m > 0 || this.hasRemovals) this.flush()
    if (this.n === 0) {
      fillRange(out, NO_SLOT, 0, count)
      return
    }
    const hashOut = this.hashOut
    for (let k = 0; k < count; k++) {
      const start = offsets[k]
      const length = offsets[k + 1] - start
      hashBytes(this.hasher, this.scratch, this.scratch.packedKey(bytes, start, length), length, hashOut)
      out[k] = this.searchSlot(hashOut[0], hashOut[1])
    }
  }

  replicas(key: KeyInput, n: number, out: Uint32Array): number {
    if (this.m > 0 || this.hasRemovals) this.flush()
    const total = this.n
    if (total === 0 || n === 0) return 0
    this.search(key)
    const start = this.foundAt === total ? 0 : this.foundAt
    // seen[slot] === epoch marks slots already collected in this call.
    if (++this.epoch === 0xffffffff) {
      this.seen.fill(0)
      this.epoch = 1
    }
    const epoch = this.epoch
    const seen = this.seen
    const owner = this.owner
    let found = 0
    for (let step = 0, at = start; step < total && found < n; step++) {
      const slot = owner[at]
      if (seen[slot] !== epoch) {
        seen[slot] = epoch
        out[found++] = slot
      }
      if (++at === total) at = 0
    }
    return found
  }

  /** The owner of the first point at or after the key's hash (docs §5); see {@link searchSlot}. */
  private search(key: KeyInput): number {
    const out = this.hashOut
    hashKey(this.hasher, key, out)
    return this.searchSlot(out[0], out[1])
  }

  /**
   * The owner of the first point at or after the hash kh·2^32 + kl, wrapping to point 0 (docs
   * §5); the point's index goes to {@link foundAt} (`n` for the wrap). There are points.
   */
  private searchSlot(kh: number, kl: number): number {
    const posHi = this.posHi
    const posLo = this.posLo
    const owner = this.owner
    // Points before table[b] have a smaller prefix, points from table[b + 1] a larger one.
    const bucket = kh >>> this.tableShift
    const start = this.table[bucket]
    let low = start
    let high = this.table[bucket + 1]
    // The answer's owner is almost always in the cache line of owner[start]: loaded now (and used,
    // or V8 would drop the load), its cache miss overlaps the positions' instead of following
    // the search, as in the Rust ring. owner[n] repeats owner[0], for the wrap.
    const first = owner[start]
    while (low < high) {
      const mid = (low + high) >>> 1
      const ph = posHi[mid]
      if (ph < kh || (ph === kh && posLo[mid] < kl)) low = mid + 1
      else high = mid
    }
    this.foundAt = low
    return low === start ? first : owner[low]
  }

  /** Applies pending removals and merges pending additions into the sorted points. */
  private flush(): void {
    if (this.hasRemovals) this.applyRemovals()
    if (this.m > 0) this.mergeAdded()
    this.buildTable()
  }

  private buildTable(): void {
    // The sentinel of searchSlot (reserveSorted leaves room for it).
    this.owner[this.n] = this.owner[0]
    this.table = prefixTable(this.posHi, this.n, this.table)
    this.tableShift = tableShift(this.table)
  }

  private mergeAdded(): void {
    const m = this.m
    const ids = this.ids
    const perm = sortPoints(this.addHi, this.addLo, this.addOwner, m, ids)
    const n = this.n
    this.reserveSorted(n + m)
    // Merge from the back so the sorted points can stay where they are.
    const { posHi, posLo, owner, addHi, addLo, addOwner } = this
    let i = n - 1
    let j = m - 1
    for (let k = n + m - 1; j >= 0; k--) {
      const p = perm[j]
      if (i >= 0 && comparePoints(posHi[i], posLo[i], owner[i], addHi[p], addLo[p], addOwner[p], ids) > 0) {
        posHi[k] = posHi[i]
        posLo[k] = posLo[i]
        owner[k] = owner[i]
        i--
      } else {
        posHi[k] = addHi[p]
        posLo[k] = addLo[p]
        owner[k] = addOwner[p]
        j--
      }
    }
    this.n = n + m
    this.m = 0
    const slots = ids.length
    if (this.seen.length < slots) this.seen = grow(this.seen, slots)
  }

  private applyRemovals(): void {
    const { posHi, posLo, owner, removed } = this
    let w = 0
    for (let k = 0; k < this.n; k++) {
      const slot = owner[k]
      if (slot < removed.length && removed[slot] === 1) continue
      posHi[w] = posHi[k]
      posLo[w] = posLo[k]
      owner[w] = slot
      w++
    }
    this.n = w
    removed.fill(0)
    this.hasRemovals = false
  }

  /** Makes room for `size` points and the sentinel after them (owner[n] = owner[0]). */
  private reserveSorted(size: number): void {
    if (size < this.posHi.length) return
    const capacity = Math.max(size + 1, Math.floor(this.posHi.length * 1.5))
    this.posHi = grow(this.posHi, capacity)
    this.posLo = grow(this.posLo, capacity)
    this.owner = grow(this.owner, capacity)
  }

  dispose(): void {
    this.posHi = this.posLo = this.owner = new Uint32Array(0)
    this.addHi = this.addLo = this.addOwner = new Uint32Array(0)
    this.n = this.m = this.total = 0
    this.ids = []
    this.pointsOf = []
    this.table = new Uint32Array(3)
    this.tableShift = 31
    this.seen = new Uint32Array(16)
  }

  private reserveAdded(size: number): void {
    if (size <= this.addHi.length) return
    const capacity = Math.max(size, this.addHi.length * 2)
    this.addHi = grow(this.addHi, capacity)
    this.addLo = grow(this.addLo, capacity)
    this.addOwner = grow(this.addOwner, capacity)
  }
}

/** A copy of `array` with room for `capacity` elements. */
function grow<T extends Uint8Array | Uint32Array>(array: T, capacity: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(capacity)
  bigger.set(array)
  return bigger
}
