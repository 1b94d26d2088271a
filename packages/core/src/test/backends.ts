/**
 * Which backends the suite runs on. Every behavioural test file runs once per backend with
 * `describe.each(backendsUnderTest())`, so a new backend passes the same tests as the js one.
 */
import { availableBackends } from '../backend/select.js'
import type { BackendName } from '../backend/types.js'
import { inBrowser, isCI, testEnv } from './env.js'

/**
 * The backends CI must build and test; a missing one fails CI instead of being skipped. A browser
 * cannot load the native addon, so there CI requires the other two.
 */
export const REQUIRED_IN_CI: readonly BackendName[] = inBrowser ? ['wasm', 'js'] : ['native', 'wasm', 'js']

/**
 * CHASH_TEST_BACKENDS (comma-separated) if set; in CI the required backends; elsewhere every
 * backend that loads here.
 */
export function backendsUnderTest(): BackendName[] {
  const listed = testEnv('CHASH_TEST_BACKENDS')
  if (listed) return listed.split(',').map((name) => name.trim() as BackendName)
  if (isCI) return [...REQUIRED_IN_CI]
  return availableBackends()
}
