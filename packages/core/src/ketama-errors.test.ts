import { describe, expect, it } from 'vitest'
import { KetamaRing } from './index.js'
import { backendsUnderTest } from './test/backends.js'
import { thrown } from './test/thrown.js'

const backends = backendsUnderTest()

/** What each bad call throws on `backend`, with the ring's answers before and after. */
function errorsOn(backend: string) {
  const ring = new KetamaRing<number>({ backend: backend as 'js', compat: 'libmemcached' })
  ring.addConsumer('a:11211', 1).addConsumer('b:11212', 2, { weight: 3 })
  const keys = Array.from({ length: 500 }, (_, i) => `k${i}`)
  const before = ring.getConsumerIdMany(keys)
  const points = ring.pointCount
  const errors = [
    thrown(() => new KetamaRing({ backend: backend as 'js', compat: 'memcache' as 'hashring' })),
    thrown(() => new KetamaRing({ backend: backend as 'js', vnodes: 0 })),
    thrown(() => new KetamaRing({ backend: backend as 'js', defaultPort: 70000 })),
    thrown(() => new KetamaRing({ backend: backend as 'js', compat: 'libketama', defaultPort: 11211 })),
    thrown(() => new KetamaRing({ backend: backend as 'js', weight: 1 } as never)),
    thrown(() => ring.addConsumer('', 3)),
    thrown(() => ring.addConsumer(7 as unknown as string, 3)),
    thrown(() => ring.addConsumer('c', 3, { weight: 1.5 })),
    thrown(() => ring.addConsumer('c', 3, { weight: 0 })),
    thrown(() => ring.addConsumer('a:11211', 3, { weight: 2 ** 32 })),
    thrown(() => ring.addConsumer('c', 3, { weight: '2' as unknown as number })),
    thrown(() => ring.getConsumer({} as unknown as string)),
    thrown(() => ring.getConsumers('k', -1)),
    thrown(() => ring.getConsumerIdMany('k' as unknown as string[])),
    thrown(() => ring.getConsumerIdMany(['k', 1.5])),
    // Only `undefined` means a default; ill-formed UTF-16 is not a server.
    thrown(() => new KetamaRing(null as never)),
    thrown(() => new KetamaRing({ backend: backend as 'js', compat: null as never })),
    thrown(() => new KetamaRing({ backend: backend as 'js', vnodes: null as never })),
    thrown(() => new KetamaRing({ backend: backend as 'js', defaultPort: null as never })),
    thrown(() => new KetamaRing({ backend: null as never })),
    thrown(() => ring.addConsumer('c', 3, { weight: null as never })),
    thrown(() => ring.addConsumer('c', 3, null as never)),
    thrown(() => ring.addConsumer('c:\uD800', 3)),
    thrown(() => ring.addConsumer('\uDC00c', 3)),
    thrown(() => ring.removeConsumer('a:11211\uD800')),
    thrown(() => ring.getSlotMany(['k', 'l'], new Int32Array(1))),
    thrown(() => ring.consumerAt(-2)),
  ]
  expect(ring.getConsumerIdMany(keys)).toEqual(before)
  expect(ring.pointCount).toBe(points)
  expect(ring.size).toBe(2)
  expect(ring.getConsumer('k1')).toBe(ring.getConsumerId('k1') === 'a:11211' ? 1 : 2)
  return errors
}

describe('KetamaRing bad input', () => {
  it('throws the same TypeError / RangeError, naming the argument, on every backend; the ring is unchanged', () => {
    const expected = errorsOn('js')
    expect(expected.map((e) => e.type)).toEqual([
      'RangeError',
      'RangeError',
      'RangeError',
      'RangeError',
      'TypeError',
      'RangeError',
      'TypeError',
      'RangeError',
      'RangeError',
      'RangeError',
      'TypeError',
      'TypeError',
      'RangeError',
      'TypeError',
      'RangeError',
      'TypeError',
      'TypeError',
      'TypeError',
      'TypeError',
      'TypeError',
      'TypeError',
      'TypeError',
      'TypeError',
      'TypeError',
      'TypeError',
      'RangeError',
      'RangeError',
    ])
    expect(expected[0].message).toMatch(
      /^compat must be one of 'hashring', 'hash_ring', 'libketama', 'libmemcached'/,
    )
    expect(expected[3].message).toMatch(/^defaultPort applies only to compat 'hashring' and 'hash_ring'/)
    expect(expected[7].message).toMatch(
      /^weight must be an integer in 1\.\.4294967295 for compat 'libmemcached'/,
    )
    expect(expected[5].message).toMatch(/^server must not be empty/)
    expect(expected[14].message).toMatch(/^keys\[1\] must be a safe integer/)
    expect(expected[16].message).toBe(
      "compat must be one of 'hashring', 'hash_ring', 'libketama', 'libmemcached', got null",
    )
    expect(expected[17].message).toBe('vnodes must be a number, got null')
    expect(expected[20].message).toBe('weight must be a number, got null')
    expect(expected[22].message).toMatch(/^server must be well-formed UTF-16 \(it has a lone surrogate\)/)
    expect(expected[25].message).toBe('out must hold at least 2 entries (one per key), got 1')
    for (const backend of backends) expect(errorsOn(backend), backend).toEqual(expected)
  })

  it('answers undefined and [] without points, and hashring-style n', () => {
    for (const backend of backends) {
      const ring = new KetamaRing<string>({ backend: backend as 'js' })
      expect(ring.getConsumer('k')).toBeUndefined()
      expect(ring.getConsumers('k', 3)).toEqual([])
      ring.addConsumer('only', 'o', { weight: 1e-9 }) // floor(1 · 40 · 1) digests: weight shares, not size
      expect(ring.pointCount).toBe(160)
      ring.addConsumer('tiny', 't', { weight: 1e-9 }).addConsumer('big', 'b', { weight: 1 })
      expect(ring.consumerIds()).toEqual(['only', 'tiny', 'big'])
      expect(ring.getConsumerIds('k', 0)).toEqual([])
      expect(ring.getConsumerIds('k', 10)).toEqual(['big']) // the tiny servers get no digests
      expect(ring.removeConsumer('big')).toBe(true)
      expect(ring.removeConsumer('big')).toBe(false)
      expect(new Set(ring.getConsumerIds('k', 10))).toEqual(new Set(['only', 'tiny']))
      expect(ring.getWeight('tiny')).toBe(1e-9)
      expect(ring.hasConsumer('big')).toBe(false)
    }
  })
})
