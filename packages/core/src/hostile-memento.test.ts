/**
 * Hostile input to MementoHash and MementoRing, on every backend: typed arrays that lie about
 * themselves, Proxies, getters that throw or call back into the library, `null` options,
 * ill-formed ids and failed mutations. Each error is the library's own, named after the argument
 * and the same as on js; after each case the seeded objects place 10,000 keys exactly as before.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { BackendName } from './backend/types.js'
import { type Key, KeyBatch, MAX_BUCKETS, MementoHash, MementoRing } from './index.js'
import { backendsUnderTest } from './test/backends.js'
import {
  BOOM,
  bytesOf,
  expectOutByRealLength,
  expectReadOnce,
  ILL_FORMED_ID,
  ILL_FORMED_IDS,
  KEYS,
  LyingOut,
  lyingKeys,
  readingProxy,
  throwingKeys,
} from './test/hostile.js'
import { expectMementoIntact, seededMemento, seededMementoRing } from './test/hostile-memento.js'
import { thrown } from './test/thrown.js'

type Ring = MementoRing<string>

const revoked = Proxy.revocable({}, {})
revoked.revoke()
const opaque: unknown[] = [Object.create(null), new Proxy({}, { get: () => 1 }), revoked.proxy, Symbol('s')]

describe.each(
  backendsUnderTest(),
)('MementoHash and MementoRing under hostile input on the %s backend', (backend) => {
  let m: MementoHash
  let ring: Ring
  beforeEach(() => {
    m = seededMemento(backend)
    ring = seededMementoRing(backend)
  })
  afterEach(() => expectMementoIntact(m, ring))

  /** Expects `f` to throw the same class and message on this backend's and js's seeded objects. */
  function sameError(f: (m: MementoHash, ring: Ring, backend: BackendName) => unknown) {
    const error = thrown(() => f(m, ring, backend))
    expect(error).toEqual(thrown(() => f(seededMemento('js'), seededMementoRing('js'), 'js')))
    return error
  }

  it.each(lyingKeys)('a key with %s is its real bytes', (_, make, text) => {
    const honest = bytesOf(text)
    expect(m.getBucket(make())).toBe(m.getBucket(honest))
    expect(m.getBucket(make())).toBe(seededMemento('js').getBucket(text))
    expect(Array.from(m.getBucketMany([make(), 'x', make()]))).toEqual(
      Array.from(m.getBucketMany([text, 'x', text])),
    )
    expect(Array.from(m.getBucketMany(KeyBatch.from([make(), 'x'])))).toEqual(
      Array.from(m.getBucketMany([text, 'x'])),
    )
    expect(ring.getConsumerId(make())).toBe(ring.getConsumerId(text))
    expect(ring.getConsumerIds(make(), 4)).toEqual(ring.getConsumerIds(text, 4))
    expect(ring.getConsumerIdMany([make(), 'x'])).toEqual(ring.getConsumerIdMany([text, 'x']))
  })

  it('a Proxy of a typed array is a TypeError wherever a typed array is taken', () => {
    const proxy = new Proxy(bytesOf('user:42'), {})
    const out = new Proxy(new Int32Array(4), {})
    expect(sameError((m) => m.getBucket(proxy)).message).toBe(
      'key must be a string, a Uint8Array or a safe integer, got an object',
    )
    expect(sameError((m) => m.getBucketMany(['a', proxy])).message).toMatch(/^keys\[1\] must be a string/)
    expect(sameError((m) => m.getBucketMany(['a'], out)).message).toBe(
      'out must be an Int32Array, got an object',
    )
    expect(sameError((_, r) => r.getConsumerIds(proxy, 2)).type).toBe('TypeError')
    expect(sameError((_, r) => r.getSlotMany(['a'], out)).message).toBe(
      'out must be an Int32Array, got an object',
    )
    const empty = new MementoRing<string>({ backend })
    expect(thrown(() => empty.getSlotMany(['a'], out)).message).toBe(
      'out must be an Int32Array, got an object',
    )
    expect(thrown(() => empty.getSlotMany(['a', proxy])).message).toMatch(/^keys\[1\] must be a string/)
  })

  it('an out array is written by its real length, whatever its length and methods say', () => {
    expectOutByRealLength((keys, out) => m.getBucketMany(keys, out))
    const keys = KEYS.slice(0, 3000)
    const want = m.getBucketMany(keys)
    const fromBatch = new LyingOut(3000)
    expect(Int32Array.from(m.getBucketMany(KeyBatch.from(keys), fromBatch))).toEqual(want)
    expect(Int32Array.from(ring.getSlotMany(keys, new LyingOut(3000)))).toEqual(ring.getSlotMany(keys))
    const short = new Int32Array(2)
    Object.defineProperty(short, 'length', { value: 3000 })
    expect(sameError((m) => m.getBucketMany(keys, short)).message).toBe(
      'out must hold at least 3000 entries (one per key), got 2',
    )
    expect(sameError((_, r) => r.getSlotMany(keys, short)).type).toBe('RangeError')
    // An empty ring fills -1 by the real length too, without calling the out array's fill.
    const emptyOut = new LyingOut(3000)
    new MementoRing<string>({ backend }).getSlotMany(keys, emptyOut)
    expect(Array.from(emptyOut.subarray(0, 3))).toEqual([-1, -1, -1])
    // out may not share memory with the keys it is written for.
    const shared = new Int32Array(8)
    const key = new Uint8Array(shared.buffer, 0, 8)
    expect(sameError((m) => m.getBucketMany(['a', key], shared)).message).toBe(
      'out must not share memory with keys[1]',
    )
    const batch = KeyBatch.from(['a', 'b'])
    expect(thrown(() => m.getBucketMany(batch, new Int32Array(batch.offsets.buffer))).message).toBe(
      'out must not share memory with keys.bytes or keys.offsets',
    )
  })

  it('a KeyBatch is frozen and read by the memory it wrapped; a fake or a Proxy of one is a TypeError', () => {
    const keys = KEYS.slice(0, 500)
    const batch = KeyBatch.from(keys)
    const want = Array.from(m.getBucketMany(keys))
    expect(() => {
      ;(batch as { bytes: unknown }).bytes = 'abc'
    }).toThrow(TypeError)
    expect(Array.from(m.getBucketMany(batch))).toEqual(want)
    expect(ring.getConsumerIdMany(batch)).toEqual(ring.getConsumerIdMany(keys))
    const fake = Object.create(KeyBatch.prototype)
    for (const bad of [fake, new Proxy(batch, {})]) {
      expect(sameError((m) => m.getBucketMany(bad)).message).toBe(
        'keys must be an array or a KeyBatch, got an object',
      )
      expect(sameError((_, r) => r.getSlotMany(bad)).type).toBe('TypeError')
    }
    // Offsets that pass the end of the bytes, named as keys.offsets[k].
    const broken = new KeyBatch(new Uint8Array(8), new Uint32Array([0, 4, 8]))
    broken.offsets[2] = 9
    expect(sameError((m) => m.getBucketMany(broken)).message).toBe(
      'keys.offsets[2] is 9, past the end of keys.bytes (8 bytes)',
    )
    expect(thrown(() => new MementoRing<string>({ backend }).getSlotMany(broken)).message).toBe(
      'keys.offsets[2] is 9, past the end of keys.bytes (8 bytes)',
    )
  })

  it('each element of a keys array is read once, and a throwing getter changes nothing', () => {
    expectReadOnce((keys) => Array.from(m.getBucketMany(keys)))
    expectReadOnce((keys) => ring.getConsumerIdMany(keys))
    expect(thrown(() => m.getBucketMany(throwingKeys()))).toEqual(BOOM)
    expect(thrown(() => ring.getConsumerIdMany(throwingKeys()))).toEqual(BOOM)
    const lyingLength = new Proxy(['a'], { get: (t, p) => (p === 'length' ? -1 : Reflect.get(t, p)) })
    expect(sameError((m) => m.getBucketMany(lyingLength)).message).toBe(
      'keys must be an array, got one whose length is -1',
    )
  })

  it('getters that call back into the library during a batch give the right buckets and owners', () => {
    const keys = KEYS.slice(0, 2000)
    const others = backendsUnderTest().map((name) => seededMemento(name))
    const rings = backendsUnderTest().map((name) => seededMementoRing(name))
    const reentrant = (k: number) => {
      const key = keys[k]
      m.getBucketMany(keys.slice(k, k + 30))
      m.getBucketMany(KeyBatch.from(keys.slice(k, k + 10)))
      ring.getConsumers(key, 3) // removes and adds buckets, then restores them
      ring.getSlotMany(keys.slice(k, k + 20))
      for (const other of others) other.getBucketMany(keys.slice(k, k + 20))
      for (const other of rings) other.getConsumerIds(key, 2)
      return key
    }
    const hostile = readingProxy(keys.length, reentrant)
    expect(Array.from(m.getBucketMany(hostile))).toEqual(Array.from(seededMemento('js').getBucketMany(keys)))
    expect(ring.getConsumerIdMany(hostile)).toEqual(seededMementoRing('js').getConsumerIdMany(keys))
  })

  it('a getter that changes the ring mid-call: the call sees the ring once every key is read', () => {
    const results = [backend, 'js' as const].map((name) => {
      const r = seededMementoRing(name)
      const keys: Key[] = KEYS.slice(0, 1000) as Key[]
      Object.defineProperty(keys, 10, {
        get: () => {
          r.addConsumer('late', 'late')
          return 'ten'
        },
      })
      const during = r.getConsumerIdMany(keys)
      // A getter that empties the ring, then one that refills an empty ring.
      const lone = new MementoRing<string>({ backend: name }).addConsumer('only', 'only')
      const emptying: Key[] = ['a', 'b']
      Object.defineProperty(emptying, 1, {
        get: () => {
          lone.removeConsumer('only')
          return 'b'
        },
      })
      const emptied = Array.from(lone.getSlotMany(emptying))
      const filling: Key[] = ['a', 'b']
      Object.defineProperty(filling, 1, {
        get: () => {
          lone.addConsumer('again', 'again')
          return 'b'
        },
      })
      return [during, r.toJSON(), emptied, lone.getConsumerIdMany(filling)]
    })
    expect(results[0]).toEqual(results[1])
    expect(results[0][2]).toEqual([-1, -1])
    expect(results[0][3]).toEqual(['again', 'again'])
  })

  it.each(['hash', 'seed', 'backend'])('options.%s = null is a TypeError naming it', (name) => {
    for (const make of [
      () => new MementoHash(10, { backend, [name]: null }),
      () => new MementoRing({ backend, [name]: null }),
    ]) {
      const error = thrown(make)
      expect(error.type).toBe('TypeError')
      expect(error.message).toMatch(new RegExp(`^${name} must be .*, got null$`))
    }
  })

  it('options: null is a TypeError everywhere options are taken, and weight is refused', () => {
    const nullOptions = { type: 'TypeError', message: 'options must be an object, got null' }
    const none = null as unknown as undefined
    const info = (id: string) => id
    expect(thrown(() => new MementoHash(10, none))).toEqual(nullOptions)
    expect(thrown(() => new MementoRing(none))).toEqual(nullOptions)
    expect(thrown(() => MementoHash.fromJSON(m.toJSON(), none))).toEqual(nullOptions)
    expect(
      thrown(() => MementoRing.fromJSON(ring.toJSON(), none as unknown as { info: typeof info })),
    ).toEqual(nullOptions)
    expect(thrown(() => ring.addConsumer('x', 'x', none))).toEqual(nullOptions)
    expect(
      thrown(() => MementoRing.fromJSON(ring.toJSON(), { info, backend: null as unknown as 'js' })),
    ).toEqual({
      type: 'TypeError',
      message: "backend must be one of 'auto', 'native', 'wasm', 'js', got null",
    })
    expect(thrown(() => MementoHash.fromJSON(m.toJSON(), { backend: null as unknown as 'js' })).type).toBe(
      'TypeError',
    )
    for (const weight of [2, null, undefined])
      expect(sameError((_, r) => r.addConsumer('x', 'x', { weight } as unknown as undefined))).toEqual({
        type: 'TypeError',
        message:
          'options.weight is not supported: MementoRing consumers have no weights (ConsistentHashRing has them)',
      })
    expect(
      sameError((_, r) => r.addConsumer('x', 'x', revoked.proxy as unknown as undefined)).message,
    ).toMatch(/^options could not be read/)
    expect(sameError((_, r) => r.addConsumer('x', 'x', { vnodes: 3 } as unknown as undefined)).message).toBe(
      'options has an unknown option "vnodes"; known: weight',
    )
  })

  it.each(ILL_FORMED_IDS)('the ill-formed id %j is a TypeError everywhere an id is taken', (id) => {
    for (const f of [
      (r: Ring) => r.addConsumer(id, 'x'),
      (r: Ring) => r.removeConsumer(id),
      (r: Ring) => r.hasConsumer(id),
      (r: Ring) => r.slotOf(id),
    ]) {
      const error = sameError((_, r) => f(r))
      expect(error.type).toBe('TypeError')
      expect(error.message).toMatch(ILL_FORMED_ID)
    }
    const snapshot = ring.toJSON()
    const b = snapshot.ids.indexOf('w-5')
    snapshot.ids[b] = id
    expect(thrown(() => MementoRing.fromJSON(snapshot, { info: String, backend })).message).toMatch(
      new RegExp(`^snapshot\\.ids\\[${b}\\] must be well-formed UTF-16`),
    )
  })

  it('a failed removeBucket, addBucket, addConsumer or removeConsumer changes nothing, with the same error as js', () => {
    const cases: Array<(m: MementoHash, r: Ring) => unknown> = [
      (m) => m.removeBucket(5), // removed
      (m) => m.removeBucket(100), // never added
      (m) => m.removeBucket(-1),
      (m) => m.removeBucket(1.5),
      (m) => m.removeBucket(MAX_BUCKETS),
      (m) => m.removeBucket(Number.NaN),
      (m) => m.removeBucket('3' as unknown as number),
      (m) => m.removeBucket(null as unknown as number),
      (_, r) => r.addConsumer('', 'x'),
      (_, r) => r.addConsumer(7 as unknown as string, 'x'),
      (_, r) => r.removeConsumer(undefined as unknown as string),
      (_, r) => r.getConsumers('k', -1),
      (_, r) => r.getConsumers('k', 1.5),
    ]
    for (const value of opaque) {
      cases.push((m) => m.removeBucket(value as number))
      cases.push((m) => m.getBucket(value as string))
      cases.push((m) => m.getBucketMany(value as string[]))
      cases.push((m) => m.getBucketMany(['k'], value as Int32Array))
      cases.push((_, r) => r.addConsumer(value as string, 'x'))
      cases.push((_, r) => r.getConsumers('k', value as number))
    }
    for (const f of cases) {
      const error = sameError(f)
      expect(['TypeError', 'RangeError'], `${f}: ${error.message}`).toContain(error.type)
    }
    // The last working bucket.
    const one = new MementoHash(2, { backend })
    one.removeBucket(0)
    expect(thrown(() => one.removeBucket(1))).toEqual({
      type: 'RangeError',
      message: 'bucket 1 is the last working bucket and cannot be removed',
    })
    expect(one.size).toBe(1)
    // The bucket limit: 2^31 − 1 buckets cost nothing, and one more is refused.
    const full = new MementoHash(MAX_BUCKETS, { backend })
    const key = full.getBucket('k')
    expect(thrown(() => full.addBucket())).toEqual({
      type: 'RangeError',
      message: `buckets would exceed ${MAX_BUCKETS}: no bucket can be added`,
    })
    expect([full.size, full.getBucket('k')]).toEqual([MAX_BUCKETS, key])
    full.removeBucket(7)
    expect(full.addBucket()).toBe(7)
    expect(full.getBucket('k')).toBe(key)
  })
})
