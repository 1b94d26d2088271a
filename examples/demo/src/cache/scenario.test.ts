/**
 * The cache experiment against real redis-server processes the test starts (in CI they must be
 * there; elsewhere without redis-server it runs on the in-process simulation). The figures are
 * measured from the servers, so these are the shapes the placements promise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isCI } from '../../../../scripts/ci.mjs'
import { type Cluster, memoryCluster, startCluster } from './cluster.js'
import { type CacheExperiment, type CacheRow, runCacheExperiment } from './scenario.js'

const KEYS = 5000
let cluster: Cluster | undefined
let result: CacheExperiment

beforeAll(async () => {
  cluster = await startCluster(5, () => {})
  result = await runCacheExperiment(cluster, { keys: KEYS })
}, 60_000)

afterAll(async () => {
  await cluster?.close()
})

function row(placement: string, position = 'middle'): CacheRow {
  const found = result.rows.find((r) => r.placement === placement && r.position === position)
  if (found === undefined) throw new Error(`no ${placement} run with the ${position} server dying`)
  return found
}

/** What a placement that only moves the dead server's keys shows, measured on the servers. */
function expectOnlyTheDeadServersKeysMove(r: CacheRow): void {
  expect(Math.abs(r.lost / KEYS - 1 / 5)).toBeLessThanOrEqual(0.05)
  expect(r.survivorsMoved).toBe(0)
  // Every read sent to the dead server failed per key; afterwards every other key is where placement says.
  expect(r.refusedWhileListed).toBe(r.lost)
  expect(r.read).toEqual({ hit: KEYS - r.lost, miss: r.lost, error: 0 })
  expect(r.refill).toEqual({ written: r.lost, stale: 0 })
  // Back empty: its keys return to it, and their copies written meanwhile stay behind as stale ones.
  expect(r.rejoin).toEqual({ written: r.lost, stale: r.lost, ownersRestored: KEYS })
}

describe('the sharded cache experiment', () => {
  it('runs on real servers in CI', () => {
    if (isCI()) expect(result.simulated).toBe(false)
    expect(result.servers).toHaveLength(5)
  })

  it('ring: loses the dead server’s fifth of the keys and moves none of the survivors’', () => {
    expect(row('ring').victim).toBe('redis-2')
    expectOnlyTheDeadServersKeysMove(row('ring'))
  })

  it('jump hash over the sorted list: clean when the last server dies, not when a middle one does', () => {
    expect(row('jump', 'last').victim).toBe('redis-4')
    expectOnlyTheDeadServersKeysMove(row('jump', 'last'))
    const middle = row('jump', 'middle')
    expect(Math.abs(middle.lost / KEYS - 1 / 5)).toBeLessThanOrEqual(0.05)
    expect(middle.survivorsMoved / (KEYS - middle.lost)).toBeGreaterThan(0.2)
    expect(middle.refill.stale).toBe(middle.survivorsMoved)
  })

  it('MementoHash: loses the middle server’s fifth of the keys and moves none of the survivors’', () => {
    expect(row('memento').victim).toBe('redis-2')
    expectOnlyTheDeadServersKeysMove(row('memento'))
    // Jump hash over the same sorted list, losing the same server, moves a share of the survivors'.
    expect(row('jump', 'middle').survivorsMoved).toBeGreaterThan(0.2 * (KEYS - row('memento').lost))
  })

  it('modulo: more than half of the survivors’ keys move', () => {
    const r = row('modulo')
    expect(r.survivorsMoved / (KEYS - r.lost)).toBeGreaterThan(0.5)
    expect(r.read.miss).toBe(r.lost + r.survivorsMoved)
    expect(r.rejoin.ownersRestored).toBe(KEYS)
  })

  it('ring with 2 replicas: loses no key, the second replica serves, re-adding restores the owners', () => {
    const r = result.replicas
    expect(r.refused).toBeGreaterThan(0.15 * KEYS)
    expect(r.servedByReplica).toBe(r.refused)
    expect(r.lostWhileListed).toBe(0)
    expect(r.lostAfterRemoval).toBe(0)
    expect(r.ownersRestored).toBe(KEYS)
    expect(r.rewritten).toBeGreaterThan(0.3 * KEYS)
  })
})

describe('the simulation (for machines without redis-server)', () => {
  it('is marked as such and gives the ring the same shape', async () => {
    const simulated = await runCacheExperiment(memoryCluster(5), { keys: KEYS })
    expect(simulated.simulated).toBe(true)
    const ring = simulated.rows.find((r) => r.placement === 'ring') as CacheRow
    expectOnlyTheDeadServersKeysMove(ring)
    expect(simulated.replicas.lostAfterRemoval).toBe(0)
  })
})
