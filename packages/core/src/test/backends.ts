/**
 * Which backends the suite runs on. Every behavioural test file runs once per backend with
 * `describe.each(backendsUnderTest())`, so a new backend passes the same tests as the js one.
 */
import { isCI } from '../../../../scripts/ci.mjs'
import { availableBackends } from '../backend/select.js'
import type { BackendName } from '../backend/types.js'

/** The backends CI must build and test; a missing one fails CI instead of being skipped. */
export const REQUIRED_IN_CI: readonly BackendName[] = ['native', 'wasm', 'js']

/**
 * CHASH_TEST_BACKENDS (comma-separated) if set; in CI the required backends; elsewhere every
 * backend that loads here.
 */
export function backendsUnderTest(): BackendName[] {
  const listed = process.env.CHASH_TEST_BACKENDS
  if (listed) return listed.split(',').map((name) => name.trim() as BackendName)
  if (isCI()) return [...REQUIRED_IN_CI]
  return availableBackends()
}
