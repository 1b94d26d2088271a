/** Filling a ring until its engine refuses the build, and what the refusal must look like. */
import { expect } from 'vitest'
import type { BackendName } from '../backend/types.js'
import { MAX_POINTS_PER_CONSUMER, outOfMemory } from '../limits.js'
import { ConsistentHashRing } from '../ring.js'

/**
 * Adds consumers of 2^20 points (`vnodes: 2 ** 20`) to a new ring on `backend`, at most `most`,
 * until one is refused; returns the ring, how many were added, and the error.
 */
export function fillUntilRefused(backend: BackendName, most: number) {
  const ring = new ConsistentHashRing<number>({ backend, vnodes: MAX_POINTS_PER_CONSUMER })
  let added = 0
  let error: unknown
  try {
    for (; added < most; added++) ring.addConsumer(`c${added}`, added)
  } catch (caught) {
    error = caught
  }
  return { ring, added, error }
}

/** Expects the RangeError every backend gives for the refused consumer, and the ring unchanged. */
export function expectRefused(ring: ConsistentHashRing<number>, added: number, error: unknown): void {
  expect(error).toBeInstanceOf(RangeError)
  expect((error as { code?: unknown }).code).toBe('ERR_CHASH_OUT_OF_MEMORY')
  // Word for word what every backend says (limits.ts, chash_core's out_of_memory).
  expect((error as Error).message).toBe(outOfMemory((added + 1) * MAX_POINTS_PER_CONSUMER).message)
  expect(ring.size).toBe(added)
  expect(ring.hasConsumer(`c${added}`)).toBe(false)
  expect(ring.pointCount).toBe(added * MAX_POINTS_PER_CONSUMER)
}
