import { describe, expect, it } from 'vitest'
import { ConsistentHashRing, KeyBatch, MementoHash, MementoRing } from './index.js'
import { backendsUnderTest } from './test/backends.js'
import { thrown } from './test/thrown.js'

const keys = Array.from({ length: 3000 }, (_, i) => `key-${i}`)

function ringOf(backend: 'js' | 'native' | 'wasm', n: number): MementoRing<{ n: number }> {
  const ring = new MementoRing<{ n: number }>({ backend, hash: 'xxh64' })
  for (let i = 0; i < n; i++) ring.addConsumer(`w-${i}`, { n: i })
  return ring
}

describe.each(backendsUnderTest())('MementoRing on the %s backend', (backend) => {
  it('places consumers on the buckets of a MementoHash built the same way', () => {
    const ring = ringOf(backend, 10)
    const m = new MementoHash(10, { backend, hash: 'xxh64' })
    expect(ring.size).toBe(10)
    expect(ring.backend).toBe(backend)
    for (const k of keys.slice(0, 500)) expect(ring.getSlot(k)).toBe(m.getBucket(k))
    ring.removeConsumer('w-3')
    m.removeBucket(3)
    for (const k of keys.slice(0, 500)) {
      expect(ring.getConsumerId(k)).toBe(`w-${m.getBucket(k)}`)
      expect(ring.getConsumer(k)).toEqual({ n: m.getBucket(k) })
    }
    expect(ring.getConsumerIdMany(KeyBatch.from(keys.slice(0, 50)))).toEqual(
      keys.slice(0, 50).map((k) => ring.getConsumerId(k)),
    )
    expect(ring.getConsumerMany(keys.slice(0, 50))).toEqual(keys.slice(0, 50).map((k) => ring.getConsumer(k)))
  })

  it('moves only the removed consumer’s keys, and re-adding restores the placement', () => {
    const ring = ringOf(backend, 12)
    const before = keys.map((k) => ring.getConsumerId(k))
    ring.removeConsumer('w-5')
    ring.removeConsumer('w-0')
    const during = keys.map((k) => ring.getConsumerId(k))
    keys.forEach((_, i) => {
      if (before[i] !== 'w-5' && before[i] !== 'w-0') expect(during[i]).toBe(before[i])
      else expect(['w-5', 'w-0']).not.toContain(during[i])
    })
    ring.addConsumer('w-0', { n: 0 }).addConsumer('w-5', { n: 5 })
    expect(keys.map((k) => ring.getConsumerId(k))).toEqual(before)
  })

  it('lists replicas as the owners after removing the ones before', () => {
    const ring = ringOf(backend, 8)
    for (const k of keys.slice(0, 200)) {
      const ids = ring.getConsumerIds(k, 4)
      expect(new Set(ids).size).toBe(4)
      expect(ids[0]).toBe(ring.getConsumerId(k))
      const copy = MementoRing.fromJSON<{ n: number }>(ring.toJSON(), {
        info: (id) => ({ n: Number(id.slice(2)) }),
        backend,
      })
      for (let i = 1; i < 4; i++) {
        copy.removeConsumer(ids[i - 1])
        expect(copy.getConsumerId(k)).toBe(ids[i])
      }
    }
    expect(ring.getConsumerIds('x', 0)).toEqual([])
    expect(ring.getConsumerIds('x', 100)).toHaveLength(8)
    expect(ring.getConsumers('x', 2).map((c) => c.n)).toEqual(
      ring.getConsumerIds('x', 2).map((id) => Number(id.slice(2))),
    )
  })

  it('the ring’s getConsumers has the same replica property', () => {
    const ring = new ConsistentHashRing<string>({ backend, vnodes: 40 })
    for (let i = 0; i < 6; i++) ring.addConsumer(`c-${i}`, `c-${i}`)
    for (const k of keys.slice(0, 100)) {
      const ids = ring.getConsumerIds(k, 3)
      const copy = ConsistentHashRing.fromJSON<string>(ring.toJSON(), { info: (id) => id, backend })
      for (let i = 1; i < 3; i++) {
        copy.removeConsumer(ids[i - 1])
        expect(copy.getConsumerId(k)).toBe(ids[i])
      }
    }
  })

  it('spreads keys within 1.1× of the mean per consumer', () => {
    const ring = ringOf(backend, 20)
    for (const id of ['w-2', 'w-17', 'w-9']) ring.removeConsumer(id)
    const batch = KeyBatch.from(Array.from({ length: 170_000 }, (_, i) => `bal-${i}`))
    const counts = new Map<number, number>()
    for (const s of ring.getSlotMany(batch)) counts.set(s, (counts.get(s) ?? 0) + 1)
    expect(counts.size).toBe(17)
    const mean = 170_000 / 17
    for (const c of counts.values()) expect(c / mean).toBeLessThan(1.1)
  })

  it('empties and starts over; rejects weights and bad ids', () => {
    const ring = ringOf(backend, 2)
    ring.removeConsumer('w-0')
    expect(ring.removeConsumer('w-1')).toBe(true)
    expect(ring.removeConsumer('w-1')).toBe(false)
    expect(ring.size).toBe(0)
    expect(ring.getConsumer('a')).toBeUndefined()
    expect(ring.getSlot('a')).toBe(-1)
    expect(Array.from(ring.getSlotMany(['a', 'b']))).toEqual([-1, -1])
    expect(ring.getConsumers('a', 3)).toEqual([])
    ring.addConsumer('z', { n: 9 })
    expect(ring.slotOf('z')).toBe(0)
    expect(thrown(() => ring.addConsumer('y', { n: 1 }, { weight: 2 } as never))).toEqual({
      type: 'TypeError',
      message:
        'options.weight is not supported: MementoRing consumers have no weights (ConsistentHashRing has them)',
    })
    expect(thrown(() => ring.addConsumer('', { n: 1 })).message).toBe('id must not be empty')
    expect(ring.size).toBe(1)
  })
})
