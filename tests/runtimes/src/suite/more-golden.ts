/**
 * The golden vectors of fixtures/memento.json and fixtures/ketama.json through @chash/core's public
 * API on one backend (tests/browser's golden.ts covers xxhash.json, jump.json and ring.json). Plain
 * comparisons, no test framework: it runs inside Bun, Deno and workerd.
 */
import type * as Core from '@chash/core'
import type { MementoFixture } from '../../../../packages/core/src/test/fixture-format.js'
import type { KetamaFixture } from '../../../../packages/core/src/test/ketama-fixture-format.js'

/** The parts of @chash/core these checks call. */
export type MoreCoreApi = Pick<typeof Core, 'MementoHash' | 'KetamaRing' | 'KeyBatch'>

/** Counts of one fixture file's checks. */
export interface Tally {
  passed: number
  failed: number
  failures: string[]
}

const newTally = (): Tally => ({ passed: 0, failed: 0, failures: [] })

function record(tally: Tally, what: string, expected: unknown, actual: () => unknown): void {
  let got: unknown
  try {
    got = actual()
  } catch (error) {
    got = `threw ${error instanceof Error ? error.message : String(error)}`
  }
  if (JSON.stringify(got) === JSON.stringify(expected)) {
    tally.passed++
    return
  }
  tally.failed++
  if (tally.failures.length < 10) {
    const short = (value: unknown) => JSON.stringify(value)?.slice(0, 200)
    tally.failures.push(`${what}: expected ${short(expected)}, got ${short(got)}`)
  }
}

/** memento.json: every check step's buckets, one key at a time and as a KeyBatch; sizes after each change. */
export function checkMemento(core: MoreCoreApi, backend: string, fixture: MementoFixture): Tally {
  const tally = newTally()
  for (const scenario of fixture.scenarios) {
    const keys = [...Array.from({ length: scenario.key_count }, (_, i) => `key-${i}`), ...fixture.extra_keys]
    const batch = core.KeyBatch.from(keys)
    const m = new core.MementoHash(scenario.buckets, {
      hash: fixture.hash,
      seed: BigInt(fixture.seed),
      backend: backend as 'js',
    })
    record(tally, `${scenario.name} backend`, backend, () => m.backend)
    scenario.steps.forEach((step, i) => {
      const where = `memento ${scenario.name} step ${i}`
      if ('check' in step) {
        const want = step.check.split(' ').map(Number)
        record(tally, where, want, () => keys.map((key) => m.getBucket(key)))
        record(tally, `${where} batch`, want, () => Array.from(m.getBucketMany(batch)))
      } else {
        if ('remove' in step) m.removeBucket(step.remove)
        else record(tally, `${where} addBucket`, step.add, () => m.addBucket())
        record(tally, `${where} size`, step.size, () => m.size)
      }
    })
  }
  return tally
}

/** ketama.json: every scenario's owners, `getConsumers(key, 3)` where given, and the batch call. */
export function checkKetama(core: MoreCoreApi, backend: string, fixture: KetamaFixture): Tally {
  const tally = newTally()
  for (const s of fixture.scenarios) {
    const ring = new core.KetamaRing<string>({
      backend: backend as 'js',
      compat: s.compat,
      vnodes: s.vnodes,
      ...(s.defaultPort === undefined ? {} : { defaultPort: s.defaultPort }),
    })
    for (const { server, weight } of s.servers) ring.addConsumer(server, server, { weight })
    const where = `ketama ${s.name}`
    record(tally, `${where} backend`, backend, () => ring.backend)
    if (s.point_count !== undefined)
      record(tally, `${where} pointCount`, s.point_count, () => ring.pointCount)
    for (const l of s.lookups) {
      record(tally, `${where} ${JSON.stringify(l.key)}`, l.owner, () => ring.getConsumerId(l.key))
      if (l.replicas3 !== undefined)
        record(tally, `${where} ${JSON.stringify(l.key)} replicas3`, l.replicas3, () =>
          ring.getConsumerIds(l.key, 3),
        )
    }
    record(
      tally,
      `${where} getConsumerIdMany`,
      s.lookups.map((l) => l.owner),
      () => ring.getConsumerIdMany(s.lookups.map((l) => l.key)),
    )
  }
  return tally
}
