/**
 * KetamaRing as a contender: compat 'hashring' on each backend against npm hashring
 * itself, on the same servers (`node-0 …`), options and cold keys, so the two place every key alike.
 */
import { type BackendName, KetamaRing } from '@chash/core'
import { type Contender, consumerIds, ringTimers } from './contenders.js'

/** The contender name of KetamaRing on a backend, e.g. `chash ketama native`. */
export function ketamaContenderName(backend: string): string {
  return `chash ketama ${backend}`
}

// Every timed function stores its result here, so the optimiser cannot drop the call.
let sink: unknown

/** KetamaRing({ compat: 'hashring' }) of `consumers` servers, weight 1, payloads the ids. */
export function ketamaRing(backend: BackendName, consumers: number): KetamaRing<string> {
  const ring = new KetamaRing<string>({ backend, compat: 'hashring' })
  for (const id of consumerIds(consumers)) ring.addConsumer(id, id)
  ring.getConsumer('') // the continuum is built before the first lookup, outside the timing
  return ring
}

/** KetamaRing on one backend: builds, single lookups and 3 replicas. */
export function ketamaContender(backend: BackendName): Contender {
  return {
    name: ketamaContenderName(backend),
    kind: 'ours',
    note: "KetamaRing({ compat: 'hashring' }): hashring's placement, md5",
    build(consumers) {
      return () => {
        sink = ketamaRing(backend, consumers)
      }
    },
    ...ringTimers(
      (consumers) => ketamaRing(backend, consumers),
      (ring, key) => ring.getConsumer(key),
      (ring, key) => ring.getConsumers(key, 3),
    ),
  }
}

/** The last value a timed function produced. */
export function lastKetamaResult(): unknown {
  return sink
}
