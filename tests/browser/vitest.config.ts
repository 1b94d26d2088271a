/// <reference types="@vitest/browser/providers/playwright" />
/**
 * @chash/core's own test files, run in Debian's headless Chromium through vitest's browser mode
 * (playwright), on the backends a browser has: wasm (after `init()`, see src/setup.ts) and js.
 * Every core test file runs here except the Node-only ones below, each with its reason; a new
 * test file runs in the browser unless it is added there (README.md).
 */
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import { isCI } from '../../scripts/ci.mjs'
import { buildApp } from './src/build-app.js'
import { CHROMIUM_HOW_TO, findChromium } from './src/chromium.js'

const ci = isCI()
const chromium = findChromium()
if (chromium === undefined) {
  // In CI a missing browser fails the run; elsewhere the browser suites are skipped, loudly.
  if (ci) throw new Error(`Chromium is missing, and CI must run the browser tests: ${CHROMIUM_HOW_TO}`)
  console.warn(`[browser-test] SKIPPED: no Chromium here; ${CHROMIUM_HOW_TO}`)
}

/** Core test files that need Node, relative to packages/core/src. */
const NODE_ONLY: Readonly<Record<string, string>> = {
  'backend/native/**': 'the native addon',
  'backend/wasm/wasm.test.ts': "loads the .wasm from disk and through Node's require",
  'backend/wasm/recovery.test.ts': "fresh glue instances through Node's require",
  'backend/select.test.ts': 'CHASH_BACKEND, read from process.env',
  'dispose.test.ts': 'the native addon and /proc',
  'ketama.test.ts': "npm hashring, which hashes with Node's crypto",
  'ketama-interop.test.ts': 'real memcached servers and a C program',
  'ketama-lifecycle.test.ts': "fresh glue instances through Node's require",
}

const core = 'packages/core/src/'

export default defineConfig(async () => ({
  test: {
    name: 'browser',
    // Test files are looked for in the whole repository: the suites are core's files.
    dir: fileURLToPath(new URL('../../', import.meta.url)),
    include: chromium ? [`${core}**/*.test.ts`, 'tests/browser/src/**/*.test.ts'] : [],
    passWithNoTests: !ci,
    exclude: Object.keys(NODE_ONLY).map((path) => core + path),
    setupFiles: ['src/setup.ts'],
    // src/production-build.test.ts's app, bundled first.
    provide: { appFiles: chromium ? await buildApp() : [] },
    // The browser has no process.env: these reach the suites through import.meta.env (test/env.ts).
    env: {
      CI: String(ci),
      ...pick(process.env, ['CHASH_TEST_BACKENDS', 'CHASH_FUZZ_RUNS', 'CHASH_FUZZ_SEED']),
    },
    // A loaded 2-core machine; the same margin as the Node suites.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    browser: {
      enabled: chromium !== undefined,
      provider: 'playwright',
      headless: true,
      screenshotFailures: false,
      instances: [{ browser: 'chromium', launch: chromium }],
    },
  },
}))

function pick(from: NodeJS.ProcessEnv, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.flatMap((name) => (from[name] ? [[name, from[name]]] : [])))
}
