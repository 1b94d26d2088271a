/**
 * Real-server interop: three real memcached servers (Debian's, scripts/toolchain/memcached.sh) on
 * loopback. Node writes 10,000 keys, each to the server KetamaRing({ compat: 'libmemcached' })
 * names, through memjs talking to that one server; a C program on Debian's libmemcached with
 * weighted ketama and md5 (fixtures/generators/libmemcached_ketama.c) reads them all back. Then the
 * reverse. In CI a missing piece fails; elsewhere the test is skipped with the reason.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createConnection } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import memjs from 'memjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KetamaRing } from './index.js'
import { backendsUnderTest } from './test/backends.js'

const MEMCACHED = '/usr/bin/memcached'
const SOURCE = fileURLToPath(new URL('../../../fixtures/generators/libmemcached_ketama.c', import.meta.url))
const HEADER = '/usr/include/libmemcached/memcached.h'
const missing = [MEMCACHED, HEADER].filter((path) => !existsSync(path))
const reason = `${missing.join(' and ')} missing: run scripts/toolchain/memcached.sh`
if (missing.length > 0 && process.env.CI) throw new Error(reason)

const KEYS = Array.from({ length: 10_000 }, (_, i) =>
  i % 10 === 0 ? `interop:${i}:ключ-日本` : `interop:${i}`,
)
const WEIGHTS = [1, 2, 3]

/** Resolves once something accepts connections on 127.0.0.1:port, or rejects after ~5 s. */
async function listening(port: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => {
        socket.end()
        resolve(true)
      })
      socket.on('error', () => resolve(false))
    })
    if (up) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`memcached on 127.0.0.1:${port} did not start`)
}

describe.skipIf(missing.length > 0)(
  `KetamaRing with real memcached servers${missing.length ? ` (${reason})` : ''}`,
  () => {
    const servers: ChildProcess[] = []
    const ports: number[] = []
    let work = ''
    let program = ''

    beforeAll(async () => {
      work = mkdtempSync(join(tmpdir(), 'chash-ketama-interop-'))
      program = join(work, 'libmemcached_ketama')
      execFileSync('gcc', ['-O2', '-o', program, SOURCE, '-lmemcached'])
      const base = 20_000 + Math.floor(Math.random() * 20_000)
      for (let k = 0; k < 3; k++) {
        const port = base + k
        const server = spawn(
          MEMCACHED,
          ['-l', '127.0.0.1', '-p', String(port), '-U', '0', '-m', '32', '-u', 'root'],
          {
            stdio: 'ignore',
          },
        )
        servers.push(server)
        ports.push(port)
      }
      await Promise.all(ports.map(listening))
    }, 60_000)

    afterAll(() => {
      for (const server of servers) server.kill('SIGTERM')
      if (work) rmSync(work, { recursive: true, force: true })
    })

    /** The C program's arguments for the three servers: HOST PORT WEIGHT each. */
    const cArgs = () => ports.flatMap((port, k) => ['127.0.0.1', String(port), String(WEIGHTS[k])])
    const runC = (mode: 'set' | 'get', keys: string[]) =>
      execFileSync(program, [mode, ...cArgs()], { input: `${keys.join('\n')}\n` })
        .toString()
        .trim()

    function ringOn(backend: string): KetamaRing<memjs.Client> {
      const ring = new KetamaRing<memjs.Client>({ backend: backend as 'js', compat: 'libmemcached' })
      ports.forEach((port, k) => {
        const client = memjs.Client.create(`127.0.0.1:${port}`, { retries: 0, logger: { log: () => {} } })
        ring.addConsumer(`127.0.0.1:${port}`, client, { weight: WEIGHTS[k] })
      })
      return ring
    }

    /** Closes the memjs clients of a ring (every server is among the 3 replicas of any key). */
    const close = (ring: KetamaRing<memjs.Client>) => {
      for (const client of ring.getConsumers('', 3)) client.close()
    }

    it.each(
      backendsUnderTest(),
    )('Node (%s backend) writes 10,000 keys, libmemcached reads them all: 0 misses', async (backend) => {
      const ring = ringOn(backend)
      const keys = KEYS.map((key) => `${backend}:${key}`)
      const perServer = new Map<string, number>()
      for (let start = 0; start < keys.length; start += 200) {
        await Promise.all(
          keys.slice(start, start + 200).map((key) => {
            const server = ring.getConsumerId(key) as string
            perServer.set(server, (perServer.get(server) ?? 0) + 1)
            return (ring.getConsumer(key) as memjs.Client).set(key, `v:${key}`, { expires: 0 })
          }),
        )
      }
      // Weighted 1:2:3, every server holds a fair share: the placement is not trivial.
      expect([...perServer.values()].every((n) => n > 1000)).toBe(true)
      expect(runC('get', keys)).toBe(`misses 0 of ${keys.length}`)
      // And a key is only on its server: reading another server's keys misses.
      const other = ring.getConsumers(keys[0], 3)[1]
      expect((await other.get(keys[0])).value).toBeNull()
      close(ring)
    })

    it.each(
      backendsUnderTest(),
    )('libmemcached writes 10,000 keys, Node (%s backend) reads them all: 0 misses', async (backend) => {
      const ring = ringOn(backend)
      const keys = KEYS.map((key) => `reverse:${backend}:${key}`)
      runC('set', keys)
      let misses = 0
      for (let start = 0; start < keys.length; start += 200) {
        const values = await Promise.all(
          keys.slice(start, start + 200).map((key) => (ring.getConsumer(key) as memjs.Client).get(key)),
        )
        values.forEach(({ value }, k) => {
          if (value?.toString() !== `v:${keys[start + k]}`) misses++
        })
      }
      expect(misses).toBe(0)
      close(ring)
    })
  },
)
