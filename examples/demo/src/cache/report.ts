/** The cache experiment's figures as tables (terminal or README). */
import { countOf, type Table } from '../table.js'
import type { CacheExperiment } from './scenario.js'

/** One column per run (placement and which server died), one row per figure. */
export function cacheTable(result: CacheExperiment): Table {
  const runs = result.rows
  const n = result.keys
  const figure = (label: string, cell: (r: (typeof runs)[number]) => string) => [label, ...runs.map(cell)]
  return {
    header: ['', ...runs.map((r) => `${r.placement}, ${r.victim} (${r.position}) dies`)],
    rows: [
      figure('keys lost with it', (r) => countOf(r.lost, n)),
      figure("survivors' keys moved", (r) => countOf(r.survivorsMoved, n - r.lost)),
      figure('reads refused while still placed', (r) => String(r.refusedWhileListed)),
      figure('reads found where placement names', (r) => countOf(r.read.hit, n)),
      figure('reads missing / failed', (r) => `${r.read.miss} / ${r.read.error}`),
      figure('refill: written anew', (r) => String(r.refill.written)),
      figure('refill: stale copies (on 2 servers)', (r) => String(r.refill.stale)),
      figure('back empty + re-added: owners as at start', (r) => countOf(r.rejoin.ownersRestored, n)),
      figure('refill: written anew', (r) => String(r.rejoin.written)),
      figure('refill: stale copies (on 2 servers)', (r) => String(r.rejoin.stale)),
    ],
  }
}

/** The ring with 2 replicas. */
export function replicaTable(result: CacheExperiment): Table {
  const r = result.replicas
  return {
    header: [`ring, 2 replicas, ${r.victim} dies`, 'keys'],
    rows: [
      ['reads whose first replica refused', String(r.refused)],
      ['of them served by the second replica', String(r.servedByReplica)],
      ['keys lost (dead server still on the ring)', String(r.lostWhileListed)],
      ['keys lost (dead server removed)', String(r.lostAfterRemoval)],
      ['back empty + re-added: both owners as at start', countOf(r.ownersRestored, r.keys)],
      ['copies written anew to the restarted server', String(r.rewritten)],
    ],
  }
}

/** The one-line heading of a run. */
export function cacheHeading(result: CacheExperiment): string {
  const where = result.simulated
    ? 'SIMULATION on in-process stores (no redis-server here), not real servers'
    : `${result.servers.length} real redis-server processes on 127.0.0.1`
  return `${result.keys} keys on ${result.servers.join(', ')}: ${where}.`
}
