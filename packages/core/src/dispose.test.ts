/**
 * `dispose()` and `using` on every ring type (ConsistentHashRing, MementoHash, MementoRing,
 * KetamaRing) and backend, and the memory limit of a ring's build on native
 * (wasm's is in backend/wasm/recovery.test.ts).
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { loadNativeAddon } from './backend/native/index.js'
import { liveWasmRings } from './backend/wasm/index.js'
import { ConsistentHashRing, KetamaRing, KeyBatch, MementoHash, MementoRing } from './index.js'
import { backendsUnderTest } from './test/backends.js'
import { expectRefused, fillUntilRefused } from './test/refused.js'
import { thrown } from './test/thrown.js'

/** The error of any use of a disposed `className`. */
const disposedError = (className: string) => ({
  type: 'Error',
  message: `this ${className} was disposed (dispose() freed its engine); create a new one`,
})
const DISPOSED = disposedError('ConsistentHashRing')

type AnyRing = ConsistentHashRing<number> | MementoRing<number> | KetamaRing<number>

/** The uses of a disposed ring that every ring type has; `id` names one of its consumers. */
function ringUses(ring: AnyRing, id = 'n1'): Array<() => unknown> {
  return [
    () => ring.size,
    () => ring.addConsumer('z', 1),
    () => ring.removeConsumer(id),
    () => ring.hasConsumer(id),
    () => ring.consumerIds(),
    () => ring.getConsumer('k'),
    () => ring.getConsumerId('k'),
    () => ring.getConsumers('k', 2),
    () => ring.getConsumerIds('k', 2),
    () => ring.getConsumerMany(['k']),
    () => ring.getConsumerIdMany([]),
    () => ring.getSlot('k'),
    () => ring.getSlotMany(['k']),
    () => ring.getSlotMany(KeyBatch.from([])),
    () => ring.slotOf(id),
    () => ring.consumerAt(0),
    () => ring.consumerIdAt(0),
  ]
}

const placeIds = (ring: AnyRing) => ring.getConsumerIdMany(KEYS)
const KEYS = Array.from({ length: 1000 }, (_, k) => `key:${k}`)

function ringOf(backend: string, consumers = 20): ConsistentHashRing<number> {
  const ring = new ConsistentHashRing<number>({ backend: backend as 'js' })
  for (let c = 0; c < consumers; c++) ring.addConsumer(`n${c}`, c, { weight: 1 + (c % 3) })
  return ring
}

/** A MementoHash of 40 buckets with three removed. */
function mementoOf(backend: string): MementoHash {
  const m = new MementoHash(40, { backend: backend as 'js' })
  for (const bucket of [7, 39, 20]) m.removeBucket(bucket)
  return m
}

/** A MementoRing of 20 consumers, two of them removed. */
function mementoRingOf(backend: string): MementoRing<number> {
  const ring = new MementoRing<number>({ backend: backend as 'js' })
  for (let c = 0; c < 20; c++) ring.addConsumer(`n${c}`, c)
  ring.removeConsumer('n3')
  ring.removeConsumer('n11')
  return ring
}

/** A libmemcached-mode KetamaRing of 12 servers. */
function ketamaOf(backend: string): KetamaRing<number> {
  const ring = new KetamaRing<number>({ backend: backend as 'js', compat: 'libmemcached' })
  for (let c = 0; c < 12; c++) ring.addConsumer(`10.0.0.${c}:11211`, c, { weight: 1 + (c % 3) })
  return ring
}

/** What the engine holds now, where the backend can tell: native bytes, wasm rings. */
function engineHolding(backend: string): number | undefined {
  if (backend === 'native') return loadNativeAddon().nativeMemory()
  if (backend === 'wasm') return liveWasmRings()
  return undefined
}

/** Linux's overcommit policy: with 1 ("always") no allocation is refused, however large. */
const overcommitAlways = (() => {
  try {
    return readFileSync('/proc/sys/vm/overcommit_memory', 'utf8').trim() === '1'
  } catch {
    return true
  }
})()

describe.each(backendsUnderTest())('dispose on the %s backend', (backend) => {
  /**
   * Disposes `target` (made twice by `make`, the twin kept), checks that the engine let go of its
   * memory where `freed` says the backend can tell, that each of `uses` throws the error of a
   * disposed `className`, that disposing again does nothing, and that the twin still places keys.
   */
  function expectDisposes<T extends Disposable & { dispose(): void }>(
    make: () => T,
    place: (target: T) => unknown,
    uses: (target: T) => Array<() => unknown>,
    className: string,
    freed: boolean,
  ): void {
    const target = make()
    const other = make()
    const placed = place(other)
    expect(place(target)).toEqual(placed)
    const before = engineHolding(backend)
    target.dispose()
    const after = engineHolding(backend)
    if (freed && before !== undefined) expect(after).toBeLessThan(before as number)
    for (const use of uses(target)) expect(thrown(use), use.toString()).toEqual(disposedError(className))
    target.dispose()
    target[Symbol.dispose]()
    expect(engineHolding(backend)).toBe(after)
    // Other objects are untouched.
    expect(place(other)).toEqual(placed)
  }

  it('frees a ring at once; then every use throws, and disposing again does nothing', () => {
    const uses = (ring: ConsistentHashRing<number>) => [
      ...ringUses(ring),
      () => ring.pointCount,
      () => ring.getWeight('n1'),
    ]
    expectDisposes(() => ringOf(backend), placeIds, uses, 'ConsistentHashRing', true)
  })

  it('frees a KetamaRing at once; then every use throws, and disposing again does nothing', () => {
    const uses = (ring: KetamaRing<number>) => [
      ...ringUses(ring, '10.0.0.1:11211'),
      () => ring.pointCount,
      () => ring.getWeight('10.0.0.1:11211'),
    ]
    expectDisposes(() => ketamaOf(backend), placeIds, uses, 'KetamaRing', false)
  })

  it('frees a MementoHash at once; then every use throws, and disposing again does nothing', () => {
    const uses = (m: MementoHash) => [
      () => m.size,
      () => m.isWorking(1),
      () => m.getBucket('k'),
      () => m.getBucketMany(['k']),
      () => m.getBucketMany([]),
      () => m.getBucketMany(KeyBatch.from(['k'])),
      () => m.getBucketMany(KeyBatch.from([]), new Int32Array(1)),
      () => m.removeBucket(2),
      () => m.addBucket(),
      () => m.toJSON(),
      () => JSON.stringify(m),
    ]
    const place = (m: MementoHash) => m.getBucketMany(KEYS)
    // Natively a MementoHash's few bytes go with its object (dispose is a no-op there).
    expectDisposes(() => mementoOf(backend), place, uses, 'MementoHash', backend === 'wasm')
  })

  it('frees a MementoRing and its MementoHash; then every use throws, and disposing again does nothing', () => {
    const uses = (ring: MementoRing<number>) => [...ringUses(ring), () => ring.toJSON()]
    expectDisposes(() => mementoRingOf(backend), placeIds, uses, 'MementoRing', backend === 'wasm')
    // An empty ring (no engine yet) disposes too.
    const empty = new MementoRing<number>({ backend: backend as 'js' })
    empty.dispose()
    expect(thrown(() => empty.getSlotMany([]))).toEqual(disposedError('MementoRing'))
  })

  it('is disposed at the end of a `using` block', () => {
    let escaped: ConsistentHashRing<number> | undefined
    {
      using ring = ringOf(backend)
      escaped = ring
      expect(ring.getConsumerId('k')).toBeDefined()
    }
    expect(thrown(() => escaped?.getConsumerId('k'))).toEqual(DISPOSED)
    let m: MementoHash | undefined
    let mr: MementoRing<number> | undefined
    let k: KetamaRing<number> | undefined
    {
      using memento = mementoOf(backend)
      using mementoRing = mementoRingOf(backend)
      using ketama = ketamaOf(backend)
      m = memento
      mr = mementoRing
      k = ketama
      expect(memento.getBucket('k')).toBeGreaterThanOrEqual(0)
    }
    expect(thrown(() => m?.getBucket('k'))).toEqual(disposedError('MementoHash'))
    expect(thrown(() => mr?.getConsumerId('k'))).toEqual(disposedError('MementoRing'))
    expect(thrown(() => k?.getConsumerId('k'))).toEqual(disposedError('KetamaRing'))
  })

  // Natively only address space is at stake, which a machine that overcommits always grants.
  it.runIf(backend === 'native' && !overcommitAlways)(
    'refuses a ring whose build cannot be allocated with a RangeError, the ring unchanged',
    () => {
      // 4,095 consumers of 2^20 points are under the 2^32 − 1 point limit, and need 120 GB.
      const { ring, added, error } = fillUntilRefused('native', 4095)
      expectRefused(ring, added, error)
      // Refused again, the same way.
      let again: unknown
      try {
        ring.addConsumer(`c${added}`, added)
      } catch (caught) {
        again = caught
      }
      expectRefused(ring, added, again)
      ring.dispose()
    },
  )
})
