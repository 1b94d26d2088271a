/**
 * No redis-server or worker outlives the process that started it, nor a redis-server's temporary
 * directory: at a normal end, on Ctrl-C, SIGTERM or an uncaught error. Each case runs the built demo
 * (dist/) in a child Node process and checks, by pid, that every process it started is gone
 * afterwards, and that the directories its redis-servers ran in are gone too.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { existsSync, readFileSync, readlinkSync } from 'node:fs'
import { basename } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { isCI } from '../../../../scripts/ci.mjs'
import { haveRedisServer } from './servers.js'

const needed = haveRedisServer() || isCI()
const DIST = (file: string) => fileURLToPath(new URL(`../../dist/${file}`, import.meta.url))
const started: ChildProcess[] = []

afterEach(() => {
  for (const child of started.splice(0)) child.kill('SIGKILL')
})

/** The child processes of `pid` (redis-servers and forked workers). */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number)
  } catch {
    return [] // pgrep exits 1 when nothing matches
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/**
 * The directories the redis-servers among `pids` run in (each changes into its --dir), or
 * undefined until `servers` of them have.
 */
function redisDirectories(pids: number[], servers: number): string[] | undefined {
  const dirs: string[] = []
  for (const pid of pids) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'redis-server') continue
      const dir = readlinkSync(`/proc/${pid}/cwd`)
      if (basename(dir).startsWith('chash-redis-')) dirs.push(dir)
    } catch {
      // not started yet or gone
    }
  }
  return dirs.length === servers ? dirs : undefined
}

async function until(what: string, check: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

/**
 * Starts `node args`, waits until it has `count` child processes, `servers` of them redis-servers
 * in their directories, then lets `stop` end it.
 */
async function childrenAfter(
  args: string[],
  count: number,
  servers: number,
  stop: (child: ChildProcess) => void,
) {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] })
  let stdout = ''
  child.stdout?.on('data', (data) => {
    stdout += data
  })
  started.push(child)
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const pid = child.pid as number
  let pids: number[] = []
  await until(`${count} child processes`, () => {
    pids = childrenOf(pid)
    return pids.length >= count
  })
  let dirs: string[] | undefined
  await until(`${servers} redis-servers in their directories`, () => {
    dirs = redisDirectories(childrenOf(pid), servers)
    return dirs !== undefined
  })
  stop(child)
  const code = await exited
  await until('the children to be gone', () => pids.every((p) => !alive(p)), 5000)
  const leftDirs = (dirs ?? []).filter((dir) => existsSync(dir))
  return { code, pids, stdout, dirs: dirs ?? [], leftDirs }
}

describe.skipIf(!needed)('every process the demo starts is stopped', () => {
  it('at the normal end of the cache demo, which printed its figures as JSON', async () => {
    const { code, pids, stdout, dirs, leftDirs } = await childrenAfter(
      [DIST('cli.js'), '--json'],
      5,
      5,
      () => {},
    )
    expect(pids).toHaveLength(5)
    expect(dirs).toHaveLength(5)
    expect(leftDirs).toEqual([])
    expect(code).toBe(0)
    const printed = JSON.parse(stdout)
    expect(printed.rows.map((r: { placement: string }) => r.placement)).toEqual([
      'modulo',
      'ring',
      'jump',
      'jump',
      'memento',
    ])
    expect(printed.replicas.lostAfterRemoval).toBe(0)
  }, 60_000)

  it('on Ctrl-C (SIGINT) in the middle of the cache demo', async () => {
    const { code, pids, leftDirs } = await childrenAfter([DIST('cli.js')], 5, 5, (child) =>
      child.kill('SIGINT'),
    )
    expect(pids).toHaveLength(5)
    expect(leftDirs).toEqual([])
    expect(code).toBe(130)
  }, 30_000)

  it('on SIGTERM in the middle of the workers demo: its redis-server and its 4 workers', async () => {
    const { code, pids, leftDirs } = await childrenAfter([DIST('cli.js'), 'workers'], 5, 1, (child) =>
      child.kill('SIGTERM'),
    )
    expect(pids).toHaveLength(5)
    expect(leftDirs).toEqual([])
    expect(code).toBe(143)
  }, 30_000)

  it('on an uncaught error', async () => {
    const script = `import { startServers } from ${JSON.stringify(DIST('redis/servers.js'))}
await startServers(2)
setTimeout(() => { throw new Error('boom') }, 300)`
    const { code, pids, leftDirs } = await childrenAfter(
      ['--input-type=module', '-e', script],
      2,
      2,
      () => {},
    )
    expect(pids).toHaveLength(2)
    expect(leftDirs).toEqual([])
    expect(code).toBe(1)
  }, 30_000)
})
