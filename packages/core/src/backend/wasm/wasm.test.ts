/**
 * The wasm backend itself: golden vectors at the engine seam, memory growth (1 MB keys, a ring of
 * 1.6 million points, batches larger than one crossing), rings freed by garbage collection, and
 * initWasm's inputs and idempotence on fresh module instances. (The behavioural suites run on
 * wasm too, once it is among backendsUnderTest().)
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import v8 from 'node:v8'
import vm from 'node:vm'
import { describe, expect, it } from 'vitest'
import { utf8 } from '../../keys.js'
import { NO_SLOT } from '../../limits.js'
import { type JumpFixture, loadFixture, type RingFixture } from '../../test/fixtures.js'
import { freshGlue, freshLoader, runWasm, wasmPath } from '../../test/wasm-glue.js'
import { pointCount } from '../../validate.js'
import { jsBackend } from '../js/index.js'
import type { Backend, EngineConfig, RingEngine } from '../types.js'
import { createWasmLoader, initWasm, isWasmReady, liveWasmRings, loadWasmBackend } from './index.js'

// Outside CI a machine without the wasm toolchain skips these; in CI a missing build fails them.
const run = runWasm

function configOf(hash: 'xxh3' | 'xxh64', seed: bigint): EngineConfig {
  return { hash, seedHi: Number(seed >> 32n), seedLo: Number(seed & 0xffffffffn) }
}

const XXH3: EngineConfig = { hash: 'xxh3', seedHi: 0, seedLo: 0 }

/** The same consumers on a wasm and a js engine. */
function twin(
  wasm: Backend,
  config: EngineConfig,
  consumers: number,
  points: number,
): [RingEngine, RingEngine] {
  const engines: [RingEngine, RingEngine] = [wasm.createRing(config), jsBackend.createRing(config)]
  for (const engine of engines) {
    for (let slot = 0; slot < consumers; slot++) engine.setConsumer(slot, utf8(`node-${slot}`), points)
  }
  return engines
}

/** Checks that a backend places keys as the js one does. */
function expectWorking(backend: Backend): void {
  expect(backend.name).toBe('wasm')
  const [wasm, js] = twin(backend, XXH3, 5, 40)
  for (const key of ['a', 'user:42', 'é€𝄞']) expect(wasm.lookup(key)).toBe(js.lookup(key))
}

describe.runIf(run)('the wasm backend', () => {
  describe('golden vectors', () => {
    it('places ring.json as the reference does', () => {
      const backend = loadWasmBackend()
      for (const scenario of loadFixture<RingFixture>('ring.json').scenarios) {
        const engine = backend.createRing(configOf(scenario.hash, BigInt(scenario.seed)))
        const ids = scenario.consumers.map((c) => c.id)
        scenario.consumers.forEach((c, slot) => {
          engine.setConsumer(slot, utf8(c.id), pointCount(c.weight, scenario.vnodes))
        })
        expect(engine.pointCount(), scenario.name).toBe(scenario.point_count)
        const idOf = (slot: number) => (slot === NO_SLOT ? null : ids[slot])
        const out = new Uint32Array(10)
        for (const lookup of scenario.lookups) {
          expect(idOf(engine.lookup(lookup.key)), lookup.key).toBe(lookup.owner)
          const three = engine.replicas(lookup.key, 3, out.subarray(0, Math.min(3, ids.length)))
          expect(Array.from(out.subarray(0, three), idOf)).toEqual(lookup.replicas3)
          if (lookup.replicas10) {
            const ten = engine.replicas(lookup.key, 10, out.subarray(0, Math.min(10, ids.length)))
            expect(Array.from(out.subarray(0, ten), idOf)).toEqual(lookup.replicas10)
          }
        }
        const owners = new Int32Array(scenario.lookups.length)
        engine.lookupMany(
          scenario.lookups.map((l) => l.key),
          owners,
        )
        expect(Array.from(owners, idOf)).toEqual(scenario.lookups.map((l) => l.owner))
      }
    })

    it('computes jump.json and XXH3 as the reference does', () => {
      const backend = loadWasmBackend()
      const fixture = loadFixture<JumpFixture>('jump.json')
      const keys = new Uint32Array(fixture.cases.length * 2)
      fixture.cases.forEach((c, k) => {
        const key = BigInt(c.key)
        const hi = Number(key >> 32n)
        const lo = Number(key & 0xffffffffn)
        expect(backend.jump(hi, lo, c.buckets), c.key).toBe(c.bucket)
        keys[2 * k] = lo
        keys[2 * k + 1] = hi
      })
      // jumpMany takes one bucket count: check it per distinct count.
      for (const buckets of new Set(fixture.cases.map((c) => c.buckets))) {
        const out = new Uint32Array(fixture.cases.length)
        backend.jumpMany(keys, buckets, out)
        fixture.cases.forEach((c, k) => {
          if (c.buckets === buckets) expect(out[k], c.key).toBe(c.bucket)
        })
      }
      const hash = new Uint32Array(2)
      for (const c of fixture.string_cases) {
        backend.hash(XXH3, c.text, hash)
        expect(((BigInt(hash[0]) << 32n) | BigInt(hash[1])).toString(16).padStart(16, '0')).toBe(c.xxh3)
        expect(backend.jump(hash[0], hash[1], c.buckets)).toBe(c.bucket)
      }
    })
  })

  describe('memory growth', () => {
    const MEGA_ASCII = 'k'.repeat(1 << 20)
    const MEGA_MIXED = 'é€𝄞\uD800'.repeat(1 << 18)
    const MEGA_BYTES = Uint8Array.from({ length: 1 << 20 }, (_, i) => (i * 31) & 0xff)

    it('handles 1 MB keys, and short keys after them', () => {
      const backend = loadWasmBackend()
      const config = configOf('xxh64', 0x9e3779b97f4a7c15n)
      const [wasm, js] = twin(backend, config, 20, 16)
      const wasmHash = new Uint32Array(2)
      const jsHash = new Uint32Array(2)
      for (const key of [MEGA_ASCII, 'short', MEGA_MIXED, MEGA_BYTES, utf8('bytes'), '']) {
        expect(wasm.lookup(key)).toBe(js.lookup(key))
        const n = wasm.replicas(key, 5, new Uint32Array(5))
        expect(n).toBe(5)
        backend.hash(config, key, wasmHash)
        jsBackend.hash(config, key, jsHash)
        expect(wasmHash).toEqual(jsHash)
      }
    })

    it('handles a ring of 1.6 million points, and the rings and keys from before', () => {
      const backend = loadWasmBackend()
      const [smallWasm, smallJs] = twin(backend, XXH3, 3, 10)
      const keys = Array.from({ length: 2000 }, (_, k) => `key:${k}:${'x'.repeat(k % 30)}`)
      const before = keys.map((key) => smallWasm.lookup(key))
      const [wasm, js] = twin(backend, configOf('xxh3', 42n), 10_000, 160)
      expect(wasm.pointCount()).toBe(1_600_000)
      for (const key of keys) expect(wasm.lookup(key)).toBe(js.lookup(key))
      // Replicas beyond the small-n path, on the big ring.
      const wasmOut = new Uint32Array(40)
      const jsOut = new Uint32Array(40)
      for (const key of keys.slice(0, 50)) {
        expect(wasm.replicas(key, 40, wasmOut)).toBe(js.replicas(key, 40, jsOut))
        expect(wasmOut).toEqual(jsOut)
      }
      expect(keys.map((key) => smallWasm.lookup(key))).toEqual(before)
      expect(keys.map((key) => smallJs.lookup(key))).toEqual(before)
      // Batches of several crossings, with a 1 MB key and bytes among strings.
      const batch = Array.from({ length: 40_000 }, (_, k) => `batch-${k}`) as Array<string | Uint8Array>
      batch[123] = MEGA_MIXED
      batch[20_000] = MEGA_BYTES
      batch[39_999] = utf8('last')
      const wasmOwners = new Int32Array(batch.length)
      const jsOwners = new Int32Array(batch.length)
      wasm.lookupMany(batch, wasmOwners)
      js.lookupMany(batch, jsOwners)
      expect(wasmOwners).toEqual(jsOwners)
      // Removing most consumers shrinks the ring; lookups stay right.
      for (let slot = 100; slot < 10_000; slot++) {
        wasm.removeConsumer(slot)
        js.removeConsumer(slot)
      }
      expect(wasm.pointCount()).toBe(16_000)
      for (const key of keys) expect(wasm.lookup(key)).toBe(js.lookup(key))
    })

    it('jump-hashes batches of several crossings', () => {
      const backend = loadWasmBackend()
      const count = 70_000
      const keys = new Uint32Array(2 * count)
      for (let i = 0; i < keys.length; i++) keys[i] = Math.imul(i + 1, 0x9e3779b1) >>> 0
      const wasmOut = new Uint32Array(count)
      const jsOut = new Uint32Array(count)
      backend.jumpMany(keys, 1000, wasmOut)
      jsBackend.jumpMany(keys, 1000, jsOut)
      expect(wasmOut).toEqual(jsOut)
    })

    it('gives NO_SLOT on an empty ring', () => {
      const engine = loadWasmBackend().createRing(XXH3)
      const owners = new Int32Array(3).fill(7)
      engine.lookupMany(['a', utf8('b'), ''], owners)
      expect(Array.from(owners)).toEqual([NO_SLOT, NO_SLOT, NO_SLOT])
      expect(engine.lookup('a')).toBe(NO_SLOT)
      expect(engine.replicas('a', 3, new Uint32Array(3))).toBe(0)
    })
  })

  it('frees rings that were garbage collected', async () => {
    v8.setFlagsFromString('--expose-gc')
    const gc = vm.runInNewContext('gc') as () => void
    // Collects until the count settles: FinalizationRegistry callbacks run in a later task.
    const settle = async (until: () => boolean) => {
      for (let round = 0; round < 50 && !until(); round++) {
        gc()
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
    }
    const backend = loadWasmBackend()
    let previous = -1
    await settle(() => {
      const now = liveWasmRings()
      const stable = now === previous
      previous = now
      return stable
    }) // rings of earlier tests
    const base = liveWasmRings()
    let engines: RingEngine[] | undefined = Array.from({ length: 50 }, () => {
      const engine = backend.createRing(XXH3)
      engine.setConsumer(0, utf8('a'), 1000)
      engine.lookup('k')
      return engine
    })
    expect(liveWasmRings()).toBe(base + 50)
    const kept = engines[0]
    engines = undefined
    await settle(() => liveWasmRings() <= base + 1)
    // At most base + 1: rings of earlier tests whose finalizers were still pending when `base`
    // was read may go too; the kept one stays (counted, and answering).
    expect(liveWasmRings()).toBeLessThanOrEqual(base + 1)
    expect(liveWasmRings()).toBeGreaterThanOrEqual(1)
    expect(kept.lookup('k')).toBe(0)
  })

  describe('loading', () => {
    it('loads synchronously in Node, and initWasm then resolves at once', async () => {
      const backend = loadWasmBackend()
      expect(loadWasmBackend()).toBe(backend)
      expect(isWasmReady()).toBe(true)
      const ready = initWasm()
      expect(initWasm(new Uint8Array(3))).toBe(ready) // later inputs are ignored
      await ready
      expectWorking(backend)
    })

    it('says to call init() first where it cannot load synchronously', async () => {
      const glue = await freshGlue()
      expect(() => glue.liveRings()).toThrow() // a fresh, uninitialised instance
      const loader = createWasmLoader(undefined, async () => glue)
      expect(loader.isReady()).toBe(false)
      expect(() => loader.loadWasmBackend()).toThrow(/call `await init\(\)` \(initWasm\) first/)
      expect(loader.liveRings()).toBe(0)
      await loader.initWasm()
      expect(loader.isReady()).toBe(true)
      expectWorking(loader.loadWasmBackend())
    })

    it('initialises once however often and however concurrently it is called', async () => {
      const loader = await freshLoader()
      const bytes = readFileSync(wasmPath as string)
      const first = loader.initWasm(bytes)
      const second = loader.initWasm()
      expect(second).toBe(first)
      await Promise.all([first, second, loader.initWasm(bytes)])
      const backend = loader.loadWasmBackend()
      expect(loader.loadWasmBackend()).toBe(backend)
      await loader.initWasm()
      expect(loader.loadWasmBackend()).toBe(backend)
      expectWorking(backend)
    })

    it('uses the synchronous path where it has one, after which initWasm resolves', async () => {
      const loader = await freshLoader(true)
      const backend = loader.loadWasmBackend()
      await loader.initWasm()
      expect(loader.loadWasmBackend()).toBe(backend)
      expectWorking(backend)
    })

    const path = () => wasmPath as string
    const bytes = () => readFileSync(path())
    const inputs: Array<[string, () => unknown]> = [
      ['bytes (Uint8Array)', bytes],
      [
        'an ArrayBuffer',
        () => {
          const view = bytes()
          return view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength)
        },
      ],
      [
        'a DataView',
        () => {
          const view = bytes()
          return new DataView(view.buffer, view.byteOffset, view.byteLength)
        },
      ],
      [
        'a Response with the wasm content type (streaming)',
        () => new Response(bytes(), { headers: { 'content-type': 'application/wasm' } }),
      ],
      ['a Response without it', () => new Response(bytes())],
      ['a WebAssembly.Module', () => new WebAssembly.Module(bytes())],
      ['a file URL', () => pathToFileURL(path())],
      ['a file URL string', () => pathToFileURL(path()).href],
      ['a file path', path],
    ]
    it.each(inputs)('accepts %s', async (_, input) => {
      const loader = await freshLoader()
      await loader.initWasm(input() as never)
      expectWorking(loader.loadWasmBackend())
    })

    it('rejects bad input, and can be retried after a failure', async () => {
      const loader = await freshLoader()
      await expect(loader.initWasm({} as never)).rejects.toThrow(TypeError)
      await expect(loader.initWasm({} as never)).rejects.toMatchObject({ code: 'ERR_CHASH_INVALID_ARGUMENT' })
      const notWasm = loader.initWasm(new Uint8Array([0, 97, 115, 109]))
      await expect(notWasm).rejects.toThrow(WebAssembly.CompileError)
      await expect(notWasm).rejects.toMatchObject({ code: 'ERR_CHASH_BACKEND_UNAVAILABLE' })
      const gone = loader.initWasm(new Response('gone', { status: 404 }))
      await expect(gone).rejects.toThrow(/HTTP 404/)
      await expect(gone).rejects.toMatchObject({ code: 'ERR_CHASH_BACKEND_UNAVAILABLE' })
      await expect(loader.initWasm(fileURLToPath(new URL('missing.wasm', import.meta.url)))).rejects.toThrow(
        /ENOENT/,
      )
      expect(loader.isReady()).toBe(false)
      await loader.initWasm()
      expectWorking(loader.loadWasmBackend())
    })
  })
})
