// Runs before each test file in the browser: loads the wasm backend, as a browser app must
// (`init()`), into the same @chash/core source modules the suites import. Outside CI a machine
// without the wasm build tests js only, and says so; CI requires wasm (test/backends.ts).
import { init } from '../../../packages/core/src/index.js'
import { isCI } from '../../../packages/core/src/test/env.js'

try {
  await init()
} catch (error) {
  if (isCI) throw error
  console.warn(`[browser-test] wasm backend NOT tested: init() failed: ${error}`)
}
