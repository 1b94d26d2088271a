/**
 * The published shape: @chash/core, @chash/wasm and @chash/native are packed as `npm publish`
 * would ship them, installed with npm into a fresh project in the system's temp folder (outside
 * the workspace, so no workspace link or hoisted package can stand in), and used from there by a
 * Node ES module, by CommonJS `require`, and by a page that Vite bundles and Chromium runs.
 *
 * In CI all three packages must be built and every backend must work; elsewhere the test covers
 * the backends that were built here (the js backend always), and the browser part needs Chromium.
 */
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
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
} from '@chash/browser-test/harness'
import { ConsistentHashRing } from '@chash/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createProject, pack, runNodeJson, type Tarball } from './project.js'

const workspace = realpathSync(fileURLToPath(new URL('../../../', import.meta.url)))
const packages = join(workspace, 'packages')
const appSources = fileURLToPath(new URL('../app/', import.meta.url))
const ringFixture = JSON.parse(
  readFileSync(new URL('../../../fixtures/ring.json', import.meta.url), 'utf8'),
) as { scenarios: Array<{ lookups: unknown[]; points?: unknown }> }

const ci = isCI()
const chromium = findChromium()
const built = {
  core: existsSync(join(packages, 'core/dist/index.js')),
  wasm: existsSync(join(packages, 'wasm/pkg/chash_wasm_bg.wasm')),
  native: readdirSync(join(packages, 'native')).some((file) => file.endsWith('.node')),
}

type BackendName = 'js' | 'wasm' | 'native'

/** What checks.mjs reports for one backend. */
interface BackendCheck {
  available: boolean
  reason?: string
  ringBackend?: string
  vectors?: { passed: number; failed: number; failures: string[] }
  placements?: string[]
  differences?: string[]
}

/** What check-esm.mjs and the page report. */
interface AppReport {
  fatal?: string
  node?: string
  resolved?: Record<string, string>
  exports?: string[]
  initResolved?: boolean
  initError?: string
  available: BackendName[]
  autoBackend: BackendName
  backends: Partial<Record<BackendName, BackendCheck>>
}

/** What check-cjs.cjs reports. */
interface CjsReport {
  node: string
  requireModule: boolean
  loaded: boolean
  exports?: string[]
  owners?: Array<string | undefined>
  code?: string
  message?: string
}

// A few vectors of every ring.json scenario: enough to catch a wrong build, quick to run.
const vectors = {
  scenarios: ringFixture.scenarios.map(({ points: _points, ...scenario }) => ({
    ...scenario,
    lookups: scenario.lookups.slice(0, 40),
  })),
}
const vectorCount = vectors.scenarios.reduce((sum, s) => sum + 2 + 2 * s.lookups.length, 0)

/** The backends that must work in the installed project. */
function expectedBackends(): BackendName[] {
  if (ci) return ['native', 'wasm', 'js']
  return (['native', 'wasm', 'js'] as const).filter((name) => name === 'js' || built[name])
}

/** Asserts that every backend in `names` passed the vectors and placed keys like js. */
function expectBackendsPass(report: AppReport, names: readonly BackendName[]): void {
  for (const name of names) {
    const entry = report.backends[name]
    expect(entry?.reason, `${name} backend`).toBeUndefined()
    expect(entry?.available, `${name} backend`).toBe(true)
    expect(entry?.ringBackend).toBe(name)
    expect(entry?.vectors?.failures).toEqual([])
    expect(entry?.vectors?.passed).toBe(vectorCount)
    expect(entry?.differences, `${name} backend vs js`).toEqual([])
  }
}

describe('@chash/core installed from its npm tarball', () => {
  let root: string
  let app: string
  let tarballs: Tarball[]
  let esm: AppReport
  const ms: Record<string, number> = {}

  beforeAll(async () => {
    const missing = Object.entries(built).filter(([, ok]) => !ok)
    if (!built.core) throw new Error('@chash/core is not built: run `pnpm exec turbo run build` first')
    if (ci && missing.length > 0) {
      throw new Error(
        `CI must test every package, but these are not built: ${missing.map(([n]) => n).join(', ')}`,
      )
    }
    for (const [name] of missing)
      console.warn(`[install-test] @chash/${name} is not built: its backend is not tested`)
    root = realpathSync(mkdtempSync(join(tmpdir(), 'chash-install-test-')))
    app = join(root, 'app')
    let t = performance.now()
    // The core's dependencies are packed too, whether built or not: installing it needs them.
    tarballs = await Promise.all(['core', 'wasm', 'native'].map((name) => pack(join(packages, name), root)))
    ms.pack = performance.now() - t
    t = performance.now()
    mkdirSync(app)
    writeFileSync(join(app, 'vectors.json'), JSON.stringify(vectors))
    await createProject(
      app,
      tarballs,
      Object.fromEntries(
        ['checks.mjs', 'check-esm.mjs', 'check-cjs.cjs', 'index.html', 'main.js'].map((f) => [
          f,
          join(appSources, f),
        ]),
      ),
    )
    ms.install = performance.now() - t
    t = performance.now()
    esm = await runNodeJson<AppReport>(app, 'check-esm.mjs')
    ms.node = performance.now() - t
  })

  afterAll(() => {
    console.log(
      `[install-test] ${Object.entries(ms)
        .map(([step, time]) => `${step} ${time.toFixed(0)} ms`)
        .join(', ')}`,
    )
    if (root !== undefined) rmSync(root, { recursive: true, force: true })
  })

  it('packs what publishing would ship: built files, no sources or tests, no workspace ranges', () => {
    const files = (name: string) => tarballs.find((t) => t.name === name)?.files ?? []
    const core = files('@chash/core')
    expect(core).toContain('package.json')
    expect(core).toContain('dist/index.js')
    expect(core).toContain('dist/index.d.ts')
    expect(
      core.filter((f) => !f.startsWith('dist/') && !/^(package\.json|README\.md|LICENSE)$/.test(f)),
    ).toEqual([])
    expect(core.filter((f) => /\.test\.|^dist\/test\//.test(f))).toEqual([])
    if (built.wasm) expect(files('@chash/wasm')).toContain('pkg/chash_wasm_bg.wasm')
    if (built.native) expect(files('@chash/native').some((f) => f.endsWith('.node'))).toBe(true)
    const manifest = JSON.parse(readFileSync(join(app, 'node_modules/@chash/core/package.json'), 'utf8'))
    for (const range of Object.values<string>(manifest.dependencies ?? {}))
      expect(range).not.toMatch(/^workspace:/)
  })

  it('installs real copies outside the workspace, and Node resolves them there', () => {
    for (const name of ['core', 'wasm', 'native']) {
      const installed = join(app, 'node_modules/@chash', name)
      expect(lstatSync(installed).isSymbolicLink(), installed).toBe(false)
    }
    expect(app.startsWith(workspace + sep)).toBe(false)
    for (const [name, path] of Object.entries(esm.resolved ?? {})) {
      expect(path.startsWith(join(app, 'node_modules') + sep), `${name} resolved to ${path}`).toBe(true)
    }
  })

  it('Node ESM: every backend loads, follows ring.json and places keys like the others', () => {
    const expected = expectedBackends()
    const why = expected
      .filter((name) => !esm.available.includes(name))
      .map((name) => `${name}: ${esm.backends[name]?.reason}`)
    expect(why.join('\n'), 'backends that must load but do not').toBe('')
    // `auto` picks the fastest: native where it loads.
    expect(esm.autoBackend).toBe(esm.available[0])
    if (expected.includes('wasm')) {
      expect(esm.initError).toBeUndefined()
      expect(esm.initResolved).toBe(true)
    }
    expectBackendsPass(esm, expected)
    // Any other backend that happens to load must be right too.
    expectBackendsPass(esm, esm.available)
  })

  it("CommonJS: require('@chash/core') works through Node's require(esm), and fails with ERR_REQUIRE_ESM without it", async () => {
    const ring = new ConsistentHashRing<string>({ backend: 'js' })
    ring.addConsumer('a', 'a').addConsumer('b', 'b').addConsumer('c', 'c')
    const owners = ['x', 'y', 'z', 'user:42'].map((key) => ring.getConsumerId(key))

    // The package ships ES modules only; Node 20.20 requires them unless told not to.
    const cjs = await runNodeJson<CjsReport>(app, 'check-cjs.cjs')
    if (cjs.requireModule) {
      expect(cjs.message).toBeUndefined()
      expect(cjs.loaded).toBe(true)
      expect(cjs.exports).toEqual(esm.exports)
      expect(cjs.owners).toEqual(owners)
    } else {
      expect(cjs.code).toBe('ERR_REQUIRE_ESM')
    }
    const old = await runNodeJson<CjsReport>(app, 'check-cjs.cjs', ['--no-experimental-require-module'])
    expect(old.requireModule).toBe(false)
    expect(old.loaded).toBe(false)
    expect(old.code).toBe('ERR_REQUIRE_ESM')
  })

  it.skipIf(!chromium && !ci)('a Vite page bundling the installed package runs in Chromium', async () => {
    if (chromium === undefined)
      throw new Error(`Chromium is missing, and CI must run this test: ${CHROMIUM_HOW_TO}`)
    const wasmRequired = ci || built.wasm
    let t = performance.now()
    const emitted = await buildPage({
      root: app,
      outDir: join(app, 'dist'),
      plugins: built.wasm ? [] : [missingWasmStub()],
    })
    ms.viteBuild = performance.now() - t
    t = performance.now()
    const server = await serveStatic(join(app, 'dist'))
    let run: PageRun<AppReport>
    try {
      run = await runPage<AppReport>(server.url, { chromium, resultGlobal: '__CHASH_INSTALL_TEST__' })
    } finally {
      await server.close()
    }
    const served = server.requests
    ms.chromium = performance.now() - t
    const page = run.result
    expect(page.fatal).toBeUndefined()
    expect(run.pageErrors).toEqual([])
    expect(run.consoleErrors).toEqual([])
    expect(run.failedRequests).toEqual([])
    expectBackendsPass(page, ['js'])
    // The same placements as Node's.
    expect(page.backends.js?.placements).toEqual(esm.backends.js?.placements)
    if (!wasmRequired && !page.available.includes('wasm')) {
      console.warn('[install-test] wasm NOT tested in Chromium: @chash/wasm is not built')
      return
    }
    expect(page.initError).toBeUndefined()
    expect(page.available).toContain('wasm')
    expect(page.autoBackend).toBe('wasm')
    expectBackendsPass(page, ['wasm'])
    expect(page.backends.wasm?.placements).toEqual(esm.backends.js?.placements)
    // Vite emitted the .wasm file of the installed @chash/wasm and Chromium instantiated it.
    expect(emitted.filter((file) => file.endsWith('.wasm'))).toHaveLength(1)
    expect(served.filter((line) => /^200 \S+\.wasm application\/wasm$/.test(line))).toHaveLength(1)
    expect(sawChashInstance(run.wasmCalls), JSON.stringify(run.wasmCalls)).toBe(true)
  })
})
