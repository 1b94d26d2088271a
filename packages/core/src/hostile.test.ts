/**
 * Hostile input, on every backend: typed arrays that lie about themselves, Proxies, getters that
 * throw or call back into the library, reassigned KeyBatch fields, detached and resized buffers.
 * After each, the ring places 10,000 keys exactly as before and every backend still works.
 */
import { describe, expect, it } from 'vitest'
import { ConsistentHashRing, jumpHash, jumpHashMany, type Key, KeyBatch, xxh3 } from './index.js'
import { backendsUnderTest } from './test/backends.js'
import {
  BOOM,
  bytesOf,
  expectChangedMidCall,
  expectIntact,
  expectOutByRealLength,
  expectReadOnce,
  KEYS,
  Liar,
  LyingOut,
  lyingKeys,
  readingProxy,
  reentrantRead,
  seeded,
  throwingKeys,
} from './test/hostile.js'
import { sharedGlue } from './test/shared-glue.js'
import { thrown } from './test/thrown.js'

describe.each(backendsUnderTest())('hostile input on the %s backend', (backend) => {
  const opts = { backend }

  it.each(lyingKeys)('a key with %s is its real bytes', (_, make, text) => {
    const ring = seeded(backend)
    const honest = bytesOf(text)
    expect(ring.getConsumerId(make())).toBe(ring.getConsumerId(honest))
    expect(ring.getConsumerIds(make(), 5)).toEqual(ring.getConsumerIds(honest, 5))
    expect(ring.getSlotMany([make(), 'x', make()])).toEqual(ring.getSlotMany([honest, 'x', honest]))
    expect(ring.getConsumerIdMany(KeyBatch.from([make(), 'x']))).toEqual(ring.getConsumerIdMany([text, 'x']))
    expect(xxh3(make(), 7n, opts)).toBe(xxh3(text, 7n, opts))
    expect(jumpHash(make(), 1000, opts)).toBe(jumpHash(text, 1000, opts))
    expect(Array.from(jumpHashMany([make(), 5n], 1000, opts))).toEqual([
      jumpHash(text, 1000, opts),
      jumpHash(5n, 1000, opts),
    ])
    expectIntact(ring)
  })

  it('a Proxy of a typed array is a TypeError wherever a typed array is taken', () => {
    const ring = seeded(backend)
    const proxy = new Proxy(bytesOf('user:42'), {})
    const keyError = /^key must be a string, a Uint8Array or a safe integer, got an object$/
    expect(thrown(() => ring.getConsumer(proxy))).toEqual({
      type: 'TypeError',
      message: expect.stringMatching(keyError),
    })
    expect(thrown(() => ring.getConsumers(proxy, 2)).type).toBe('TypeError')
    expect(thrown(() => ring.getSlotMany(['a', proxy])).message).toMatch(/^keys\[1\] must be a string/)
    expect(thrown(() => ring.getSlotMany(['a'], new Proxy(new Int32Array(4), {}))).message).toMatch(
      /^out must be an Int32Array, got an object/,
    )
    expect(thrown(() => new KeyBatch(proxy, new Uint32Array([0, 1]))).message).toMatch(
      /^bytes must be a Uint8Array/,
    )
    expect(thrown(() => new KeyBatch(bytesOf('a'), new Proxy(new Uint32Array([0, 1]), {}))).message).toMatch(
      /^offsets must be a Uint32Array/,
    )
    expect(thrown(() => xxh3(proxy, 0n, opts)).message).toMatch(
      /^key must be a string or a Uint8Array, got an object/,
    )
    expect(thrown(() => jumpHash(proxy, 10, opts)).type).toBe('TypeError')
    const words = new Proxy(new BigUint64Array([1n, 2n]), {})
    expect(thrown(() => jumpHashMany(words, 10, opts)).message).toMatch(
      /^keys must be a BigUint64Array or an array/,
    )
    expectIntact(ring)
  })

  it('an out array is written by its real length, whatever its length and methods say', () => {
    const ring = seeded(backend)
    expectOutByRealLength((keys, out) => ring.getSlotMany(keys, out))
    const empty = new LyingOut(3000)
    new ConsistentHashRing<string>({ backend }).getSlotMany(KEYS.slice(0, 3000), empty)
    expect(Array.from(empty.subarray(0, 3))).toEqual([-1, -1, -1])
    expectIntact(ring)
  })

  it('a KeyBatch is frozen and read by the memory it wrapped', () => {
    const ring = seeded(backend)
    const batch = KeyBatch.from(KEYS.slice(0, 500))
    const want = ring.getConsumerIdMany(KEYS.slice(0, 500))
    expect(() => {
      ;(batch as { bytes: unknown }).bytes = 'abc'
    }).toThrow(TypeError)
    expect(() => Object.defineProperty(batch, 'offsets', { value: new Uint32Array([0, 9e9]) })).toThrow(
      TypeError,
    )
    expect(ring.getConsumerIdMany(batch)).toEqual(want)
    // Lying views given to the constructor: their real memory counts.
    const bytes = new Liar(batch.bytes.length)
    Uint8Array.prototype.set.call(bytes, batch.bytes)
    const offsets = Uint32Array.from(batch.offsets)
    Object.defineProperty(offsets, 'length', { value: 2 })
    const lying = new KeyBatch(bytes, offsets)
    expect(lying.length).toBe(500)
    expect(ring.getConsumerIdMany(lying)).toEqual(want)
    // Neither a Proxy of a batch nor an object that only inherits from KeyBatch is one.
    const fake = Object.create(KeyBatch.prototype)
    expect(thrown(() => ring.getSlotMany(fake)).message).toMatch(
      /^keys must be an array or a KeyBatch, got an object/,
    )
    expect(thrown(() => ring.getSlotMany(new Proxy(batch, {}))).type).toBe('TypeError')
    expectIntact(ring)
  })

  it('detached and resized buffers read as they are now', () => {
    const ring = seeded(backend)
    const detached = bytesOf('user:42')
    structuredClone(detached.buffer, { transfer: [detached.buffer] })
    expect(ring.getConsumerId(detached)).toBe(ring.getConsumerId(''))
    expect(ring.getConsumerIdMany([detached, 'a'])).toEqual(ring.getConsumerIdMany(['', 'a']))
    const words = new BigUint64Array([1n, 2n])
    structuredClone(words.buffer, { transfer: [words.buffer] })
    expect(Array.from(jumpHashMany(words, 10, opts))).toEqual([])
    // A batch over a resizable buffer that then shrinks: its offsets now pass the end.
    const buffer = new (ArrayBuffer as unknown as new (n: number, o: object) => ArrayBuffer)(64, {
      maxByteLength: 128,
    })
    const view = new Uint8Array(buffer)
    view.set(bytesOf('abcdef'))
    const batch = new KeyBatch(view, new Uint32Array([0, 3, 6]))
    expect(ring.getConsumerIdMany(batch)).toEqual(ring.getConsumerIdMany(['abc', 'def']))
    ;(buffer as unknown as { resize(n: number): void }).resize(4)
    expect(thrown(() => ring.getSlotMany(batch)).message).toMatch(
      /^keys\.offsets\[2\] is 6, past the end of keys\.bytes/,
    )
    // A length-tracking key follows its buffer.
    const tracking = new Uint8Array(buffer)
    expect(ring.getConsumerId(tracking)).toBe(ring.getConsumerId('abcd'))
    expectIntact(ring)
  })

  it.runIf(backend === 'wasm')('keys that are views of the WebAssembly memory itself', async () => {
    const ring = seeded(backend)
    // initSync returns the instance the backend already runs.
    const glue = await sharedGlue<{ initSync(options: object): { memory: WebAssembly.Memory } }>()
    const { memory } = glue.initSync({ module: new Uint8Array(0) })
    const size = 8 << 20 // more than the key region holds: it grows, which detaches every view
    if (memory.buffer.byteLength < 2 * size) memory.grow((2 * size) >>> 16)
    const js = seeded('js')
    const view = () => new Uint8Array(memory.buffer, 0, size)
    // Each expected answer comes from a copy of the bytes as they are just before the call.
    let want = js.getConsumerId(view().slice())
    expect(ring.getConsumerId(view())).toBe(want)
    const many = view()
    want = js.getConsumerId(many.slice())
    expect(ring.getConsumerIdMany([many, 'a'])).toEqual([want, js.getConsumerId('a')])
    const batch = new KeyBatch(view(), new Uint32Array([0, size]))
    want = js.getConsumerId(view().slice())
    expect(ring.getConsumerIdMany(batch)).toEqual([want])
    expectIntact(ring)
  })

  it('each element of a keys array is read once, and a throwing getter leaves the ring unchanged', () => {
    const ring = seeded(backend)
    expectReadOnce((keys) => ring.getConsumerIdMany(keys))
    // A later getter that detaches an earlier key's buffer: every backend reads it as it is then.
    const early = bytesOf('early key')
    const detaching: Key[] = [early, 'b']
    Object.defineProperty(detaching, 1, {
      get: () => {
        structuredClone(early.buffer, { transfer: [early.buffer] })
        return 'b'
      },
    })
    expect(ring.getConsumerIdMany(detaching)).toEqual(ring.getConsumerIdMany(['', 'b']))
    expect(thrown(() => ring.getSlotMany(throwingKeys()))).toEqual(BOOM)
    expect(thrown(() => jumpHashMany(throwingKeys() as string[], 10, opts)).message).toBe('boom')
    expect(
      thrown(() =>
        ring.addConsumer('x', 'x', {
          get weight(): number {
            throw new RangeError('no')
          },
        }),
      ).message,
    ).toBe('no')
    const lyingLength = new Proxy(['a'], { get: (t, p) => (p === 'length' ? -1 : Reflect.get(t, p)) })
    expect(thrown(() => ring.getSlotMany(lyingLength)).message).toMatch(
      /^keys must be an array, got one whose length is -1/,
    )
    expectIntact(ring)
  })

  it('getters that call back into the library during a batch give the right owners', () => {
    const ring = seeded(backend)
    const others = backendsUnderTest().map((name) => seeded(name, 7))
    const keys = KEYS.slice(0, 3000)
    const want = seeded('js').getConsumerIdMany(keys)
    const nested = reentrantRead(ring, others, keys)
    const reentrant = (k: number) => {
      const key = nested(k)
      jumpHashMany([key, BigInt(k)], 100, opts)
      xxh3(key, 1n, opts)
      return key
    }
    const tricky = keys.map((_, k) => k)
    expect(ring.getConsumerIdMany(readingProxy(keys.length, reentrant))).toEqual(want)
    const jumpKeys = new Proxy(tricky, {
      get: (t, p) =>
        typeof p === 'string' && /^\d+$/.test(p)
          ? BigInt(reentrant(Number(p)) === '' ? -1 : p)
          : Reflect.get(t, p),
    })
    expect(Array.from(jumpHashMany(jumpKeys as unknown as bigint[], 1000, opts))).toEqual(
      Array.from(jumpHashMany(tricky.map(BigInt), 1000, { backend: 'js' })),
    )
    expectIntact(ring)
  })

  it('a getter that changes the ring mid-call: the call sees the ring as it is once every argument is read', () => {
    expectChangedMidCall(seeded, backend, { late: 'late', later: 'later', member: 'node-0' })
  })
})
