/**
 * The installed package (installed.ts) in what apps build: a page bundled by Vite, webpack 5,
 * esbuild and Rollup (src/bundlers.ts) must run in Chromium with the wasm backend instantiated
 * from the asset the bundler emitted, and place keys as Node does; a Node server bundle made by
 * esbuild keeps native and wasm next to node_modules, and copied alone keeps wasm and says why
 * native is missing.
 *
 * In CI every bundler, Chromium and every backend must work; elsewhere the page tests need
 * Chromium, and those that import the .wasm asset need @chash/wasm built.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  buildPage,
  CHROMIUM_HOW_TO,
  findChromium,
  missingWasmStub,
  runPage,
  sawChashInstance,
  serveStatic,
} from '@chash/browser-test/harness'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { placements } from '../app/checks.mjs'
import { type Bundler, bundlePage, bundleServer } from './bundlers.js'
import { type AppReport, built, ci, expectBackendsPass, expectedBackends, installApp } from './installed.js'
import { runNodeJson } from './project.js'

const chromium = findChromium()
// Node's placement lines (tests/install/app/checks.mjs), which every page and bundle must equal.
const nodePlacements: string[] = placements(await import('@chash/core'), 'js')

describe('@chash/core installed from its npm tarball, bundled', () => {
  let root: string
  let app: string

  beforeAll(async () => {
    ;({ root, app } = await installApp([
      'checks.mjs',
      'index.html',
      'main.js',
      'main-asset.js',
      'page.js',
      'server.mjs',
    ]))
  })

  afterAll(() => {
    if (root !== undefined) rmSync(root, { recursive: true, force: true })
  })

  it.each([
    'vite',
    'webpack',
    'esbuild',
    'rollup',
  ] as const)('a page bundled by %s runs in Chromium, wasm from the emitted asset, placing keys as Node does', async (bundler) => {
    if (!chromium && !ci) return console.warn(`[install-test] no Chromium: the ${bundler} page is NOT tested`)
    if (chromium === undefined)
      throw new Error(`Chromium is missing, and CI must run this test: ${CHROMIUM_HOW_TO}`)
    const wasmRequired = ci || built.wasm
    // esbuild and Rollup import @chash/core/chash.wasm, which exists only once @chash/wasm is built.
    if (!wasmRequired && (bundler === 'esbuild' || bundler === 'rollup'))
      return console.warn(`[install-test] @chash/wasm is not built: the ${bundler} page is NOT tested`)
    const outDir = join(app, `dist-${bundler}`)
    mkdirSync(outDir, { recursive: true })
    const emitted =
      bundler === 'vite'
        ? await buildPage({ root: app, outDir, plugins: built.wasm ? [] : [missingWasmStub()] })
        : await bundlePage(bundler as Bundler, app, outDir)
    const server = await serveStatic(outDir)
    const run = await runPage<AppReport>(server.url, {
      chromium,
      resultGlobal: '__CHASH_INSTALL_TEST__',
    }).finally(() => server.close())
    const page = run.result
    expect(page.fatal).toBeUndefined()
    expect(run.pageErrors).toEqual([])
    expect(run.consoleErrors).toEqual([])
    expect(run.failedRequests).toEqual([])
    expectBackendsPass(page, ['js'])
    expect(page.backends.js?.placements).toEqual(nodePlacements)
    if (!wasmRequired) return console.warn(`[install-test] wasm NOT tested in the ${bundler} page: not built`)
    expect(page.initError).toBeUndefined()
    expect(page.available).toEqual(['wasm', 'js'])
    expect(page.autoBackend).toBe('wasm')
    expectBackendsPass(page, ['wasm'])
    expect(page.backends.wasm?.placements).toEqual(nodePlacements)
    // The bundler emitted one .wasm file, the page fetched it and Chromium instantiated chash's module.
    expect(emitted.filter((file) => file.endsWith('.wasm'))).toHaveLength(1)
    expect(server.requests.filter((line) => /^200 \S+\.wasm application\/wasm$/.test(line))).toHaveLength(1)
    expect(sawChashInstance(run.wasmCalls), JSON.stringify(run.wasmCalls)).toBe(true)
  })

  it.skipIf(!built.wasm && !ci)(
    'a Node server bundled by esbuild: native and wasm next to node_modules; alone, wasm and a clear word on native',
    async () => {
      const outDir = join(app, 'dist-server')
      const emitted = await bundleServer(app, outDir)
      expect(emitted.filter((file) => file.endsWith('.wasm'))).toHaveLength(1)

      // Next to the project's node_modules: every backend, as unbundled.
      const here = await runNodeJson<AppReport>(outDir, 'server.mjs')
      expect(here.initError).toBeUndefined()
      expect(here.afterInit).toEqual(expectedBackends())
      expectBackendsPass(here, expectedBackends())
      expect(here.backends.js?.placements).toEqual(nodePlacements)

      // Copied where no node_modules is: wasm from the bundled asset, native refused with the reason.
      const alone = mkdtempSync(join(tmpdir(), 'chash-server-bundle-'))
      try {
        cpSync(outDir, alone, { recursive: true })
        const report = await runNodeJson<AppReport & { wasmBeforeInit?: string }>(alone, 'server.mjs')
        // Before init(): js only, and wasm says what to do.
        expect(report.available).toEqual(['js'])
        expect(report.wasmBeforeInit).toMatch(
          /^The 'wasm' backend is not available: @chash\/wasm could not be loaded \(Cannot find module '@chash\/wasm'.*\); install it next to @chash\/core, or pass the \.wasm file to `await init\(\)`/,
        )
        expect(report.initError).toBeUndefined()
        expect(report.afterInit).toEqual(['wasm', 'js'])
        expectBackendsPass(report, ['wasm', 'js'])
        expect(report.backends.wasm?.placements).toEqual(nodePlacements)
        expect(report.backends.native?.available).toBe(false)
        expect(report.backends.native?.reason).toMatch(
          /^The 'native' backend is not available: @chash\/native cannot be found from where @chash\/core runs/,
        )
      } finally {
        rmSync(alone, { recursive: true, force: true })
      }
    },
  )
})
