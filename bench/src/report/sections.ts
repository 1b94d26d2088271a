/**
 * The tables of a run, shared by the terminal and the markdown report: one per operation with
 * every contender at every size, then the targets, then balance and movement.
 */
import type { PlacementBalance } from '../balance.js'
import { BALANCE_KEYS, MOVEMENT_CONSUMERS } from '../balance.js'
import {
  type GroupKey,
  groupLabel,
  groupMeasurements,
  HASHRING,
  HASHRING_CACHED,
  type Measurement,
  OPERATION_INFO,
  OPERATIONS,
} from '../model.js'
import type { TargetResult } from '../targets.js'
import { formatNs, formatPercent, formatRate, formatRatio, formatRme } from './format.js'
import type { Table } from './table.js'

/**
 * The hashring figure a group is compared with: hashring on the same operation and size; for the
 * repeated-key case its cache hits; for batches, its single lookups (it has no batch call).
 */
export function hashringReference(key: GroupKey, all: readonly Measurement[]): Measurement | undefined {
  const find = (op: GroupKey['op'], contender: string) =>
    all.find(
      (m) =>
        m.op === op && m.contender === contender && m.consumers === key.consumers && m.keyLen === key.keyLen,
    )
  switch (key.op) {
    case 'build':
    case 'lookup':
    case 'replicas3':
      return find(key.op, HASHRING)
    case 'lookup-hot':
      return find('lookup-hot', HASHRING_CACHED)
    case 'lookup-many':
    case 'lookup-packed':
      return find('lookup', HASHRING)
    default:
      return undefined
  }
}

/** The legend printed under every performance table. */
export const PERFORMANCE_LEGEND = [
  'vs fastest: time ÷ the fastest time at that size (1.00× = fastest).',
  "vs hashring: hashring's time ÷ this time (above 1× = faster than hashring); for batches, hashring's single cold lookup.",
  'time: the median of the samples (as raw Rust reports); ±: benchmark.js margin of error of the mean at 95 % — raw Rust has none.',
]

/** One table per measured operation. */
export function performanceTables(measurements: readonly Measurement[]): Table[] {
  const groups = groupMeasurements(measurements)
  const tables: Table[] = []
  for (const op of OPERATIONS) {
    const ofOp = groups.filter((g) => g.key.op === op)
    if (ofOp.length === 0) continue
    const info = OPERATION_INFO[op]
    const hasHashring = ofOp.some((g) => hashringReference(g.key, measurements) !== undefined)
    const rows: string[][] = []
    for (const group of ofOp) {
      const fastest = Math.min(...group.rows.map((m) => m.ns))
      const reference = hashringReference(group.key, measurements)
      group.rows.forEach((m, i) => {
        const cells = [
          i === 0 ? groupLabel(group.key) || 'one key' : '',
          m.contender,
          formatNs(m.ns),
          formatRate(m.perSecond),
          formatRme(m.rme),
          formatRatio(m.ns / fastest),
        ]
        if (hasHashring) cells.push(reference === undefined ? '—' : formatRatio(reference.ns / m.ns))
        rows.push(cells)
      })
    }
    const per = info.per === 'key' ? 'key' : 'op'
    tables.push({
      title: `${info.title} — ${info.description}`,
      columns: [
        { header: 'size', align: 'left' },
        { header: 'contender', align: 'left' },
        { header: `time/${per}`, align: 'right' },
        { header: `${per === 'key' ? 'keys' : 'ops'}/s`, align: 'right' },
        { header: '±', align: 'right' },
        { header: 'vs fastest', align: 'right' },
        ...(hasHashring ? [{ header: 'vs hashring', align: 'right' as const }] : []),
      ],
      rows,
    })
  }
  return tables
}

/** The targets with their verdicts. */
export function targetsTable(results: readonly TargetResult[]): Table {
  return {
    title: 'Targets',
    columns: [
      { header: 'target', align: 'left' },
      { header: 'status', align: 'left' },
      { header: 'figures', align: 'left' },
    ],
    rows: results.map((r) => [
      r.text,
      r.status,
      r.status === 'not available' ? r.summary.replace(/^not available: /, '') : r.summary,
    ]),
  }
}

/** Balance and movement of every placement. */
export function balanceTable(balance: readonly PlacementBalance[]): Table {
  const sizes = balance[0]?.loads.map((l) => l.consumers) ?? []
  return {
    title: `Balance over ${BALANCE_KEYS.toLocaleString('en-US')} keys, and movement when node-${MOVEMENT_CONSUMERS - 1} of ${MOVEMENT_CONSUMERS} leaves`,
    columns: [
      { header: 'placement', align: 'left' },
      ...sizes.flatMap((n) => [
        { header: `max/mean (${n})`, align: 'right' as const },
        { header: `stdev/mean (${n})`, align: 'right' as const },
      ]),
      { header: 'keys moved', align: 'right' },
      { header: 'of them on the leaver', align: 'right' },
      { header: "survivors' keys moved", align: 'right' },
    ],
    rows: balance.map((b) => [
      b.note === undefined ? b.placement : `${b.placement} (${b.note})`,
      ...b.loads.flatMap((l) => [formatRatio(l.maxOverMean), formatPercent(l.stdevOverMean)]),
      formatPercent(b.movement.moved),
      formatPercent(b.movement.lost),
      formatPercent(b.movement.survivorsMoved),
    ]),
    notes: [
      `max/mean: the busiest consumer's keys over the mean (1.00× is perfect); stdev/mean: standard deviation of the load over the mean, with (N) consumers.`,
      `keys moved: all keys whose owner changed; ideally only those on the leaver (about 1/${MOVEMENT_CONSUMERS}), so survivors' keys moved is ideally 0 %.`,
    ],
  }
}
