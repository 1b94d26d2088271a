// The page of the project of installed tarballs, bundled by each bundler (src/bundlers.ts) and
// loaded in Chromium by the tests: init(), then the checks of checks.mjs on the wasm and js
// backends. The report (also after a failure) goes to window.__CHASH_INSTALL_TEST__.
import * as core from '@chash/core'
import { checkAndCompare } from './checks.mjs'
import vectors from './vectors.json'

/** Runs the checks after `init(wasm)` (wasm undefined: init's default, the glue's own URL). */
export async function runChecks(wasm) {
  const report = {}
  try {
    await core.init(wasm)
    report.initResolved = true
  } catch (error) {
    // Published, not thrown: the js backend is still tested, and the test decides.
    report.initError = String(error?.message ?? error)
  }
  report.available = core.availableBackends()
  report.autoBackend = new core.ConsistentHashRing().backend
  report.backends = checkAndCompare(core, ['wasm', 'js'], vectors)
  return report
}

/** Runs the checks and publishes the report on the page. */
export function start(wasm) {
  const publish = (report) => {
    document.getElementById('summary').textContent = JSON.stringify(report, null, 2)
    window.__CHASH_INSTALL_TEST__ = report
  }
  runChecks(wasm).then(publish, (error) => publish({ fatal: String(error?.stack ?? error) }))
}
