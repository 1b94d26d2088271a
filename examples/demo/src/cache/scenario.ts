/**
 * The cache experiment over a {@link Cluster}: fill, kill a server for real, read, refill, start it
 * again empty, re-add it, refill; once per placement with one owner per key, then once with the ring
 * and 2 replicas. Every figure is measured against the servers (reads, writes, keys they hold).
 */
import type { BackendChoice } from '@chash/core'
import {
  type LeavePosition,
  memberAt,
  PLACEMENTS,
  type Placement,
  type PlacementKind,
} from '../placements.js'
import type { Cluster } from './cluster.js'
import type { Shard } from './shard.js'

/** One placement's run with one owner per key. */
export interface CacheRow {
  placement: PlacementKind['name']
  victim: string
  position: LeavePosition
  keys: number
  /** Keys whose owner was the killed server. */
  lost: number
  /** Keys of the surviving servers that changed owner when the killed one left the placement. */
  survivorsMoved: number
  /** Reads sent to the killed server before the placement dropped it: refused or timed out, per key. */
  refusedWhileListed: number
  /** Reads after the placement dropped it: found on the server placement names, absent, or failed. */
  read: { hit: number; miss: number; error: number }
  /** Refill while it is down: keys written anew, and keys then standing on two servers (stale copies). */
  refill: { written: number; stale: number }
  /** Refill after it came back empty and was re-added. */
  rejoin: { written: number; stale: number; ownersRestored: number }
}

/** The ring with 2 replicas per key. */
export interface ReplicaRow {
  victim: string
  keys: number
  /** Reads whose first replica refused while the dead server was still on the ring. */
  refused: number
  /** Of those, reads the second replica answered. */
  servedByReplica: number
  /** Keys no replica returned while the dead server was on the ring, and after it was removed. */
  lostWhileListed: number
  lostAfterRemoval: number
  /** Keys whose owners (both) are the original ones after the server is back and re-added. */
  ownersRestored: number
  /** Copies written anew to the restarted server by the refill. */
  rewritten: number
}

export interface CacheExperiment {
  simulated: boolean
  servers: string[]
  keys: number
  rows: CacheRow[]
  replicas: ReplicaRow
}

// Requests in flight at once: enough to fill ioredis's pipelines, few enough to stay small.
const CHUNK = 500

async function eachKey(
  keys: readonly string[],
  visit: (key: string, k: number) => Promise<void>,
): Promise<void> {
  for (let start = 0; start < keys.length; start += CHUNK) {
    const end = Math.min(start + CHUNK, keys.length)
    const batch: Array<Promise<void>> = []
    for (let k = start; k < end; k++) batch.push(visit(keys[k], k))
    await Promise.all(batch)
  }
}

/** Keys that stand on more than one live server. */
async function staleCopies(shards: readonly Shard[]): Promise<number> {
  const seen = new Map<string, number>()
  for (const keys of await Promise.all(shards.map((s) => s.keys()))) {
    for (const key of keys) seen.set(key, (seen.get(key) ?? 0) + 1)
  }
  let stale = 0
  for (const count of seen.values()) if (count > 1) stale++
  return stale
}

/** Writes each key to its owner unless the owner already has it; returns how many were written. */
async function refill(placement: Placement<Shard>, keys: readonly string[], value: string): Promise<number> {
  let written = 0
  await eachKey(keys, async (key) => {
    const owner = placement.owners(key, 1)[0]
    if ((await owner.get(key)).kind !== 'hit' && (await owner.set(key, `${value}:${key}`))) written++
  })
  return written
}

async function runPlacement(
  cluster: Cluster,
  kind: PlacementKind,
  position: LeavePosition,
  keys: readonly string[],
  backend: BackendChoice,
): Promise<CacheRow> {
  await cluster.flush()
  const live = [...cluster.shards]
  const placement = kind.create(live, backend)
  const victim = memberAt(live, position)
  const before = keys.map((key) => placement.owners(key, 1)[0])
  await eachKey(keys, async (key, k) => {
    await before[k].set(key, `v1:${key}`)
  })

  await cluster.kill(victim.id)
  let refusedWhileListed = 0
  await eachKey(keys, async (key, k) => {
    if ((await before[k].get(key)).kind === 'error') refusedWhileListed++
  })

  placement.remove(victim.id)
  const survivors = live.filter((s) => s.id !== victim.id)
  let lost = 0
  let survivorsMoved = 0
  const read = { hit: 0, miss: 0, error: 0 }
  await eachKey(keys, async (key, k) => {
    const owner = placement.owners(key, 1)[0]
    if (before[k] === victim) lost++
    else if (owner !== before[k]) survivorsMoved++
    const got = await owner.get(key)
    if (got.kind === 'hit' && got.value === `v1:${key}`) read.hit++
    else read[got.kind === 'error' ? 'error' : 'miss']++
  })
  const refillWritten = await refill(placement, keys, 'v2')
  const refillStale = await staleCopies(survivors)

  await cluster.restart(victim.id)
  placement.add(victim)
  let ownersRestored = 0
  for (let k = 0; k < keys.length; k++) if (placement.owners(keys[k], 1)[0] === before[k]) ownersRestored++
  const rejoinWritten = await refill(placement, keys, 'v3')
  const rejoinStale = await staleCopies(live)
  return {
    placement: kind.name,
    victim: victim.id,
    position,
    keys: keys.length,
    lost,
    survivorsMoved,
    refusedWhileListed,
    read,
    refill: { written: refillWritten, stale: refillStale },
    rejoin: { written: rejoinWritten, stale: rejoinStale, ownersRestored },
  }
}

/** Reads from the first of `owners` that answers; undefined when none has the key. */
async function readFirst(
  owners: readonly Shard[],
  key: string,
): Promise<{ value?: string; refused: number }> {
  let refused = 0
  for (const owner of owners) {
    const got = await owner.get(key)
    if (got.kind === 'hit') return { value: got.value, refused }
    if (got.kind === 'error') refused++
  }
  return { refused }
}

async function runReplicas(
  cluster: Cluster,
  keys: readonly string[],
  backend: BackendChoice,
): Promise<ReplicaRow> {
  await cluster.flush()
  const ring = PLACEMENTS.find((p) => p.replicas)
  if (ring === undefined) throw new Error('no placement with replicas')
  const placement = ring.create([...cluster.shards], backend)
  const victim = memberAt(cluster.shards, 'middle')
  const before = keys.map((key) => placement.owners(key, 2))
  await eachKey(keys, async (key, k) => {
    await Promise.all(before[k].map((owner) => owner.set(key, `v1:${key}`)))
  })

  await cluster.kill(victim.id)
  let refused = 0
  let servedByReplica = 0
  let lostWhileListed = 0
  await eachKey(keys, async (key, k) => {
    const got = await readFirst(before[k], key)
    refused += got.refused
    if (got.value !== `v1:${key}`) lostWhileListed++
    else if (got.refused > 0) servedByReplica++
  })
  placement.remove(victim.id)
  let lostAfterRemoval = 0
  await eachKey(keys, async (key) => {
    if ((await readFirst(placement.owners(key, 2), key)).value !== `v1:${key}`) lostAfterRemoval++
  })

  await cluster.restart(victim.id)
  placement.add(victim)
  let ownersRestored = 0
  let rewritten = 0
  await eachKey(keys, async (key, k) => {
    const owners = placement.owners(key, 2)
    if (owners.every((o, i) => o === before[k][i])) ownersRestored++
    for (const owner of owners) {
      if ((await owner.get(key)).kind === 'miss' && (await owner.set(key, `v1:${key}`))) rewritten++
    }
  })
  return {
    victim: victim.id,
    keys: keys.length,
    refused,
    servedByReplica,
    lostWhileListed,
    lostAfterRemoval,
    ownersRestored,
    rewritten,
  }
}

/**
 * Which runs the experiment makes: every placement with a middle server dying; those that depend on
 * the order of the member list (jump hash) also with the last one, the only one they lose cleanly.
 */
export const CACHE_RUNS: ReadonlyArray<{ kind: PlacementKind; position: LeavePosition }> = PLACEMENTS.flatMap(
  (kind) =>
    (kind.listOrdered ? (['middle', 'last'] as const) : (['middle'] as const)).map((position) => ({
      kind,
      position,
    })),
)

/** Runs the whole experiment on a started cluster. */
export async function runCacheExperiment(
  cluster: Cluster,
  options: { keys?: number; backend?: BackendChoice } = {},
): Promise<CacheExperiment> {
  const keys = Array.from({ length: options.keys ?? 5000 }, (_, k) => `key-${k}`)
  const backend = options.backend ?? 'auto'
  const rows: CacheRow[] = []
  for (const run of CACHE_RUNS) rows.push(await runPlacement(cluster, run.kind, run.position, keys, backend))
  return {
    simulated: cluster.simulated,
    servers: cluster.shards.map((s) => s.id),
    keys: keys.length,
    rows,
    replicas: await runReplicas(cluster, keys, backend),
  }
}
