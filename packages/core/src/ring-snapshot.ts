/** Snapshots of {@link ConsistentHashRing}: what `toJSON` writes and `fromJSON` reads. */
import type { BackendChoice } from './backend/select.js'
import { rangeError, typeError } from './errors.js'
import { MAX_POINTS_PER_CONSUMER } from './limits.js'
import type { ConsistentHashRing } from './ring.js'
import { readArray, readHeader, readObject, SNAPSHOT_VERSION, type SnapshotHeader } from './snapshot.js'
import { checkId, checkInteger, describe } from './validate.js'

/** What {@link ConsistentHashRing.toJSON} writes: options, ids and weights, no payloads. */
export interface RingSnapshot extends SnapshotHeader<'chash/ring'> {
  /** Points per unit of weight. */
  vnodes: number
  /** The consumers (their order does not change placement). */
  consumers: Array<{ id: string; weight: number }>
}

/** The snapshot of `ring`, whose seed is `seed`. */
export function ringSnapshot(ring: ConsistentHashRing<unknown>, seed: bigint): RingSnapshot {
  return {
    kind: 'chash/ring',
    version: SNAPSHOT_VERSION,
    hash: ring.hash,
    seed: seed.toString(),
    vnodes: ring.vnodes,
    consumers: ring.consumerIds().map((id) => ({ id, weight: ring.getWeight(id) as number })),
  }
}

/** The options and consumers of a ring snapshot, checked; the ring builds itself from them. */
export function readRingSnapshot(
  snapshot: unknown,
  options: unknown,
): {
  ringOptions: { hash: 'xxh3' | 'xxh64'; seed: bigint; vnodes: number; backend?: BackendChoice }
  consumers: Array<{ id: string; weight: number }>
  info: (id: string) => unknown
} {
  const { info, backend } = readObject(options, 'options')
  if (typeof info !== 'function') throw typeError(`options.info must be a function, got ${describe(info)}`)
  const { record, hash, seed } = readHeader(snapshot, 'chash/ring', ['vnodes', 'consumers'])
  const vnodes = checkInteger(record.vnodes, 'snapshot.vnodes', 1, MAX_POINTS_PER_CONSUMER)
  const seen = new Set<string>()
  const consumers = readArray(record.consumers, 'snapshot.consumers').map((value, k) => {
    const path = `snapshot.consumers[${k}]`
    const { id, weight, ...rest } = readObject(value, path)
    if (Object.keys(rest).length > 0)
      throw typeError(`${path} has an unknown field ${describe(Object.keys(rest)[0])}`)
    checkId(id, `${path}.id`)
    if (seen.has(id)) throw rangeError(`${path}.id ${describe(id)} appears twice`)
    seen.add(id)
    if (typeof weight !== 'number')
      throw typeError(`${path}.weight must be a number, got ${describe(weight)}`)
    return { id, weight }
  })
  return {
    ringOptions: { hash, seed, vnodes, backend: backend as BackendChoice | undefined },
    consumers,
    info: info as (id: string) => unknown,
  }
}
