/**
 * A KetamaRing's life on wasm (`dispose()` and `using` are in dispose.test.ts): a continuum too
 * large for wasm32 memory refused, and one rebuilt from its servers (same order, same weights, same
 * answers) after the instance trapped and after a sweep evicted it.
 */
import { describe, expect, it } from 'vitest'
import { jsBackend } from './backend/js/index.js'
import type { Backend, KetamaConfig, KetamaEngine } from './backend/types.js'
import { createWasmLoader } from './backend/wasm/index.js'
import { utf8 } from './keys.js'
import { thrown } from './test/thrown.js'
import { freshGlue, runWasm } from './test/wasm-glue.js'

const KEYS = Array.from({ length: 2000 }, (_, k) => `key:${k}`)

const CONFIG: KetamaConfig = { compat: 'hashring', vnodes: 40, defaultPort: 11211 }

/**
 * A continuum on `backend` with a history whose order matters: servers added, one re-weighted in
 * place, one removed and its slot reused by a later server.
 */
function continuumOn(backend: Backend, servers: number, prefix = 'host'): KetamaEngine {
  const engine = backend.createKetama(CONFIG)
  for (let slot = 0; slot < servers; slot++)
    engine.setServer(slot, utf8(`${prefix}-${slot}:11211`), 1 + (slot % 4))
  engine.setServer(1, utf8(`${prefix}-1:11211`), 7)
  engine.removeServer(2)
  engine.setServer(2, utf8(`${prefix}-late:11212`), 2)
  return engine
}

/** Expects `engine` to place KEYS (single, batch, replicas) as the js engine with the same history. */
function expectSameAsJs(engine: KetamaEngine, servers: number, prefix = 'host'): void {
  const js = continuumOn(jsBackend, servers, prefix)
  const got = new Int32Array(KEYS.length)
  const want = new Int32Array(KEYS.length)
  engine.lookupMany(KEYS, got)
  js.lookupMany(KEYS, want)
  expect(got).toEqual(want)
  expect(engine.pointCount()).toBe(js.pointCount())
  const replicas = new Uint32Array(3)
  const jsReplicas = new Uint32Array(3)
  for (const key of KEYS.slice(0, 50)) {
    expect(engine.lookup(key)).toBe(js.lookup(key))
    expect(engine.replicas(key, 3, replicas)).toBe(js.replicas(key, 3, jsReplicas))
    expect(replicas).toEqual(jsReplicas)
  }
}

async function freshBackend() {
  const glue = await freshGlue()
  const backend = createWasmLoader(
    () => glue,
    async () => glue,
  ).loadWasmBackend()
  return { backend, memory: () => glue.initSync({ module: new Uint8Array(0) }).memory }
}

describe.runIf(runWasm)('a wasm KetamaRing rebuilt from JavaScript', () => {
  it('refuses a continuum too large for wasm32 memory with a RangeError, unchanged', async () => {
    const { backend } = await freshBackend()
    const engine = backend.createKetama({ compat: 'hashring', vnodes: 2 ** 20, defaultPort: 0 })
    let added = 0
    let error: unknown
    try {
      for (; added < 100; added++) engine.setServer(added, utf8(`s${added}:11211`), 1)
    } catch (caught) {
      error = caught
    }
    // 4 GiB holds the build of 32 servers of about 4·2^20 points each, not of 100.
    expect(added).toBeGreaterThan(10)
    expect(added).toBeLessThan(100)
    expect(error).toBeInstanceOf(RangeError)
    expect((error as Error).message).toMatch(/^the ring would hold \d+ points, whose build needs \d+ bytes/)
    expect(engine.pointCount()).toBe(4 * 2 ** 20 * added)
  })

  it('answers as before after the instance trapped and restarted', async () => {
    const { backend, memory } = await freshBackend()
    const engine = continuumOn(backend, 30)
    expectSameAsJs(engine, 30)
    // Leave the allocator no room to grow: a 64 MiB key traps.
    const grown = memory()
    grown.grow(65536 - grown.buffer.byteLength / 65536)
    const error = thrown(() => engine.lookup(new Uint8Array(64 << 20)))
    expect(error.message).toMatch(/^the WebAssembly engine trapped \(.+\); it was restarted/)
    expect(memory().buffer.byteLength).toBeLessThan(64 << 20)
    expectSameAsJs(engine, 30)
  })

  it('answers as before after sweeps evicted it while rings were built and dropped', async () => {
    const { backend } = await freshBackend()
    const kept = continuumOn(backend, 20, 'kept')
    expectSameAsJs(kept, 20, 'kept')
    // 2,000 continuums of 100 servers count 32 million points: several sweeps.
    for (let r = 0; r < 2000; r++) continuumOn(backend, 100)
    expectSameAsJs(kept, 20, 'kept')
  })
})
