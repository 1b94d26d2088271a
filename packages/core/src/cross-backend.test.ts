/**
 * Every backend against the js one, side by side: random sequences of thousands of operations
 * (adds, re-weights, removes, lookups, replicas, batches (arrays and packed), jump hash, key hashes, bad input) run on
 * a ring per backend, and every result and every error (class and message) must be identical at
 * every step. Generic over the available backends, so a new backend joins by loading.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  ConsistentHashRing,
  type JumpKey,
  jumpHash,
  jumpHashMany,
  type Key,
  KeyBatch,
  xxh3,
  xxh64,
} from './index.js'
import { backendsUnderTest } from './test/backends.js'
import { testEnv } from './test/env.js'
import { expectSameOutcomes, outcome, type Step } from './test/outcome.js'

const others = backendsUnderTest().filter((name) => name !== 'js')

/**
 * The random histories are the same on every run (a fixed seed), so CI is reproducible. For a
 * longer hunt locally, e.g.:
 *   CHASH_FUZZ_RUNS=2000 CHASH_FUZZ_SEED=$RANDOM pnpm --filter @chash/core exec vitest run src/cross-backend.test.ts
 * (a failure prints its seed and path; set CHASH_FUZZ_SEED to replay it).
 */
const FUZZ_RUNS = Number(testEnv('CHASH_FUZZ_RUNS') || 30)
const FUZZ_SEED = Number(testEnv('CHASH_FUZZ_SEED') || 20261202)

// Keys of every length class: empty, the XXH3 size classes (1–16, 17–128, 129–240, 241+), across
// 255/256 UTF-16 units (the native stack buffer's edge), a few thousand, and 1 MB.
const MEGA_ASCII = 'k'.repeat(1 << 20)
const MEGA_MIXED = 'é€𝄞\uD800'.repeat(1 << 18)
const MEGA_BYTES = Uint8Array.from({ length: 1 << 20 }, (_, i) => (i * 31) & 0xff)

/** One UTF-16 code unit, biased to ASCII, with multi-byte characters and (often lone) surrogates. */
const codeUnit = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
  { weight: 2, arbitrary: fc.integer({ min: 0x80, max: 0x7ff }) },
  { weight: 2, arbitrary: fc.integer({ min: 0x800, max: 0xffff }) },
  { weight: 2, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }) },
)

const stringOf = (minLength: number, maxLength: number) =>
  fc
    .array(fc.oneof({ weight: 9, arbitrary: codeUnit }, { weight: 1, arbitrary: fc.constant(-1) }), {
      minLength,
      maxLength,
    })
    // -1 stands for a well-formed astral character (a surrogate pair).
    .map((units) => units.map((u) => (u === -1 ? '😀' : String.fromCharCode(u))).join(''))

const stringKey = fc.oneof(
  { weight: 2, arbitrary: fc.constant('') },
  { weight: 8, arbitrary: stringOf(1, 16) },
  { weight: 4, arbitrary: stringOf(17, 128) },
  { weight: 2, arbitrary: stringOf(129, 240) },
  { weight: 2, arbitrary: stringOf(250, 260) },
  { weight: 1, arbitrary: stringOf(1000, 3000) },
  { weight: 1, arbitrary: fc.constantFrom(MEGA_ASCII, MEGA_MIXED) },
)

const bytesKey = fc.oneof(
  { weight: 6, arbitrary: fc.uint8Array({ maxLength: 300 }) },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 1000, maxLength: 3000 }) },
  { weight: 1, arbitrary: fc.constant(MEGA_BYTES) },
)

const key: fc.Arbitrary<Key> = fc.oneof(
  { weight: 6, arbitrary: stringKey },
  { weight: 2, arbitrary: bytesKey },
  { weight: 1, arbitrary: fc.maxSafeInteger() },
)

const badKey = fc.constantFrom<unknown>(
  null,
  undefined,
  1.5,
  2 ** 53,
  Number.NaN,
  1n,
  new Uint16Array(2),
  ['a'],
  {},
)

const jumpKey: fc.Arbitrary<JumpKey> = fc.oneof(
  fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
  fc.maxSafeNat(),
  stringKey,
  bytesKey,
)

// A small pool, so that re-weights and removals hit consumers on the ring.
const id = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('a', 'b', 'node-1', 'node-2', 'é', '日本', '😀', 'x'.repeat(300)) },
  { weight: 1, arbitrary: stringOf(1, 20) },
)

const weight = fc.oneof(
  { weight: 8, arbitrary: fc.double({ min: 0.05, max: 4, noNaN: true }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<unknown>(0, -1, Number.NaN, Number.POSITIVE_INFINITY, 1e9, 0.0001, '2'),
  },
)

const seed = fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }))
const buckets = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 1, max: 2 ** 31 - 1 }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(0, -1, 1.5, 2 ** 31, Number.NaN, '3') },
)

type Ring = ConsistentHashRing<string>

/** One operation: a label for failure messages and what it does on a ring of a backend. */
type Op = Step<Ring, string>

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.tuple(id, weight).map(([i, w]) => ({
    label: `add ${JSON.stringify(i)} weight ${String(w)}`,
    run: (ring: Ring) => ring.addConsumer(i, `info:${i}`, { weight: w as number }).size,
  })),
  id.map((i) => ({ label: `remove ${JSON.stringify(i)}`, run: (ring: Ring) => ring.removeConsumer(i) })),
  fc.constant({
    label: 'state',
    run: (ring: Ring) => [ring.size, ring.pointCount, ring.consumerIds().sort()],
  }),
  key.map((k) => ({
    label: `lookup ${describeKey(k)}`,
    run: (ring: Ring) => [ring.getConsumerId(k), ring.getConsumer(k)],
  })),
  fc.tuple(key, fc.oneof(fc.nat(12), fc.constantFrom(2 ** 32 + 1, 1e15))).map(([k, n]) => ({
    label: `replicas ${describeKey(k)} n=${n}`,
    run: (ring: Ring) => [ring.getConsumerIds(k, n), ring.getConsumers(k, n)],
  })),
  fc.array(key, { maxLength: 40 }).map((keys) => ({
    label: `batch of ${keys.length}: ${keys.map(describeKey).join(', ')}`,
    run: (ring: Ring) => [ring.getConsumerIdMany(keys), ring.getConsumerMany(keys)],
  })),
  fc.array(stringKey, { maxLength: 40 }).map((keys) => ({
    label: `string batch of ${keys.length}`,
    run: (ring: Ring) => ring.getConsumerIdMany(keys),
  })),
  fc
    .tuple(fc.array(key, { maxLength: 40 }), fc.nat(8), fc.option(fc.nat(40), { nil: undefined }))
    .map(([keys, pad, corrupt]) => ({
      label: `packed batch of ${keys.length} after ${pad} bytes${corrupt === undefined ? '' : `, offsets[${corrupt}] changed`}: ${keys.map(describeKey).join(', ')}`,
      run: (ring: Ring) => {
        // The keys' bytes between padding, as a caller's own buffer would hold them.
        const packed = KeyBatch.from(keys)
        const bytes = new Uint8Array(2 * pad + packed.bytes.length).fill(0x7a)
        bytes.set(packed.bytes, pad)
        const batch = new KeyBatch(
          bytes,
          packed.offsets.map((at) => at + pad),
        )
        // Changed after the batch was made: it may now decrease or pass the end.
        if (corrupt !== undefined && corrupt < batch.offsets.length)
          batch.offsets[corrupt] = batch.offsets[corrupt] * 3 + 1
        return [outcome(() => ring.getSlotMany(batch)), outcome(() => ring.getConsumerIdMany(batch))]
      },
    })),
  badKey.map((k) => ({
    label: `bad key ${String(k)}`,
    run: (ring: Ring) => [
      outcome(() => ring.getConsumer(k as Key)),
      outcome(() => ring.getConsumers(k as Key, 2)),
      outcome(() => ring.getConsumerMany(['ok', k as Key])),
    ],
  })),
  fc.tuple(jumpKey, buckets).map(([k, b]) => ({
    label: `jumpHash ${describeKey(k)} into ${String(b)}`,
    run: (_: Ring, backend: string) => jumpHash(k, b as number, { backend: backend as 'js' }),
  })),
  fc.tuple(fc.array(jumpKey, { maxLength: 30 }), buckets, fc.boolean()).map(([keys, b, typed]) => ({
    label: `jumpHashMany of ${keys.length} into ${String(b)}${typed ? ' (BigUint64Array)' : ''}`,
    run: (_: Ring, backend: string) => {
      const input = typed ? BigUint64Array.from(keys.map((k) => (typeof k === 'bigint' ? k : 7n))) : keys
      return jumpHashMany(input, b as number, { backend: backend as 'js' })
    },
  })),
  fc.tuple(fc.oneof(stringKey, bytesKey), seed).map(([k, s]) => ({
    label: `xxh3/xxh64 ${describeKey(k)} seed ${s}n`,
    run: (_: Ring, backend: string) => [
      xxh3(k, s, { backend: backend as 'js' }),
      xxh64(k, s, { backend: backend as 'js' }),
    ],
  })),
)

function describeKey(k: unknown): string {
  if (typeof k === 'string') return k.length > 24 ? `string(${k.length})` : JSON.stringify(k)
  if (k instanceof Uint8Array) return `bytes(${k.length})`
  return typeof k === 'bigint' ? `${k}n` : String(k)
}

const ringOptions = fc.record({
  vnodes: fc.integer({ min: 1, max: 64 }),
  hash: fc.constantFrom<'xxh3' | 'xxh64'>('xxh3', 'xxh64'),
  seed,
})

describe.skipIf(others.length === 0)('every backend gives what the js backend gives', () => {
  it(
    `on random operation sequences (${['js', ...others].join(', ')})`,
    { timeout: 300_000 + FUZZ_RUNS * 10_000 },
    () => {
      let operations = 0
      fc.assert(
        fc.property(
          ringOptions,
          fc.array(op, { minLength: 60, maxLength: 200, size: 'max' }),
          (options, ops) => {
            const backends = ['js', ...others]
            const rings = backends.map(
              (backend) => new ConsistentHashRing<string>({ ...options, backend: backend as 'js' }),
            )
            expectSameOutcomes(backends, rings, ops)
            operations += ops.length
          },
        ),
        // No shrinking: sequences with 1 MB keys shrink for minutes; the label says what failed.
        { numRuns: FUZZ_RUNS, seed: FUZZ_SEED, endOnFailure: true },
      )
      expect(operations).toBeGreaterThan(FUZZ_RUNS * 60)
    },
  )

  it('on the edge cases of each key length class', () => {
    const keys: Key[] = [
      '',
      new Uint8Array(0),
      0,
      -0,
      -42,
      Number.MAX_SAFE_INTEGER,
      ...[1, 16, 17, 128, 129, 240, 241, 254, 255, 256, 257, 1024].flatMap((n) => [
        'a'.repeat(n),
        'é'.repeat(n),
      ]),
      '\uD800',
      '\uDFFF',
      '\uDBFF\uDFFF',
      `${'a'.repeat(254)}😀`,
      MEGA_ASCII,
      MEGA_MIXED,
      MEGA_BYTES,
    ]
    for (const hash of ['xxh3', 'xxh64'] as const) {
      const rings = ['js', ...others].map((backend) => {
        const ring = new ConsistentHashRing<string>({
          backend: backend as 'js',
          hash,
          seed: 12345n,
          vnodes: 40,
        })
        for (let c = 0; c < 25; c++) ring.addConsumer(`c${c}`, `c${c}`, { weight: 1 + (c % 3) })
        return ring
      })
      const results = rings.map((ring, b) => {
        const backend = { backend: (b === 0 ? 'js' : others[b - 1]) as 'js' }
        const hashKeys = keys.filter((k) => typeof k !== 'number')
        return [
          keys.map((k) => ring.getConsumerId(k)),
          keys.map((k) => ring.getConsumerIds(k, 4)),
          // More replicas than the native engine's first output buffer (16) holds.
          keys
            .slice(0, 8)
            .map((k) => ring.getConsumerIds(k, 25)),
          ring.getConsumerIdMany(keys),
          ring.getConsumerIdMany(keys.filter((k) => typeof k === 'string')),
          hashKeys.map((k) => jumpHash(k, 1000, backend)),
          Array.from(jumpHashMany(hashKeys, 2 ** 31 - 1, backend)),
          Array.from(jumpHashMany([...hashKeys, 5n, ...hashKeys], 7, backend)),
        ]
      })
      for (let b = 1; b < rings.length; b++) expect(results[b]).toEqual(results[0])
    }
  })
})
