/**
 * Real `redis-server` processes on loopback: each on a free port with its own temporary directory and
 * persistence off, killed for real with SIGKILL, started again empty, and always stopped (its
 * directory removed) when this process ends (children.ts), so no server outlives the demo.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import { createServer, Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { killHard, removeDirectory, track, trackDirectory } from '../children.js'

/** Where Debian's package puts the server (scripts/toolchain/redis.sh installs it). */
export const REDIS_SERVER_BIN = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server'

/** Whether a runnable redis-server is here. */
export function haveRedisServer(): boolean {
  return existsSync(REDIS_SERVER_BIN) && spawnSync(REDIS_SERVER_BIN, ['--version']).status === 0
}

/** One server the demo started. */
export interface RedisServer {
  /** The server's name in placements, e.g. `redis-2`. */
  readonly id: string
  readonly port: number
  readonly dir: string
  process: ChildProcess | undefined
}

/** A port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket()
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(200, () => done(false))
    socket.once('error', () => done(false))
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'))
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')))
  })
}

async function launch(server: RedisServer): Promise<void> {
  const child = spawn(
    REDIS_SERVER_BIN,
    [
      '--bind',
      '127.0.0.1',
      '--port',
      String(server.port),
      '--dir',
      server.dir,
      '--save',
      '',
      '--appendonly',
      'no',
      '--protected-mode',
      'yes',
      '--loglevel',
      'warning',
    ],
    { stdio: 'ignore' },
  )
  track(child)
  server.process = child
  const deadline = Date.now() + 5000
  while (!(await answers(server.port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`redis-server on 127.0.0.1:${server.port} did not start (exit code ${child.exitCode})`)
    }
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** Starts `count` servers named `<prefix>-0 …`, each on a free loopback port, and waits until each answers. */
export async function startServers(count: number, prefix = 'redis'): Promise<RedisServer[]> {
  const servers: RedisServer[] = []
  for (let i = 0; i < count; i++) {
    const server: RedisServer = {
      id: `${prefix}-${i}`,
      port: await freePort(),
      dir: trackDirectory(mkdtempSync(join(tmpdir(), 'chash-redis-'))),
      process: undefined,
    }
    servers.push(server)
  }
  await Promise.all(servers.map(launch))
  return servers
}

/** Kills a server for real (SIGKILL: no shutdown, no goodbye to its clients) and waits until it is gone. */
export async function killServer(server: RedisServer): Promise<void> {
  await killHard(server.process)
  server.process = undefined
}

/** Starts a killed server again on its port, empty (persistence is off). */
export async function restartServer(server: RedisServer): Promise<void> {
  await killServer(server)
  await launch(server)
}

/** Stops every given server and removes its directory. */
export async function stopServers(servers: readonly RedisServer[]): Promise<void> {
  await Promise.all(servers.map(killServer))
  for (const server of servers) removeDirectory(server.dir)
}
