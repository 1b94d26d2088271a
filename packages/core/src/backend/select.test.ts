import { afterEach, describe, expect, it, vi } from 'vitest'
import { availableBackends } from '../index.js'
import { thrown } from '../test/thrown.js'

/** A fresh copy of the package, so that CHASH_BACKEND is read again. */
async function freshCore() {
  vi.resetModules()
  return import('../index.js')
}

describe('the CHASH_BACKEND environment variable', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
    vi.resetModules()
  })

  it.each(availableBackends())('CHASH_BACKEND=%s overrides auto but not an explicit choice', async (name) => {
    vi.stubEnv('CHASH_BACKEND', name)
    const core = await freshCore()
    expect(new core.ConsistentHashRing().backend).toBe(name)
    expect(new core.ConsistentHashRing({ backend: 'auto' }).backend).toBe(name)
    expect(new core.ConsistentHashRing({ backend: 'js' }).backend).toBe('js')
  })

  it('is ignored when empty or auto', async () => {
    for (const value of ['', 'auto']) {
      vi.stubEnv('CHASH_BACKEND', value)
      const core = await freshCore()
      expect(new core.ConsistentHashRing().backend).toBe(core.availableBackends()[0])
    }
  })

  it('rejects an unknown value, naming the variable', async () => {
    vi.stubEnv('CHASH_BACKEND', 'gpu')
    const core = await freshCore()
    expect(() => new core.ConsistentHashRing()).toThrow(
      expect.objectContaining({ code: 'ERR_CHASH_INVALID_ARGUMENT' }),
    )
    const error = thrown(() => new core.ConsistentHashRing())
    expect(error).toEqual({
      type: 'RangeError',
      message: 'CHASH_BACKEND must be one of auto, native, wasm, js, got "gpu"',
    })
  })
})
