/**
 * Helpers of the hostile-input suites: keys and arrays that lie about themselves or run code when
 * read, a seeded ring per backend, its placement of 10,000 keys, the check that a ring (and every
 * other backend) still places them exactly as before, and the cases every ring type shares.
 */
import { expect } from 'vitest'
import type { BackendName } from '../backend/types.js'
import { ConsistentHashRing, type KetamaRing, type Key, KeyBatch } from '../index.js'
import { backendsUnderTest } from './backends.js'
import { thrown } from './thrown.js'

export type Ring = ConsistentHashRing<string>
/** The rings with weights and points. */
export type WeightedRing = ConsistentHashRing<string> | KetamaRing<string>

/** 10,000 keys: ASCII, non-ASCII and bytes, so every engine path is placed. */
export const KEYS: Array<string | Uint8Array> = Array.from({ length: 10_000 }, (_, k) =>
  k % 5 === 0 ? new TextEncoder().encode(`bytes-${k}`) : k % 5 === 1 ? `ключ-${k}` : `key-${k}`,
)

/** A ring of 50 consumers on `backend`. */
export function seeded(backend: BackendName, vnodes = 40): Ring {
  const ring = new ConsistentHashRing<string>({ backend, vnodes })
  for (let c = 0; c < 50; c++) ring.addConsumer(`node-${c}`, `info-${c}`, { weight: 1 + (c % 3) })
  return ring
}

const batch = KeyBatch.from(KEYS)

/** What a ring answers for {@link KEYS}, one key at a time, as an array and as a batch, and its state. */
export function placement(ring: WeightedRing): unknown {
  return {
    size: ring.size,
    points: ring.pointCount,
    ids: ring.consumerIds().sort(),
    one: KEYS.map((key) => ring.getConsumerId(key)),
    many: ring.getConsumerIdMany(KEYS),
    batch: ring.getConsumerIdMany(batch),
  }
}

/**
 * The check that a ring made by `seeded` still places every key as a fresh one does (computed
 * once, on js), and that a fresh one on every backend still works.
 */
export function intactCheck<R extends WeightedRing>(seeded: (backend: BackendName) => R): (ring: R) => void {
  let reference: unknown
  return (ring) => {
    reference ??= placement(seeded('js'))
    expect(placement(ring)).toEqual(reference)
    for (const backend of backendsUnderTest()) expect(placement(seeded(backend))).toEqual(reference)
  }
}

/** {@link intactCheck} of the {@link seeded} ConsistentHashRing. */
export const expectIntact = intactCheck((backend) => seeded(backend))

export const bytesOf = (text: string) => new TextEncoder().encode(text)

/** A Uint8Array of `text` whose own `length` property says `length`. */
export function ownLength(text: string, length: number): Uint8Array {
  const key = bytesOf(text)
  Object.defineProperty(key, 'length', { value: length })
  return key
}

/** A Uint8Array subclass whose `length` says 1 first, then 1000, and whose methods throw. */
export class Liar extends Uint8Array {
  #reads = 0
  override get length(): number {
    return this.#reads++ === 0 ? 1 : 1000
  }
  override subarray(): Uint8Array<ArrayBuffer> {
    throw new Error('subarray was called')
  }
  override set(): void {
    throw new Error('set was called')
  }
}

const liar = (text: string) => {
  const key = new Liar(bytesOf(text).length)
  Uint8Array.prototype.set.call(key, bytesOf(text))
  return key
}

/** Keys that lie about their length, each with the honest text they hold. */
export const lyingKeys: Array<[string, () => Uint8Array, string]> = [
  ['an own length of 1000', () => ownLength('user:42', 1000), 'user:42'],
  ['an own length of 1', () => ownLength('user:42', 1), 'user:42'],
  ['an own length of -5', () => ownLength('user:42', -5), 'user:42'],
  [
    'a subclass getter that changes',
    () => liar('some longer key, 40 bytes or so.......'),
    'some longer key, 40 bytes or so.......',
  ],
]

/** An Int32Array subclass whose `length` says 1 and whose methods throw. */
export class LyingOut extends Int32Array {
  override get length(): number {
    return 1
  }
  override set(): void {
    throw new Error('set was called')
  }
  override fill(): this {
    throw new Error('fill was called')
  }
}

/** Ids that are not well-formed UTF-16, and the start of the TypeError each gives. */
export const ILL_FORMED_IDS = ['\uD800', 'a\uDC00', '\uDBFF\uDBFF\uDC00', `${'x'.repeat(50)}\uD83D`]
export const ILL_FORMED_ID = /^id must be well-formed UTF-16 \(it has a lone surrogate\), got "/

/** `keys` with element `index` replaced by a getter that runs `effect`, then reads as `value`. */
export function withGetter(keys: Key[], index: number, effect: () => void, value: Key): Key[] {
  Object.defineProperty(keys, index, {
    get: () => {
      effect()
      return value
    },
  })
  return keys
}

/** `count` keys as a Proxy whose element k is `read(k)`: user code runs on every read. */
export function readingProxy(count: number, read: (k: number) => Key): Key[] {
  return new Proxy(
    Array.from({ length: count }, (_, k) => k),
    { get: (t, p) => (typeof p === 'string' && /^\d+$/.test(p) ? read(Number(p)) : Reflect.get(t, p)) },
  ) as unknown as Key[]
}

/**
 * A read of `keys[k]` that first calls back into the library: nested calls of every kind on
 * `ring`, and batches on each of `others` (rings of every backend).
 */
export function reentrantRead<K extends Key>(
  ring: WeightedRing,
  others: readonly WeightedRing[],
  keys: readonly K[],
): (k: number) => K {
  return (k) => {
    const key = keys[k]
    ring.getSlotMany(keys.slice(k, k + 40))
    ring.getConsumerIdMany(KeyBatch.from(keys.slice(k, k + 20)))
    ring.getConsumers(key, 3)
    for (const other of others) other.getConsumerIdMany(keys.slice(k, k + 30))
    return key
  }
}

/** ['a', 'b'] whose first element throws Error('boom') when read, and that error. */
export const throwingKeys = (): Key[] =>
  withGetter(
    ['a', 'b'],
    0,
    () => {
      throw new Error('boom')
    },
    'a',
  )
export const BOOM = { type: 'Error', message: 'boom' }

/**
 * Expects `place` to read each element of a keys array once: a getter whose second read would
 * say another key.
 */
export function expectReadOnce(place: (keys: Key[]) => unknown): void {
  let reads = 0
  const keys: Key[] = ['a', 'b']
  Object.defineProperty(keys, 1, { get: () => (reads++ === 0 ? 'k' : 'k'.repeat(100_000)) })
  expect(place(keys)).toEqual(place(['a', 'k']))
  expect(reads).toBe(1)
}

/**
 * Expects `place` (a `getSlotMany` or `getBucketMany`) to write an `out` array by its real
 * length, whatever its `length` property and methods say.
 */
export function expectOutByRealLength(place: (keys: Key[], out?: Int32Array) => Int32Array): void {
  const keys = KEYS.slice(0, 3000)
  const want = place(keys)
  const out = new LyingOut(3000)
  expect(place(keys, out)).toBe(out)
  expect(Int32Array.from(out)).toEqual(want)
  const short = new Int32Array(2)
  Object.defineProperty(short, 'length', { value: 3000 })
  expect(thrown(() => place(keys, short)).message).toBe(
    'out must hold at least 3000 entries (one per key), got 2',
  )
}

/**
 * A getter that changes a weighted ring mid-call: on `backend` and on js, a batch whose key 10
 * adds `late`, then an addConsumer whose weight getter removes `member`. The call sees the ring
 * as it is once every argument is read, the same on both.
 */
export function expectChangedMidCall(
  seededOn: (backend: BackendName) => WeightedRing,
  backend: BackendName,
  ids: { late: string; later: string; member: string },
): void {
  const results = [seededOn(backend), seededOn('js')].map((ring) => {
    const keys = withGetter(
      KEYS.slice(0, 2000),
      10,
      () => ring.addConsumer(ids.late, 'late', { weight: 5 }),
      'ten',
    )
    const during = ring.getConsumerIdMany(keys)
    const weight = {
      get weight() {
        ring.removeConsumer(ids.member)
        return 2
      },
    }
    ring.addConsumer(ids.later, 'later', weight)
    return [during, ring.getConsumerIdMany(KEYS), ring.consumerIds(), ring.pointCount]
  })
  expect(results[0]).toEqual(results[1])
  expect((results[0][0] as string[]).includes(ids.late)).toBe(true)
}
