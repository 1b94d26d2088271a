/**
 * Helpers of the hostile-input suites: keys that lie about themselves, a seeded ring per backend,
 * its placement of 10,000 keys, and the check that a ring (and every other backend) still places
 * them exactly as before.
 */
import { expect } from 'vitest'
import type { BackendName } from '../backend/types.js'
import { ConsistentHashRing } from '../index.js'
import { backendsUnderTest } from './backends.js'

export type Ring = ConsistentHashRing<string>

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

/** What a ring answers for {@link KEYS}, one key at a time and as a batch, and its state. */
export function placement(ring: Ring): unknown {
  return {
    size: ring.size,
    points: ring.pointCount,
    ids: ring.consumerIds().sort(),
    one: KEYS.map((key) => ring.getConsumerId(key)),
    many: ring.getConsumerIdMany(KEYS),
  }
}

// Computed once, on js: every backend must place the seeded ring's keys like this.
let reference: unknown

/** The placement of a freshly seeded ring (the same on every backend). */
export function seededPlacement(): unknown {
  reference ??= placement(seeded('js'))
  return reference
}

/**
 * Checks that `ring` (seeded) still places every key as a fresh ring does, and that a fresh ring
 * on every backend still works.
 */
export function expectIntact(ring: Ring): void {
  expect(placement(ring)).toEqual(seededPlacement())
  for (const backend of backendsUnderTest()) expect(placement(seeded(backend))).toEqual(seededPlacement())
}

export const bytesOf = (text: string) => new TextEncoder().encode(text)

/** A Uint8Array of `text` whose own `length` property says `length`. */
function ownLength(text: string, length: number): Uint8Array {
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
