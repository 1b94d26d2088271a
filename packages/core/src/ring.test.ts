import { describe, expect, it } from 'vitest'
import { ConsistentHashRing, DEFAULT_VNODES, KeyBatch, xxh3 } from './index.js'
import { backendsUnderTest } from './test/backends.js'
import { loadFixture, type RingFixture, type RingScenario } from './test/fixtures.js'

const { scenarios } = loadFixture<RingFixture>('ring.json')

function ringOf(scenario: RingScenario, backend: string): ConsistentHashRing<string> {
  const ring = new ConsistentHashRing<string>({
    backend: backend as 'js',
    hash: scenario.hash,
    seed: BigInt(scenario.seed),
    vnodes: scenario.vnodes,
  })
  for (const c of scenario.consumers) ring.addConsumer(c.id, `info:${c.id}`, { weight: c.weight })
  return ring
}

describe.each(backendsUnderTest())('ConsistentHashRing on the %s backend', (backend) => {
  describe.each(scenarios.map((s) => [s.name, s] as const))('golden scenario %s', (_, scenario) => {
    it('places every key as the independent reference does', () => {
      const ring = ringOf(scenario, backend)
      expect(ring.pointCount).toBe(scenario.point_count)
      for (const lookup of scenario.lookups) {
        expect(ring.getConsumerId(lookup.key), lookup.key).toBe(lookup.owner ?? undefined)
        expect(ring.getConsumer(lookup.key)).toBe(lookup.owner === null ? undefined : `info:${lookup.owner}`)
        expect(ring.getConsumerIds(lookup.key, 3), lookup.key).toEqual(lookup.replicas3)
        if (lookup.replicas10) expect(ring.getConsumerIds(lookup.key, 10)).toEqual(lookup.replicas10)
      }
      const keys = scenario.lookups.map((l) => l.key)
      expect(ring.getConsumerIdMany(keys)).toEqual(scenario.lookups.map((l) => l.owner ?? undefined))
      // The same keys packed as UTF-8: by id, and by slot mapped back to ids.
      const batch = KeyBatch.from(keys)
      expect(ring.getConsumerIdMany(batch)).toEqual(scenario.lookups.map((l) => l.owner ?? undefined))
      const slots = Array.from(ring.getSlotMany(batch))
      expect(slots.map((slot) => ring.consumerIdAt(slot))).toEqual(
        scenario.lookups.map((l) => l.owner ?? undefined),
      )
    })

    it('places the same whatever the order consumers were added in', () => {
      const reversed = { ...scenario, consumers: [...scenario.consumers].reverse() }
      const ring = ringOf(reversed, backend)
      for (const lookup of scenario.lookups)
        expect(ring.getConsumerId(lookup.key)).toBe(lookup.owner ?? undefined)
    })
  })

  it('gives a key past the last point the first point’s owner, after removals and additions too', () => {
    // One point a consumer: P(id, 0) = XXH3(UTF8(id) ‖ LE32(0)) (docs/placement.md §3).
    const position = (id: string) => xxh3(new Uint8Array([...new TextEncoder().encode(id), 0, 0, 0, 0]))
    const ring = new ConsistentHashRing<string>({ backend: backend as 'js', vnodes: 1 })
    const ids = ['a', 'b', 'c', 'd', 'e']
    for (const id of ids) ring.addConsumer(id, id)
    const keys = Array.from({ length: 2000 }, (_, k) => `key-${k}`)
    const expectWraps = (present: string[]) => {
      const sorted = [...present].sort((x, y) => (position(x) < position(y) ? -1 : 1))
      const last = position(sorted[sorted.length - 1])
      const past = keys.filter((key) => xxh3(key) > last)
      expect(past.length).toBeGreaterThan(10)
      for (const key of past) {
        expect(ring.getConsumerId(key), key).toBe(sorted[0])
        expect(ring.getConsumerIds(key, 2), key).toEqual(sorted.slice(0, 2))
      }
      expect(ring.getConsumerIdMany(past)).toEqual(past.map(() => sorted[0]))
    }
    expectWraps(ids)
    const first = [...ids].sort((x, y) => (position(x) < position(y) ? -1 : 1))[0]
    ring.removeConsumer(first)
    expectWraps(ids.filter((id) => id !== first))
    ring.addConsumer(first, first)
    expectWraps(ids)
  })

  it('takes a number key as its decimal string', () => {
    // Only some scenarios hold decimal keys; count them so that this test cannot pass empty.
    let checked = 0
    for (const scenario of scenarios) {
      const numeric = scenario.lookups.filter((lookup) => /^-?(0|[1-9][0-9]{0,14})$/.test(lookup.key))
      if (numeric.length === 0) continue
      const ring = ringOf(scenario, backend)
      for (const lookup of numeric) {
        expect(ring.getConsumerId(Number(lookup.key)), lookup.key).toBe(lookup.owner ?? undefined)
        checked++
      }
    }
    expect(checked).toBeGreaterThan(0)
  })

  it('has the documented defaults', () => {
    const ring = new ConsistentHashRing({ backend })
    expect(ring.backend).toBe(backend)
    expect(ring.vnodes).toBe(DEFAULT_VNODES)
    expect(ring.hash).toBe('xxh3')
    expect(ring.size).toBe(0)
    expect(ring.getConsumer('x')).toBeUndefined()
    expect(ring.getConsumers('x', 3)).toEqual([])
    expect(ring.getConsumerMany(['a', 'b'])).toEqual([undefined, undefined])
  })

  it('adds, replaces and removes consumers', () => {
    const ring = new ConsistentHashRing<{ port: number }>({ backend })
    expect(ring.addConsumer('a', { port: 1 })).toBe(ring)
    ring.addConsumer('b', { port: 2 })
    expect(ring.size).toBe(2)
    expect(ring.pointCount).toBe(2 * DEFAULT_VNODES)
    expect(ring.hasConsumer('a')).toBe(true)
    ring.addConsumer('a', { port: 10 }, { weight: 2 })
    expect(ring.size).toBe(2)
    expect(ring.getWeight('a')).toBe(2)
    expect(ring.pointCount).toBe(3 * DEFAULT_VNODES)
    const owners = new Set(
      ring.getConsumerMany(Array.from({ length: 500 }, (_, k) => `k${k}`)).map((c) => c?.port),
    )
    expect(owners).toEqual(new Set([10, 2]))
    expect(ring.removeConsumer('a')).toBe(true)
    expect(ring.removeConsumer('a')).toBe(false)
    expect(ring.hasConsumer('a')).toBe(false)
    expect(ring.size).toBe(1)
    expect(ring.pointCount).toBe(DEFAULT_VNODES)
    expect(ring.getConsumer('anything')).toEqual({ port: 2 })
    expect(ring.consumerIds()).toEqual(['b'])
  })

  it('returns every consumer when n exceeds the count, and none for n = 0', () => {
    const ring = new ConsistentHashRing<number>({ backend })
    for (let k = 0; k < 7; k++) ring.addConsumer(`node-${k}`, k)
    expect(ring.getConsumers('key', 0)).toEqual([])
    const all = ring.getConsumers('key', 100)
    expect(all.length).toBe(7)
    expect(new Set(all).size).toBe(7)
    expect(all[0]).toBe(ring.getConsumer('key'))
  })

  it('places 0-byte and 1 MB keys, as strings and as bytes alike', () => {
    const ring = new ConsistentHashRing<string>({ backend })
    for (let k = 0; k < 10; k++) ring.addConsumer(`node-${k}`, `node-${k}`)
    const big = 'x'.repeat(1 << 20)
    const bigBytes = new TextEncoder().encode(big)
    expect(ring.getConsumer(big)).toBe(ring.getConsumer(bigBytes))
    expect(ring.getConsumer('')).toBe(ring.getConsumer(new Uint8Array(0)))
    expect(ring.getConsumerMany(['', big, bigBytes])).toEqual([
      ring.getConsumer(''),
      ring.getConsumer(big),
      ring.getConsumer(big),
    ])
    const multiByte = '日本語🎉'.repeat(50_000)
    expect(ring.getConsumer(multiByte)).toBe(ring.getConsumer(new TextEncoder().encode(multiByte)))
  })

  it('encodes a lone surrogate as U+FFFD, as TextEncoder does', () => {
    const ring = new ConsistentHashRing<string>({ backend })
    for (let k = 0; k < 20; k++) ring.addConsumer(`n${k}`, `n${k}`)
    for (const key of ['a\ud800b', '\udc00', 'x\ud83d', 'é\udfff🎉']) {
      expect(ring.getConsumer(key)).toBe(ring.getConsumer(new TextEncoder().encode(key)))
      expect(ring.getConsumer(key)).toBe(ring.getConsumer(key.replace(/\p{Cs}/gu, '\ufffd')))
    }
  })

  it('reuses freed slots without mixing up payloads', () => {
    const ring = new ConsistentHashRing<string>({ backend, vnodes: 20 })
    const reference = new ConsistentHashRing<string>({ backend: 'js', vnodes: 20 })
    for (let k = 0; k < 30; k++) ring.addConsumer(`c${k}`, `c${k}`)
    for (let k = 0; k < 30; k += 3) ring.removeConsumer(`c${k}`)
    for (let k = 100; k < 105; k++) ring.addConsumer(`c${k}`, `c${k}`)
    for (const id of ring.consumerIds()) reference.addConsumer(id, id)
    for (let k = 0; k < 1000; k++) {
      expect(ring.getConsumer(`key-${k}`)).toBe(reference.getConsumer(`key-${k}`))
      expect(ring.getConsumer(`key-${k}`)).toBe(ring.getConsumerId(`key-${k}`))
    }
  })

  describe('slots and packed batches', () => {
    function ring3(): ConsistentHashRing<{ port: number }> {
      const ring = new ConsistentHashRing<{ port: number }>({ backend })
      for (let k = 0; k < 3; k++) ring.addConsumer(`node-${k}`, { port: 7000 + k })
      return ring
    }

    it('names consumers by slot: slotOf, consumerAt, consumerIdAt, getSlot', () => {
      const ring = ring3()
      const slot = ring.slotOf('node-1') as number
      expect(Number.isInteger(slot) && slot >= 0).toBe(true)
      expect(ring.consumerIdAt(slot)).toBe('node-1')
      expect(ring.consumerAt(slot)).toEqual({ port: 7001 })
      expect(ring.slotOf('node-9')).toBeUndefined()
      for (let k = 0; k < 200; k++) {
        const key = `key-${k}`
        expect(ring.consumerIdAt(ring.getSlot(key))).toBe(ring.getConsumerId(key))
      }
      ring.removeConsumer('node-1')
      expect(ring.consumerAt(slot)).toBeUndefined()
      expect(ring.consumerIdAt(slot)).toBeUndefined()
      expect(ring.consumerAt(-1)).toBeUndefined()
      expect(ring.consumerAt(1e6)).toBeUndefined()
      expect(new ConsistentHashRing({ backend }).getSlot('k')).toBe(-1)
    })

    it('places a KeyBatch exactly as the same keys one by one', () => {
      const ring = ring3()
      const bigBytes = new Uint8Array(1 << 20).fill(0x6b)
      const keys = [
        '',
        'a',
        'é€😀',
        'x\ud800',
        42,
        bigBytes,
        'k'.repeat(300),
        ...Array.from({ length: 5000 }, (_, k) => `key-${k}`),
      ]
      const batch = KeyBatch.from(keys)
      expect(batch.length).toBe(keys.length)
      const expected = keys.map((key) => ring.getConsumerId(key))
      expect(ring.getConsumerIdMany(batch)).toEqual(expected)
      expect(ring.getConsumerMany(batch).map((info) => info?.port)).toEqual(
        keys.map((key) => ring.getConsumer(key)?.port),
      )
      // Into a caller's array, longer than the batch: the rest is left alone.
      const out = new Int32Array(keys.length + 2).fill(77)
      expect(ring.getSlotMany(batch, out)).toBe(out)
      expect(Array.from(out.subarray(0, keys.length), (slot) => ring.consumerIdAt(slot))).toEqual(expected)
      expect(out[keys.length]).toBe(77)
      // The string array path writes the same slots.
      expect(Array.from(ring.getSlotMany(keys))).toEqual(Array.from(out.subarray(0, keys.length)))
    })

    it('reads a batch the caller packed: offsets not from 0, gaps, bytes past the last key', () => {
      const ring = ring3()
      const text = new TextEncoder().encode('##alpha|beta||gamma##')
      // Keys "alpha", "beta", "" and "gamma": the separators lie between the offsets.
      const batch = new KeyBatch(text, Uint32Array.of(2, 7, 7, 7, 7))
      expect(batch.length).toBe(4)
      expect(ring.getConsumerIdMany(batch)).toEqual(['alpha', '', '', ''].map((k) => ring.getConsumerId(k)))
      const split = new KeyBatch(text, Uint32Array.of(2, 7, 8, 12, 13, 14, 19))
      expect(ring.getConsumerIdMany(split)).toEqual(
        ['alpha', '|', 'beta', '|', '|', 'gamma'].map((k) => ring.getConsumerId(k)),
      )
      expect(ring.getSlotMany(new KeyBatch(new Uint8Array(0), Uint32Array.of(0)))).toEqual(new Int32Array(0))
    })

    it('gives -1 slots on an empty ring', () => {
      const ring = new ConsistentHashRing<string>({ backend })
      expect(Array.from(ring.getSlotMany(KeyBatch.from(['a', 'b'])))).toEqual([-1, -1])
      expect(ring.getConsumerMany(KeyBatch.from(['a']))).toEqual([undefined])
    })

    it('places batches of more keys and bytes than one crossing holds', () => {
      const ring = ring3()
      // 40,000 keys (over the 16,384 a wasm crossing takes) and keys of 200 KB (over its 4 MB).
      for (const keys of [
        Array.from({ length: 40_000 }, (_, k) => `key-${k}`),
        Array.from({ length: 30 }, (_, k) => String(k).repeat(200_000 / String(k).length)),
      ]) {
        expect(ring.getConsumerIdMany(KeyBatch.from(keys))).toEqual(
          keys.map((key) => ring.getConsumerId(key)),
        )
      }
    })
  })
})
