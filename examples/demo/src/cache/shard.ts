/**
 * A shard of the cache: a name and a key-value store behind it, either a real Redis server reached with
 * ioredis or, where redis-server cannot be installed, an in-process map (a simulation). Every call
 * settles: a refused connection or a timeout comes back as an `'error'` outcome for that key, never
 * as a thrown error, so one dead server cannot crash the cache or touch the data on the others.
 */
import { Redis } from 'ioredis'

/** What a read found. */
export type ReadOutcome = { kind: 'hit'; value: string } | { kind: 'miss' } | { kind: 'error' }

/** One cache server as the placements see it (the ring's `ConsumerInfo`). */
export interface Shard {
  readonly id: string
  get(key: string): Promise<ReadOutcome>
  /** Whether the write reached the server. */
  set(key: string, value: string): Promise<boolean>
  /** Every key the server holds (for counting stale copies); empty when it does not answer. */
  keys(): Promise<string[]>
  /** Resolves once the server answers (after a start or restart); false after {@link COMMAND_TIMEOUT_MS}×5. */
  reachable(): Promise<boolean>
  /** Removes every key (between experiments). */
  flush(): Promise<void>
  close(): Promise<void>
}

/** How long one command may take before it counts as a timeout. */
export const COMMAND_TIMEOUT_MS = 1000

/** A shard on a real Redis server on 127.0.0.1:`port`. */
export function redisShard(id: string, port: number): Shard {
  const client = new Redis({
    host: '127.0.0.1',
    port,
    // Fail fast while the server is down instead of queueing commands for it, and keep
    // reconnecting in the background so a restarted server is used again.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: COMMAND_TIMEOUT_MS,
    retryStrategy: () => 50,
    enableAutoPipelining: true,
    lazyConnect: false,
  })
  // Connection errors are expected while a server is dead; each command reports its own.
  client.on('error', () => {})
  return {
    id,
    async get(key) {
      try {
        const value = await client.get(key)
        return value === null ? { kind: 'miss' } : { kind: 'hit', value }
      } catch {
        return { kind: 'error' }
      }
    },
    async set(key, value) {
      try {
        return (await client.set(key, value)) === 'OK'
      } catch {
        return false
      }
    },
    async keys() {
      try {
        return await client.keys('*')
      } catch {
        return []
      }
    },
    async reachable() {
      const deadline = Date.now() + 5 * COMMAND_TIMEOUT_MS
      while (client.status !== 'ready') {
        if (Date.now() > deadline) return false
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
      return true
    },
    async flush() {
      await client.flushall()
    },
    async close() {
      client.disconnect()
    },
  }
}

/** An in-process shard for machines without redis-server; `down` makes it refuse like a dead server. */
export interface MemoryShard extends Shard {
  down: boolean
}

/** A shard on an in-process map (the simulation). */
export function memoryShard(id: string): MemoryShard {
  const data = new Map<string, string>()
  const shard: MemoryShard = {
    id,
    down: false,
    async get(key) {
      if (shard.down) return { kind: 'error' }
      const value = data.get(key)
      return value === undefined ? { kind: 'miss' } : { kind: 'hit', value }
    },
    async set(key, value) {
      if (shard.down) return false
      data.set(key, value)
      return true
    },
    async keys() {
      return shard.down ? [] : [...data.keys()]
    },
    reachable: async () => !shard.down,
    async flush() {
      data.clear()
    },
    async close() {},
  }
  return shard
}
