/**
 * MementoHash and MementoRing on every backend against the js one, side by side: random sequences
 * of removals, additions, lookups, batches (arrays and packed), replicas, snapshots and bad input
 * must give identical results and identical errors (class and message) at every step.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type Key, KeyBatch, MementoHash, MementoRing } from './index.js'
import { backendsUnderTest } from './test/backends.js'
import { expectSameOutcomes, outcome, type Step } from './test/outcome.js'

const others = backendsUnderTest().filter((name) => name !== 'js')

const key: fc.Arbitrary<Key> = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 241, maxLength: 400 }) },
  { weight: 1, arbitrary: fc.constantFrom('\uD800', '\uDC00x', '') },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 300 }) },
  { weight: 1, arbitrary: fc.maxSafeInteger() },
)
const badKey = fc.constantFrom<unknown>(null, 1.5, 1n, new Uint16Array(2), {})
const bucket = fc.oneof(
  { weight: 8, arbitrary: fc.nat(80) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(-1, 1.5, 2 ** 31, Number.NaN, '3') },
)
const id = fc.constantFrom(
  'a',
  'b',
  'c',
  'node-1',
  'node-2',
  'é',
  '日本',
  '😀',
  'x'.repeat(300),
  'd',
  'e',
  'f',
)

type Pair = { m: MementoHash; ring: MementoRing<string> }
type Op = Step<Pair, 'js' | 'native' | 'wasm'>

const op: fc.Arbitrary<Op> = fc.oneof(
  bucket.map((b) => ({
    label: `remove ${String(b)}`,
    run: (p: Pair) => [p.m.removeBucket(b as number), p.m.size],
  })),
  fc.constant({ label: 'add', run: (p: Pair) => [p.m.addBucket(), p.m.size] }),
  key.map((k) => ({ label: 'lookup', run: (p: Pair) => [p.m.getBucket(k), p.ring.getConsumerId(k)] })),
  fc.array(key, { maxLength: 30 }).map((keys) => ({
    label: `batch of ${keys.length}`,
    run: (p: Pair) => [
      Array.from(p.m.getBucketMany(keys)),
      Array.from(p.m.getBucketMany(KeyBatch.from(keys))),
      p.ring.getConsumerIdMany(keys),
    ],
  })),
  fc
    .tuple(key, fc.nat(6))
    .map(([k, n]) => ({ label: `replicas n=${n}`, run: (p: Pair) => p.ring.getConsumerIds(k, n) })),
  id.map((i) => ({ label: `add consumer ${i}`, run: (p: Pair) => p.ring.addConsumer(i, `info:${i}`).size })),
  id.map((i) => ({ label: `remove consumer ${i}`, run: (p: Pair) => p.ring.removeConsumer(i) })),
  badKey.map((k) => ({
    label: `bad key ${String(k)}`,
    run: (p: Pair) => [
      outcome(() => p.m.getBucket(k as Key)),
      outcome(() => p.m.getBucketMany(['ok', k as Key])),
      outcome(() => p.ring.getConsumers(k as Key, 2)),
    ],
  })),
  fc.constant({
    label: 'snapshot round trip',
    run: (p: Pair, backend: 'js' | 'native' | 'wasm') => {
      const m = MementoHash.fromJSON(JSON.parse(JSON.stringify(p.m)), { backend })
      const ring = MementoRing.fromJSON<string>(JSON.parse(JSON.stringify(p.ring)), {
        info: (i) => `info:${i}`,
        backend,
      })
      p.m = m
      p.ring = ring
      return [m.toJSON(), ring.toJSON()]
    },
  }),
)

describe.skipIf(others.length === 0)(
  'MementoHash and MementoRing give on every backend what js gives',
  () => {
    it(`on random operation sequences (${['js', ...others].join(', ')})`, { timeout: 300_000 }, () => {
      let operations = 0
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 60 }),
          fc.constantFrom<'xxh3' | 'xxh64'>('xxh3', 'xxh64'),
          fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n })),
          fc.array(op, { minLength: 40, maxLength: 150 }),
          (buckets, hash, seed, ops) => {
            const backends = ['js', ...others] as const
            const pairs: Pair[] = backends.map((backend) => ({
              m: new MementoHash(buckets, { hash, seed, backend }),
              ring: new MementoRing<string>({ hash, seed, backend }),
            }))
            expectSameOutcomes(backends, pairs, ops)
            operations += ops.length
          },
        ),
        { numRuns: 40, endOnFailure: true },
      )
      expect(operations).toBeGreaterThan(1500)
    })
  },
)
