/**
 * In Chromium: the app that Vite bundled for production (src/build-app.ts) loads its emitted .wasm
 * and places keys with it exactly as the golden vectors say.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { loadFixture, type RingFixture } from '../../../packages/core/src/test/fixtures.js'

type App = Pick<typeof import('@chash/core'), 'availableBackends' | 'ConsistentHashRing' | 'init'>

const files = inject('appFiles')
const wasmAsset = files.find((file) => file.endsWith('.wasm')) ?? 'no .wasm emitted'
const bundleUrl = new URL('../dist/app/app.js', import.meta.url).href

describe('the app Vite bundled for production', () => {
  let app: App

  // The bundle holds its own copy of @chash/core and its glue, not yet initialised.
  beforeAll(async () => {
    app = await import(/* @vite-ignore */ bundleUrl)
  })

  it('emitted one .wasm asset', () => {
    expect(files.filter((file) => file.endsWith('.wasm'))).toEqual([wasmAsset])
  })

  it('refuses the wasm backend before init(), saying to call it', () => {
    expect(app.availableBackends()).toEqual(['js'])
    expect(() => new app.ConsistentHashRing({ backend: 'wasm' })).toThrow(/call `await init\(\)`/)
  })

  it('init() fetches that asset as application/wasm, and auto then picks wasm', async () => {
    await app.init()
    // The suites' own @chash/wasm (src/setup.ts) is fetched from packages/wasm, not from dist/app/.
    const fetched = performance
      .getEntriesByType('resource')
      .map((entry) => new URL(entry.name).pathname)
      .filter((path) => path.includes('/dist/app/') && path.endsWith('.wasm'))
    expect(fetched.map((path) => path.slice(path.indexOf('/dist/app/') + '/dist/app/'.length))).toEqual([
      wasmAsset,
    ])
    expect((await fetch(fetched[0])).headers.get('content-type')).toBe('application/wasm')
    expect(app.availableBackends()).toEqual(['wasm', 'js'])
    expect(new app.ConsistentHashRing().backend).toBe('wasm')
    // Idempotent: a second call resolves without fetching again.
    await expect(app.init()).resolves.toBeUndefined()
    expect(performance.getEntriesByType('resource').filter((e) => e.name.endsWith(wasmAsset))).toHaveLength(1)
  })

  it('places every key of the golden ring scenarios as fixtures/ring.json says', () => {
    const { scenarios } = loadFixture<RingFixture>('ring.json')
    let checked = 0
    for (const s of scenarios) {
      const ring = new app.ConsistentHashRing<string>({
        backend: 'wasm',
        hash: s.hash,
        seed: BigInt(s.seed),
        vnodes: s.vnodes,
      })
      for (const c of s.consumers) ring.addConsumer(c.id, c.id, { weight: c.weight })
      expect(ring.getConsumerIdMany(s.lookups.map((l) => l.key))).toEqual(
        s.lookups.map((l) => l.owner ?? undefined),
      )
      checked += s.lookups.length
    }
    expect(checked).toBeGreaterThan(1000)
  })
})
