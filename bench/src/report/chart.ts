/** The chart of a run: one panel per operation (time per op or per key), then balance and movement. */
import type { PlacementBalance } from '../balance.js'
import { groupLabel, groupMeasurements, type Measurement, OPERATION_INFO, OPERATIONS } from '../model.js'
import { formatNs, formatNsShort, formatPercent, formatRatio, trimZeros } from './format.js'
import { type Panel, renderChart, type Series } from './svg.js'

// Fixed colours, so a contender looks the same in every panel and every run.
const COLORS: Record<string, string> = {
  'chash native': '#d95f02',
  'chash wasm': '#7570b3',
  'chash js': '#e6ab02',
  'raw Rust': '#a6361c',
  hashring: '#666666',
  'hashring (LRU cache hit)': '#aaaaaa',
  'consistent-hash': '#1b9e77',
  '@subspace/jump-consistent-hash': '#66a61e',
  'xxhash-wasm': '#e7298a',
  '@node-rs/xxhash': '#1f78b4',
  'jump hash': '#66a61e',
  modulo: '#e7298a',
  'chash ring': '#d95f02',
}
const FALLBACK = ['#8c564b', '#17becf', '#bcbd22', '#9467bd']

/** The colour of a contender or placement. */
export function colorOf(name: string, index = 0): string {
  return COLORS[name] ?? FALLBACK[index % FALLBACK.length]
}

/** One panel per measured operation; bars are contenders, groups are sizes. */
export function performancePanels(measurements: readonly Measurement[]): Panel[] {
  const groups = groupMeasurements(measurements)
  const panels: Panel[] = []
  for (const op of OPERATIONS) {
    const ofOp = groups.filter((g) => g.key.op === op)
    if (ofOp.length === 0) continue
    const names: string[] = []
    for (const g of ofOp) for (const m of g.rows) if (!names.includes(m.contender)) names.push(m.contender)
    const series: Series[] = names.map((name, i) => ({ name, color: colorOf(name, i) }))
    const info = OPERATION_INFO[op]
    panels.push({
      title: info.title,
      axisLabel: `time per ${info.per === 'key' ? 'key' : 'op'}`,
      series,
      groups: ofOp.map((g) => ({
        label: groupLabel(g.key) || 'one key',
        values: names.map((name) => g.rows.find((m) => m.contender === name)?.ns),
      })),
      format: formatNs,
      tickFormat: (v) => trimZeros(formatNsShort(v)),
    })
  }
  return panels
}

/** Two panels: max/mean load per placement (10 and 100 consumers), and keys moved when one of 10 leaves. */
export function balancePanels(balance: readonly PlacementBalance[]): Panel[] {
  if (balance.length === 0) return []
  const series: Series[] = balance.map((b, i) => ({ name: b.placement, color: colorOf(b.placement, i) }))
  const sizes = balance[0].loads.map((l) => l.consumers)
  return [
    {
      title: 'Balance: busiest consumer ÷ mean load (lower is better)',
      axisLabel: 'max / mean',
      series,
      groups: sizes.map((size, s) => ({
        label: `${size} consumers`,
        values: balance.map((b) => b.loads[s]?.maxOverMean),
      })),
      scale: 'linear',
      linearFrom: 1,
      format: formatRatio,
      tickFormat: (v) => trimZeros(formatRatio(v)),
    },
    {
      title: `Movement: keys that change owner when node-${balance[0].movement.consumersBefore - 1} of ${balance[0].movement.consumersBefore} leaves`,
      axisLabel: 'share of keys',
      series,
      groups: [
        { label: 'all keys moved', values: balance.map((b) => b.movement.moved) },
        { label: "survivors' keys moved (ideal 0)", values: balance.map((b) => b.movement.survivorsMoved) },
      ],
      scale: 'linear',
      format: formatPercent,
      tickFormat: (v) => trimZeros(formatPercent(v)),
    },
  ]
}

/** The SVG document of a run. */
export function chartSvg(
  measurements: readonly Measurement[],
  balance: readonly PlacementBalance[],
  subtitle: string,
): string {
  return renderChart(
    [...performancePanels(measurements), ...balancePanels(balance)],
    'chash benchmarks: time per operation (lower is better)',
    subtitle,
  )
}
