/**
 * Native-only behaviour: memory is freed when rings are garbage collected, the addon's functions
 * reject bad arguments with JavaScript errors, and batches encode each key on its own.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { ConsistentHashRing, xxh3 } from '../../index.js'
import { backendsUnderTest } from '../../test/backends.js'
import { thrown } from '../../test/thrown.js'
import { loadNativeAddon } from './index.js'

/** XXH3-64 of `key` on the js backend (checked against the golden vectors), as [high, low]. */
function jsHalves(key: string | Uint8Array): number[] {
  const h = xxh3(key, 0n, { backend: 'js' })
  return [Number(h >> 32n), Number(h & 0xffffffffn)]
}

/** The `gc` function, exposed at run time (vitest's workers do not start with --expose-gc). */
function exposeGc(): () => void {
  setFlagsFromString('--expose-gc')
  return runInNewContext('gc') as () => void
}

/** Collects garbage until `done()` or the rounds run out; Node runs native finalizers on later ticks. */
async function collect(gc: () => void, done: () => boolean = () => false): Promise<void> {
  for (let round = 0; round < 20 && !done(); round++) {
    gc()
    await new Promise((resolve) => setImmediate(resolve))
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

const RINGS_PER_ROUND = 10_000

/** Creates and drops RINGS_PER_ROUND rings of a few consumers, each flushed by a lookup. */
function churn(): void {
  for (let r = 0; r < RINGS_PER_ROUND; r++) {
    const ring = new ConsistentHashRing<number>({ backend: 'native', vnodes: 64 })
    for (let c = 0; c < 4; c++) ring.addConsumer(`node-${r}-${c}`, c)
    ring.getConsumer(`key-${r}`)
  }
}

describe.skipIf(!backendsUnderTest().includes('native'))('the native addon', () => {
  it('has the named ESM exports its index.d.ts declares, in plain Node', () => {
    // Every `export declare function|class|const` of the committed types, so a new export that the
    // ESM entry (index.mjs) forgets to name fails here.
    const dts = readFileSync(new URL('../../../../native/index.d.ts', import.meta.url), 'utf8')
    const declared = [...dts.matchAll(/^export declare (?:function|class|const) (\w+)/gm)]
      .map((m) => m[1])
      .sort()
    expect(declared).toContain('NativeKetama')
    // A real Node process: vitest's own CommonJS interop would name every property.
    const code =
      "import * as named from '@chash/native'; import { jump } from '@chash/native';" +
      'console.log(JSON.stringify([Object.keys(named).filter((k) => k !== "default").sort(), jump(0, 1, 10)]))'
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' })
    const native = loadNativeAddon()
    expect(JSON.parse(out)).toEqual([declared, native.jump(0, 1, 10)])
  })

  it('frees the memory of rings that are garbage collected', { timeout: 120_000 }, async () => {
    const native = loadNativeAddon()
    const gc = exposeGc()
    await collect(gc)
    const base = native.liveEngines()

    churn() // warms up the allocator and V8's heap before RSS is measured
    await collect(gc, () => native.liveEngines() <= base)
    expect(native.liveEngines() - base).toBeLessThanOrEqual(10)
    const rss = process.memoryUsage.rss()

    for (let round = 0; round < 3; round++) {
      churn()
      expect(native.liveEngines()).toBeGreaterThanOrEqual(base) // the counter works at all
      await collect(gc, () => native.liveEngines() <= base)
      expect(native.liveEngines() - base).toBeLessThanOrEqual(10)
    }
    // Leaking would keep 30,000 rings of 256 points (about 100 MB); allow for heap noise.
    const growth = (process.memoryUsage.rss() - rss) / 2 ** 20
    expect(growth).toBeLessThan(40)
  })

  it('releases dead rings without waiting for the event loop', { timeout: 60_000 }, () => {
    // Node runs finalizers only after the current task, so this loop never lets one run: what
    // keeps the memory flat is the release of rings whose weak reference the collector cleared.
    const native = loadNativeAddon()
    const gc = exposeGc()
    const ids = Array.from({ length: 1000 }, (_, c) => `node-${c}`)
    const kept = new ConsistentHashRing<number>({ backend: 'native' })
    for (let c = 0; c < 1000; c++) kept.addConsumer(ids[c], c)
    const expected = Array.from({ length: 100 }, (_, k) => kept.getConsumer(`key-${k}`))
    const base = native.nativeMemory()
    let peak = 0
    for (let r = 0; r < 200; r++) {
      const ring = new ConsistentHashRing<number>({ backend: 'native' })
      for (let c = 0; c < 1000; c++) ring.addConsumer(ids[c], c)
      ring.getConsumer('x') // 160,000 points, about 2.2 MB
      if (r % 10 === 9) gc()
      peak = Math.max(peak, native.nativeMemory() - base)
    }
    // Kept until their finalizers ran, 200 rings would hold about 440 MB; a collection every 10
    // rings and a scan every 16 MB of growth keep at most about 20 of them.
    expect(peak).toBeGreaterThan(2e6) // the counter works at all
    expect(peak).toBeLessThan(100e6)
    // A ring still in use is never released.
    expect(Array.from({ length: 100 }, (_, k) => kept.getConsumer(`key-${k}`))).toEqual(expected)
    expect(kept.pointCount).toBe(160_000)
  })

  it('keeps a ring alive while any of its functions is reachable', async () => {
    const native = loadNativeAddon()
    const gc = exposeGc()
    const fns = (() => {
      const ring = new native.NativeRing(0, 0, 0)
      const f = ring.functions()
      f.setConsumer(0, new TextEncoder().encode('only'), 16)
      return f
    })()
    await collect(gc)
    expect(fns.lookup('k')).toBe(0)
    expect(fns.pointCount()).toBe(16)
  })

  it('rejects bad arguments with TypeError / RangeError, never a crash', () => {
    const native = loadNativeAddon()
    const f = new native.NativeRing(0, 0, 0).functions()
    const id = new TextEncoder().encode('a')
    f.setConsumer(0, id, 4)
    const cases: Array<[() => unknown, string, RegExp]> = [
      [() => f.lookup(5 as unknown as string), 'TypeError', /^key must be a string or a Uint8Array/],
      [() => f.lookup(new Uint16Array(2) as unknown as string), 'TypeError', /^key/],
      [() => f.setConsumer(-1, id, 4), 'RangeError', /^slot must be an integer/],
      [() => f.setConsumer(2 ** 24, id, 4), 'RangeError', /^slot 16777216 is out of range/],
      [() => f.setConsumer(1, id, 0), 'RangeError', /point count must be in 1\.\.=1048576/],
      [() => f.setConsumer(1, new Uint8Array(0), 1), 'RangeError', /^a consumer id must not be empty/],
      [() => f.setConsumer(1, 'a' as unknown as Uint8Array, 1), 'TypeError', /^id must be a Uint8Array/],
      [() => f.replicas('k', 2, new Int32Array(2) as unknown as Uint32Array), 'TypeError', /^out/],
      [() => f.replicas('k', -1, new Uint32Array(2)), 'RangeError', /^n must be/],
      [() => f.lookupMany('ab', new Uint32Array([0, 1]), 2, new Int32Array(2), 0), 'RangeError', /^offsets/],
      [() => f.lookupMany('ab', new Uint32Array([0, 3]), 1, new Int32Array(1), 0), 'RangeError', /offsets/],
      [() => f.lookupMany('ab', new Uint32Array([2, 1]), 1, new Int32Array(1), 0), 'RangeError', /offsets/],
      [() => f.lookupMany('ab', new Uint32Array([0, 2]), 1, new Int32Array(1), 1), 'RangeError', /too short/],
      [
        () => f.lookupMany('ab', new Uint32Array([0, 2]), 1, new Float64Array(1) as never, 0),
        'TypeError',
        /^out/,
      ],
      [() => native.jump(0, 1, 0), 'RangeError', /^buckets must be an integer in 1\.\.=2147483647, got 0/],
      [() => native.jump(0, 1, 2 ** 31), 'RangeError', /^buckets/],
      [() => native.jumpMany(new Uint32Array(4), 10, new Uint32Array(1)), 'RangeError', /too short/],
      [() => native.hash64(2, 0, 0, 'k', new Uint32Array(2)), 'RangeError', /^kind must be 0/],
      [() => native.hash64(0, 0, 0, 'k', new Uint32Array(1)), 'RangeError', /too short/],
      [() => native.hash64(0, 0, 0, 'k', new ArrayBuffer(7)), 'RangeError', /too short/],
      [
        () => native.hash64(0, 0, 0, 'k', new Int32Array(2) as never),
        'TypeError',
        /^out must be a Uint32Array/,
      ],
      [() => new native.NativeRing(7, 0, 0), 'Error', /hashKind must be 0/],
    ]
    for (const [call, type, message] of cases) {
      const error = thrown(call)
      expect(error.type, String(call)).toBe(type)
      expect(error.message, String(call)).toMatch(message)
    }
    // hash64 writes the same halves into an ArrayBuffer as into a Uint32Array, and reads a key
    // that is a view of that buffer before writing it.
    const halves = new Uint32Array(2)
    native.hash64(0, 0, 0, 'k', halves)
    expect([...halves]).toEqual(jsHalves('k'))
    const buffer = new ArrayBuffer(8)
    native.hash64(0, 0, 0, 'k', buffer)
    expect([...new Uint32Array(buffer)]).toEqual([...halves])
    const before = new Uint8Array(buffer).slice()
    native.hash64(0, 0, 0, new Uint8Array(buffer), buffer)
    expect([...new Uint32Array(buffer)]).toEqual(jsHalves(before))
    // Memory shared between inputs and outputs is refused rather than aliased.
    const shared = new Uint32Array(8)
    expect(thrown(() => native.jumpMany(shared, 10, shared)).message).toMatch(/share memory/)
    const bytes = new Uint8Array(16)
    const out = new Int32Array(bytes.buffer, 0, 2)
    expect(thrown(() => f.lookupMany(bytes, new Uint32Array([0, 1, 2]), 2, out, 0)).message).toMatch(
      /share memory/,
    )
    // The ring is unchanged and usable.
    expect(f.pointCount()).toBe(4)
    expect(f.lookup('k')).toBe(0)
  })

  it('encodes each key of a batch on its own, even when joined keys would pair surrogates', () => {
    const ring = new ConsistentHashRing<string>({ backend: 'native', vnodes: 32 })
    for (let c = 0; c < 20; c++) ring.addConsumer(`c${c}`, `c${c}`)
    const keys = ['\uD83D', '\uDE00', '\uD83D\uDE00', 'é', '', 'x'.repeat(300), '\uDE00\uD83D', '日本']
    for (let shift = 0; shift < keys.length; shift++) {
      const batch = [...keys.slice(shift), ...keys.slice(0, shift)]
      expect(ring.getConsumerIdMany(batch)).toEqual(batch.map((k) => ring.getConsumerId(k)))
    }
    // Lone surrogates are U+FFFD (docs/placement.md §1), like TextEncoder.
    expect(ring.getConsumerId('\uD83D')).toBe(ring.getConsumerId('\uFFFD'))
    expect(ring.getConsumerId('\uDE00\uD83D')).toBe(
      ring.getConsumerId(new TextEncoder().encode('\uDE00\uD83D')),
    )
  })
})
