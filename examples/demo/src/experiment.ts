/**
 * The cache experiment computed in memory: place keys on consumers, remove one, add it back, and
 * count what moved under each placement. Runs in Node and in browsers (it only needs @chash/core);
 * the browser test compares its figures across backends. The demo runs it for real over Redis
 * (cache/scenario.ts).
 */
import type { BackendChoice } from '@chash/core'
import { type Member, ownersAcrossLeave, PLACEMENTS, type PlacementKind } from './placements.js'

/** What the experiment places. */
export interface ExperimentOptions {
  keys?: number
  consumers?: number
  backend?: BackendChoice
}

/** One placement's result. */
export interface ExperimentRow {
  placement: PlacementKind['name']
  keys: number
  /** Keys that the removed consumer held (they must move somewhere). */
  lost: number
  /** Keys of the surviving consumers that changed owner when one consumer left (ideally 0). */
  survivorsMoved: number
  survivorKeys: number
  /** Keys whose owner differs from the start once the consumer is back (ideally 0). */
  differentAfterReturn: number
}

function run(kind: PlacementKind, keys: string[], ids: string[], backend: BackendChoice): ExperimentRow {
  // The placement keeps its state: remove and re-add rather than rebuild, as a live service would.
  // The last member leaves, the one every placement (jump hash too) can lose cleanly.
  const members: Member[] = ids.map((id) => ({ id }))
  const placement = kind.create(members, backend)
  const removed = members[members.length - 1]
  const { before, during, after } = ownersAcrossLeave(placement, removed, keys)
  let lost = 0
  let survivorsMoved = 0
  let differentAfterReturn = 0
  for (let k = 0; k < keys.length; k++) {
    if (before[k] === removed.id) lost++
    else if (during[k] !== before[k]) survivorsMoved++
    if (after[k] !== before[k]) differentAfterReturn++
  }
  return {
    placement: kind.name,
    keys: keys.length,
    lost,
    survivorsMoved,
    survivorKeys: keys.length - lost,
    differentAfterReturn,
  }
}

/** Runs the experiment for every placement of {@link PLACEMENTS}. */
export function runCacheExperiment(options: ExperimentOptions = {}): ExperimentRow[] {
  const keys = Array.from({ length: options.keys ?? 5000 }, (_, k) => `key-${k}`)
  const ids = Array.from({ length: options.consumers ?? 5 }, (_, k) => `node-${k}`)
  return PLACEMENTS.map((kind) => run(kind, keys, ids, options.backend ?? 'auto'))
}
