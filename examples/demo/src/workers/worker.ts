/**
 * One worker process. No coordinator: it beats its own heartbeat key, reads the live members from
 * the heartbeats, sorted, reads every job announcement from the stream, and runs exactly the jobs its
 * placement assigns to it. When the member list changes it takes over the unfinished jobs that are
 * now its own; a queued job that is no longer its own is left to its new owner.
 *
 * MementoHash's placement depends on the order of membership changes, so every worker must apply
 * the same changes in the same order. Each builds its placement once, from the sorted list of the
 * expected members when all of them have a heartbeat, and from then on replays what each poll of
 * the heartbeats shows: departed members removed in sorted order, then arrivals added in sorted
 * order. The same deaths seen in the same polls give the same history everywhere (here one worker
 * dies); members that die within one poll of each other could be seen in different orders, which
 * a production system would settle with a shared log of changes or a `toJSON()` snapshot. The
 * ring and jump hash depend only on the members, so replaying changes equals rebuilding for them.
 */
import { Redis } from 'ioredis'
import { type Member, type Placement, placementNamed } from '../placements.js'
import {
  DONE_SET,
  HEARTBEAT_MS,
  HEARTBEAT_TTL_MS,
  inFlightKey,
  JOBS_STREAM,
  jobKey,
  MEMBER_PATTERN,
  MEMBERSHIP_POLL_MS,
  memberKey,
  runsKey,
  type WorkerConfig,
  type WorkerMessage,
} from './protocol.js'

const config = JSON.parse(process.env.CHASH_WORKER ?? '{}') as WorkerConfig
const kind = placementNamed(config.placement)
const redis = new Redis({ host: '127.0.0.1', port: config.port })
const reader = new Redis({ host: '127.0.0.1', port: config.port })
// The parent gone (even killed) means the run is over: never outlive it.
process.on('disconnect', () => process.exit(0))

let memberIds: string[] = []
let placement: Placement<Member> = kind.create([])
const announced: number[] = []
const queue: number[] = []
let running = 0

const mine = (job: number) => placement.owners(jobKey(job), 1)[0]?.id === config.id

async function beat(): Promise<void> {
  await redis.set(memberKey(config.id), '1', 'PX', HEARTBEAT_TTL_MS)
}

let settled = false

/**
 * The placement for the sorted member list `ids`, which was `old`: rebuilt from the list until every
 * expected member has been seen once, then changed in place (see the module comment).
 */
function follow(old: readonly string[], ids: readonly string[]): Placement<Member> {
  if (!settled) {
    settled = ids.length === config.expectMembers
    return kind.create(ids.map((id) => ({ id })))
  }
  const next = placement
  for (const id of old) if (!ids.includes(id)) next.remove(id)
  for (const id of ids) if (!old.includes(id)) next.add({ id })
  return next
}

async function pollMembers(): Promise<void> {
  const ids = (await redis.keys(MEMBER_PATTERN)).map((k) => k.slice(MEMBER_PATTERN.length - 1)).sort()
  if (ids.join() === memberIds.join()) return
  // Which announced jobs were ours before the change (the placement changes in place).
  const wasMine = announced.map(mine)
  placement = follow(memberIds, ids)
  memberIds = ids
  if (ids.length === config.expectMembers && process.send)
    process.send({ type: 'ready' } satisfies WorkerMessage)
  // Jobs that just became ours: run those not finished yet (the dead worker's, or any it had in flight).
  const gained = announced.filter((job, i) => !wasMine[i] && mine(job))
  if (gained.length === 0) return
  const done = await redis.smismember(DONE_SET, ...gained.map(String))
  gained.forEach((job, i) => {
    if (done[i] === 0) queue.push(job)
  })
  pump()
}

// Start and finish are each one transaction, so "in flight" means exactly: counted, not finished.
async function run(job: number): Promise<void> {
  await redis.multi().incr(runsKey(job)).sadd(inFlightKey(config.id), job).exec()
  await new Promise((resolve) => setTimeout(resolve, config.jobMs))
  await redis.multi().sadd(DONE_SET, job).srem(inFlightKey(config.id), job).exec()
}

function pump(): void {
  while (running < config.concurrency && queue.length > 0) {
    const job = queue.shift() as number
    // Placement may have changed since it was queued: then its new owner runs it.
    if (!mine(job)) continue
    running++
    run(job).finally(() => {
      running--
      pump()
    })
  }
}

async function readJobs(): Promise<void> {
  let last = '0'
  for (;;) {
    const reply = await reader.xread('BLOCK', 1000, 'STREAMS', JOBS_STREAM, last)
    for (const [, entries] of reply ?? []) {
      for (const [id, fields] of entries) {
        last = id
        const [from, to] = [Number(fields[1]), Number(fields[3])]
        for (let job = from; job < to; job++) {
          announced.push(job)
          if (mine(job)) queue.push(job)
        }
      }
    }
    pump()
  }
}

await beat()
setInterval(() => void beat(), HEARTBEAT_MS)
setInterval(() => void pollMembers(), MEMBERSHIP_POLL_MS)
await pollMembers()
await readJobs()
