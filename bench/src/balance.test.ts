import { describe, expect, it } from 'vitest'
import { loadStats, measureBalance, movementStats } from './balance.js'

describe('loadStats', () => {
  it('is perfect for an even spread', () => {
    const s = loadStats([0, 1, 2, 0, 1, 2], 3)
    expect(s).toMatchObject({ consumers: 3, keys: 6, maxOverMean: 1, minOverMean: 1, stdevOverMean: 0 })
  })

  it('measures a skewed spread', () => {
    // counts 3, 1, 0 → mean 4/3
    const s = loadStats([0, 0, 0, 1], 3)
    expect(s.maxOverMean).toBeCloseTo(3 / (4 / 3))
    expect(s.minOverMean).toBe(0)
    const mean = 4 / 3
    const sd = Math.sqrt(((3 - mean) ** 2 + (1 - mean) ** 2 + mean ** 2) / 3)
    expect(s.stdevOverMean).toBeCloseTo(sd / mean)
  })
})

describe('movementStats', () => {
  it('separates keys lost with the leaver from survivors that moved', () => {
    const before = [0, 1, 2, 2, 1, 0, 2, 1]
    const after = [0, 1, 0, 1, 0, 0, 1, 1] // node-2's three keys move, and one of node-1's
    const m = movementStats(before, after, 2, 3)
    expect(m.removed).toBe('node-2')
    expect(m.moved).toBe(4 / 8)
    expect(m.lost).toBe(3 / 8)
    expect(m.survivorsMoved).toBe(1 / 5)
  })
})

describe('measureBalance', () => {
  const balance = measureBalance('js')
  const of = (name: string) => balance.find((b) => b.placement === name)

  it('covers every placement at 10 and 100 consumers', () => {
    expect(balance.map((b) => b.placement)).toEqual([
      'chash ring',
      'hashring',
      'consistent-hash',
      'jump hash',
      'modulo',
    ])
    for (const b of balance) expect(b.loads.map((l) => l.consumers)).toEqual([10, 100])
  })

  it('moves only the leaver’s keys with consistent placements, most keys with modulo', () => {
    for (const name of ['chash ring', 'hashring', 'consistent-hash', 'jump hash']) {
      expect(of(name)?.movement.survivorsMoved, name).toBe(0)
    }
    expect(of('modulo')?.movement.survivorsMoved).toBeGreaterThan(0.5)
  })

  it('matches the balance the README states for our ring', () => {
    const ring = of('chash ring')
    expect(ring?.loads[0].maxOverMean).toBeLessThan(1.2)
    expect(ring?.loads[1].maxOverMean).toBeLessThan(1.3)
  })
})
