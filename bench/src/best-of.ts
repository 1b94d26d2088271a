/**
 * The timing of the quick self-contained checks (ketama-speed, memento-speed): each contender runs
 * a whole round over its keys in one call (its own function literal, so its call sites stay
 * monomorphic), rounds of the contenders are interleaved so that a burst of load hits them alike,
 * and the best round counts (the least disturbed on a shared machine).
 */
import { spawnSync } from 'node:child_process'
import { cpus, loadavg } from 'node:os'
import { availableBackends, type BackendName } from '@chash/core'

/** One contender of a check: `run` does one round (`units` operations) over round `r`'s input. */
export interface RoundRunner {
  name: string
  run(round: number): void
  /** Operations per round, to give ns per operation. */
  units: number
}

/** Best ns per operation of each runner over `rounds` interleaved rounds, by name. */
export function bestOf(runners: readonly RoundRunner[], rounds: number): Map<string, number> {
  const best = new Map<string, number>(runners.map((r) => [r.name, Number.POSITIVE_INFINITY]))
  for (let round = 0; round < rounds; round++) {
    for (const runner of runners) {
      const start = process.hrtime.bigint()
      runner.run(round)
      const ns = Number(process.hrtime.bigint() - start) / runner.units
      best.set(runner.name, Math.min(best.get(runner.name) as number, ns))
    }
  }
  return best
}

/** The load averages (1, 5, 15 min) and cores, for the figures' caption. */
export function loadLine(): string {
  return `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')} on ${cpus().length} cores`
}

/**
 * The check's entry point: with a backend argument, prints `measure(backend)`'s rows; without,
 * prints `header` and runs `script` (this file) again for each available backend in a Node
 * process of its own (as users run one backend, and so that no backend's JIT feedback reaches
 * another's), then the load after.
 */
export function runPerBackend(
  script: string,
  header: string[],
  measure: (backend: BackendName) => string[],
): void {
  const backend = process.argv[2] as BackendName | undefined
  if (backend !== undefined) {
    for (const line of measure(backend)) console.log(line)
    return
  }
  console.log(`${header[0]}; ${loadLine()}`)
  for (const line of header.slice(1)) console.log(line)
  for (const name of availableBackends()) {
    const child = spawnSync(process.execPath, ['--expose-gc', script, name], {
      stdio: ['ignore', 'inherit', 'inherit'],
    })
    if (child.status !== 0) throw new Error(`the ${name} measurement failed (exit ${child.status})`)
  }
  console.log(`(after: ${loadLine()})`)
}
