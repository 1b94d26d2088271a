import { describe, expect, it } from 'vitest'
import type { PlacementBalance } from '../balance.js'
import { measurement } from '../test/measurement.js'
import { balancePanels, chartSvg, logTicks, needsLogScale, performancePanels } from './chart.js'

const measurements = [
  measurement('chash native', 'lookup', 88, 10),
  measurement('hashring', 'lookup', 3050, 10),
  measurement('chash native', 'lookup', 95, 100),
  measurement('chash js', 'build', 2_570_000, 100, null),
  measurement('chash wasm', 'build', 11_000_000, 100, null),
]
const balance: PlacementBalance[] = ['chash ring', 'modulo'].map((placement, i) => ({
  placement,
  loads: [{ consumers: 10, keys: 1e5, maxOverMean: 1.08 + i, minOverMean: 0.9, stdevOverMean: 0.03 }],
  movement: {
    consumersBefore: 10,
    removed: 'node-9',
    moved: 0.1 + 0.8 * i,
    lost: 0.1,
    survivorsMoved: 0.89 * i,
  },
}))

describe('scales', () => {
  it('log ticks are the powers of ten around the values', () => {
    expect(logTicks(3, 4500)).toEqual([1, 10, 100, 1000, 10000])
    expect(logTicks(20, 30)).toEqual([10, 100])
    expect(() => logTicks(0, 1)).toThrow(RangeError)
  })

  it('a log scale only when values span more than 20×', () => {
    expect(needsLogScale([10, 5000])).toBe(true)
    expect(needsLogScale([10, 150])).toBe(false)
    expect(needsLogScale([])).toBe(false)
  })
})

describe('panels', () => {
  it('one panel per operation, a bar per measurement with its formatted figure', () => {
    const panels = performancePanels(measurements)
    expect(panels.map((p) => p.title)).toEqual(['build a ring', 'getConsumer, cold keys'])
    const lookup = panels[1]
    expect(lookup.scale).toBe('log')
    expect(lookup.bars).toContainEqual({
      group: '10 consumers · 22 B keys',
      series: 'hashring',
      value: 3050,
      label: '3.05 µs',
    })
    expect(lookup.series.map((s) => s.name)).toEqual(['chash native', 'hashring'])
    expect(panels[0].scale).toBe('linear')
  })

  it('balance and movement panels per placement', () => {
    const [load, movement] = balancePanels(balance)
    expect(load.linearFrom).toBe(1)
    expect(load.bars.map((b) => b.label)).toEqual(['1.08×', '2.08×'])
    expect(movement.title).toContain('node-9 of 10')
    expect(movement.bars.find((b) => b.series === 'modulo' && b.group.startsWith('survivors'))?.label).toBe(
      '89.0%',
    )
  })
})

describe('chartSvg', () => {
  it('draws one bar per figure with Vega, titles escaped, groups labelled', async () => {
    const svg = await chartSvg(measurements, balance, 'sub <1> & co')
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true)
    expect(svg.match(/aria-roledescription="bar"/g)).toHaveLength(measurements.length + 2 + 4)
    expect(svg).toContain('sub &lt;1&gt; &amp; co')
    expect(svg).toContain('value: 3.05 µs')
    // Log axes tick at powers of ten, labelled in the figure's unit.
    expect(svg).toContain('>1 µs</text>')
    expect(svg).toContain('(log scale)')
  })
})
