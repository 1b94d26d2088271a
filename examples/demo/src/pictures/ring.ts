/**
 * The ring as a circle of arcs, one colour per consumer. The arcs are measured, not recomputed from
 * the placement contract: 20,000 sample keys are sorted by their hash (their place on the circle) and
 * each run of neighbours with the same owner is one arc.
 */
import { ConsistentHashRing, KeyBatch, xxh3 } from '@chash/core'
import type { TopLevelSpec } from 'vega-lite'

const SAMPLES = 20_000
const TWO_64 = 2 ** 64

/** Arcs (start and size as shares of the circle) of a ring of `consumers` with `vnodes` points each. */
export function ringArcs(
  consumers: number,
  vnodes: number,
): Array<{ consumer: string; start: number; size: number }> {
  const ring = new ConsistentHashRing<null>({ vnodes })
  for (let c = 0; c < consumers; c++) ring.addConsumer(`node-${c}`, null)
  const keys = Array.from({ length: SAMPLES }, (_, k) => `sample-${k}`)
  const owners = ring.getConsumerIdMany(KeyBatch.from(keys))
  // The picture only needs each key's angle, so doubles are precise enough here.
  const samples = keys
    .map((key, k) => ({ at: Number(xxh3(key)) / TWO_64, owner: owners[k] as string }))
    .sort((a, b) => a.at - b.at)
  const arcs: Array<{ consumer: string; start: number; size: number }> = []
  for (let i = 0; i < samples.length; i++) {
    const last = arcs[arcs.length - 1]
    if (last !== undefined && last.consumer === samples[i].owner) continue
    arcs.push({ consumer: samples[i].owner, start: samples[i].at, size: 0 })
  }
  // Each arc runs to the next one's start. The last one's owner also holds the keys before the
  // first sample (the wrap-around), drawn as an arc from angle 0.
  for (let a = 0; a < arcs.length; a++)
    arcs[a].size = (a + 1 < arcs.length ? arcs[a + 1].start : 1) - arcs[a].start
  const wrap = arcs[arcs.length - 1].consumer
  return [{ consumer: wrap, start: 0, size: arcs[0].start }, ...arcs]
}

function donut(title: string, consumers: number, vnodes: number) {
  return {
    title,
    data: { values: ringArcs(consumers, vnodes).map((arc, order) => ({ ...arc, order })) },
    mark: { type: 'arc' as const, innerRadius: 70, outerRadius: 120, stroke: 'white', strokeWidth: 0.5 },
    encoding: {
      theta: { field: 'size', type: 'quantitative' as const, stack: true },
      order: { field: 'order', type: 'quantitative' as const },
      color: { field: 'consumer', type: 'nominal' as const, title: 'consumer' },
      tooltip: [{ field: 'consumer' }, { field: 'size', format: '.2%' }],
    },
    width: 250,
    height: 250,
  }
}

export function ringSpec(): TopLevelSpec {
  return {
    title: {
      text: 'The hash ring: which consumer owns each arc',
      subtitle: '5 consumers; keys go clockwise to the next point; more points per consumer, more even arcs',
    },
    hconcat: [donut('8 points per consumer', 5, 8), donut('160 points per consumer (the default)', 5, 160)],
  }
}
