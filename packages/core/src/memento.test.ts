import { describe, expect, it } from 'vitest'
import { resolveBackend } from './backend/select.js'
import { KeyBatch, MementoHash } from './index.js'
import { backendsUnderTest } from './test/backends.js'
import { loadFixture, type MementoFixture } from './test/fixtures.js'
import { thrown } from './test/thrown.js'

const fixture = loadFixture<MementoFixture>('memento.json')

describe.each(backendsUnderTest())('MementoHash on the %s backend', (backend) => {
  it('matches the authors’ C++ MementoEngine on every golden scenario', () => {
    expect(fixture.reference.commit).toMatch(/^[0-9a-f]{40}$/)
    let checked = 0
    for (const scenario of fixture.scenarios) {
      const keys = [
        ...Array.from({ length: scenario.key_count }, (_, i) => `key-${i}`),
        ...fixture.extra_keys,
      ]
      const batch = KeyBatch.from(keys)
      const m = new MementoHash(scenario.buckets, { hash: fixture.hash, seed: BigInt(fixture.seed), backend })
      expect(m.backend).toBe(backend)
      scenario.steps.forEach((step, i) => {
        const where = `${scenario.name} step ${i}`
        if ('check' in step) {
          const want = step.check.split(' ').map(Number)
          expect(
            keys.map((k) => m.getBucket(k)),
            where,
          ).toEqual(want)
          expect(Array.from(m.getBucketMany(batch)), `${where} batch`).toEqual(want)
          expect(Array.from(m.getBucketMany(keys)), `${where} array`).toEqual(want)
          checked += want.length
          return
        }
        if ('remove' in step) m.removeBucket(step.remove)
        else expect(m.addBucket(), where).toBe(step.add)
        expect(m.size, `${where} size`).toBe(step.size)
      })
      // A snapshot restores the same placement.
      const again = MementoHash.fromJSON(JSON.parse(JSON.stringify(m)), { backend })
      expect(Array.from(again.getBucketMany(batch))).toEqual(Array.from(m.getBucketMany(batch)))
    }
    expect(checked).toBe(29_960)
  })

  it('takes numbers and bytes as the same keys as their strings', () => {
    const m = new MementoHash(100, { backend })
    m.removeBucket(42)
    m.removeBucket(7)
    for (const n of [0, 1, -7, 42, 9007199254740991]) expect(m.getBucket(n)).toBe(m.getBucket(String(n)))
    const enc = new TextEncoder()
    for (const s of ['', 'a', 'ключ', 'x'.repeat(300)])
      expect(m.getBucket(enc.encode(s))).toBe(m.getBucket(s))
    // A lone surrogate is U+FFFD, as everywhere (docs/placement.md §1).
    expect(m.getBucket('\uD800')).toBe(m.getBucket('\uFFFD'))
  })

  it('rejects bad input with a clear error and leaves the state unchanged', () => {
    const m = new MementoHash(4, { backend })
    m.removeBucket(1)
    const before = JSON.stringify(m)
    const probe = Array.from({ length: 200 }, (_, i) => m.getBucket(`k${i}`))
    expect(thrown(() => m.removeBucket(1))).toEqual({
      type: 'RangeError',
      message: 'bucket 1 is not a working bucket (removed, or never added)',
    })
    expect(thrown(() => m.removeBucket(4))).toEqual({
      type: 'RangeError',
      message: 'bucket 4 is not a working bucket (removed, or never added)',
    })
    expect(thrown(() => m.removeBucket(1.5))).toEqual({
      type: 'RangeError',
      message: 'bucket must be an integer in 0..2147483646, got 1.5',
    })
    expect(thrown(() => m.removeBucket(-1)).type).toBe('RangeError')
    expect(thrown(() => m.removeBucket('2' as unknown as number))).toEqual({
      type: 'TypeError',
      message: 'bucket must be a number, got "2"',
    })
    m.removeBucket(3) // cut off the end? no: 1 is remembered, so 3 is remembered too
    m.removeBucket(0)
    expect(thrown(() => m.removeBucket(2))).toEqual({
      type: 'RangeError',
      message: 'bucket 2 is the last working bucket and cannot be removed',
    })
    expect(m.size).toBe(1)
    expect([m.addBucket(), m.addBucket()]).toEqual([0, 3])
    expect(JSON.stringify(m)).toBe(before)
    expect(Array.from({ length: 200 }, (_, i) => m.getBucket(`k${i}`))).toEqual(probe)
    expect(thrown(() => new MementoHash(0, { backend })).message).toMatch(/^buckets must be an integer/)
    expect(thrown(() => new MementoHash(3, { backend, weight: 2 } as never)).type).toBe('TypeError')
    expect(thrown(() => m.getBucket(1.5)).message).toMatch(/^key must be a safe integer/)
    expect(thrown(() => m.getBucketMany([1n as never])).message).toMatch(/^keys\[0\] must be/)
    expect(thrown(() => m.getBucketMany(['a', 'b'], new Int32Array(1))).message).toMatch(/^out must hold/)
  })

  // The engines check again (chash_core words it once for native and wasm): the same words as here.
  it.runIf(backend !== 'js')('its engine refuses a bad removal in the words MementoHash uses', () => {
    const engine = resolveBackend(backend).createMemento({ hash: 'xxh3', seedHi: 0, seedLo: 0 }, 4)
    const m = new MementoHash(4, { backend })
    const both = (f: (x: { removeBucket(bucket: number): void }) => void) => {
      const error = thrown(() => f(engine))
      expect(error).toEqual(thrown(() => f(m)))
      return error.message
    }
    for (const x of [engine, m]) x.removeBucket(1)
    expect(both((x) => x.removeBucket(1))).toBe('bucket 1 is not a working bucket (removed, or never added)')
    expect(both((x) => x.removeBucket(4))).toBe('bucket 4 is not a working bucket (removed, or never added)')
    for (const x of [engine, m]) for (const bucket of [0, 3]) x.removeBucket(bucket)
    expect(both((x) => x.removeBucket(2))).toBe('bucket 2 is the last working bucket and cannot be removed')
    engine.dispose()
  })

  it('adds past 2^31 − 1 buckets with a RangeError', () => {
    const m = new MementoHash(2147483647, { backend })
    expect(thrown(() => m.addBucket())).toEqual({
      type: 'RangeError',
      message: 'buckets would exceed 2147483647: no bucket can be added',
    })
    expect(m.size).toBe(2147483647)
  })
})
