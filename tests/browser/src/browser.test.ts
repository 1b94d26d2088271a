/**
 * Builds page/ with Vite, serves it on 127.0.0.1 and loads it in Debian's headless Chromium; the
 * page runs `init()`, the golden vectors and the demo on the wasm and js backends (page/main.ts).
 * The wasm backend is required in CI, and elsewhere whenever @chash/wasm is built; then the test
 * fails unless wasm really ran in the browser.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import * as core from '@chash/core'
import { runCacheExperiment } from '@chash/demo'
import { beforeAll, describe, expect, it } from 'vitest'
import { checkGoldenVectors, type Fixtures } from '../page/golden.js'
import { type BackendReport, type BrowserReport, RESULT_GLOBAL } from '../page/result.js'
import {
  buildPage,
  CHROMIUM_HOW_TO,
  findChromium,
  isCI,
  missingWasmStub,
  type PageRun,
  runPage,
  sawChashInstance,
  serveStatic,
} from './harness.js'

const pageRoot = fileURLToPath(new URL('../page/', import.meta.url))
const outDir = fileURLToPath(new URL('../dist/page/', import.meta.url))
const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../../fixtures/${name}`, import.meta.url), 'utf8'))
const fixtures = {
  xxhash: fixture('xxhash.json'),
  jump: fixture('jump.json'),
  ring: fixture('ring.json'),
} as Fixtures

const ci = isCI()
const chromium = findChromium()
// Node loads the module synchronously: whether it does tells whether @chash/wasm was built here.
const wasmBuilt = core.availableBackends().includes('wasm')
const wasmRequired = ci || wasmBuilt
const wasmMissingWhy = '@chash/wasm is not built (`pnpm --filter @chash/wasm build`)'

if (!chromium && !ci) console.warn(`[browser-test] SKIPPED: no Chromium here; ${CHROMIUM_HOW_TO}`)

describe.skipIf(!chromium && !ci)('@chash/core in headless Chromium', () => {
  let run: PageRun<BrowserReport>
  let served: string[] = []
  let emitted: string[] = []
  // The same checks in Node, on the js backend: the count every backend must reach in the page.
  const nodeGolden = checkGoldenVectors(core, 'js', fixtures)

  const backend = (name: BackendReport['name']): BackendReport => {
    const found = run.result.backends?.find((b) => b.name === name)
    if (found === undefined) throw new Error(`the page reported nothing for the ${name} backend`)
    return found
  }

  beforeAll(async () => {
    if (chromium === undefined)
      throw new Error(`Chromium is missing, and CI must run this test: ${CHROMIUM_HOW_TO}`)
    if (ci && !wasmBuilt) throw new Error(`CI must test the wasm backend in Chromium, but ${wasmMissingWhy}`)
    let t = performance.now()
    emitted = await buildPage({ root: pageRoot, outDir, plugins: wasmBuilt ? [] : [missingWasmStub()] })
    const buildMs = performance.now() - t
    t = performance.now()
    const server = await serveStatic(outDir)
    try {
      run = await runPage<BrowserReport>(server.url, { chromium, resultGlobal: RESULT_GLOBAL })
    } finally {
      served = server.requests
      await server.close()
    }
    console.log(
      `[browser-test] vite build ${buildMs.toFixed(0)} ms, Chromium ${run.browserVersion} ` +
        `${(performance.now() - t).toFixed(0)} ms (page ${run.result.durationMs?.toFixed(0)} ms); ` +
        `backends in the page: ${run.result.availableBackends?.join(', ')}; auto: ${run.result.autoBackend}`,
    )
  })

  it('checks the checker: Node passes every golden vector and counts enough of them', () => {
    expect(nodeGolden.failures).toEqual([])
    expect(nodeGolden.passedBy.xxhash).toBeGreaterThan(200)
    expect(nodeGolden.passedBy.jump).toBeGreaterThan(500)
    expect(nodeGolden.passedBy.ring).toBeGreaterThan(3000)
  })

  it('runs the page without a fatal error, page error, console error or failed request', () => {
    expect(run.result.fatal).toBeUndefined()
    expect(run.pageErrors).toEqual([])
    expect(run.consoleErrors).toEqual([])
    expect(run.failedRequests).toEqual([])
    expect(run.result.userAgent).toContain('HeadlessChrome')
  })

  it('passes every golden vector on the js backend and matches the demo table of Node', () => {
    const js = backend('js')
    expect(js.available).toBe(true)
    expect(js.ringBackend).toBe('js')
    expect(js.golden?.failures).toEqual([])
    expect(js.golden?.failed).toBe(0)
    expect(js.golden?.passed).toBe(nodeGolden.passed)
    expect(js.golden?.passedBy).toEqual(nodeGolden.passedBy)
    expect(js.demo).toEqual(runCacheExperiment({ backend: 'js' }))
  })

  it('runs the wasm backend: init(), golden vectors, demo table, and a real WebAssembly instance', (context) => {
    const wasm = backend('wasm')
    if (!wasmRequired && !wasm.available) {
      console.warn(`[browser-test] wasm backend NOT tested in Chromium: ${wasmMissingWhy}`)
      context.skip()
    }
    const { init } = run.result
    // Before init() the wasm backend refuses and says what to do.
    expect(init.wasmBeforeInit).toMatch(/init\(\)/)
    expect(init.error).toBeUndefined()
    expect(init.secondCallResolved).toBe(true)
    expect(run.result.availableBackends).toContain('wasm')
    expect(run.result.availableBackends).not.toContain('native')
    // `auto` prefers wasm once it is loaded (native cannot load in a browser).
    expect(run.result.autoBackend).toBe('wasm')
    expect(wasm.unavailableReason).toBeUndefined()
    expect(wasm.ringBackend).toBe('wasm')
    expect(wasm.golden?.failures).toEqual([])
    expect(wasm.golden?.failed).toBe(0)
    expect(wasm.golden?.passed).toBe(nodeGolden.passed)
    expect(wasm.demo).toEqual(runCacheExperiment({ backend: 'wasm' }))
    expect(wasm.demo).toEqual(backend('js').demo)

    // Proof beyond the API's word: Vite emitted the module, the browser fetched it as
    // application/wasm, and the spy saw an instance with chash's exports.
    expect(emitted.filter((file) => file.endsWith('.wasm'))).toHaveLength(1)
    expect(served.filter((line) => /^200 \S+\.wasm application\/wasm$/.test(line))).toHaveLength(1)
    expect(run.wasmCalls.some((call) => call.settled === 'fulfilled')).toBe(true)
    expect(sawChashInstance(run.wasmCalls), JSON.stringify(run.wasmCalls)).toBe(true)
  })
})
