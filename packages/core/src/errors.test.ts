import { describe, expect, it } from 'vitest'
import {
  availableBackends,
  ConsistentHashRing,
  jumpHash,
  jumpHashMany,
  KeyBatch,
  xxh3,
  xxh64,
} from './index.js'
import { backendsUnderTest } from './test/backends.js'
import { thrown } from './test/thrown.js'

describe.each(backendsUnderTest())('bad input on the %s backend', (backend) => {
  const seeded = () => {
    const ring = new ConsistentHashRing<string>({ backend, vnodes: 16 })
    for (let k = 0; k < 5; k++) ring.addConsumer(`n${k}`, `n${k}`)
    return ring
  }
  const snapshot = (ring: ConsistentHashRing<string>) => ({
    size: ring.size,
    points: ring.pointCount,
    ids: ring.consumerIds().sort(),
    owners: ring.getConsumerIdMany(Array.from({ length: 200 }, (_, k) => `k${k}`)),
  })

  it.each([
    [0, 'RangeError', /^buckets must be an integer in 1\.\.2147483647, got 0/],
    [-1, 'RangeError', /^buckets/],
    [1.5, 'RangeError', /^buckets/],
    [2 ** 31, 'RangeError', /^buckets/],
    [Number.NaN, 'RangeError', /^buckets/],
    ['3', 'TypeError', /^buckets must be a number/],
  ])('jumpHash rejects buckets %s', (buckets, type, message) => {
    const error = thrown(() => jumpHash(1, buckets as number, { backend }))
    expect(error.type).toBe(type)
    expect(error.message).toMatch(message)
    expect(thrown(() => jumpHashMany([1n], buckets as number, { backend })).type).toBe(type)
  })

  it.each([
    [-1, 'RangeError', /^key must be a non-negative safe integer/],
    [1.5, 'RangeError', /^key/],
    [2 ** 53, 'RangeError', /^key/],
    [-1n, 'RangeError', /^key must be in 0\.\.2\^64-1/],
    [1n << 64n, 'RangeError', /^key/],
    [null, 'TypeError', /^key must be a bigint, a number, a string or a Uint8Array/],
    [{}, 'TypeError', /^key/],
  ])('jumpHash rejects key %s', (key, type, message) => {
    const error = thrown(() => jumpHash(key as number, 10, { backend }))
    expect(error.type).toBe(type)
    expect(error.message).toMatch(message)
    expect(thrown(() => jumpHashMany([0n, key as bigint], 10, { backend })).message).toMatch(/^keys\[1\]/)
  })

  it('jump accepts the extreme keys and bucket counts', () => {
    expect(jumpHash(0n, 2 ** 31 - 1, { backend })).toBeGreaterThanOrEqual(0)
    expect(jumpHash((1n << 64n) - 1n, 1, { backend })).toBe(0)
  })

  it.each([
    [{ vnodes: 0 }, 'RangeError', /^vnodes must be an integer in 1\.\.1048576/],
    [{ vnodes: 2.5 }, 'RangeError', /^vnodes/],
    [{ vnodes: 2 ** 20 + 1 }, 'RangeError', /^vnodes/],
    [{ vnodes: '10' }, 'TypeError', /^vnodes must be a number/],
    [{ hash: 'md5' }, 'RangeError', /^hash must be 'xxh3' or 'xxh64'/],
    [{ seed: 1 }, 'TypeError', /^seed must be a bigint/],
    [{ seed: -1n }, 'RangeError', /^seed must be in 0\.\.2\^64-1/],
    [{ seed: 1n << 64n }, 'RangeError', /^seed/],
    [{ backend: 'gpu' }, 'RangeError', /^backend must be one of/],
    [{ vnode: 10 }, 'TypeError', /^options has an unknown option "vnode"/],
  ])('the constructor rejects %o', (options, type, message) => {
    const error = thrown(() => new ConsistentHashRing({ backend, ...(options as object) }))
    expect(error.type).toBe(type)
    expect(error.message).toMatch(message)
  })

  it.each([
    ['', undefined, 'RangeError', /^id must not be empty/],
    [42, undefined, 'TypeError', /^id must be a string, got 42/],
    ['x', { weight: 0 }, 'RangeError', /^weight must be a finite number above 0, got 0/],
    ['x', { weight: -1 }, 'RangeError', /^weight/],
    ['x', { weight: Number.POSITIVE_INFINITY }, 'RangeError', /^weight/],
    ['x', { weight: Number.NaN }, 'RangeError', /^weight/],
    ['x', { weight: '2' }, 'TypeError', /^weight must be a number/],
    ['x', { weight: 0.001 }, 'RangeError', /^weight × vnodes must round to 1\.\.1048576 points/],
    ['x', { weight: 1e9 }, 'RangeError', /^weight × vnodes/],
    ['n1', { weight: 0 }, 'RangeError', /^weight/],
    ['x', { wieght: 2 }, 'TypeError', /^options has an unknown option/],
  ])('addConsumer(%o, …, %o) throws and leaves the ring unchanged', (id, options, type, message) => {
    const ring = seeded()
    const before = snapshot(ring)
    const error = thrown(() => ring.addConsumer(id as string, 'info', options as { weight: number }))
    expect(error.type).toBe(type)
    expect(error.message).toMatch(message)
    expect(snapshot(ring)).toEqual(before)
  })

  it.each([
    [null, 'TypeError', /^key must be a string, a Uint8Array or a safe integer, got null/],
    [1.5, 'RangeError', /^key must be a safe integer/],
    [2 ** 53, 'RangeError', /^key/],
    [Number.NaN, 'RangeError', /^key/],
    [1n, 'TypeError', /^key/],
    [new Uint16Array(2), 'TypeError', /^key .* got a Uint16Array/],
    [['a'], 'TypeError', /^key .* got an array/],
  ])('lookups reject key %o', (key, type, message) => {
    const ring = seeded()
    const before = snapshot(ring)
    for (const f of [
      () => ring.getConsumer(key as unknown as string),
      () => ring.getConsumers(key as unknown as string, 2),
    ]) {
      const error = thrown(f)
      expect(error.type).toBe(type)
      expect(error.message).toMatch(message)
    }
    expect(thrown(() => ring.getConsumerMany(['ok', key as unknown as string])).message).toMatch(/^keys\[1\]/)
    expect(snapshot(ring)).toEqual(before)
  })

  it.each([
    [-1, 'RangeError', /^n must be a non-negative integer, got -1/],
    [1.5, 'RangeError', /^n must be a non-negative integer/],
    ['2', 'TypeError', /^n must be a number/],
  ])('getConsumers rejects n = %o', (n, type, message) => {
    const error = thrown(() => seeded().getConsumers('k', n as number))
    expect(error.type).toBe(type)
    expect(error.message).toMatch(message)
  })

  it('rejects a non-array batch, a bad id to remove, and bad hash input', () => {
    const ring = seeded()
    expect(thrown(() => ring.getConsumerMany('abc' as unknown as string[])).type).toBe('TypeError')
    expect(thrown(() => ring.removeConsumer('')).type).toBe('RangeError')
    expect(thrown(() => ring.hasConsumer(3 as unknown as string)).type).toBe('TypeError')
    expect(thrown(() => xxh3(5 as unknown as string, 0n, { backend })).message).toMatch(
      /^key must be a string or a Uint8Array/,
    )
    expect(thrown(() => xxh64('a', 5 as unknown as bigint, { backend })).message).toMatch(
      /^seed must be a bigint/,
    )
    expect(thrown(() => xxh64('a', -5n, { backend })).type).toBe('RangeError')
  })

  it('rejects bad packed batches, bad out arrays and bad slots, leaving the ring unchanged', () => {
    const ring = seeded()
    const before = snapshot(ring)
    const bytes = new TextEncoder().encode('abcdef')
    // A batch whose arrays were changed after it was made is checked again at every call.
    const stale = new KeyBatch(bytes, Uint32Array.of(0, 2, 4))
    stale.offsets[1] = 5
    const overrun = new KeyBatch(bytes, Uint32Array.of(0, 2, 4))
    overrun.offsets[2] = 7
    const shared = new Int32Array(8)
    const sharing = new KeyBatch(new Uint8Array(shared.buffer, 4, 8), Uint32Array.of(0, 4, 8))
    const cases: Array<[() => unknown, string, RegExp]> = [
      [
        () => ring.getSlotMany(stale),
        'RangeError',
        /^keys\.offsets\[2\] is 4, below keys\.offsets\[1\] \(5\)/,
      ],
      [
        () => ring.getConsumerMany(overrun),
        'RangeError',
        /^keys\.offsets\[2\] is 7, past the end of keys\.bytes \(6 bytes\)/,
      ],
      [
        () => ring.getSlotMany(KeyBatch.from(['a', 'b']), new Int32Array(1)),
        'RangeError',
        /^out must hold at least 2 entries/,
      ],
      [
        () => ring.getSlotMany(['a'], new Uint32Array(1) as unknown as Int32Array),
        'TypeError',
        /^out must be an Int32Array/,
      ],
      [() => ring.getSlotMany(sharing, shared), 'RangeError', /^out must not share memory with keys\.bytes/],
      [
        () => ring.getSlotMany(['a', new Uint8Array(shared.buffer, 0, 4)], shared),
        'RangeError',
        /^out must not share memory with keys\[1\]/,
      ],
      [
        () => ring.getSlotMany({ bytes, offsets: Uint32Array.of(0, 1) } as unknown as KeyBatch),
        'TypeError',
        /^keys must be an array or a KeyBatch/,
      ],
      [() => ring.consumerAt(1.5), 'RangeError', /^slot must be an integer ≥ -1, got 1\.5/],
      [() => ring.consumerIdAt(-2), 'RangeError', /^slot must be an integer ≥ -1/],
      [() => ring.consumerAt('1' as unknown as number), 'TypeError', /^slot must be a number/],
      [() => ring.slotOf(''), 'RangeError', /^id/],
      [() => ring.getSlot(Number.NaN), 'RangeError', /^key/],
    ]
    for (const [f, type, message] of cases) {
      const error = thrown(f)
      expect(error.type, String(f)).toBe(type)
      expect(error.message, String(f)).toMatch(message)
    }
    expect(snapshot(ring)).toEqual(before)
  })
})

describe('KeyBatch', () => {
  it.each([
    [
      () => new KeyBatch('ab' as unknown as Uint8Array, Uint32Array.of(0)),
      'TypeError',
      /^bytes must be a Uint8Array, got "ab"/,
    ],
    [
      () => new KeyBatch(new Uint8Array(2), [0, 1] as unknown as Uint32Array),
      'TypeError',
      /^offsets must be a Uint32Array, got an array/,
    ],
    [
      () => new KeyBatch(new Uint8Array(2), new Uint32Array(0)),
      'RangeError',
      /^offsets must hold one entry more than there are keys/,
    ],
    [
      () => new KeyBatch(new Uint8Array(2), Uint32Array.of(1, 0)),
      'RangeError',
      /^offsets\[1\] is 0, below offsets\[0\] \(1\)/,
    ],
    [
      () => new KeyBatch(new Uint8Array(2), Uint32Array.of(0, 3)),
      'RangeError',
      /^offsets\[1\] is 3, past the end of bytes \(2 bytes\)/,
    ],
    [() => KeyBatch.from(['a', 1.5]), 'RangeError', /^keys\[1\] must be a safe integer/],
    [() => KeyBatch.from(['a', null as unknown as string]), 'TypeError', /^keys\[1\] must be a string/],
    [() => KeyBatch.from('ab' as unknown as string[]), 'TypeError', /^keys must be an array/],
  ])('rejects bad input (%#)', (f, type, message) => {
    const error = thrown(f)
    expect(error.type).toBe(type)
    expect(error.message).toMatch(message)
  })

  it('packs keys as their UTF-8 bytes', () => {
    const batch = KeyBatch.from(['', 'é', 42, Uint8Array.of(1, 2), 'a\ud800'])
    expect(Array.from(batch.offsets)).toEqual([0, 0, 2, 4, 6, 10])
    expect(Array.from(batch.bytes)).toEqual([0xc3, 0xa9, 0x34, 0x32, 1, 2, 0x61, 0xef, 0xbf, 0xbd])
    expect(batch.length).toBe(5)
  })
})

describe('backend choice', () => {
  const missing = (['native', 'wasm'] as const).filter((name) => !availableBackends().includes(name))

  it.each(missing)('explains why the %s backend is unavailable', (name) => {
    const error = thrown(() => new ConsistentHashRing({ backend: name }))
    expect(error.type).toBe('Error')
    expect(error.message).toMatch(
      new RegExp(`^The '${name}' backend is not available: .+ Available backends: `),
    )
  })

  it('lists js among the available backends and runs what it lists', () => {
    expect(availableBackends()).toContain('js')
    for (const name of availableBackends())
      expect(new ConsistentHashRing({ backend: name }).backend).toBe(name)
  })
})
