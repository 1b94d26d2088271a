// The page of the project of installed tarballs, built by Vite and loaded in Chromium by
// install.test.ts: init(), then the checks of checks.mjs on the wasm and js backends. The report
// (also after a failure) goes to window.__CHASH_INSTALL_TEST__.
import * as core from '@chash/core'
import { checkBackends, differences } from './checks.mjs'
import vectors from './vectors.json'

async function main() {
  const report = {}
  try {
    await core.init()
    report.initResolved = true
  } catch (error) {
    // Published, not thrown: the js backend is still tested, and the test decides.
    report.initError = String(error?.message ?? error)
  }
  report.available = core.availableBackends()
  report.autoBackend = new core.ConsistentHashRing().backend
  report.backends = checkBackends(core, ['wasm', 'js'], vectors)
  const reference = report.backends.js.placements
  for (const entry of Object.values(report.backends)) {
    if (entry.available) entry.differences = differences(reference, entry.placements)
  }
  return report
}

const publish = (report) => {
  document.getElementById('summary').textContent = JSON.stringify(report, null, 2)
  window.__CHASH_INSTALL_TEST__ = report
}
main().then(publish, (error) => publish({ fatal: String(error?.stack ?? error) }))
