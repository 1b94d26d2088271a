import { describe, expect, it } from 'vitest'
import { jumpHash, jumpHashMany, xxh3 } from './index.js'
import { backendsUnderTest } from './test/backends.js'
import { type JumpFixture, loadFixture } from './test/fixtures.js'

const fixture = loadFixture<JumpFixture>('jump.json')

describe.each(backendsUnderTest())('jump hash on the %s backend', (backend) => {
  it('matches the paper C++ on every golden case', () => {
    expect(fixture.cases.length).toBeGreaterThan(100)
    for (const c of fixture.cases) {
      expect(jumpHash(BigInt(c.key), c.buckets, { backend }), `key ${c.key} buckets ${c.buckets}`).toBe(
        c.bucket,
      )
    }
  })

  it('gives 0,0,2,1,1,2,0 for keys 1..7 with 3 buckets', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((key) => jumpHash(key, 3, { backend }))).toEqual([0, 0, 2, 1, 1, 2, 0])
  })

  it('takes safe integer numbers as the same key as the bigint', () => {
    const safe = fixture.cases.filter((c) => BigInt(c.key) <= BigInt(Number.MAX_SAFE_INTEGER))
    expect(safe.length).toBeGreaterThan(0) // so that this test cannot pass empty
    for (const c of safe) expect(jumpHash(Number(c.key), c.buckets, { backend }), c.key).toBe(c.bucket)
  })

  it('hashes string keys with XXH3-64 seed 0 first', () => {
    for (const c of fixture.string_cases) {
      expect(xxh3(c.text, 0n, { backend }).toString(16).padStart(16, '0')).toBe(c.xxh3)
      expect(jumpHash(c.text, c.buckets, { backend })).toBe(c.bucket)
      expect(jumpHash(new TextEncoder().encode(c.text), c.buckets, { backend })).toBe(c.bucket)
    }
  })

  it('gives the same answers in a batch', () => {
    const byBuckets = new Map<number, JumpFixture['cases']>()
    for (const c of fixture.cases) byBuckets.set(c.buckets, [...(byBuckets.get(c.buckets) ?? []), c])
    for (const [buckets, cases] of byBuckets) {
      const expected = cases.map((c) => c.bucket)
      const keys = BigUint64Array.from(cases.map((c) => BigInt(c.key)))
      expect([...jumpHashMany(keys, buckets, { backend })]).toEqual(expected)
      expect([
        ...jumpHashMany(
          cases.map((c) => BigInt(c.key)),
          buckets,
          { backend },
        ),
      ]).toEqual(expected)
    }
    const texts = fixture.string_cases.filter((c) => c.buckets === fixture.string_cases[0].buckets)
    expect([
      ...jumpHashMany(
        texts.map((c) => c.text),
        texts[0].buckets,
        { backend },
      ),
    ]).toEqual(texts.map((c) => c.bucket))
  })

  it('reads a BigUint64Array view at an offset in place', () => {
    const all = BigUint64Array.from(fixture.cases.slice(0, 40).map((c) => BigInt(c.key)))
    const view = all.subarray(10, 30)
    const single = [...view].map((key) => jumpHash(key, 1000, { backend }))
    expect([...jumpHashMany(view, 1000, { backend })]).toEqual(single)
  })

  it('gives the single answers across the chunks a long batch is cut into', () => {
    // 1,001 keys: past the native addon's 256-key steps and its 8-key lanes, with a remainder.
    const fixed = fixture.cases.map((c) => BigInt(c.key))
    const keys = BigUint64Array.from({ length: 1001 }, (_, k) => fixed[k % fixed.length] ^ BigInt(k))
    for (const buckets of [1, 7, 1000, 2 ** 31 - 1]) {
      const single = [...keys].map((key) => jumpHash(key, buckets, { backend }))
      expect([...jumpHashMany(keys, buckets, { backend })]).toEqual(single)
      expect([...jumpHashMany(keys.subarray(3, 600), buckets, { backend })]).toEqual(single.slice(3, 600))
    }
  })

  it('is monotone: growing the bucket count only moves keys to the new bucket', () => {
    for (let key = 0; key < 2000; key++) {
      const before = jumpHash(key * 7919, 10, { backend })
      const after = jumpHash(key * 7919, 11, { backend })
      expect(after === before || after === 10).toBe(true)
    }
  })
})
