/**
 * No redis-server outlives the process that started it: on Ctrl-C, SIGTERM, an uncaught error or a
 * normal end. Each case runs the built demo (dist/) in a child Node process and checks, by pid, that
 * every redis-server it started is gone afterwards.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { haveRedisServer } from './servers.js'

const needed = haveRedisServer() || process.env.CI === 'true'
const DIST = (file: string) => fileURLToPath(new URL(`../../dist/${file}`, import.meta.url))
const started: ChildProcess[] = []

afterEach(() => {
  for (const child of started.splice(0)) child.kill('SIGKILL')
})

/** The redis-server processes whose parent is `pid`. */
function redisChildren(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid), '-x', 'redis-server'], { encoding: 'utf8' })
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

async function until(what: string, check: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** Starts `node args`, waits until it runs `servers` redis-servers, then lets `stop` end it. */
async function serversAfter(args: string[], servers: number, stop: (child: ChildProcess) => void) {
  const child = spawn(process.execPath, args, { stdio: 'ignore' })
  started.push(child)
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const pid = child.pid as number
  let pids: number[] = []
  await until(`${servers} redis-servers`, () => {
    pids = redisChildren(pid)
    return pids.length >= servers
  })
  stop(child)
  const code = await exited
  await until('the servers to be gone', () => pids.every((p) => !alive(p)), 5000)
  return { code, pids }
}

describe.skipIf(!needed)('every redis-server started is stopped', () => {
  it('on Ctrl-C (SIGINT) in the middle of the cache demo', async () => {
    const { code, pids } = await serversAfter([DIST('cli.js')], 5, (child) => child.kill('SIGINT'))
    expect(pids).toHaveLength(5)
    expect(code).toBe(130)
  }, 30_000)

  it('on SIGTERM in the middle of the workers demo', async () => {
    const { code } = await serversAfter([DIST('cli.js'), 'workers'], 1, (child) => child.kill('SIGTERM'))
    expect(code).toBe(143)
  }, 30_000)

  it('on an uncaught error', async () => {
    const script = `import { startServers } from ${JSON.stringify(DIST('redis/servers.js'))}
await startServers(2)
setTimeout(() => { throw new Error('boom') }, 300)`
    const { code, pids } = await serversAfter(['--input-type=module', '-e', script], 2, () => {})
    expect(pids).toHaveLength(2)
    expect(code).toBe(1)
  }, 30_000)
})
