/**
 * backendReport() and the fallback warning, in real environments: this process, a Node run with
 * `--no-addons` (the native backend cannot load), and a Node run without Node's APIs, where
 * @chash/core behaves as in a browser (wasm only after `await init()`). The child processes run
 * the built package (dist/), as users do.
 */
import { execFile } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { isCI } from '../../../../scripts/ci.mjs'
import { availableBackends, type BackendReport, backendReport } from '../index.js'

const dist = fileURLToPath(new URL('../../dist/index.js', import.meta.url))
const wasmFile = fileURLToPath(new URL('../../../wasm/pkg/chash_wasm_bg.wasm', import.meta.url))
const wasmBuilt = existsSync(wasmFile)
const nativeDir = fileURLToPath(new URL('../../../native/', import.meta.url))
const nativeBuilt = readdirSync(nativeDir).some((file) => file.endsWith('.node'))

/** Runs an ES module `script` in a new Node with `flags`; returns what it printed as JSON. */
async function runNode<T>(script: string, flags: string[] = [], backend?: string): Promise<T> {
  const env = { ...process.env }
  delete env.CHASH_BACKEND
  if (backend !== undefined) env.CHASH_BACKEND = backend
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [...flags, '--input-type=module', '-e', script],
    {
      env,
    },
  )
  return JSON.parse(stdout) as T
}

describe('backendReport', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
    vi.resetModules()
  })

  it('names every backend, fastest first, and the one auto runs', () => {
    const report = backendReport()
    expect(report.backends.map((b) => b.name)).toEqual(['native', 'wasm', 'js'])
    expect(report.backends.filter((b) => b.loaded).map((b) => b.name)).toEqual(availableBackends())
    for (const b of report.backends) expect(b.reason === undefined).toBe(b.loaded)
    expect(report.auto).toBe(availableBackends()[0])
    expect(report.override).toBeUndefined()
    if (report.auto === 'native') expect(report.why).toBe('native is the fastest backend and it loads here')
  })

  it('says when CHASH_BACKEND chose for auto', async () => {
    vi.stubEnv('CHASH_BACKEND', 'js')
    vi.resetModules()
    const core = await import('../index.js')
    const report = core.backendReport()
    expect(report).toMatchObject({ auto: 'js', override: 'js', why: 'CHASH_BACKEND=js chooses it' })
    expect(new core.ConsistentHashRing().backend).toBe('js')
  })

  it('without native addons (node --no-addons): why native did not load, and that asking for it fails with a code', async () => {
    const out = await runNode<{
      report: BackendReport
      error: { type: string; code: string; message: string }
    }>(
      `import * as core from ${JSON.stringify(dist)}
      let error
      try { new core.ConsistentHashRing({ backend: 'native' }) } catch (e) { error = { type: e.constructor.name, code: e.code, message: e.message } }
      console.log(JSON.stringify({ report: core.backendReport(), error }))`,
      ['--no-addons'],
    )
    const [native, wasm] = out.report.backends
    expect(native.loaded).toBe(false)
    // Where the addon is built, Node's own refusal is the reason given.
    if (nativeBuilt || isCI()) expect(native.reason).toContain('loading addons is disabled')
    const auto = wasm.loaded ? 'wasm' : 'js'
    if (isCI()) expect(auto).toBe('wasm')
    expect(out.report.auto).toBe(auto)
    expect(out.report.why).toBe(
      `${auto} is the fastest backend that loads here (native: ${native.reason}${auto === 'js' ? `; wasm: ${wasm.reason}` : ''})`,
    )
    expect(out.error).toEqual({
      type: 'Error',
      code: 'ERR_CHASH_BACKEND_UNAVAILABLE',
      message: `The 'native' backend is not available: ${native.reason}. Available backends: ${auto === 'wasm' ? 'wasm, js' : 'js'}.`,
    })
  })

  it('says when CHASH_BACKEND names a backend that does not load, which auto then cannot run', async () => {
    const report = await runNode<BackendReport>(
      `import * as core from ${JSON.stringify(dist)}
      console.log(JSON.stringify(core.backendReport()))`,
      ['--no-addons'],
      'native',
    )
    expect(report.auto).toBeUndefined()
    expect(report.override).toBe('native')
    expect(report.why).toBe(
      `CHASH_BACKEND=native chooses it, but it does not load, so 'auto' throws: ${report.backends[0].reason}`,
    )
  })

  it.runIf(wasmBuilt || isCI())(
    'as in a browser: auto runs js until init() resolves, says why, and warns once when asked to',
    async () => {
      // Node's APIs are removed before @chash/core loads; the .wasm bytes are read first, as a
      // page would fetch them.
      const out = await runNode<{
        before: BackendReport
        after: BackendReport
        backends: string[]
        warnings: string[]
        early: { type: string; code: string; message: string }
      }>(
        `import { readFileSync } from 'node:fs'
        const bytes = readFileSync(${JSON.stringify(wasmFile)})
        delete process.getBuiltinModule
        const core = await import(${JSON.stringify(dist)})
        const warnings = []
        console.warn = (...args) => warnings.push(args.join(' '))
        const backends = [new core.ConsistentHashRing().backend]
        core.warnOnJsFallback()
        const before = core.backendReport()
        let early
        try { new core.ConsistentHashRing({ backend: 'wasm' }) } catch (e) { early = { type: e.constructor.name, code: e.code, message: e.message } }
        backends.push(new core.ConsistentHashRing().backend, core.jumpHash(1, 5) >= 0 && new core.MementoHash(3).backend)
        await core.init(bytes)
        const after = core.backendReport()
        backends.push(new core.ConsistentHashRing().backend)
        console.log(JSON.stringify({ before, after, backends, warnings, early }))`,
      )
      const [native, wasm] = out.before.backends
      expect(native.reason).toMatch(/^the native addon needs Node\.js/)
      expect(wasm.reason).toMatch(/^the WebAssembly module is not loaded yet: call `await init\(\)`/)
      expect(out.before.auto).toBe('js')
      expect(out.before.why).toBe(
        `js is the fastest backend that loads here (native: ${native.reason}; wasm: ${wasm.reason})`,
      )
      expect(out.backends).toEqual(['js', 'js', 'js', 'wasm'])
      // Asking for wasm itself before init() is an error that says to call it.
      expect(out.early).toEqual({
        type: 'Error',
        code: 'ERR_CHASH_BACKEND_UNAVAILABLE',
        message: `The 'wasm' backend is not available: ${wasm.reason}. Available backends: js.`,
      })
      // Not before warnOnJsFallback(), then once however many times auto falls back.
      expect(out.warnings).toEqual([
        "@chash/core: backend 'auto' runs js (same placement, slower) because WebAssembly is not initialised yet; call and await init() before creating rings or hashing",
      ])
      expect(out.after.auto).toBe('wasm')
      expect(out.after.backends[1]).toEqual({ name: 'wasm', loaded: true })
    },
  )
})
