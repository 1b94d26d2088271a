/**
 * Which keys move when a consumer leaves and when it returns: for every placement, where the keys of
 * each consumer go when node-2 (the middle of 5) leaves, and how many differ from the start once it is
 * back.
 */
import type { TopLevelSpec } from 'vega-lite'
import { memberAt, ownersAcrossLeave, PLACEMENTS } from '../placements.js'
import { PLACEMENT_ORDER, placementColor } from './render.js'

export function movementSpec(keyCount = 10_000, consumers = 5): TopLevelSpec {
  const members = Array.from({ length: consumers }, (_, c) => ({ id: `node-${c}` }))
  const leaving = memberAt(members, 'middle')
  const keys = Array.from({ length: keyCount }, (_, k) => `key-${k}`)
  const flows: Array<{ placement: string; from: string; to: string; keys: number }> = []
  const returns: Array<{ placement: string; keys: number; what: string }> = []
  for (const kind of PLACEMENTS) {
    const placement = kind.create(members)
    const { before, during, after } = ownersAcrossLeave(placement, leaving, keys)
    const count = new Map<string, number>()
    for (let k = 0; k < keyCount; k++) {
      const flow = `${before[k]}→${during[k]}`
      count.set(flow, (count.get(flow) ?? 0) + 1)
    }
    for (const [flow, n] of count) {
      const [from, to] = flow.split('→')
      flows.push({ placement: kind.name, from, to, keys: n })
    }
    const differ = after.filter((o, k) => o !== before[k]).length
    returns.push({ placement: kind.name, keys: differ, what: 'owner differs from the start' })
  }
  return {
    title: {
      text: `Which keys move when ${leaving.id} of ${consumers} leaves`,
      subtitle: `${keyCount.toLocaleString('en')} keys; each cell counts the keys going from their owner before to their owner after`,
    },
    vconcat: [
      {
        data: { values: flows },
        facet: { column: { field: 'placement', type: 'nominal', title: null, sort: PLACEMENT_ORDER } },
        spec: {
          width: 200,
          height: 200,
          encoding: {
            x: { field: 'to', type: 'nominal', title: 'owner after', sort: members.map((m) => m.id) },
            y: { field: 'from', type: 'nominal', title: 'owner before', sort: members.map((m) => m.id) },
          },
          layer: [
            {
              mark: 'rect',
              encoding: {
                color: { field: 'keys', type: 'quantitative', scale: { scheme: 'oranges' }, title: 'keys' },
              },
            },
            {
              mark: { type: 'text', fontSize: 10 },
              encoding: { text: { field: 'keys', type: 'quantitative' } },
            },
          ],
        },
      },
      {
        title: `When ${leaving.id} returns: keys whose owner differs from the start`,
        data: { values: returns },
        width: 300,
        height: 80,
        encoding: {
          y: { field: 'placement', type: 'nominal', sort: PLACEMENT_ORDER, title: null },
          x: { field: 'keys', type: 'quantitative', scale: { domain: [0, keyCount] } },
        },
        layer: [
          { mark: 'bar', encoding: { color: { ...placementColor, legend: null } } },
          {
            mark: { type: 'text', align: 'left', dx: 4 },
            encoding: { text: { field: 'keys', type: 'quantitative', format: ',' } },
          },
        ],
      },
    ],
  }
}
