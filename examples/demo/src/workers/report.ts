/** The workers experiment's figures as a table. */
import { countOf, type Table } from '../table.js'
import type { WorkersExperiment } from './run.js'

export function workersTable(result: WorkersExperiment): Table {
  const rows = result.rows
  const figure = (label: string, cell: (r: (typeof rows)[number]) => string) => [label, ...rows.map(cell)]
  return {
    header: ['', ...rows.map((r) => `${r.placement}, ${r.victim} (${r.position}) killed`)],
    rows: [
      figure('job runs (INCR)', (r) => String(r.runs)),
      figure('jobs lost', (r) => String(r.lost)),
      figure('jobs run twice', (r) => String(r.runTwice)),
      figure(
        '… of them in flight at the killed worker',
        (r) => `${r.runTwiceInFlight} of ${r.inFlightAtDeath}`,
      ),
      figure("survivors' jobs moved", (r) => countOf(r.survivorsMoved, r.jobs)),
      figure('time', (r) => `${(r.ms / 1000).toFixed(1)} s`),
    ],
  }
}

export function workersHeading(result: WorkersExperiment): string {
  return `${result.jobs} jobs announced on a Redis stream to ${result.workers} forked workers; one worker is killed (SIGKILL) halfway; each worker places jobs with the sorted list of live heartbeats (MementoHash: built once from it, then each change replayed in sorted order).`
}
