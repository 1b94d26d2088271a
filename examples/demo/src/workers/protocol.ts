/**
 * What the parent and the worker processes share: Redis key names, timings, and the few IPC messages
 * (the jobs themselves travel over a Redis stream; IPC only says "ready" and "stop").
 */

/** The stream the parent announces jobs on; each entry holds a range of job ids. */
export const JOBS_STREAM = 'jobs'
/** A worker's heartbeat key; it expires {@link HEARTBEAT_TTL_MS} after the last beat. */
export const memberKey = (id: string) => `member:${id}`
export const MEMBER_PATTERN = 'member:*'
/** How many times job `n` ran (INCR at the start of each run). */
export const runsKey = (job: number) => `runs:${job}`
/** The set of finished jobs. */
export const DONE_SET = 'done'
/** The jobs a worker has started and not finished. */
export const inFlightKey = (id: string) => `inflight:${id}`

export const HEARTBEAT_MS = 100
// Generous against event-loop stalls on a loaded machine: a live worker whose beat expired would
// make the others take over its jobs and run some twice.
export const HEARTBEAT_TTL_MS = 2500
/** How often a worker re-reads the live heartbeats. */
export const MEMBERSHIP_POLL_MS = 50

/** The job's key for placement. */
export const jobKey = (job: number) => `job-${job}`

/** What a worker is told at start (as JSON in its environment). */
export interface WorkerConfig {
  id: string
  port: number
  placement: string
  /** Members to wait for before announcing readiness. */
  expectMembers: number
  /** Jobs one worker runs at once. */
  concurrency: number
  /** How long a job takes. */
  jobMs: number
}

export type WorkerMessage = { type: 'ready' }
