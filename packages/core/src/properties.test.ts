import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ConsistentHashRing, DEFAULT_VNODES } from './index.js'
import { backendsUnderTest } from './test/backends.js'

/** The documented bound (README, docs/placement.md): max/mean load with 100 consumers at default vnodes. */
const LOAD_BOUND = 1.3

const ids = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 12 })
const keys = fc.array(fc.oneof(fc.string(), fc.uint8Array({ maxLength: 40 }), fc.integer()), {
  minLength: 1,
  maxLength: 150,
})
const vnodes = fc.integer({ min: 1, max: 48 })
const weight = fc.double({ min: 0.1, max: 4, noNaN: true })

describe.each(backendsUnderTest())('placement properties on the %s backend', (backend) => {
  const make = (v: number, members: string[]) => {
    const ring = new ConsistentHashRing<string>({ backend, vnodes: v })
    for (const id of members) ring.addConsumer(id, id)
    return ring
  }

  it('adding a consumer moves keys only to it', () => {
    fc.assert(
      fc.property(ids, fc.string({ minLength: 1 }), keys, vnodes, (members, added, sample, v) => {
        fc.pre(!members.includes(added))
        const ring = make(v, members)
        const before = ring.getConsumerMany(sample)
        ring.addConsumer(added, added)
        const after = ring.getConsumerMany(sample)
        for (const [k, owner] of after.entries()) expect(owner === before[k] || owner === added).toBe(true)
      }),
      { numRuns: 60 },
    )
  })

  it('removing a consumer moves only its keys', () => {
    fc.assert(
      fc.property(ids, keys, vnodes, fc.nat(), (members, sample, v, pick) => {
        const ring = make(v, members)
        const removed = members[pick % members.length]
        const before = ring.getConsumerMany(sample)
        ring.removeConsumer(removed)
        const after = ring.getConsumerMany(sample)
        after.forEach((owner, k) => {
          if (before[k] !== removed) expect(owner).toBe(before[k])
          else expect(owner).not.toBe(removed)
        })
      }),
      { numRuns: 60 },
    )
  })

  it('re-weighting a consumer moves keys only to or from it', () => {
    fc.assert(
      fc.property(ids, keys, vnodes, fc.nat(), weight, (members, sample, v, pick, w) => {
        fc.pre(Math.round(w * v) >= 1)
        const ring = make(v, members)
        const changed = members[pick % members.length]
        const before = ring.getConsumerMany(sample)
        ring.addConsumer(changed, changed, { weight: w })
        const after = ring.getConsumerMany(sample)
        for (const [k, owner] of after.entries()) {
          expect(owner === before[k] || owner === changed || before[k] === changed).toBe(true)
        }
      }),
      { numRuns: 60 },
    )
  })

  it('gives distinct replicas led by the owner', () => {
    fc.assert(
      fc.property(ids, keys, vnodes, fc.integer({ min: 0, max: 20 }), (members, sample, v, n) => {
        const ring = make(v, members)
        for (const key of sample) {
          const replicas = ring.getConsumers(key, n)
          expect(replicas.length).toBe(Math.min(n, members.length))
          expect(new Set(replicas).size).toBe(replicas.length)
          if (n > 0) expect(replicas[0]).toBe(ring.getConsumer(key))
        }
      }),
      { numRuns: 60 },
    )
  })

  it(`keeps the busiest of 100 consumers within ${LOAD_BOUND}× the mean over 100k keys`, () => {
    const ring = new ConsistentHashRing<number>({ backend })
    for (let c = 0; c < 100; c++) ring.addConsumer(`node-${c}`, c)
    expect(ring.pointCount).toBe(100 * DEFAULT_VNODES)
    const load = new Array<number>(100).fill(0)
    const sample = Array.from({ length: 100_000 }, (_, k) => `key-${k}`)
    for (const owner of ring.getConsumerMany(sample)) load[owner as number]++
    const mean = sample.length / 100
    const ratio = Math.max(...load) / mean
    expect(ratio).toBeGreaterThan(1)
    expect(ratio).toBeLessThan(LOAD_BOUND)
  })
})
