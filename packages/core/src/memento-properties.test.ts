/** Properties of MementoHash (docs/placement.md §8) on random histories, on every backend. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { KeyBatch, MementoHash } from './index.js'
import { backendsUnderTest } from './test/backends.js'

const batch = KeyBatch.from(Array.from({ length: 4000 }, (_, i) => `prop-${i}`))

/** A MementoHash after a random history: `ops` removal picks (index into the working set) or additions (-1). */
function build(backend: 'js' | 'native' | 'wasm', buckets: number, ops: number[]): MementoHash {
  const m = new MementoHash(buckets, { backend })
  for (const pick of ops) {
    if (pick < 0 || m.size === 1) m.addBucket()
    else m.removeBucket(working(m)[pick % m.size])
  }
  return m
}

function working(m: MementoHash): number[] {
  const { buckets } = m.toJSON()
  return Array.from({ length: buckets }, (_, b) => b).filter((b) => m.isWorking(b))
}

const history = fc.tuple(
  fc.integer({ min: 2, max: 200 }),
  fc.array(fc.oneof(fc.nat(1000), fc.constant(-1)), { maxLength: 60 }),
)

describe.each(backendsUnderTest())('MementoHash properties on the %s backend', (backend) => {
  it('a removal moves only the removed bucket’s keys; adding it back restores every key', () => {
    fc.assert(
      fc.property(history, fc.nat(1000), ([buckets, ops], pick) => {
        const m = build(backend, buckets, ops)
        if (m.size === 1) return
        const before = Array.from(m.getBucketMany(batch))
        const victim = working(m)[pick % m.size]
        m.removeBucket(victim)
        const after = m.getBucketMany(batch)
        // One expect per history, not per key: fast-check runs this 60 times over 4,000 keys.
        const wrong = before.filter((b, k) => (b === victim ? !m.isWorking(after[k]) : after[k] !== b))
        expect(wrong).toEqual([])
        expect(m.addBucket()).toBe(victim)
        expect(Array.from(m.getBucketMany(batch))).toEqual(before)
      }),
      { numRuns: 60 },
    )
  })

  it('an addition moves only keys to the added bucket', () => {
    fc.assert(
      fc.property(history, ([buckets, ops]) => {
        const m = build(backend, buckets, ops)
        const before = m.getBucketMany(batch)
        const added = m.addBucket()
        const after = m.getBucketMany(batch)
        expect(after.filter((b, k) => b !== before[k] && b !== added)).toEqual(new Int32Array(0))
      }),
      { numRuns: 60 },
    )
  })

  it('keeps every working bucket within ±15 % of the mean (2,000 keys a bucket: ±6.7 σ)', () => {
    const many = KeyBatch.from(Array.from({ length: 140_000 }, (_, i) => `bal-${i}`))
    const m = build(
      backend,
      100,
      Array.from({ length: 30 }, (_, i) => (i * 7919) % 1000),
    )
    const counts = new Map<number, number>()
    for (const b of m.getBucketMany(many)) counts.set(b, (counts.get(b) ?? 0) + 1)
    expect(counts.size).toBe(70)
    const mean = 140_000 / 70
    for (const c of counts.values()) {
      expect(c / mean).toBeLessThan(1.15)
      expect(c / mean).toBeGreaterThan(0.85)
    }
  })
})
