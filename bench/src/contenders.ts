/**
 * The contenders and how each one performs each operation. A factory prepares the contender's state
 * (a ring, its own form of the keys) outside the timing and returns the function benchmark.js
 * times; that function does one operation and moves to the next key.
 *
 * Every operation of a contender has its own timed function literal on purpose: V8 keeps type
 * feedback per literal, so one timed closure shared between operations would make its call sites
 * polymorphic and charge the later operations for the earlier ones. Contenders may share a
 * factory ({@link ringTimers}, {@link jumpTimer}, {@link jumpManyTimer}): each contender is timed
 * in a process of its own, where such a literal sees that contender alone.
 */
import {
  type BackendName,
  ConsistentHashRing,
  type FunctionOptions,
  type JumpKey,
  jumpHash,
  jumpHashMany,
  type KeyBatch,
  xxh3,
  xxh64,
} from '@chash/core'
import nodeXxhash from '@node-rs/xxhash'
import { jumpConsistentHash } from '@subspace/jump-consistent-hash'
import ConsistentHash from 'consistent-hash'
import HashRing from 'hashring'
import xxhashWasm from 'xxhash-wasm'
import { ketamaContender } from './ketama-contenders.js'
import { BATCH, bigEndianViews } from './keys.js'
import { mementoContenders } from './memento-contenders.js'
import { CONSISTENT_HASH, type ContenderKind, ourContender } from './model.js'

/** A function benchmark.js calls in its loop: one operation (or one batch) per call. */
export type Timed = () => void

/** One contender: a name and a factory for each operation it can do (an absent one is not measured). */
export interface Contender {
  name: string
  kind: ContenderKind
  /** A caveat shown with its figures. */
  note?: string
  /** Per call: build a ring of `consumers` and look one key up. */
  build?(consumers: number): Timed
  /** Per call: the owner of the next key. */
  lookup?(consumers: number, keys: readonly string[]): Timed
  /** Per call: 3 distinct consumers for the next key. */
  replicas3?(consumers: number, keys: readonly string[]): Timed
  /** Per call: the owners of the next batch. */
  lookupMany?(consumers: number, batches: readonly string[][]): Timed
  /** Per call: the slots of the next batch, packed as UTF-8 with offsets, into a reused array. */
  lookupPacked?(consumers: number, batches: readonly KeyBatch[]): Timed
  /** Per call: jump hash of the next 64-bit key. */
  jump?(buckets: number, keys: BigUint64Array): Timed
  /** Per call: jump hash of the next batch of {@link BATCH} keys. */
  jumpMany?(buckets: number, keys: BigUint64Array): Timed
  /** Per call: XXH3-64 of the next key. */
  hashXxh3?(keys: readonly string[]): Timed
  /** Per call: XXH64 of the next key. */
  hashXxh64?(keys: readonly string[]): Timed
  /** Per call: the bucket (or server) of the next key among `buckets` (MementoHash cases). */
  memento?(buckets: number, keys: readonly string[]): Timed
  /** Per call: the buckets of the next batch (MementoHash cases). */
  mementoMany?(buckets: number, batches: readonly KeyBatch[]): Timed
}

// Every timed function stores its result here, so the optimiser cannot drop the call.
let sink: unknown

/** The last value a timed function produced (it keeps results observable). */
export function lastResult(): unknown {
  return sink
}

/**
 * The `lookup` and `replicas3` factories of a ring that `ringOf` makes: `owner(ring, key)` places
 * one key, `owners3(ring, key)` finds 3 distinct consumers for it.
 */
export function ringTimers<R>(
  ringOf: (consumers: number) => R,
  owner: (ring: R, key: string) => unknown,
  owners3: (ring: R, key: string) => unknown,
): Required<Pick<Contender, 'lookup' | 'replicas3'>> {
  return {
    lookup(consumers, keys) {
      const ring = ringOf(consumers)
      let i = 0
      return () => {
        sink = owner(ring, keys[i])
        if (++i === keys.length) i = 0
      }
    },
    replicas3(consumers, keys) {
      const ring = ringOf(consumers)
      let i = 0
      return () => {
        sink = owners3(ring, keys[i])
        if (++i === keys.length) i = 0
      }
    },
  }
}

/** A timed `jumpHash` of the next of `keys` (64-bit keys or strings) among `buckets`. */
export function jumpTimer(keys: readonly JumpKey[], buckets: number, options: FunctionOptions): Timed {
  let i = 0
  return () => {
    sink = jumpHash(keys[i], buckets, options)
    if (++i === keys.length) i = 0
  }
}

/** A timed `jumpHashMany` of the next of `batches` among `buckets`. */
export function jumpManyTimer(
  batches: ReadonlyArray<BigUint64Array | readonly string[]>,
  buckets: number,
  options: FunctionOptions,
): Timed {
  let b = 0
  return () => {
    sink = jumpHashMany(batches[b], buckets, options)
    if (++b === batches.length) b = 0
  }
}

/** Consumer ids `node-0 … node-{n-1}`, the ids raw_bench uses. */
export function consumerIds(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `node-${i}`)
}

/** Our ring with the default options: 160 points per consumer, XXH3, seed 0; payloads are the ids. */
export function ourRing(backend: BackendName, consumers: number): ConsistentHashRing<string> {
  const ring = new ConsistentHashRing<string>({ backend })
  for (const id of consumerIds(consumers)) ring.addConsumer(id, id)
  return ring
}

/** hashring with its defaults: MD5, 40 vnodes × 4 replicas = 160 points per server, LRU of 5,000. */
export function hashring(consumers: number): HashRing {
  return new HashRing(consumerIds(consumers))
}

/**
 * consistent-hash's range of control points. Its default (100,003) cannot hold 1,000 consumers
 * of 160 points; its README says to widen the range to 1,000,003 for more nodes.
 */
export const CONSISTENT_HASH_RANGE = 1_000_003

/** consistent-hash with 160 control points per node (as ours and hashring), at random positions. */
export function consistentHash(consumers: number): ConsistentHash<string> {
  const ring = new ConsistentHash<string>({ range: CONSISTENT_HASH_RANGE, weight: 160 })
  for (const id of consumerIds(consumers)) ring.add(id)
  return ring
}

/** `keys` cut into views of exactly {@link BATCH} keys (a shorter tail is dropped); no key is copied. */
function jumpBatches(keys: BigUint64Array): BigUint64Array[] {
  const batches: BigUint64Array[] = []
  for (let start = 0; start + BATCH <= keys.length; start += BATCH)
    batches.push(keys.subarray(start, start + BATCH))
  return batches
}

/** One of our backends through the public API, with `{ backend }` on every call. */
export function ourBackend(backend: BackendName): Contender {
  const options = { backend } as const
  return {
    name: ourContender(backend),
    kind: 'ours',
    build(consumers) {
      const ids = consumerIds(consumers)
      return () => {
        const ring = new ConsistentHashRing<string>(options)
        for (let k = 0; k < ids.length; k++) ring.addConsumer(ids[k], ids[k])
        sink = ring.getConsumer('x')
      }
    },
    ...ringTimers(
      (consumers) => ourRing(backend, consumers),
      (ring, key) => ring.getConsumer(key),
      (ring, key) => ring.getConsumers(key, 3),
    ),
    lookupMany(consumers, batches) {
      const ring = ourRing(backend, consumers)
      let b = 0
      return () => {
        sink = ring.getConsumerMany(batches[b])
        if (++b === batches.length) b = 0
      }
    },
    lookupPacked(consumers, batches) {
      const ring = ourRing(backend, consumers)
      const out = new Int32Array(BATCH)
      let b = 0
      return () => {
        sink = ring.getSlotMany(batches[b], out)
        if (++b === batches.length) b = 0
      }
    },
    jump(buckets, keys) {
      // Plain bigints, as a caller holding 64-bit ids would pass them; reading a BigUint64Array
      // in the loop would add a BigInt allocation per call.
      return jumpTimer(Array.from(keys), buckets, options)
    },
    jumpMany(buckets, keys) {
      return jumpManyTimer(jumpBatches(keys), buckets, options)
    },
    hashXxh3(keys) {
      let i = 0
      return () => {
        sink = xxh3(keys[i], 0n, options)
        if (++i === keys.length) i = 0
      }
    },
    hashXxh64(keys) {
      let i = 0
      return () => {
        sink = xxh64(keys[i], 0n, options)
        if (++i === keys.length) i = 0
      }
    },
  }
}

const hashringTimers = ringTimers(
  hashring,
  (ring, key) => ring.get(key),
  (ring, key) => ring.range(key, 3),
)

/** hashring: every lookup misses its LRU cache on cold keys (and hits it on the repeated-key case). */
export const hashringContender: Contender = {
  name: 'hashring',
  kind: 'peer',
  note: 'MD5 ketama ring; LRU cache of 5,000 keys',
  build(consumers) {
    const ids = consumerIds(consumers)
    return () => {
      const ring = new HashRing(ids)
      sink = ring.get('x')
    }
  },
  ...hashringTimers,
  // The MementoHash comparison: get on N servers, as lookup (the same call on the same keys, so
  // sharing its timed function leaves the feedback as it is).
  memento: hashringTimers.lookup,
}

/** consistent-hash: a 24-bit PJW hash over a sorted array of control points. */
export const consistentHashContender: Contender = {
  name: CONSISTENT_HASH,
  kind: 'peer',
  note: 'random control points (Math.random): placement differs between processes',
  build(consumers) {
    const ids = consumerIds(consumers)
    return () => {
      const ring = new ConsistentHash<string>({ range: CONSISTENT_HASH_RANGE, weight: 160 })
      for (let k = 0; k < ids.length; k++) ring.add(ids[k])
      sink = ring.get('x') // it sorts its points on the first lookup
    }
  },
  ...ringTimers(
    consistentHash,
    (ring, key) => ring.get(key),
    (ring, key) => ring.get(key, 3),
  ),
}

/** @subspace/jump-consistent-hash: jump hash in BigInt arithmetic, keys as 8 big-endian bytes. */
export const subspaceJumpContender: Contender = {
  name: '@subspace/jump-consistent-hash',
  kind: 'peer',
  note: 'BigInt arithmetic; key as 8 big-endian bytes',
  jump(buckets, keys) {
    const views = bigEndianViews(keys)
    let i = 0
    return () => {
      sink = jumpConsistentHash(views[i], buckets)
      if (++i === views.length) i = 0
    }
  },
}

/** @node-rs/xxhash: xxhash-rust through napi-rs, the closest peer of our native backend. */
export const nodeRsXxhashContender: Contender = {
  name: '@node-rs/xxhash',
  kind: 'peer',
  hashXxh3(keys) {
    const hash = nodeXxhash.xxh3.xxh64
    let i = 0
    return () => {
      sink = hash(keys[i])
      if (++i === keys.length) i = 0
    }
  },
  hashXxh64(keys) {
    const hash = nodeXxhash.xxh64
    let i = 0
    return () => {
      sink = hash(keys[i])
      if (++i === keys.length) i = 0
    }
  },
}

/** xxhash-wasm, which must be instantiated first; it has XXH32 and XXH64 but no XXH3. */
export async function xxhashWasmContender(): Promise<Contender> {
  const { h64 } = await xxhashWasm()
  return {
    name: 'xxhash-wasm',
    kind: 'peer',
    note: 'XXH64 only (no XXH3)',
    hashXxh64(keys) {
      let i = 0
      return () => {
        sink = h64(keys[i])
        if (++i === keys.length) i = 0
      }
    },
  }
}

/** Every contender, ours first (one per available backend, fastest first), then the peers. */
export async function loadContenders(backends: readonly BackendName[]): Promise<Contender[]> {
  return [
    ...backends.map(ourBackend),
    ...backends.flatMap(mementoContenders),
    ...backends.map(ketamaContender),
    hashringContender,
    consistentHashContender,
    subspaceJumpContender,
    nodeRsXxhashContender,
    await xxhashWasmContender(),
  ]
}
