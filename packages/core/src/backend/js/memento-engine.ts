/**
 * The pure-TypeScript MementoHash engine (docs/placement.md §8): jump hash over the b-array, and
 * for a removed bucket the authors' replacement walk. The memory holds only the removed buckets.
 */
import type { Hasher64 } from '../../hash/hasher.js'
import { type KeyInput, KeyScratch } from '../../keys.js'
import { lengthOf } from '../../typed-arrays.js'
import type { EngineConfig, MementoEngine } from '../types.js'
import { createHasher, hashBytes, hashKey } from './hasher.js'
import { jumpHashHalves } from './jump.js'

export class JsMementoEngine implements MementoEngine {
  /** The b-array size: jump's bucket count. */
  private n: number
  /** The most recently removed bucket in the memory, or `n` if the memory is empty. */
  private last: number
  // The memory: removed bucket -> its replacer, and -> the bucket removed before it.
  private readonly replacer = new Map<number, number>()
  private readonly prevRemoved = new Map<number, number>()
  /** Hashers seeded with `seed XOR b` for removed buckets b, made on a rehash's first need. */
  private readonly rehashers = new Map<number, Hasher64>()
  private readonly hasher: Hasher64
  private readonly scratch = new KeyScratch()
  private readonly hashOut = new Uint32Array(2)

  constructor(
    private readonly config: EngineConfig,
    buckets: number,
  ) {
    this.hasher = createHasher(config)
    this.n = buckets
    this.last = buckets
  }

  getBucket(key: KeyInput): number {
    // The first hash through hashKey (a string from its code units where it can); the key's
    // bytes only if its bucket was removed, for the walk's rehashes.
    const h = this.hashOut
    hashKey(this.hasher, key, h)
    const b = jumpHashHalves(h[0], h[1], this.n)
    if (!this.replacer.has(b)) return b
    if (typeof key === 'string') {
      const length = this.scratch.encode(key)
      return this.walk(b, this.scratch.bytes, length)
    }
    return this.walk(b, key, lengthOf(key)) // its real length, whatever `length` says
  }

  lookupPacked(bytes: Uint8Array, offsets: Uint32Array, count: number, out: Int32Array): void {
    for (let k = 0; k < count; k++) {
      const start = offsets[k]
      const length = offsets[k + 1] - start
      out[k] = this.bucketOf(this.scratch.packedKey(bytes, start, length), length)
    }
  }

  /** The bucket of the key input[0 .. length). */
  private bucketOf(input: Uint8Array, length: number): number {
    const h = this.hashOut
    hashBytes(this.hasher, this.scratch, input, length, h)
    return this.walk(jumpHashHalves(h[0], h[1], this.n), input, length)
  }

  /** The working bucket for the key input[0 .. length) whose jump bucket is `b` (docs §8). */
  private walk(b: number, input: Uint8Array, length: number): number {
    if (this.replacer.size === 0) return b
    const h = this.hashOut
    const replacer = this.replacer
    let rep = replacer.get(b)
    while (rep !== undefined) {
      // Rehash seeded with the removed bucket, into the buckets working when it was removed.
      hashBytes(this.rehasher(b), this.scratch, input, length, h)
      b = mod64(h[0], h[1], rep)
      // A bucket replaced by one at or above `rep` was removed later: follow it.
      let r = replacer.get(b)
      while (r !== undefined && r >= rep) {
        b = r
        r = replacer.get(b)
      }
      rep = r
    }
    return b
  }

  private rehasher(bucket: number): Hasher64 {
    let hasher = this.rehashers.get(bucket)
    if (hasher === undefined) {
      const { hash, seedHi, seedLo } = this.config
      hasher = createHasher({ hash, seedHi, seedLo: (seedLo ^ bucket) >>> 0 })
      this.rehashers.set(bucket, hasher)
    }
    return hasher
  }

  removeBucket(bucket: number): void {
    if (this.replacer.size === 0 && bucket === this.n - 1) {
      this.n = bucket // plain jump hash shrinks
      this.last = bucket
      return
    }
    this.replacer.set(bucket, this.n - this.replacer.size - 1)
    this.prevRemoved.set(bucket, this.last)
    this.last = bucket
  }

  dispose(): void {
    this.replacer.clear()
    this.prevRemoved.clear()
    this.rehashers.clear()
  }

  addBucket(): number {
    const bucket = this.last
    const prev = this.prevRemoved.get(bucket)
    if (prev === undefined) {
      this.n = bucket + 1
      this.last = bucket + 1
    } else {
      this.replacer.delete(bucket)
      this.prevRemoved.delete(bucket)
      this.rehashers.delete(bucket)
      this.last = prev
    }
    return bucket
  }
}

/** (hi·2^32 + lo) mod m for unsigned 32-bit halves and 1 ≤ m < 2^31, exactly, without BigInt. */
function mod64(hi: number, lo: number, m: number): number {
  // hi mod m < 2^31, times 2^32 stays below 2^63 but not below 2^53: split 2^32 as 2^16 · 2^16.
  let r = hi % m
  r = (r * 65536) % m
  r = (r * 65536 + lo) % m
  return r
}
