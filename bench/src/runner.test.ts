import { describe, expect, it } from 'vitest'
import type { BenchCase } from './cases.js'
import { median, progressLine, timeCase } from './runner.js'

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(() => median([])).toThrow(RangeError)
  })
})

describe('timeCase', () => {
  const base: Omit<BenchCase, 'keysPerCall' | 'prepare'> = {
    op: 'lookup-many',
    consumers: 10,
    keyLen: 22,
    contender: 'test',
    runsWith: 'test',
    kind: 'ours',
  }

  it('times a function and divides batch figures per key', () => {
    let calls = 0
    const c: BenchCase = { ...base, keysPerCall: 100, prepare: () => () => void calls++ }
    const m = timeCase(c, { maxTime: 0.05, minSamples: 5 })
    expect(calls).toBeGreaterThan(0)
    expect(m.samples).toBeGreaterThanOrEqual(5)
    expect(m.ns).toBeGreaterThan(0)
    // per key: keys per second × seconds per key = 1 (up to rounding)
    expect((m.perSecond * m.ns) / 1e9).toBeCloseTo(1, 6)
    expect(m).toMatchObject({ op: 'lookup-many', contender: 'test', kind: 'ours' })
  })

  it('reports a throwing case as an error', () => {
    const c: BenchCase = {
      ...base,
      keysPerCall: 1,
      prepare: () => () => {
        throw new Error('boom')
      },
    }
    expect(() => timeCase(c, { maxTime: 0.05, minSamples: 5 })).toThrow('boom')
  })

  it('prints a progress line with the figure', () => {
    const c: BenchCase = { ...base, keysPerCall: 1, prepare: () => () => {} }
    const line = progressLine(2, 40, c, {
      ...base,
      ns: 432.5,
      meanNs: 440,
      perSecond: 2.3e6,
      rme: 8.8,
      samples: 8,
    })
    expect(line).toBe(
      '[ 3/40] getConsumerMany, per key · 10 consumers · 22 B keys · test  432.5 ns/key ±8.8% (8 samples)',
    )
  })
})
