/**
 * The MementoHash cases: per backend, MementoHash with 0, 1 and 10 % of the buckets removed;
 * jumpHash of the same string keys (XXH3 then jump, the hashing timed as Memento's is), the
 * baseline the targets compare with; and, for reference, jumpHashMany of keys hashed beforehand
 * (the jump alone).
 */
import { type BackendName, type KeyBatch, MementoHash } from '@chash/core'
import nodeXxhash from '@node-rs/xxhash'
import { type Contender, jumpManyTimer, jumpTimer } from './contenders.js'
import { BATCH } from './keys.js'
import { ourContender } from './model.js'

/** The shares of removed buckets the cases run with, in percent. */
export const REMOVED_PERCENT = [0, 1, 10] as const

/** The contender name of MementoHash on a backend with `percent` % of the buckets removed. */
export function mementoContender(backend: BackendName, percent: number): string {
  return `${ourContender(backend)} MementoHash, ${percent} % removed`
}

/** The contender name of the jumpHash baseline on a backend: the same string keys, hashed and jumped. */
export function jumpBaseline(backend: BackendName): string {
  return `${ourContender(backend)} jumpHash`
}

/** The contender name of jumpHashMany on a backend of keys hashed beforehand (the jump alone). */
export function jumpPrehashed(backend: BackendName): string {
  return `${ourContender(backend)} jumpHashMany, keys hashed beforehand`
}

// Every timed function stores its result here, so the optimiser cannot drop the call.
let sink: unknown

/** The last value a timed function produced. */
export function lastMementoResult(): unknown {
  return sink
}

/** A MementoHash of `buckets` with `percent` % of them removed, picked by a fixed LCG. */
export function mementoWithRemovals(backend: BackendName, buckets: number, percent: number): MementoHash {
  const m = new MementoHash(buckets, { backend })
  let x = 12345
  for (let r = Math.round((buckets * percent) / 100); r > 0; r--) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0
    let b = x % buckets
    while (!m.isWorking(b)) b = (b + 1) % buckets
    m.removeBucket(b)
  }
  return m
}

/** The keys of a batch as strings (they were strings packed as UTF-8). */
function stringsOf(batch: KeyBatch): string[] {
  const decoder = new TextDecoder()
  return Array.from({ length: batch.length }, (_, k) =>
    decoder.decode(batch.bytes.subarray(batch.offsets[k], batch.offsets[k + 1])),
  )
}

/** The XXH3 (seed 0) of every key of a batch, as jumpHashMany takes them. */
function hashedBatch(batch: KeyBatch): BigUint64Array {
  return BigUint64Array.from(stringsOf(batch), (key) => nodeXxhash.xxh3.xxh64(key))
}

/** The MementoHash contenders of one backend and its jumpHash baselines. */
export function mementoContenders(backend: BackendName): Contender[] {
  const options = { backend } as const
  const baseline: Contender = {
    name: jumpBaseline(backend),
    kind: 'ours',
    note: 'the same string keys: jumpHash(key) and jumpHashMany(keys), XXH3 then jump',
    memento(buckets, keys) {
      return jumpTimer(keys, buckets, options)
    },
    mementoMany(buckets, batches) {
      return jumpManyTimer(batches.map(stringsOf), buckets, options)
    },
  }
  const prehashed: Contender = {
    name: jumpPrehashed(backend),
    kind: 'ours',
    note: 'the jump alone: keys hashed with XXH3 before the timing (jumpHashMany of 64-bit keys)',
    mementoMany(buckets, batches) {
      return jumpManyTimer(batches.map(hashedBatch), buckets, options)
    },
  }
  const mementos = REMOVED_PERCENT.map(
    (percent): Contender => ({
      name: mementoContender(backend, percent),
      kind: 'ours',
      memento(buckets, keys) {
        const m = mementoWithRemovals(backend, buckets, percent)
        let i = 0
        return () => {
          sink = m.getBucket(keys[i])
          if (++i === keys.length) i = 0
        }
      },
      mementoMany(buckets, batches) {
        const m = mementoWithRemovals(backend, buckets, percent)
        const out = new Int32Array(BATCH)
        let b = 0
        return () => {
          sink = m.getBucketMany(batches[b], out)
          if (++b === batches.length) b = 0
        }
      },
    }),
  )
  return [baseline, prehashed, ...mementos]
}
