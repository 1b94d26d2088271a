/**
 * The published shape: @chash/core, @chash/wasm and @chash/native are packed as `npm publish`
 * would ship them, installed with npm into a fresh project in the system's temp folder (outside
 * the workspace, so no workspace link or hoisted package can stand in), and used from there by a
 * Node ES module, by CommonJS `require` and by TypeScript (bundlers.test.ts: bundled pages in
 * Chromium and a Node server bundle).
 *
 * In CI all three packages must be built and every backend must work; elsewhere the test covers
 * the backends that were built here (the js backend always).
 */
import { lstatSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, sep } from 'node:path'
import { ConsistentHashRing } from '@chash/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type AppReport,
  built,
  expectBackendsPass,
  expectedBackends,
  installApp,
  workspace,
} from './installed.js'
import { runNode, runNodeJson, type Tarball } from './project.js'

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

describe('@chash/core installed from its npm tarball', () => {
  let root: string
  let app: string
  let tarballs: Tarball[]
  let esm: AppReport
  const ms: Record<string, number> = {}

  beforeAll(async () => {
    let t = performance.now()
    ;({ root, app, tarballs } = await installApp([
      'checks.mjs',
      'check-esm.mjs',
      'check-cjs.cjs',
      'consumer.ts',
      'index.html',
      'main.js',
      'page.js',
    ]))
    ms.packAndInstall = performance.now() - t
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
    if (built.wasm) {
      expect(files('@chash/wasm')).toContain('pkg/chash_wasm_bg.wasm')
      // The `@chash/core/chash.wasm` export: the same bytes as @chash/wasm's.
      expect(core).toContain('dist/chash.wasm')
      expect(readFileSync(join(app, 'node_modules/@chash/core/dist/chash.wasm'))).toEqual(
        readFileSync(join(app, 'node_modules/@chash/wasm/pkg/chash_wasm_bg.wasm')),
      )
    }
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

  it('TypeScript: the published declarations type a consumer, with nodenext and bundler resolution', async () => {
    // Strict, lib checks on, DOM but no @types/node: what a browser project would have.
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
    const t = performance.now()
    await Promise.all(
      [
        ['nodenext', 'nodenext'],
        ['esnext', 'bundler'],
      ].map(async ([module, moduleResolution]) => {
        const config = `tsconfig.${moduleResolution}.json`
        const compilerOptions = {
          noEmit: true,
          strict: true,
          skipLibCheck: false,
          target: 'es2022',
          lib: ['es2022', 'dom'],
          types: [],
          module,
          moduleResolution,
        }
        writeFileSync(join(app, config), JSON.stringify({ compilerOptions, files: ['consumer.ts'] }))
        await runNode(app, [tsc, '-p', config])
      }),
    )
    ms.tsc = performance.now() - t
  })
})
