/**
 * The browser test page: `init()`, then on the wasm and js backends the golden vectors of
 * fixtures/ and the demo's placement table; the result goes to `window[RESULT_GLOBAL]`, which the
 * Node test (src/browser.test.ts) reads through Playwright. The page never throws past main():
 * any failure is published too, so the test reports it instead of timing out.
 */
import * as core from '@chash/core'
import { runCacheExperiment } from '@chash/demo'
import jump from '../../../fixtures/jump.json'
import ring from '../../../fixtures/ring.json'
import xxhash from '../../../fixtures/xxhash.json'
import { checkGoldenVectors, type Fixtures } from './golden.js'
import { type BackendReport, type BrowserReport, PAGE_BACKENDS, RESULT_GLOBAL } from './result.js'

const fixtures = { xxhash, jump, ring } as unknown as Fixtures

const message = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error)

/** The error `run` throws, or undefined if it does not throw. */
function errorOf(run: () => unknown): string | undefined {
  try {
    run()
    return undefined
  } catch (error) {
    return message(error)
  }
}

async function main(): Promise<BrowserReport> {
  const started = performance.now()
  const report: BrowserReport = {
    userAgent: navigator.userAgent,
    init: {},
    availableBackends: [],
    autoBackend: '',
    backends: [],
    durationMs: 0,
  }
  // Before init() the wasm backend must refuse, saying to call init().
  report.init.wasmBeforeInit = errorOf(() => new core.ConsistentHashRing({ backend: 'wasm' }))
  const t = performance.now()
  try {
    await core.init()
    report.init.ms = performance.now() - t
    await core.init()
    report.init.secondCallResolved = true
  } catch (error) {
    // Published, not thrown: the js backend is still tested, and the test decides.
    report.init.error = message(error)
  }
  report.availableBackends = core.availableBackends()
  report.autoBackend = new core.ConsistentHashRing().backend

  for (const name of PAGE_BACKENDS) {
    const t = performance.now()
    const entry: BackendReport = { name, available: false }
    report.backends.push(entry)
    try {
      entry.ringBackend = new core.ConsistentHashRing({ backend: name }).backend
      entry.available = true
    } catch (error) {
      entry.unavailableReason = message(error)
      continue
    }
    entry.golden = checkGoldenVectors(core, name, fixtures)
    entry.demo = runCacheExperiment({ backend: name })
    entry.ms = performance.now() - t
  }
  report.durationMs = performance.now() - started
  return report
}

function publish(report: BrowserReport): void {
  const lines = report.fatal
    ? [`fatal: ${report.fatal}`]
    : [
        `available: ${report.availableBackends.join(', ')}; auto: ${report.autoBackend}`,
        ...report.backends.map((b) =>
          b.golden
            ? `${b.name}: ${b.golden.passed} passed, ${b.golden.failed} failed`
            : `${b.name}: unavailable (${b.unavailableReason})`,
        ),
      ]
  const summary = document.getElementById('summary')
  if (summary !== null) summary.textContent = lines.join('\n')
  ;(window as unknown as Record<string, unknown>)[RESULT_GLOBAL] = report
}

main().then(publish, (error: unknown) =>
  publish({
    userAgent: navigator.userAgent,
    init: {},
    availableBackends: [],
    autoBackend: '',
    backends: [],
    fatal: error instanceof Error ? (error.stack ?? error.message) : String(error),
    durationMs: 0,
  }),
)
