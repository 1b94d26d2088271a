/**
 * Balance and movement of each placement: how evenly 100,000 keys spread over 10 and 100 consumers,
 * and how many keys change owner when one consumer of 10 leaves. These are counts, not timings, so
 * every run gives the same figures (except consistent-hash, whose points are random).
 */
import { type BackendName, ConsistentHashRing, jumpHashMany, xxh3 } from '@chash/core'
import { consistentHash, consumerIds, hashring } from './contenders.js'
import { makeKeys } from './keys.js'

/** Keys placed for the balance figures. */
export const BALANCE_KEYS = 100_000
/** Their length (the headline key length). */
export const BALANCE_KEY_LENGTH = 22
/** Ring sizes whose load is measured. */
export const BALANCE_CONSUMERS = [10, 100] as const
/** Consumers before one leaves, for the movement figures; the one that leaves is the last, `node-9`. */
export const MOVEMENT_CONSUMERS = 10

/** How evenly keys spread over consumers. */
export interface LoadStats {
  consumers: number
  keys: number
  /** Keys of the busiest consumer over the mean (1 is perfect). */
  maxOverMean: number
  /** Keys of the idlest consumer over the mean. */
  minOverMean: number
  /** Population standard deviation of the per-consumer load over the mean. */
  stdevOverMean: number
}

/** What happens when one consumer of {@link MOVEMENT_CONSUMERS} leaves. */
export interface MovementStats {
  consumersBefore: number
  removed: string
  /** Fraction of all keys whose owner changed. */
  moved: number
  /** Fraction of all keys that were on the consumer that left: they must move. */
  lost: number
  /** Fraction of the other consumers' keys that moved although their owner stayed (0 is ideal). */
  survivorsMoved: number
}

/** The balance and movement figures of one placement. */
export interface PlacementBalance {
  placement: string
  note?: string
  loads: LoadStats[]
  movement: MovementStats
}

/** Load statistics of an owner array: `owners[k]` is the consumer index (0 … consumers−1) of key k. */
export function loadStats(owners: ArrayLike<number>, consumers: number): LoadStats {
  const counts = new Float64Array(consumers)
  for (let k = 0; k < owners.length; k++) counts[owners[k]]++
  const mean = owners.length / consumers
  let max = 0
  let min = Number.POSITIVE_INFINITY
  let squares = 0
  for (const c of counts) {
    max = Math.max(max, c)
    min = Math.min(min, c)
    squares += (c - mean) ** 2
  }
  return {
    consumers,
    keys: owners.length,
    maxOverMean: max / mean,
    minOverMean: min / mean,
    stdevOverMean: Math.sqrt(squares / consumers) / mean,
  }
}

/** Movement between two owner arrays when consumer `removed` (an index) left between them. */
export function movementStats(
  before: ArrayLike<number>,
  after: ArrayLike<number>,
  removed: number,
  consumersBefore: number,
): MovementStats {
  let moved = 0
  let lost = 0
  let survivorsMoved = 0
  for (let k = 0; k < before.length; k++) {
    if (before[k] === removed) lost++
    if (before[k] !== after[k]) {
      moved++
      if (before[k] !== removed) survivorsMoved++
    }
  }
  const total = before.length
  return {
    consumersBefore,
    removed: `node-${removed}`,
    moved: moved / total,
    lost: lost / total,
    survivorsMoved: total === lost ? 0 : survivorsMoved / (total - lost),
  }
}

/** A placement, as the balance figures use it. */
interface Placement {
  name: string
  note?: string
  /** The owner index of every key with `consumers` consumers. */
  owners(keys: readonly string[], consumers: number): Int32Array
  /** The owners with `consumers` consumers, then after the last one left, from one instance. */
  beforeAndAfter(keys: readonly string[], consumers: number): [Int32Array, Int32Array]
}

/** `node-17` → 17; no owner → -1. */
function indexOfId(id: string | null | undefined): number {
  return id === undefined || id === null ? -1 : Number(id.slice('node-'.length))
}

function fromIds(ids: ReadonlyArray<string | null | undefined>): Int32Array {
  return Int32Array.from(ids, indexOfId)
}

function xxh3All(keys: readonly string[]): BigUint64Array {
  return BigUint64Array.from(keys, (key) => xxh3(key))
}

/** A placement backed by a mutable ring: build it, look every key up, remove the last consumer. */
function ringPlacement<R>(
  name: string,
  build: (consumers: number) => R,
  lookupAll: (ring: R, keys: readonly string[]) => Int32Array,
  remove: (ring: R, id: string) => void,
  note?: string,
): Placement {
  return {
    name,
    ...(note === undefined ? {} : { note }),
    owners: (keys, n) => lookupAll(build(n), keys),
    beforeAndAfter: (keys, n) => {
      // One instance throughout, as in a running process (it matters for consistent-hash's random points).
      const ring = build(n)
      const before = lookupAll(ring, keys)
      remove(ring, `node-${n - 1}`)
      return [before, lookupAll(ring, keys)]
    },
  }
}

/** A peer's ring, which names a key's owner with `get(key)` and drops a consumer with `remove(id)`. */
function peerPlacement(
  name: string,
  make: (consumers: number) => { get(key: string): string | null | undefined; remove(id: string): unknown },
  note?: string,
): Placement {
  return ringPlacement(
    name,
    make,
    (ring, keys) => fromIds(keys.map((key) => ring.get(key))),
    (ring, id) => {
      ring.remove(id)
    },
    note,
  )
}

/** The placements compared; `backend` runs our ring and jump hash (every backend places alike). */
export function placements(backend: BackendName): Placement[] {
  const jump = (keys: readonly string[], n: number) =>
    Int32Array.from(jumpHashMany(xxh3All(keys), n, { backend }))
  const modulo = (keys: readonly string[], n: number) =>
    Int32Array.from(xxh3All(keys), (h) => Number(h % BigInt(n)))
  return [
    ringPlacement(
      'chash ring',
      (n) => {
        const ring = new ConsistentHashRing<null>({ backend })
        for (const id of consumerIds(n)) ring.addConsumer(id, null)
        return ring
      },
      (ring, keys) => fromIds(ring.getConsumerIdMany(keys)),
      (ring, id) => {
        ring.removeConsumer(id)
      },
    ),
    peerPlacement('hashring', hashring),
    peerPlacement(
      'consistent-hash',
      consistentHash,
      'random control points: its figures change from run to run',
    ),
    {
      name: 'jump hash',
      note: 'only the last bucket can leave',
      owners: jump,
      beforeAndAfter: (keys, n) => [jump(keys, n), jump(keys, n - 1)],
    },
    {
      name: 'modulo',
      note: 'xxh3(key) mod N',
      owners: modulo,
      beforeAndAfter: (keys, n) => [modulo(keys, n), modulo(keys, n - 1)],
    },
  ]
}

/** Balance and movement of every placement over {@link BALANCE_KEYS} keys of {@link BALANCE_KEY_LENGTH} bytes. */
export function measureBalance(backend: BackendName): PlacementBalance[] {
  const keys = makeKeys(BALANCE_KEY_LENGTH, BALANCE_KEYS)
  return placements(backend).map((p) => {
    const [before, after] = p.beforeAndAfter(keys, MOVEMENT_CONSUMERS)
    return {
      placement: p.name,
      ...(p.note === undefined ? {} : { note: p.note }),
      loads: BALANCE_CONSUMERS.map((n) => loadStats(p.owners(keys, n), n)),
      movement: movementStats(before, after, MOVEMENT_CONSUMERS - 1, MOVEMENT_CONSUMERS),
    }
  })
}
