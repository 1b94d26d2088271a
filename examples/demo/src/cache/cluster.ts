/**
 * The cache's servers: 5 real redis-server processes (or, where redis-server cannot be installed and
 * we are not in CI, in-process maps marked as a simulation) with the two failures the experiment
 * needs: kill one for real, start it again empty.
 */

import { isCI } from '../../../../scripts/ci.mjs'
import {
  haveRedisServer,
  killServer,
  type RedisServer,
  restartServer,
  startServers,
  stopServers,
} from '../redis/servers.js'
import { type MemoryShard, memoryShard, redisShard, type Shard } from './shard.js'

/** A set of cache servers, sorted by id. */
export interface Cluster {
  /** True when the servers are in-process maps, not real Redis servers. */
  readonly simulated: boolean
  readonly shards: readonly Shard[]
  /** Kills the server behind a shard (SIGKILL for Redis; its data is gone). */
  kill(id: string): Promise<void>
  /** Starts it again, empty, on the same address. */
  restart(id: string): Promise<void>
  /** Empties every live server. */
  flush(): Promise<void>
  /** Closes the connections and stops every server. */
  close(): Promise<void>
}

/** The item of `list` whose id is `id`. */
function named<T extends { id: string }>(list: readonly T[], id: string): T {
  const found = list.find((item) => item.id === id)
  if (found === undefined) throw new RangeError(`id must name a server, got ${id}`)
  return found
}

async function flushAll(shards: readonly Shard[]): Promise<void> {
  await Promise.all(shards.map((s) => s.flush()))
}

async function redisCluster(count: number): Promise<Cluster> {
  const servers = await startServers(count)
  const shards = servers.map((s) => redisShard(s.id, s.port))
  const reach = async (shard: Shard) => {
    if (!(await shard.reachable())) throw new Error(`cannot connect to ${shard.id}`)
  }
  await Promise.all(shards.map(reach))
  const server = (id: string): RedisServer => named(servers, id)
  return {
    simulated: false,
    shards,
    kill: (id) => killServer(server(id)),
    restart: async (id) => {
      await restartServer(server(id))
      await reach(named(shards, id))
    },
    flush: () => flushAll(shards),
    close: async () => {
      await Promise.all(shards.map((s) => s.close()))
      await stopServers(servers)
    },
  }
}

/** The simulation: in-process stores standing in for the servers. */
export function memoryCluster(count: number): Cluster {
  const shards: MemoryShard[] = Array.from({ length: count }, (_, i) => memoryShard(`redis-${i}`))
  const shard = (id: string): MemoryShard => named(shards, id)
  return {
    simulated: true,
    shards,
    kill: async (id) => {
      const s = shard(id)
      await s.flush()
      s.down = true
    },
    restart: async (id) => {
      shard(id).down = false
    },
    flush: () => flushAll(shards),
    close: async () => {},
  }
}

/**
 * Starts `count` cache servers: real Redis when redis-server is here; otherwise in CI an error, and
 * elsewhere the simulation, announced by `onSimulation`.
 */
export async function startCluster(count: number, onSimulation: (why: string) => void): Promise<Cluster> {
  if (haveRedisServer()) return redisCluster(count)
  const why = 'redis-server is not installed here (scripts/toolchain/redis.sh installs it)'
  if (isCI()) throw new Error(`${why}; CI runs the demo against real servers only`)
  onSimulation(why)
  return memoryCluster(count)
}
