/** Load per consumer: how many of 100,000 keys each of 10 consumers gets, for every placement. */
import type { TopLevelSpec } from 'vega-lite'
import { PLACEMENTS } from '../placements.js'
import { PLACEMENT_ORDER, placementColor } from './render.js'

export function loadSpec(keyCount = 100_000, consumers = 10): TopLevelSpec {
  const members = Array.from({ length: consumers }, (_, c) => ({ id: `node-${c}` }))
  const values: Array<{ placement: string; consumer: string; keys: number }> = []
  for (const kind of PLACEMENTS) {
    const placement = kind.create(members)
    const load = new Map(members.map((m) => [m.id, 0]))
    for (let k = 0; k < keyCount; k++) {
      const owner = placement.owners(`key-${k}`, 1)[0].id
      load.set(owner, (load.get(owner) ?? 0) + 1)
    }
    for (const [consumer, n] of load) values.push({ placement: kind.name, consumer, keys: n })
  }
  return {
    title: {
      text: `Load per consumer: ${keyCount.toLocaleString('en')} keys on ${consumers} consumers`,
      subtitle: `the line is the even share, ${(keyCount / consumers).toLocaleString('en')} keys`,
    },
    data: { values },
    facet: { column: { field: 'placement', type: 'nominal', title: null, sort: PLACEMENT_ORDER } },
    spec: {
      width: 230,
      height: 220,
      layer: [
        {
          mark: 'bar',
          encoding: {
            x: { field: 'consumer', type: 'nominal', sort: members.map((m) => m.id), title: null },
            y: { field: 'keys', type: 'quantitative', title: 'keys', scale: { zero: true } },
            color: { ...placementColor, legend: null },
            tooltip: [{ field: 'consumer' }, { field: 'keys' }],
          },
        },
        {
          mark: { type: 'rule', strokeDash: [4, 3], color: '#333' },
          encoding: { y: { datum: keyCount / consumers } },
        },
      ],
    },
  }
}
