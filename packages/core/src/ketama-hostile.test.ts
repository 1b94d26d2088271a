/**
 * Hostile input to KetamaRing, on every backend: typed arrays that lie about themselves, Proxies,
 * getters that throw, run twice or call back into the library, a ring changed by a getter
 * mid-call. After each, the ring places 10,000 keys exactly as a fresh js ring does.
 */
import { describe, expect, it } from 'vitest'
import type { BackendName } from './backend/types.js'
import { KetamaRing, type Key, KeyBatch } from './index.js'
import { backendsUnderTest } from './test/backends.js'
import { KEYS } from './test/hostile.js'
import { thrown } from './test/thrown.js'

const bytesOf = (text: string) => new TextEncoder().encode(text)

/** A libmemcached continuum of 20 weighted servers on `backend`. */
function seeded(backend: BackendName): KetamaRing<string> {
  const ring = new KetamaRing<string>({ backend, compat: 'libmemcached' })
  for (let s = 0; s < 20; s++)
    ring.addConsumer(`10.0.1.${s}:${11211 + (s % 2)}`, `info-${s}`, { weight: 1 + (s % 4) })
  return ring
}

function placement(ring: KetamaRing<string>): unknown {
  return {
    size: ring.size,
    points: ring.pointCount,
    ids: ring.consumerIds(),
    one: KEYS.map((key) => ring.getConsumerId(key)),
    many: ring.getConsumerIdMany(KEYS),
    batch: ring.getConsumerIdMany(KeyBatch.from(KEYS)),
  }
}

let reference: unknown

/** Checks that `ring` (seeded) places every key as a fresh js ring does. */
function expectIntact(ring: KetamaRing<string>): void {
  reference ??= placement(seeded('js'))
  expect(placement(ring)).toEqual(reference)
}

/** A Uint8Array of `text` whose own `length` property says `length`. */
function ownLength(text: string, length: number): Uint8Array {
  const key = bytesOf(text)
  Object.defineProperty(key, 'length', { value: length })
  return key
}

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
    const keys = KEYS.slice(0, 3000)
    const want = ring.getSlotMany(keys)
    class Out extends Int32Array {
      override get length(): number {
        return 1
      }
      override set(): void {
        throw new Error('set was called')
      }
    }
    const out = new Out(3000)
    expect(ring.getSlotMany(keys, out)).toBe(out)
    expect(Int32Array.from(out)).toEqual(want)
    const batch = KeyBatch.from(keys)
    const { buffer, byteOffset, length } = batch.offsets
    const shared = new Int32Array(buffer, byteOffset, length)
    expect(thrown(() => ring.getSlotMany(batch, shared)).message).toBe(
      'out must not share memory with keys.bytes or keys.offsets',
    )
    expectIntact(ring)
  })

  it('each element of a keys array is read once; throwing getters leave the ring unchanged', () => {
    const ring = seeded(backend)
    let reads = 0
    const keys: Key[] = ['a', 'b']
    Object.defineProperty(keys, 1, { get: () => (reads++ === 0 ? 'k' : 'k'.repeat(100_000)) })
    expect(ring.getConsumerIdMany(keys)).toEqual(ring.getConsumerIdMany(['a', 'k']))
    expect(reads).toBe(1)
    const throwing: Key[] = ['a', 'b']
    Object.defineProperty(throwing, 0, {
      get: () => {
        throw new Error('boom')
      },
    })
    expect(thrown(() => ring.getSlotMany(throwing))).toEqual({ type: 'Error', message: 'boom' })
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
    const reentrant = (k: number) => {
      const key = keys[k]
      ring.getSlotMany(keys.slice(k, k + 40))
      ring.getConsumerIdMany(KeyBatch.from(keys.slice(k, k + 20)))
      ring.getConsumers(key, 3)
      for (const other of others) other.getConsumerIdMany(keys.slice(k, k + 30))
      return key
    }
    const hostile = new Proxy(
      keys.map((_, k) => k),
      {
        get: (t, p) => (typeof p === 'string' && /^\d+$/.test(p) ? reentrant(Number(p)) : Reflect.get(t, p)),
      },
    )
    expect(ring.getConsumerIdMany(hostile as unknown as Key[])).toEqual(want)
    expectIntact(ring)
  })

  it('a getter that changes the ring mid-call: the call sees the ring once every argument is read', () => {
    const results = [seeded(backend), seeded('js')].map((ring) => {
      const keys: Key[] = KEYS.slice(0, 2000) as Key[]
      Object.defineProperty(keys, 10, {
        get: () => {
          ring.addConsumer('late:11211', 'late', { weight: 5 })
          return 'ten'
        },
      })
      const during = ring.getConsumerIdMany(keys)
      const weight = {
        get weight() {
          ring.removeConsumer('10.0.1.0:11211')
          return 2
        },
      }
      ring.addConsumer('later:11211', 'later', weight)
      return [during, ring.getConsumerIdMany(KEYS), ring.consumerIds(), ring.pointCount]
    })
    expect(results[0]).toEqual(results[1])
    expect((results[0][0] as string[]).includes('late:11211')).toBe(true)
  })
})
