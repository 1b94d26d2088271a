import { describe, expect, it } from 'vitest'
import { ConsistentHashRing, KeyBatch, MementoHash, MementoRing } from './index.js'
import { backendsUnderTest } from './test/backends.js'
import { thrown } from './test/thrown.js'

const backends = backendsUnderTest()
const batch = KeyBatch.from(Array.from({ length: 2000 }, (_, i) => `snap-${i}`))
const SEED = 0x9e3779b97f4a7c15n
const roundTrip = <T>(value: T): unknown => JSON.parse(JSON.stringify(value))

function sample(backend: 'js' | 'native' | 'wasm' = 'js') {
  const ring = new ConsistentHashRing<string>({ hash: 'xxh64', seed: SEED, vnodes: 50, backend })
  const mring = new MementoRing<string>({ seed: SEED, backend })
  const m = new MementoHash(40, { seed: SEED, backend })
  for (let i = 0; i < 12; i++) {
    ring.addConsumer(`n-${i}`, `info-${i}`, { weight: 1 + (i % 3) / 2 })
    mring.addConsumer(`n-${i}`, `info-${i}`)
  }
  for (const id of ['n-4', 'n-11', 'n-0']) {
    ring.removeConsumer(id)
    mring.removeConsumer(id)
  }
  for (const b of [7, 39, 38, 2]) m.removeBucket(b)
  m.addBucket()
  return { ring, mring, m }
}

describe.each(backends)('snapshots made on the %s backend', (from) => {
  it.each(backends)('restore identical placement on the %s backend', (to) => {
    const { ring, mring, m } = sample(from)
    expect([ring.backend, mring.backend, m.backend]).toEqual([from, from, from])
    const r2 = ConsistentHashRing.fromJSON<string>(roundTrip(ring), {
      info: (id) => `info-${id.slice(2)}`,
      backend: to,
    })
    const mr2 = MementoRing.fromJSON<string>(roundTrip(mring), {
      info: (id) => `info-${id.slice(2)}`,
      backend: to,
    })
    const m2 = MementoHash.fromJSON(roundTrip(m), { backend: to })
    expect([r2.backend, mr2.backend, m2.backend]).toEqual([to, to, to])
    expect(r2.getConsumerIdMany(batch)).toEqual(ring.getConsumerIdMany(batch))
    expect(r2.getConsumerMany(batch)).toEqual(ring.getConsumerMany(batch))
    expect(mr2.getConsumerIdMany(batch)).toEqual(mring.getConsumerIdMany(batch))
    expect(mr2.getConsumerMany(batch)).toEqual(mring.getConsumerMany(batch))
    expect(Array.from(m2.getBucketMany(batch))).toEqual(Array.from(m.getBucketMany(batch)))
    expect([r2.toJSON(), mr2.toJSON(), m2.toJSON()]).toEqual([ring.toJSON(), mring.toJSON(), m.toJSON()])
    // The restored state goes on exactly like the original.
    for (const r of [mring, mr2]) r.addConsumer('n-0', 'x').addConsumer('new', 'y')
    expect(mr2.getConsumerIdMany(batch)).toEqual(mring.getConsumerIdMany(batch))
    expect(m2.addBucket()).toBe(m.addBucket())
  })
}, 30_000)

describe('a bad snapshot', () => {
  const good = sample()
  const info = (id: string) => id
  const restore = {
    m: (s: unknown) => MementoHash.fromJSON(s),
    ring: (s: unknown) => ConsistentHashRing.fromJSON(s, { info }),
    mring: (s: unknown) => MementoRing.fromJSON(s, { info }),
  }
  type Snapshot = Record<string, unknown>
  /** Restores a copy of `good[kind]`'s snapshot with `edit` applied: fields to set, or a function. */
  const restored = (kind: keyof typeof restore, edit: Snapshot | ((s: Snapshot) => unknown)) => () => {
    const s = roundTrip(good[kind]) as Snapshot
    if (typeof edit === 'function') edit(s)
    else Object.assign(s, edit)
    return restore[kind](s)
  }
  const ids = (s: Snapshot) => s.ids as unknown[]
  const consumers = (s: Snapshot) => s.consumers as Array<Record<string, unknown>>

  it('throws an error naming what is wrong', () => {
    const cases: Array<[() => unknown, string, string]> = [
      [() => MementoHash.fromJSON(null), 'TypeError', 'snapshot must be an object, got null'],
      [
        () => MementoHash.fromJSON(roundTrip(good.ring)),
        'TypeError',
        'snapshot.kind must be "chash/memento-hash", got "chash/ring"',
      ],
      [
        restored('m', { version: 2 }),
        'RangeError',
        'snapshot.version 2 is newer than this release reads (1); upgrade @chash/core',
      ],
      [
        restored('m', (s) => delete s.removed),
        'TypeError',
        'snapshot.removed is missing (a truncated snapshot?)',
      ],
      [
        restored('m', { seed: 12 }),
        'TypeError',
        'snapshot.seed must be a decimal string of an integer in 0..2^64-1, got 12',
      ],
      [restored('m', { hash: 'md5' }), 'RangeError', `snapshot.hash must be 'xxh3' or 'xxh64', got "md5"`],
      [restored('m', { buckets: '40' }), 'TypeError', 'snapshot.buckets must be a number, got "40"'],
      [
        restored('m', { removed: [7, 7] }),
        'RangeError',
        'snapshot.removed[1] is 7, removed twice (a corrupted snapshot)',
      ],
      [
        restored('m', { removed: [1, 99] }),
        'RangeError',
        'snapshot.removed[1] must be an integer in 0..39, got 99',
      ],
      [restored('m', { extra: 1 }), 'TypeError', 'snapshot has an unknown field "extra"'],
      [
        restored('ring', (s) => {
          consumers(s)[1].weight = -1
        }),
        'RangeError',
        'snapshot.consumers[1]: weight must be a finite number above 0, got -1',
      ],
      [
        restored('ring', (s) => {
          consumers(s)[2].id = 'n-1'
        }),
        'RangeError',
        'snapshot.consumers[2].id "n-1" appears twice',
      ],
      [
        restored('ring', { vnodes: 0 }),
        'RangeError',
        'snapshot.vnodes must be an integer in 1..1048576, got 0',
      ],
      [
        () => ConsistentHashRing.fromJSON(roundTrip(good.ring), {} as never),
        'TypeError',
        'options.info must be a function, got undefined',
      ],
      [
        restored('mring', (s) => ids(s).pop()),
        'RangeError',
        'snapshot.ids must hold 12 entries (snapshot.memento.buckets), got 11',
      ],
      [
        restored('mring', (s) => {
          ids(s)[4] = 'n-4'
        }),
        'RangeError',
        'snapshot.ids[4] must be null: bucket 4 is removed',
      ],
      [
        restored('mring', (s) => {
          ids(s)[5] = 'n-6'
        }),
        'RangeError',
        'snapshot.ids[6] is "n-6", already in bucket 5',
      ],
      [
        restored('mring', (s) => {
          ids(s)[5] = 5
        }),
        'TypeError',
        'snapshot.ids[5] must be a string, got 5',
      ],
      [
        restored('mring', { memento: { buckets: 12 } }),
        'TypeError',
        'snapshot.memento: snapshot.removed must be an array, got undefined',
      ],
    ]
    for (const [f, type, message] of cases) expect(thrown(f)).toEqual({ type, message })
  })
})
