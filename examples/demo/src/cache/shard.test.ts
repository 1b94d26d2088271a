/**
 * A dead or frozen server is an outcome per key, never an exception, and never touches the other
 * servers' data: with real redis-servers, one killed (refused) and one stopped with SIGSTOP (timeout).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isCI } from '../../../../scripts/ci.mjs'
import { haveRedisServer, killServer, type RedisServer, startServers, stopServers } from '../redis/servers.js'
import { COMMAND_TIMEOUT_MS, redisShard, type Shard } from './shard.js'

const needed = haveRedisServer() || isCI()

describe.skipIf(!needed)('a shard whose server fails', () => {
  let servers: RedisServer[] = []
  let shards: Shard[] = []
  beforeAll(async () => {
    servers = await startServers(3, 'shard-test')
    shards = servers.map((s) => redisShard(s.id, s.port))
    for (const shard of shards) expect(await shard.reachable()).toBe(true)
    for (const shard of shards) expect(await shard.set('k', `on ${shard.id}`)).toBe(true)
  }, 30_000)
  afterAll(async () => {
    servers[2]?.process?.kill('SIGCONT')
    await Promise.all(shards.map((s) => s.close()))
    await stopServers(servers)
  })

  it('reports refused connections per key after a SIGKILL', async () => {
    await killServer(servers[1])
    expect(await shards[1].get('k')).toEqual({ kind: 'error' })
    expect(await shards[1].set('k', 'x')).toBe(false)
    expect(await shards[1].keys()).toEqual([])
    expect(await shards[0].get('k')).toEqual({ kind: 'hit', value: 'on shard-test-0' })
  })

  it('reports a timeout per key when the server stops answering (SIGSTOP)', async () => {
    servers[2].process?.kill('SIGSTOP')
    const t0 = Date.now()
    expect(await shards[2].get('k')).toEqual({ kind: 'error' })
    expect(Date.now() - t0).toBeGreaterThanOrEqual(COMMAND_TIMEOUT_MS - 50)
    expect(await shards[0].get('missing')).toEqual({ kind: 'miss' })
    servers[2].process?.kill('SIGCONT')
  }, 10_000)
})
