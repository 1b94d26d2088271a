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

  it('hashes strings by the key rules: empty, non-ASCII, lone surrogates as U+FFFD', () => {
    // XXH3 of each key's bytes checked against the fixture (xxhash.json via xxh3), then jumped as
    // the 64-bit integer it is: the string path must give what the integer path gives.
    const viaHash = (key: string | Uint8Array, buckets: number) =>
      jumpHash(xxh3(key, 0n, { backend }), buckets, { backend })
    const fffd = new Uint8Array([0xef, 0xbf, 0xbd])
    const keys = [
      '',
      'a',
      'é',
      '日本',
      '😀',
      '\uD800',
      'x\uDFFFy',
      '\uDBFF',
      `${'a'.repeat(254)}😀`,
      'k'.repeat(1000),
    ]
    for (const buckets of [1, 3, 1000, 2 ** 31 - 1]) {
      for (const key of keys)
        expect(jumpHash(key, buckets, { backend }), JSON.stringify(key)).toBe(viaHash(key, buckets))
      expect(jumpHash('\uD800', buckets, { backend })).toBe(jumpHash(fffd, buckets, { backend }))
      expect(jumpHash('\uD800', buckets, { backend })).toBe(jumpHash('\uFFFD', buckets, { backend }))
      expect(jumpHash(new Uint8Array(0), buckets, { backend })).toBe(jumpHash('', buckets, { backend }))
    }
  })

  it('gives each string case its answer in a batch, alone and among integers', () => {
    for (const c of fixture.string_cases) {
      const bytes = new TextEncoder().encode(c.text)
      expect([...jumpHashMany([c.text], c.buckets, { backend })], c.text).toEqual([c.bucket])
      expect([...jumpHashMany([bytes, c.text], c.buckets, { backend })], c.text).toEqual([c.bucket, c.bucket])
      const int = fixture.cases[0]
      const mixed = [1n, c.text, 1, bytes, BigInt(`0x${c.xxh3}`)]
      const expected = [
        jumpHash(1n, c.buckets, { backend }),
        c.bucket,
        jumpHash(1, c.buckets, { backend }),
        c.bucket,
        c.bucket,
      ]
      expect([...jumpHashMany(mixed, c.buckets, { backend })], c.text).toEqual(expected)
      expect([...jumpHashMany([c.text, BigInt(int.key)], int.buckets, { backend })][1]).toBe(int.bucket)
    }
  })

  it('gives the single answers of string and bytes keys across the chunks of a long batch', () => {
    // 40,000 keys: past wasm's 16,384 keys per crossing and native's 32,768 units per joined string.
    const keys = Array.from({ length: 40_000 }, (_, k) => (k % 7 === 0 ? `é${k}` : `key-${k}`))
    const encoder = new TextEncoder()
    const mixed = keys.map((key, k) => (k % 3 === 0 ? encoder.encode(key) : k % 11 === 0 ? BigInt(k) : key))
    for (const buckets of [1, 1000]) {
      const single = mixed.map((key) => jumpHash(key, buckets, { backend }))
      expect([...jumpHashMany(keys, buckets, { backend })]).toEqual(
        keys.map((key) => jumpHash(key, buckets, { backend })),
      )
      expect([...jumpHashMany(mixed, buckets, { backend })]).toEqual(single)
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
