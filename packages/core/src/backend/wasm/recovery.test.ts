/**
 * The wasm backend under memory pressure: a ring too large for wasm32 memory is refused with a
 * RangeError, a trap restarts the instance and rings are rebuilt with the same answers, idle rings
 * leave wasm memory, and a failed init() can be retried. Each test that fills or traps an
 * instance runs on a fresh one of its own (test/wasm-glue.ts), except the first, which traps the
 * shared instance to reach MementoHash and MementoRing through the public API.
 */
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { ConsistentHashRing, MementoHash, MementoRing } from '../../index.js'
import { utf8 } from '../../keys.js'
import { BUILD_BYTES_PER_POINT, MAX_POINTS_PER_CONSUMER } from '../../limits.js'
import { expectRefused, fillUntilRefused } from '../../test/refused.js'
import { thrown } from '../../test/thrown.js'
import { freshGlue, freshLoader, runWasm } from '../../test/wasm-glue.js'
import { jsBackend } from '../js/index.js'
import type { Backend, EngineConfig, RingEngine } from '../types.js'
import { createWasmLoader, type Glue } from './index.js'

const XXH3: EngineConfig = { hash: 'xxh3', seedHi: 0, seedLo: 0 }
const KEYS = Array.from({ length: 2000 }, (_, k) => `key:${k}`)

/** A ring of `consumers` consumers of `points` points on `backend`. */
function ringOn(backend: Backend, consumers: number, points: number, prefix = 'node'): RingEngine {
  const engine = backend.createRing(XXH3)
  for (let slot = 0; slot < consumers; slot++) engine.setConsumer(slot, utf8(`${prefix}-${slot}`), points)
  return engine
}

/** Expects `engine` to place KEYS as the js engine with the same consumers does. */
function expectSameAsJs(engine: RingEngine, consumers: number, points: number, prefix = 'node'): void {
  const js = ringOn(jsBackend, consumers, points, prefix)
  const got = new Int32Array(KEYS.length)
  const want = new Int32Array(KEYS.length)
  engine.lookupMany(KEYS, got)
  js.lookupMany(KEYS, want)
  expect(got).toEqual(want)
  for (const key of KEYS.slice(0, 50)) expect(engine.lookup(key)).toBe(js.lookup(key))
}

/** A MementoHash of 200 buckets with removals in the middle and at the end, one brought back. */
function mementoOn(backend: 'wasm' | 'js'): MementoHash {
  const m = new MementoHash(200, { backend })
  for (const bucket of [3, 150, 199, 77, 120]) m.removeBucket(bucket)
  m.addBucket()
  return m
}

/** A MementoRing of 40 consumers, three of them removed. */
function mementoRingOn(backend: 'wasm' | 'js'): MementoRing<number> {
  const ring = new MementoRing<number>({ backend })
  for (let c = 0; c < 40; c++) ring.addConsumer(`w-${c}`, c)
  for (const id of ['w-7', 'w-39', 'w-20']) ring.removeConsumer(id)
  return ring
}

/** Expects a wasm MementoHash and MementoRing to answer every key as their js twins. */
function expectMementosAsJs(
  m: MementoHash,
  jsM: MementoHash,
  ring: MementoRing<number>,
  jsRing: MementoRing<number>,
): void {
  expect(m.toJSON()).toEqual(jsM.toJSON())
  expect(m.getBucketMany(KEYS)).toEqual(jsM.getBucketMany(KEYS))
  for (const key of KEYS.slice(0, 50)) expect(m.getBucket(key)).toBe(jsM.getBucket(key))
  expect(ring.toJSON()).toEqual(jsRing.toJSON())
  expect(ring.getConsumerIdMany(KEYS)).toEqual(jsRing.getConsumerIdMany(KEYS))
  for (const key of KEYS.slice(0, 50))
    expect(ring.getConsumerIds(key, 3)).toEqual(jsRing.getConsumerIds(key, 3))
}

/** A backend on a fresh instance, with the instance's glue (whose initSync returns its memory). */
async function freshBackend(): Promise<{ backend: Backend; glue: Glue }> {
  const glue = await freshGlue()
  const backend = createWasmLoader(
    () => glue,
    async () => glue,
  ).loadWasmBackend()
  return { backend, glue }
}

/** The current memory of an initialised glue (initSync ignores its argument then). */
const memoryOf = (glue: Glue) => glue.initSync({ module: new Uint8Array(0) }).memory

describe.runIf(runWasm)('the wasm backend under memory pressure', () => {
  // First: the shared instance's memory is still small, so a 64 MiB key cannot fit once it is full.
  it('after a trap of the shared instance, a MementoHash with removals and a MementoRing answer as js does', () => {
    const [m, jsM, ring, jsRing] = [
      mementoOn('wasm'),
      mementoOn('js'),
      mementoRingOn('wasm'),
      mementoRingOn('js'),
    ]
    expectMementosAsJs(m, jsM, ring, jsRing)
    // The instance the backend runs (initSync returns it): leave it no room to grow, then trap.
    const glue = createRequire(import.meta.url)('@chash/wasm') as Glue
    const memory = memoryOf(glue)
    memory.grow(65536 - memory.buffer.byteLength / 65536)
    const longKey = new Uint8Array(64 << 20)
    expect(thrown(() => m.getBucket(longKey)).message).toMatch(
      /^the WebAssembly engine trapped \(.+\); it was restarted with fresh memory/,
    )
    expect(memoryOf(glue).buffer.byteLength).toBeLessThan(64 << 20)
    expectMementosAsJs(m, jsM, ring, jsRing)
    // Changes after the restart too, and the key that trapped.
    for (const x of [m, jsM]) x.removeBucket(10)
    expect(m.addBucket()).toBe(jsM.addBucket())
    for (const r of [ring, jsRing]) {
      r.removeConsumer('w-1')
      r.addConsumer('w-late', 99)
    }
    expectMementosAsJs(m, jsM, ring, jsRing)
    expect(m.getBucket(longKey)).toBe(jsM.getBucket(longKey))
    expect(ring.getConsumerId(longKey)).toBe(jsRing.getConsumerId(longKey))
  })

  it('refuses a ring too large for wasm32 memory with a RangeError, the ring and the others unchanged', () => {
    const other = new ConsistentHashRing<number>({ backend: 'wasm' })
    const twin = new ConsistentHashRing<number>({ backend: 'js' })
    for (const ring of [other, twin]) for (let c = 0; c < 20; c++) ring.addConsumer(`n${c}`, c)
    const { ring: huge, added, error } = fillUntilRefused('wasm', 400)
    // 4 GiB holds the build of 136 consumers of 2^20 points (142.6 million), not of 400.
    expect(added).toBeGreaterThan(50)
    expect(added).toBeLessThan(400)
    expectRefused(huge, added, error)
    expect((error as Error).message).toContain(
      `${(added + 1) * MAX_POINTS_PER_CONSUMER * BUILD_BYTES_PER_POINT} bytes`,
    )
    // Other rings, old and new, still answer as js does.
    expect(other.getConsumerIdMany(KEYS)).toEqual(twin.getConsumerIdMany(KEYS))
    const fresh = new ConsistentHashRing<number>({ backend: 'wasm' }).addConsumer('a', 1).addConsumer('b', 2)
    const freshJs = new ConsistentHashRing<number>({ backend: 'js' }).addConsumer('a', 1).addConsumer('b', 2)
    expect(fresh.getConsumerIdMany(KEYS)).toEqual(freshJs.getConsumerIdMany(KEYS))
    huge.dispose()
  })

  it('restarts after a trap and rebuilds every ring, with the same answers', async () => {
    const { backend, glue } = await freshBackend()
    const rings = [ringOn(backend, 10, 40), ringOn(backend, 100, 160, 'big')]
    expectSameAsJs(rings[0], 10, 40)
    // Leave the allocator no room to grow: the next large allocation in wasm traps.
    const memory = memoryOf(glue)
    memory.grow(65536 - memory.buffer.byteLength / 65536)
    const longKey = new Uint8Array(64 << 20)
    let error: unknown
    try {
      rings[0].lookup(longKey)
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toMatch(
      /^the WebAssembly engine trapped \(.+\); it was restarted with fresh memory, and every wasm ring is rebuilt on its next use$/,
    )
    expect((error as Error).cause).toBeInstanceOf(WebAssembly.RuntimeError)
    expect((error as { code?: unknown }).code).toBe('ERR_CHASH_WASM_TRAPPED')
    // A fresh instance: small memory again, and every ring answers as before the trap.
    expect(memoryOf(glue).buffer.byteLength).toBeLessThan(64 << 20)
    expectSameAsJs(rings[0], 10, 40)
    expectSameAsJs(rings[1], 100, 160, 'big')
    expect(rings[1].pointCount()).toBe(16_000)
    // The key that trapped works now that memory can grow, and so does everything else.
    expect(rings[0].lookup(longKey)).toBe(ringOn(jsBackend, 10, 40).lookup(longKey))
    const hash = new Uint32Array(2)
    const jsHash = new Uint32Array(2)
    backend.hash(XXH3, 'abc', hash)
    jsBackend.hash(XXH3, 'abc', jsHash)
    expect(hash).toEqual(jsHash)
    expectSameAsJs(ringOn(backend, 7, 30), 7, 30)
  })

  it('keeps wasm memory bounded while rings are built and dropped synchronously', async () => {
    const { backend, glue } = await freshBackend()
    const kept = ringOn(backend, 50, 160, 'kept')
    const before = memoryOf(glue).buffer.byteLength
    // 600 rings of 100 consumers: 9.6 million points, 130 MB if none were freed.
    for (let r = 0; r < 600; r++) {
      const ring = ringOn(backend, 100, 160)
      expect(ring.lookup('x')).toBeGreaterThanOrEqual(0)
    }
    const grown = memoryOf(glue).buffer.byteLength - before
    expect(grown).toBeLessThan(64 << 20)
    // The idle ring was evicted with the dropped ones and is rebuilt with the same answers.
    expectSameAsJs(kept, 50, 160, 'kept')
  })

  it('gives a long string key its UTF-8 length of wasm memory, not 3 bytes a unit', async () => {
    const { backend, glue } = await freshBackend()
    const wasm = ringOn(backend, 10, 40)
    const js = ringOn(jsBackend, 10, 40)
    const before = memoryOf(glue).buffer.byteLength
    const ascii = 'k'.repeat(16 << 20)
    expect(wasm.lookup(ascii)).toBe(js.lookup(ascii))
    // 16 MiB of UTF-8; 48 MiB at 3 bytes a unit.
    expect(memoryOf(glue).buffer.byteLength - before).toBeLessThan(24 << 20)
    // Exact for every kind of unit: 2- and 3-byte ones, pairs, lone surrogates (3 bytes), at the end too.
    for (const key of [
      'é€𝄞\uD800'.repeat(1 << 19),
      `${'x'.repeat(1 << 21)}\uD83D`,
      `\uDC00${'é'.repeat(1 << 21)}`,
    ])
      expect(wasm.lookup(key)).toBe(js.lookup(key))
  })

  it('can retry init() after it was given a valid WebAssembly module of something else', async () => {
    const loader = await freshLoader()
    const empty = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]) // a valid module without exports
    await expect(loader.initWasm(empty)).rejects.toThrow(
      /^initWasm\(\) was given a WebAssembly module that is not @chash\/wasm's \(it lacks the exports memory, /,
    )
    expect(loader.isReady()).toBe(false)
    await loader.initWasm()
    expectSameAsJs(ringOn(loader.loadWasmBackend(), 5, 20), 5, 20)
  })
})
