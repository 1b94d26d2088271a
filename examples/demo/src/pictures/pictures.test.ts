/** The pictures: their data says what the placements promise, and each renders to an SVG document. */
import { ConsistentHashRing } from '@chash/core'
import { describe, expect, it } from 'vitest'
import { svgOf } from './render.js'
import { ringArcs } from './ring.js'
import { simulateViews } from './views.js'
import { PICTURES } from './write.js'

describe('ring arcs', () => {
  it('cover the circle once, each consumer with the share of other keys the ring gives it', () => {
    const arcs = ringArcs(5, 160)
    const ring = new ConsistentHashRing<null>()
    for (let c = 0; c < 5; c++) ring.addConsumer(`node-${c}`, null)
    const owners = ring.getConsumerIdMany(Array.from({ length: 50_000 }, (_, k) => `other-${k}`))
    expect(arcs.reduce((sum, a) => sum + a.size, 0)).toBeCloseTo(1, 9)
    expect(arcs[0].start).toBe(0)
    for (let c = 0; c < 5; c++) {
      const share = arcs.filter((a) => a.consumer === `node-${c}`).reduce((sum, a) => sum + a.size, 0)
      const keys = owners.filter((o) => o === `node-${c}`).length / owners.length
      expect(Math.abs(share - keys)).toBeLessThan(0.01)
    }
    // Neighbouring arcs belong to different consumers (runs are merged).
    for (let a = 2; a < arcs.length; a++) expect(arcs[a].consumer).not.toBe(arcs[a - 1].consumer)
  })
})

describe("Karger's views", () => {
  const result = simulateViews({ caches: 40, items: 2000, views: 16 })
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
  const of = (name: string) => result.find((r) => r.placement === name) as (typeof result)[number]

  it('the ring keeps each item on few caches and each cache light; modulo scatters them', () => {
    expect(mean(of('ring').spread)).toBeLessThan(mean(of('modulo').spread) / 2)
    expect(Math.max(...of('ring').load)).toBeLessThan(Math.max(...of('modulo').load))
    for (const r of result) expect(r.spread).toHaveLength(2000)
  })

  it('MementoHash, which drops the unseen caches from the full list, scatters less than jump hash', () => {
    expect(mean(of('memento').spread)).toBeLessThan(mean(of('jump').spread))
    expect(mean(of('memento').spread)).toBeGreaterThan(mean(of('ring').spread))
  })
})

describe('rendering', () => {
  it('every picture is an SVG document drawn by Vega', async () => {
    for (const picture of PICTURES.filter((p) => p.file !== 'views.svg')) {
      const svg = await svgOf(picture.spec())
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true)
      expect(svg.trimEnd().endsWith('</svg>')).toBe(true)
      expect(svg).toContain('class="marks"')
    }
  }, 60_000)
})
