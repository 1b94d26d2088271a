/**
 * Helpers of the MementoHash and MementoRing hostile-input suite: a seeded object of each per
 * backend (with removals and additions, so the replacement walk runs), its placement of the 10,000
 * keys, and the check that it (and a fresh one on every backend) still places them as before.
 */
import { expect } from 'vitest'
import type { BackendName } from '../backend/types.js'
import { KeyBatch, MementoHash, MementoRing } from '../index.js'
import { backendsUnderTest } from './backends.js'
import { KEYS } from './hostile.js'

/** 100 buckets, five removed, the last removal brought back. */
export function seededMemento(backend: BackendName): MementoHash {
  const m = new MementoHash(100, { backend })
  for (const bucket of [5, 99, 42, 17, 63]) m.removeBucket(bucket)
  m.addBucket()
  return m
}

/** 30 consumers, three removed, then one added (it takes the last freed bucket). */
export function seededMementoRing(backend: BackendName): MementoRing<string> {
  const ring = new MementoRing<string>({ backend })
  for (let c = 0; c < 30; c++) ring.addConsumer(`w-${c}`, `info-${c}`)
  for (const id of ['w-3', 'w-17', 'w-29']) ring.removeConsumer(id)
  ring.addConsumer('w-new', 'info-new')
  return ring
}

const batch = KeyBatch.from(KEYS)

/** What a MementoHash answers for the keys, one at a time, as an array and as a batch, and its state. */
function mementoPlacement(m: MementoHash): unknown {
  return {
    state: m.toJSON(),
    size: m.size,
    one: KEYS.map((key) => m.getBucket(key)),
    many: Array.from(m.getBucketMany(KEYS)),
    batch: Array.from(m.getBucketMany(batch)),
  }
}

/** What a MementoRing answers for the keys, and its state. */
function ringPlacement(ring: MementoRing<string>): unknown {
  return {
    state: ring.toJSON(),
    size: ring.size,
    one: KEYS.map((key) => ring.getConsumer(key)),
    many: ring.getConsumerIdMany(KEYS),
    replicas: KEYS.slice(0, 200).map((key) => ring.getConsumerIds(key, 3)),
  }
}

// Computed once, on js.
let reference: { memento: unknown; ring: unknown } | undefined

function seededPlacements(): { memento: unknown; ring: unknown } {
  reference ??= {
    memento: mementoPlacement(seededMemento('js')),
    ring: ringPlacement(seededMementoRing('js')),
  }
  return reference
}

/**
 * Checks that a seeded MementoHash and MementoRing still place every key as fresh ones do, and
 * that fresh ones on every backend still work.
 */
export function expectMementoIntact(m: MementoHash, ring: MementoRing<string>): void {
  const want = seededPlacements()
  expect(mementoPlacement(m)).toEqual(want.memento)
  expect(ringPlacement(ring)).toEqual(want.ring)
  for (const backend of backendsUnderTest()) {
    expect(mementoPlacement(seededMemento(backend))).toEqual(want.memento)
    expect(ringPlacement(seededMementoRing(backend))).toEqual(want.ring)
  }
}
