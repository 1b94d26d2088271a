/**
 * The workers experiment for real: one redis-server and 4 forked workers per run, one killed with
 * SIGKILL halfway. Needs redis-server (in CI it must be there).
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { isCI } from '../../../../scripts/ci.mjs'
import { haveRedisServer } from '../redis/servers.js'
import { runWorkersExperiment, type WorkersExperiment, type WorkersRow } from './run.js'

const needed = haveRedisServer() || isCI()

describe.skipIf(!needed)('jobs split among worker processes without a coordinator', () => {
  let result: WorkersExperiment
  beforeAll(async () => {
    result = await runWorkersExperiment({ timeoutMs: 60_000 })
  }, 200_000)

  const row = (placement: string, position: string): WorkersRow => {
    const found = result.rows.find((r) => r.placement === placement && r.position === position)
    if (found === undefined) throw new Error(`no ${placement} run killing the ${position} worker`)
    return found
  }

  it('loses no job and runs every job at least once', () => {
    for (const r of result.rows) {
      expect(r.jobs).toBe(10_000)
      expect(r.lost).toBe(0)
      expect(r.neverRun).toBe(0)
      expect(r.runs).toBeGreaterThanOrEqual(r.jobs)
    }
  })

  it('ring, jump losing the last worker, Memento losing a middle one: only in-flight jobs ran twice', () => {
    for (const r of [row('ring', 'middle'), row('jump', 'last'), row('memento', 'middle')]) {
      expect(r.survivorsMoved).toBe(0)
      // Every job it had started and not finished ran again on its new owner; nothing else did.
      expect(r.runTwice).toBe(r.runTwiceInFlight)
      expect(r.runTwice).toBe(r.inFlightAtDeath)
    }
  })

  it('jump losing a middle worker moves the survivors’ jobs; Memento losing the same one moves none', () => {
    expect(row('jump', 'middle').victim).toBe(row('memento', 'middle').victim)
    expect(row('jump', 'middle').survivorsMoved).toBeGreaterThan(1000)
    expect(row('memento', 'middle').survivorsMoved).toBe(0)
  })
})
