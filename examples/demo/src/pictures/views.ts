/**
 * Karger et al.'s views (Consistent Hashing and Random Trees, 1997): clients that each see only some
 * of the caches. 100 caches, 10,000 items, 32 clients; each sees a cache when the hash of the pair
 * says so (about half of them). The spread of an item is on how many caches it lands across the
 * views; the load of a cache is how many distinct items land on it. Consistent placements keep both
 * low; modulo puts each item almost anywhere. Each client starts from the list of all caches and
 * removes those it does not see, in sorted order: the same as building its placement from what it
 * sees for every placement but MementoHash, whose placement keeps that history.
 */
import { xxh3 } from '@chash/core'
import type { TopLevelSpec } from 'vega-lite'
import { type Member, PLACEMENTS } from '../placements.js'
import { placementColor } from './render.js'

export interface ViewsOptions {
  caches?: number
  items?: number
  views?: number
}

/** Per placement: the spread of every item and the load of every cache. */
export function simulateViews(options: ViewsOptions = {}) {
  const { caches = 100, items = 10_000, views = 32 } = options
  const all: Member[] = Array.from({ length: caches }, (_, c) => ({
    id: `cache-${String(c).padStart(2, '0')}`,
  }))
  // A hash of (view, cache) picks the caches a client sees: deterministic, no random generator.
  const seen = Array.from({ length: views }, (_, v) =>
    all.filter((m) => (xxh3(`view-${v}/${m.id}`) & 1n) === 0n),
  )
  const keys = Array.from({ length: items }, (_, i) => `item-${i}`)
  return PLACEMENTS.map((kind) => {
    const where = keys.map(() => new Set<string>())
    for (const members of seen) {
      const placement = kind.create(all)
      for (const m of all) if (!members.includes(m)) placement.remove(m.id)
      for (let i = 0; i < keys.length; i++) where[i].add(placement.owners(keys[i], 1)[0].id)
    }
    const load = new Map(all.map((m) => [m.id, 0]))
    for (const caches of where) for (const id of caches) load.set(id, (load.get(id) ?? 0) + 1)
    return { placement: kind.name, spread: where.map((s) => s.size), load: [...load.values()] }
  })
}

export function viewsSpec(options: ViewsOptions = {}): TopLevelSpec {
  const { caches = 100, items = 10_000, views = 32 } = options
  const result = simulateViews(options)
  const spread = result.flatMap((r) => {
    const counts = new Map<number, number>()
    for (const s of r.spread) counts.set(s, (counts.get(s) ?? 0) + 1)
    return [...counts].map(([caches, n]) => ({ placement: r.placement, caches, items: n }))
  })
  const load = result.flatMap((r) =>
    [...r.load]
      .sort((a, b) => b - a)
      .map((items, rank) => ({ placement: r.placement, rank: rank + 1, items })),
  )
  const color = placementColor
  return {
    title: {
      text: `Views: ${views} clients, each seeing about half of ${caches} caches, place ${items.toLocaleString('en')} items`,
      subtitle:
        'after Karger et al. 1997: spread = caches an item ends up on across the views; load = distinct items per cache',
    },
    hconcat: [
      {
        title: 'Spread: items by the number of caches they land on',
        data: { values: spread },
        width: 340,
        height: 240,
        mark: { type: 'line', point: true },
        encoding: {
          x: {
            field: 'caches',
            type: 'quantitative',
            title: 'caches holding the item (spread)',
            scale: { type: 'log' },
          },
          y: { field: 'items', type: 'quantitative', title: 'items' },
          color,
        },
      },
      {
        title: 'Load: distinct items per cache, busiest first',
        data: { values: load },
        width: 340,
        height: 240,
        mark: 'line',
        encoding: {
          x: { field: 'rank', type: 'quantitative', title: 'cache (by load)' },
          y: { field: 'items', type: 'quantitative', title: 'distinct items', scale: { type: 'log' } },
          color,
        },
      },
    ],
  }
}
