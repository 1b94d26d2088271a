/**
 * Hostile input to KetamaRing, on every backend: typed arrays that lie about themselves, Proxies,
 * getters that throw, run twice or call back into the library, a ring changed by a getter
 * mid-call. After each, the ring places 10,000 keys exactly as a fresh js ring does.
 */
import { describe, expect, it } from 'vitest'
import type { BackendName } from './backend/types.js'
import { KetamaRing, KeyBatch } from './index.js'
import { backendsUnderTest } from './test/backends.js'
import {
  BOOM,
  bytesOf,
  expectChangedMidCall,
  expectOutByRealLength,
  expectReadOnce,
  intactCheck,
  KEYS,
  ownLength,
  readingProxy,
  reentrantRead,
  throwingKeys,
} from './test/hostile.js'
import { thrown } from './test/thrown.js'

/** A libmemcached continuum of 20 weighted servers on `backend`. */
function seeded(backend: BackendName): KetamaRing<string> {
  const ring = new KetamaRing<string>({ backend, compat: 'libmemcached' })
  for (let s = 0; s < 20; s++)
    ring.addConsumer(`10.0.1.${s}:${11211 + (s % 2)}`, `info-${s}`, { weight: 1 + (s % 4) })
  return ring
}

const expectIntact = intactCheck(seeded)

describe.each(backendsUnderTest())('KetamaRing hostile input on the %s backend', (backend) => {
  it('a key whose length lies is its real bytes, in every lookup', () => {
    const ring = seeded(backend)
    for (const length of [1000, 1, -5]) {
      const make = () => ownLength('user:42', length)
      const honest = bytesOf('user:42')
      expect(ring.getConsumerId(make())).toBe(ring.getConsumerId(honest))
      expect(ring.getConsumerIds(make(), 5)).toEqual(ring.getConsumerIds(honest, 5))
      expect(ring.getSlotMany([make(), 'x', make()])).toEqual(ring.getSlotMany([honest, 'x', honest]))
      expect(ring.getConsumerIdMany(KeyBatch.from([make(), 'x']))).toEqual(
        ring.getConsumerIdMany(['user:42', 'x']),
      )
    }
    expectIntact(ring)
  })

  it('a Proxy of a typed array is a TypeError; an out array is written by its real length', () => {
    const ring = seeded(backend)
    const proxy = new Proxy(bytesOf('user:42'), {})
    expect(thrown(() => ring.getConsumer(proxy)).message).toMatch(/^key must be a string, a Uint8Array/)
    expect(thrown(() => ring.getSlotMany(['a', proxy])).message).toMatch(/^keys\[1\] must be a string/)
    expect(thrown(() => ring.getSlotMany(['a'], new Proxy(new Int32Array(4), {}))).message).toMatch(
      /^out must be an Int32Array, got an object/,
    )
    expectOutByRealLength((keys, out) => ring.getSlotMany(keys, out))
    const batch = KeyBatch.from(KEYS.slice(0, 3000))
    const { buffer, byteOffset, length } = batch.offsets
    const shared = new Int32Array(buffer, byteOffset, length)
    expect(thrown(() => ring.getSlotMany(batch, shared)).message).toBe(
      'out must not share memory with keys.bytes or keys.offsets',
    )
    expectIntact(ring)
  })

  it('each element of a keys array is read once; throwing getters leave the ring unchanged', () => {
    const ring = seeded(backend)
    expectReadOnce((keys) => ring.getConsumerIdMany(keys))
    expect(thrown(() => ring.getSlotMany(throwingKeys()))).toEqual(BOOM)
    const weight = {
      get weight(): number {
        throw new RangeError('no')
      },
    }
    expect(thrown(() => ring.addConsumer('10.0.1.1:11212', 'x', weight)).message).toBe('no')
    expect(thrown(() => ring.addConsumer('new:1', 'x', weight)).message).toBe('no')
    expectIntact(ring)
  })

  it('getters that call back into the library during a batch give the right owners', () => {
    const ring = seeded(backend)
    const others = backendsUnderTest().map((name) => seeded(name))
    const keys = KEYS.slice(0, 2000)
    const want = seeded('js').getConsumerIdMany(keys)
    expect(ring.getConsumerIdMany(readingProxy(keys.length, reentrantRead(ring, others, keys)))).toEqual(want)
    expectIntact(ring)
  })

  it('a getter that changes the ring mid-call: the call sees the ring once every argument is read', () => {
    expectChangedMidCall(seeded, backend, {
      late: 'late:11211',
      later: 'later:11211',
      member: '10.0.1.0:11211',
    })
  })
})
