import { availableBackends } from '@chash/core'
import { describe, expect, it } from 'vitest'
import { runCacheExperiment } from './experiment.js'

describe.each(availableBackends())('the cache experiment on %s', (backend) => {
  const rows = runCacheExperiment({ keys: 5000, consumers: 5, backend })
  const row = (name: string) => {
    const found = rows.find((r) => r.placement === name)
    if (found === undefined) throw new Error(`no row for ${name}`)
    return found
  }

  it('loses about a fifth of the keys with the removed consumer and moves none of the others', () => {
    for (const name of ['ring', 'jump', 'memento']) {
      expect(row(name).lost / 5000).toBeGreaterThan(0.15)
      expect(row(name).lost / 5000).toBeLessThan(0.25)
      expect(row(name).survivorsMoved).toBe(0)
      expect(row(name).differentAfterReturn).toBe(0)
    }
  })

  it('moves most keys under modulo placement', () => {
    expect(row('modulo').survivorsMoved / row('modulo').survivorKeys).toBeGreaterThan(0.6)
    expect(row('modulo').differentAfterReturn).toBe(0)
  })
})
