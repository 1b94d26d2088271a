/**
 * The distributed-cache experiment of the seeds: place keys on consumers, remove one, add it
 * back, and count what moved under modulo placement, the hash ring and jump hash. Runs in Node and
 * in browsers (it only needs @chash/core).
 */
import { type BackendChoice, ConsistentHashRing, jumpHash, xxh3 } from '@chash/core'

/** What the experiment places. */
export interface ExperimentOptions {
  keys?: number
  consumers?: number
  backend?: BackendChoice
}

/** One placement's result. */
export interface ExperimentRow {
  placement: 'modulo' | 'ring' | 'jump'
  keys: number
  /** Keys that the removed consumer held (they must move somewhere). */
  lost: number
  /** Keys of the surviving consumers that changed owner when one consumer left (ideally 0). */
  survivorsMoved: number
  survivorKeys: number
  /** Keys whose owner differs from the start once the consumer is back (ideally 0). */
  differentAfterReturn: number
}

type Placement = (key: string, members: readonly string[]) => string

function run(
  placement: ExperimentRow['placement'],
  place: Placement,
  keys: string[],
  members: string[],
): ExperimentRow {
  // Jump hash can only shrink from the end, so every placement loses the last consumer.
  const removed = members[members.length - 1]
  const survivors = members.slice(0, -1)
  const before = keys.map((key) => place(key, members))
  const during = keys.map((key) => place(key, survivors))
  const after = keys.map((key) => place(key, members))
  let lost = 0
  let survivorsMoved = 0
  let differentAfterReturn = 0
  for (let k = 0; k < keys.length; k++) {
    if (before[k] === removed) lost++
    else if (during[k] !== before[k]) survivorsMoved++
    if (after[k] !== before[k]) differentAfterReturn++
  }
  return {
    placement,
    keys: keys.length,
    lost,
    survivorsMoved,
    survivorKeys: keys.length - lost,
    differentAfterReturn,
  }
}

/** Runs the experiment for modulo placement, the ring and jump hash. */
export function runCacheExperiment(options: ExperimentOptions = {}): ExperimentRow[] {
  const keyCount = options.keys ?? 5000
  const consumerCount = options.consumers ?? 5
  const keys = Array.from({ length: keyCount }, (_, k) => `key-${k}`)
  const members = Array.from({ length: consumerCount }, (_, k) => `node-${k}`)
  const backend = options.backend ?? 'auto'

  const modulo: Placement = (key, list) => list[Number(xxh3(key) % BigInt(list.length))]
  const jump: Placement = (key, list) => list[jumpHash(key, list.length, { backend })]
  // The ring keeps its state: remove and re-add rather than rebuild, as a live service would.
  const ring = new ConsistentHashRing<string>({ backend })
  for (const id of members) ring.addConsumer(id, id)
  let ringMembers = members.length
  const onRing: Placement = (key, list) => {
    if (list.length !== ringMembers) {
      const last = members[members.length - 1]
      if (list.length < ringMembers) ring.removeConsumer(last)
      else ring.addConsumer(last, last)
      ringMembers = list.length
    }
    return ring.getConsumer(key) as string
  }
  return [
    run('modulo', modulo, keys, members),
    run('ring', onRing, keys, members),
    run('jump', jump, keys, members),
  ]
}

function percent(part: number, whole: number): string {
  return `${((100 * part) / Math.max(whole, 1)).toFixed(1)}%`
}

/** The rows as an aligned text table. */
export function formatExperiment(rows: ExperimentRow[], removed: string): string {
  const header = [
    'placement',
    `keys lost with ${removed}`,
    "survivors' keys moved",
    `changed after ${removed} returns`,
  ]
  const body = rows.map((r) => [
    r.placement,
    `${r.lost} of ${r.keys} (${percent(r.lost, r.keys)})`,
    `${r.survivorsMoved} of ${r.survivorKeys} (${percent(r.survivorsMoved, r.survivorKeys)})`,
    `${r.differentAfterReturn} (${percent(r.differentAfterReturn, r.keys)})`,
  ])
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((row) => row[c].length)))
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => cell.padEnd(widths[c]))
      .join(' | ')
      .trimEnd()
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...body.map(line)].join('\n')
}
