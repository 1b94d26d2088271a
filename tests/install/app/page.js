// The page of the project of installed tarballs, bundled by each bundler (src/bundlers.ts) and
// loaded in Chromium by the tests: init(), then the checks of checks.mjs on the wasm and js
// backends. The report (also after a failure) goes to window.__CHASH_INSTALL_TEST__.
import * as core from '@chash/core'
import { checkAll, tryInit } from './checks.mjs'
import vectors from './vectors.json'

/** Runs the checks after `init(wasm)` (wasm undefined: init's default, the glue's own URL). */
export async function runChecks(wasm) {
  const report = await tryInit(core, wasm)
  report.available = core.availableBackends()
  return Object.assign(report, checkAll(core, ['wasm', 'js'], vectors))
}

/** Runs the checks and publishes the report on the page. */
export function start(wasm) {
  const publish = (report) => {
    document.getElementById('summary').textContent = JSON.stringify(report, null, 2)
    window.__CHASH_INSTALL_TEST__ = report
  }
  runChecks(wasm).then(publish, (error) => publish({ fatal: String(error?.stack ?? error) }))
}
