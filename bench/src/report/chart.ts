/**
 * The chart of a run, as a Vega-Lite spec: one panel per operation (time per op or per key, grouped
 * bars per size), then balance and movement. svg.ts renders it.
 */
import type { TopLevelSpec } from 'vega-lite'
import type { PlacementBalance } from '../balance.js'
import { groupLabel, groupMeasurements, type Measurement, OPERATION_INFO, OPERATIONS } from '../model.js'
import { formatNs, formatPercent, formatRatio } from './format.js'
import { renderSvg } from './svg.js'

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

/** One bar: a series (contender) in a group (size), its value and that value formatted. */
export interface Bar {
  group: string
  series: string
  value: number
  label: string
}

/** One chart panel: grouped bars on a linear or log axis. */
export interface Panel {
  title: string
  /** The y axis title, e.g. `time per op`. */
  axisLabel: string
  bars: Bar[]
  /** Series in legend order, with their colours. */
  series: Array<{ name: string; color: string }>
  scale: 'log' | 'linear'
  /** How the axis labels its ticks. */
  unit: 'ns' | 'ratio' | 'percent'
  /** Where a linear axis starts (default 0), e.g. 1 for max/mean ratios. */
  linearFrom?: number
}

/** Above this max/min ratio, time panels use a log scale so small bars stay visible. */
export const LOG_SCALE_SPAN = 20

/** Whether values spanning this range need a log scale. */
export function needsLogScale(values: readonly number[]): boolean {
  const positive = values.filter((v) => v > 0)
  return positive.length > 0 && Math.max(...positive) / Math.min(...positive) > LOG_SCALE_SPAN
}

/** Powers of ten from below the smallest to above the largest value: the log axis's domain and ticks. */
export function logTicks(min: number, max: number): number[] {
  if (!(min > 0) || !(max > 0)) throw new RangeError('log ticks need positive values')
  const lo = Math.floor(Math.log10(min))
  let hi = Math.ceil(Math.log10(max))
  if (hi === lo) hi++
  const ticks: number[] = []
  for (let e = lo; e <= hi; e++) ticks.push(10 ** e)
  return ticks
}

// Vega expressions for the tick labels, the same units as format.ts.
const TICK_LABELS: Record<Panel['unit'], string> = {
  ns: "datum.value >= 1e9 ? format(datum.value / 1e9, '~g') + ' s' : datum.value >= 1e6 ? format(datum.value / 1e6, '~g') + ' ms' : datum.value >= 1e3 ? format(datum.value / 1e3, '~g') + ' µs' : format(datum.value, '~g') + ' ns'",
  ratio: "format(datum.value, '~g') + '×'",
  percent: "format(datum.value, '~%')",
}

/** One panel per measured operation; bars are contenders, groups are sizes. */
export function performancePanels(measurements: readonly Measurement[]): Panel[] {
  const panels: Panel[] = []
  const groups = groupMeasurements(measurements)
  for (const op of OPERATIONS) {
    const ofOp = groups.filter((g) => g.key.op === op)
    if (ofOp.length === 0) continue
    const names: string[] = []
    for (const g of ofOp) for (const m of g.rows) if (!names.includes(m.contender)) names.push(m.contender)
    const bars = ofOp.flatMap((g) =>
      g.rows.map((m) => ({
        group: groupLabel(g.key) || 'one key',
        series: m.contender,
        value: m.ns,
        label: formatNs(m.ns),
      })),
    )
    const info = OPERATION_INFO[op]
    panels.push({
      title: info.title,
      axisLabel: `time per ${info.per === 'key' ? 'key' : 'op'}`,
      bars,
      series: names.map((name, i) => ({ name, color: colorOf(name, i) })),
      scale: needsLogScale(bars.map((b) => b.value)) ? 'log' : 'linear',
      unit: 'ns',
    })
  }
  return panels
}

/** Two panels: max/mean load per placement (10 and 100 consumers), and keys moved when one of 10 leaves. */
export function balancePanels(balance: readonly PlacementBalance[]): Panel[] {
  if (balance.length === 0) return []
  const series = balance.map((b, i) => ({ name: b.placement, color: colorOf(b.placement, i) }))
  const leaving = balance[0].movement.consumersBefore
  return [
    {
      title: 'Balance: busiest consumer ÷ mean load (lower is better)',
      axisLabel: 'max / mean',
      bars: balance.flatMap((b) =>
        b.loads.map((l) => ({
          group: `${l.consumers} consumers`,
          series: b.placement,
          value: l.maxOverMean,
          label: formatRatio(l.maxOverMean),
        })),
      ),
      series,
      scale: 'linear',
      unit: 'ratio',
      linearFrom: 1,
    },
    {
      title: `Movement: keys that change owner when node-${leaving - 1} of ${leaving} leaves`,
      axisLabel: 'share of keys',
      bars: balance.flatMap((b) => [
        {
          group: 'all keys moved',
          series: b.placement,
          value: b.movement.moved,
          label: formatPercent(b.movement.moved),
        },
        {
          group: "survivors' keys moved (ideal 0)",
          series: b.placement,
          value: b.movement.survivorsMoved,
          label: formatPercent(b.movement.survivorsMoved),
        },
      ]),
      series,
      scale: 'linear',
      unit: 'percent',
    },
  ]
}

/** The Vega-Lite spec of one panel. */
function panelSpec(panel: Panel) {
  const groups = [...new Set(panel.bars.map((b) => b.group))]
  const used = panel.series.filter((s) => panel.bars.some((b) => b.series === s.name))
  const values = panel.bars.map((b) => b.value).filter((v) => v > 0)
  const ticks = panel.scale === 'log' ? logTicks(Math.min(...values), Math.max(...values)) : undefined
  const y =
    ticks !== undefined
      ? { type: 'log' as const, domain: [ticks[0], ticks[ticks.length - 1]] }
      : { type: 'linear' as const, zero: panel.linearFrom === undefined, domainMin: panel.linearFrom }
  return {
    title: { text: panel.title, subtitle: panel.scale === 'log' ? '(log scale)' : '' },
    data: { values: panel.bars },
    width: 900,
    height: 220,
    mark: { type: 'bar' as const, tooltip: true, clip: true },
    encoding: {
      x: {
        field: 'group',
        type: 'nominal' as const,
        sort: groups,
        title: null,
        // Group labels such as `100 consumers · 100,000 keys` on one line per part.
        axis: { labelAngle: 0, labelExpr: "split(datum.label, ' · ')" },
      },
      xOffset: { field: 'series', type: 'nominal' as const, sort: used.map((s) => s.name) },
      y: {
        field: 'value',
        type: 'quantitative' as const,
        title: panel.axisLabel,
        scale: y,
        // Side by side (xOffset), never stacked: a stacked log axis has no meaning.
        stack: null,
        axis: { labelExpr: TICK_LABELS[panel.unit], values: ticks },
      },
      color: {
        field: 'series',
        type: 'nominal' as const,
        title: null,
        scale: { domain: used.map((s) => s.name), range: used.map((s) => s.color) },
        legend: { orient: 'top' as const, columns: 4, labelLimit: 260 },
      },
      tooltip: [
        { field: 'series', title: 'contender' },
        { field: 'group', title: 'size' },
        { field: 'label', title: 'value' },
      ],
    },
    resolve: { scale: { color: 'independent' as const } },
  }
}

/** The Vega-Lite spec of a run: every panel stacked vertically. */
export function chartSpec(
  measurements: readonly Measurement[],
  balance: readonly PlacementBalance[],
  subtitle: string,
): TopLevelSpec {
  return {
    title: {
      text: 'chash benchmarks: time per operation (lower is better)',
      subtitle,
      anchor: 'start',
      fontSize: 16,
    },
    config: { font: 'DejaVu Sans, Liberation Sans, Arial, sans-serif', view: { stroke: null } },
    vconcat: [...performancePanels(measurements), ...balancePanels(balance)].map(panelSpec),
    resolve: { scale: { color: 'independent', y: 'independent' } },
  }
}

/** The SVG document of a run. */
export function chartSvg(
  measurements: readonly Measurement[],
  balance: readonly PlacementBalance[],
  subtitle: string,
): Promise<string> {
  return renderSvg(chartSpec(measurements, balance, subtitle))
}
