/**
 * The workers experiment: one real redis-server, 4 forked worker processes, 10,000 jobs announced on
 * a Redis stream, one worker killed with SIGKILL mid-run. Counts every job's runs in Redis and checks
 * that none is lost and that only the jobs the killed worker had in flight ran twice.
 */
import { type ChildProcess, fork } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Redis } from 'ioredis'
import { killHard, track } from '../children.js'
import {
  type LeavePosition,
  type Member,
  memberAt,
  ownersAcrossLeave,
  type PlacementKind,
  placementNamed,
} from '../placements.js'
import { haveRedisServer, startServers, stopServers } from '../redis/servers.js'
import { DONE_SET, inFlightKey, JOBS_STREAM, jobKey, runsKey, type WorkerConfig } from './protocol.js'

/** One run's figures. */
export interface WorkersRow {
  placement: PlacementKind['name']
  victim: string
  position: LeavePosition
  workers: number
  jobs: number
  /** Runs counted in Redis (INCR per start). */
  runs: number
  /** Jobs never finished, and jobs never started. */
  lost: number
  neverRun: number
  /** Jobs run at least twice, and how many of those the killed worker had in flight when it died. */
  runTwice: number
  runTwiceInFlight: number
  /** Jobs the killed worker had started and not finished. */
  inFlightAtDeath: number
  /** Jobs owned by a surviving worker before the death whose owner changed after it. */
  survivorsMoved: number
  ms: number
}

export interface WorkersExperiment {
  jobs: number
  workers: number
  rows: WorkersRow[]
}

/**
 * The runs shown: the ring, jump hash losing the last member and a middle one, and MementoHash
 * losing a middle one (jump hash's weakness, which Memento removes).
 */
export const WORKER_RUNS: ReadonlyArray<{ placement: PlacementKind['name']; position: LeavePosition }> = [
  { placement: 'ring', position: 'middle' },
  { placement: 'jump', position: 'last' },
  { placement: 'jump', position: 'middle' },
  { placement: 'memento', position: 'middle' },
]

// Worker processes run the build; vitest runs this file from src/, next to worker.ts only.
const WORKER_JS = [
  new URL('./worker.js', import.meta.url),
  new URL('../../dist/workers/worker.js', import.meta.url),
]
  .map((url) => fileURLToPath(url))
  .find((file) => existsSync(file)) as string
const BATCH = 100

function forkWorker(config: WorkerConfig): ChildProcess {
  return track(
    fork(WORKER_JS, [], {
      env: { ...process.env, CHASH_WORKER: JSON.stringify(config) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  )
}

/** The survivors' jobs that change owner when `victim` leaves the placement of the sorted list `ids`. */
function survivorsMoved(kind: PlacementKind, ids: string[], victim: string, jobs: number): number {
  const members: Member[] = ids.map((id) => ({ id }))
  const keys = Array.from({ length: jobs }, (_, job) => jobKey(job))
  // Removed from the same placement, as the workers do (Memento's placement depends on that history).
  const { before, during } = ownersAcrossLeave(kind.create(members), members[ids.indexOf(victim)], keys)
  return before.filter((owner, job) => owner !== victim && during[job] !== owner).length
}

async function waitFor(what: string, deadline: number, check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

async function runOnce(
  port: number,
  placement: string,
  position: LeavePosition,
  options: Required<WorkersOptions>,
): Promise<WorkersRow> {
  const redis = new Redis({ host: '127.0.0.1', port })
  const children: ChildProcess[] = []
  const t0 = Date.now()
  try {
    await redis.flushall()
    const ids = Array.from({ length: options.workers }, (_, i) => `worker-${i}`)
    const ready = new Set<string>()
    for (const id of ids) {
      const child = forkWorker({
        id,
        port,
        placement,
        expectMembers: ids.length,
        concurrency: options.concurrency,
        jobMs: options.jobMs,
      })
      child.on('message', () => ready.add(id))
      children.push(child)
    }
    const deadline = Date.now() + options.timeoutMs
    await waitFor('every worker to see all members', deadline, async () => {
      const dead = children.find((c) => c.exitCode !== null)
      if (dead) throw new Error(`worker ${children.indexOf(dead)} exited with code ${dead.exitCode}`)
      return ready.size === ids.length
    })

    const victim = memberAt(
      ids.map((id) => ({ id })),
      position,
    ).id
    const batches = Math.ceil(options.jobs / BATCH)
    for (let b = 0; b < batches; b++) {
      if (b === Math.floor(batches / 2)) await killHard(children[ids.indexOf(victim)])
      const from = b * BATCH
      await redis.xadd(JOBS_STREAM, '*', 'from', from, 'to', Math.min(from + BATCH, options.jobs))
      await new Promise((r) => setTimeout(r, options.announceMs))
    }
    await waitFor('every job to finish', deadline, async () => (await redis.scard(DONE_SET)) === options.jobs)

    const jobIds = Array.from({ length: options.jobs }, (_, job) => job)
    const runs = (await redis.mget(jobIds.map(runsKey))).map(Number)
    const inFlight = new Set((await redis.smembers(inFlightKey(victim))).map(Number))
    const twice = jobIds.filter((job) => runs[job] >= 2)
    return {
      placement: placementNamed(placement).name,
      victim,
      position,
      workers: ids.length,
      jobs: options.jobs,
      runs: runs.reduce((a, b) => a + b, 0),
      lost: options.jobs - (await redis.scard(DONE_SET)),
      neverRun: runs.filter((n) => n === 0).length,
      runTwice: twice.length,
      runTwiceInFlight: twice.filter((job) => inFlight.has(job)).length,
      inFlightAtDeath: inFlight.size,
      survivorsMoved: survivorsMoved(placementNamed(placement), ids, victim, options.jobs),
      ms: Date.now() - t0,
    }
  } finally {
    await Promise.all(children.map(killHard))
    redis.disconnect()
  }
}

export interface WorkersOptions {
  jobs?: number
  workers?: number
  concurrency?: number
  jobMs?: number
  announceMs?: number
  timeoutMs?: number
}

/** Runs {@link WORKER_RUNS} against one redis-server it starts and stops. */
export async function runWorkersExperiment(options: WorkersOptions = {}): Promise<WorkersExperiment> {
  if (!haveRedisServer()) {
    throw new Error('the workers demo needs redis-server: run scripts/toolchain/redis.sh (npm run demo does)')
  }
  const full: Required<WorkersOptions> = {
    jobs: 10_000,
    workers: 4,
    concurrency: 32,
    jobMs: 2,
    announceMs: 5,
    timeoutMs: 30_000,
    ...options,
  }
  const [server] = await startServers(1, 'jobs')
  try {
    const rows: WorkersRow[] = []
    for (const run of WORKER_RUNS) rows.push(await runOnce(server.port, run.placement, run.position, full))
    return { jobs: full.jobs, workers: full.workers, rows }
  } finally {
    await stopServers([server])
  }
}
