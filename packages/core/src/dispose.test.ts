/**
 * `ring.dispose()` and `using` on every backend, and the memory limit of a ring's build on native
 * (wasm's is in backend/wasm/recovery.test.ts).
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { loadNativeAddon } from './backend/native/index.js'
import { liveWasmRings } from './backend/wasm/index.js'
import { ConsistentHashRing } from './index.js'
import { backendsUnderTest } from './test/backends.js'
import { expectRefused, fillUntilRefused } from './test/refused.js'
import { everyUse } from './test/ring-uses.js'
import { thrown } from './test/thrown.js'

const DISPOSED = {
  type: 'Error',
  message: 'this ConsistentHashRing was disposed (ring.dispose() freed its engine); create a new ring',
}
const KEYS = Array.from({ length: 1000 }, (_, k) => `key:${k}`)

function ringOf(backend: string, consumers = 20): ConsistentHashRing<number> {
  const ring = new ConsistentHashRing<number>({ backend: backend as 'js' })
  for (let c = 0; c < consumers; c++) ring.addConsumer(`n${c}`, c, { weight: 1 + (c % 3) })
  return ring
}

/** What the engine holds now, where the backend can tell: native bytes, wasm rings. */
function engineHolding(backend: string): number | undefined {
  if (backend === 'native') return loadNativeAddon().nativeMemory()
  if (backend === 'wasm') return liveWasmRings()
  return undefined
}

/** Linux's overcommit policy: with 1 ("always") no allocation is refused, however large. */
const overcommitAlways = (() => {
  try {
    return readFileSync('/proc/sys/vm/overcommit_memory', 'utf8').trim() === '1'
  } catch {
    return true
  }
})()

describe.each(backendsUnderTest())('dispose on the %s backend', (backend) => {
  it('frees the engine at once; then every use throws, and disposing again does nothing', () => {
    const ring = ringOf(backend)
    const other = ringOf(backend)
    const placed = other.getConsumerIdMany(KEYS)
    expect(ring.getConsumerIdMany(KEYS)).toEqual(placed)
    const before = engineHolding(backend)
    ring.dispose()
    const after = engineHolding(backend)
    if (before !== undefined) expect(after).toBeLessThan(before as number)
    const uses = everyUse(ring, 'n1')
    for (const use of uses) expect(thrown(use), use.toString()).toEqual(DISPOSED)
    ring.dispose()
    ring[Symbol.dispose]()
    expect(engineHolding(backend)).toBe(after)
    // Other rings are untouched.
    expect(other.getConsumerIdMany(KEYS)).toEqual(placed)
  })

  it('is disposed at the end of a `using` block', () => {
    let escaped: ConsistentHashRing<number> | undefined
    {
      using ring = ringOf(backend)
      escaped = ring
      expect(ring.getConsumerId('k')).toBeDefined()
    }
    expect(thrown(() => escaped?.getConsumerId('k'))).toEqual(DISPOSED)
  })

  // Natively only address space is at stake, which a machine that overcommits always grants.
  it.runIf(backend === 'native' && !overcommitAlways)(
    'refuses a ring whose build cannot be allocated with a RangeError, the ring unchanged',
    () => {
      // 4,095 consumers of 2^20 points are under the 2^32 − 1 point limit, and need 120 GB.
      const { ring, added, error } = fillUntilRefused('native', 4095)
      expectRefused(ring, added, error)
      // Refused again, the same way.
      let again: unknown
      try {
        ring.addConsumer(`c${added}`, added)
      } catch (caught) {
        again = caught
      }
      expectRefused(ring, added, again)
      ring.dispose()
    },
  )
})
