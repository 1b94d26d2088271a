/**
 * The golden fixtures and a cross-backend comparison in every runtime we support besides Node and
 * Chromium: Bun, Deno and a Cloudflare Worker in workerd, each from its npm package (pinned in
 * pnpm-workspace.yaml's catalog). The suite (src/suite/) is bundled once and run by Node for the
 * reference, by Bun and Deno as a program, and by workerd as a Worker that miniflare serves on
 * loopback. Each runtime's report must show every golden vector passed on each backend it runs,
 * and the same placement lines as Node.
 *
 * In CI a runtime that cannot run, or a backend it must load, fails; elsewhere it is skipped with
 * a warning.
 */
import { execFile } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { Miniflare } from 'miniflare'
import { beforeAll, describe, expect, it } from 'vitest'
import { isCI } from '../../../scripts/ci.mjs'
import { bundleSuite } from './bundle.js'
import type { BackendName, SuiteReport } from './suite/suite.js'

const run = promisify(execFile)
const here = fileURLToPath(new URL('..', import.meta.url))
const require = createRequire(import.meta.url)
const ci = isCI()
const core = fileURLToPath(new URL('../../../packages/core/', import.meta.url))
/** @chash/core's test files that read fixtures/ or compare backends. */
const CORE_SUITES = [
  'src/hash/xxhash.test.ts',
  'src/jump.test.ts',
  'src/ring.test.ts',
  'src/memento.test.ts',
  'src/ketama-fixtures.test.ts',
  'src/cross-backend.test.ts',
  'src/cross-backend-memento.test.ts',
]

/** The backends each runtime must run (in CI; elsewhere those whose package is built). */
const REQUIRED: Record<string, BackendName[]> = {
  node: ['native', 'wasm', 'js'],
  bun: ['native', 'wasm', 'js'],
  deno: ['native', 'wasm', 'js'],
  workerd: ['wasm', 'js'],
}

/** The environment of a runtime: no backend override from the caller. */
function env(): NodeJS.ProcessEnv {
  const { CHASH_BACKEND: _b, CHASH_TEST_BACKENDS: _t, NODE_OPTIONS: _o, ...rest } = process.env
  return rest
}

async function runJson(command: string, args: string[]): Promise<SuiteReport> {
  try {
    const { stdout } = await run(command, args, { cwd: here, env: env(), maxBuffer: 64 << 20 })
    return JSON.parse(stdout) as SuiteReport
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string }
    throw new Error(`${command} ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`, { cause: error })
  }
}

/** A binary of an npm package, as its bin field names it. */
function bin(pkg: string, name = pkg): string {
  const manifest = require(`${pkg}/package.json`) as { bin: string | Record<string, string> }
  const path = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin[name]
  return require.resolve(`${pkg}/${path}`)
}

/** Asserts `report` ran `backends` with every golden vector passed and Node's placement. */
function expectLikeNode(report: SuiteReport, node: SuiteReport, backends: readonly BackendName[]): void {
  const reference = node.backends.js
  const counts = reference?.golden
  console.log(
    `[runtimes] ${report.runtime} ${report.version}: ${backends.join(', ')} checked, each with ` +
      `${counts?.core.passed} xxhash/jump/ring, ${counts?.memento.passed} memento and ${counts?.ketama.passed} ` +
      `ketama golden checks and ${reference?.placements?.length} placement lines; available: ${report.available.join(', ')}`,
  )
  for (const name of backends) {
    const entry = report.backends[name]
    expect(entry?.reason, `${report.runtime} ${name}`).toBeUndefined()
    expect(entry?.available, `${report.runtime} ${name}`).toBe(true)
    const golden = entry?.golden
    expect(golden?.core.failures, `${report.runtime} ${name} xxhash/jump/ring`).toEqual([])
    expect(golden?.memento.failures, `${report.runtime} ${name} memento`).toEqual([])
    expect(golden?.ketama.failures, `${report.runtime} ${name} ketama`).toEqual([])
    // As many checks as Node's js run: a checker that silently checks nothing cannot pass.
    expect(golden?.core.passed).toBe(reference?.golden?.core.passed)
    expect(golden?.memento.passed).toBe(reference?.golden?.memento.passed)
    expect(golden?.ketama.passed).toBe(reference?.golden?.ketama.passed)
    expect(entry?.differences, `${report.runtime} ${name} vs js`).toEqual([])
    expect(entry?.placements).toEqual(reference?.placements)
  }
}

/** The backends to require of `runtime` here. */
function required(runtime: string): BackendName[] {
  const built = { native: hasNative(), wasm: hasWasm(), js: true }
  return REQUIRED[runtime].filter((name) => ci || built[name])
}

function hasNative(): boolean {
  try {
    require('@chash/native')
    return true
  } catch {
    return false
  }
}

function hasWasm(): boolean {
  try {
    require.resolve('@chash/core/chash.wasm')
    return true
  } catch {
    return false
  }
}

describe('the suite in every runtime', () => {
  let bundles: { cli: string; worker: string }
  let node: SuiteReport

  beforeAll(async () => {
    bundles = await bundleSuite()
    node = await runJson(process.execPath, [bundles.cli])
  })

  it('Node (the reference): every backend passes the golden vectors and agrees with js', () => {
    expect(node.runtime).toBe('node')
    expect(node.backends.js?.golden?.core.passed).toBeGreaterThan(4000)
    expect(node.backends.js?.golden?.memento.passed).toBeGreaterThan(100)
    expect(node.backends.js?.golden?.ketama.passed).toBeGreaterThan(100)
    expectLikeNode(node, node, required('node'))
  })

  it('Bun', async () => {
    const report = await runJson(bin('bun'), [bundles.cli])
    expect(report.runtime).toBe('bun')
    expect(report.version).toBe(require('bun/package.json').version)
    expectLikeNode(report, node, required('bun'))
  })

  it('Deno', async () => {
    const report = await runJson(bin('deno'), ['run', '--allow-all', bundles.cli])
    expect(report.runtime).toBe('deno')
    expect(report.version).toBe(require('deno/package.json').version)
    expectLikeNode(report, node, required('deno'))
  })

  // @chash/core's own vitest suites, with vitest itself running inside the runtime (`bun --bun`;
  // Deno runs it as a Node program): the golden fixtures of every kind and the differential fuzz
  // that compares each backend with js step by step.
  it.each([
    ['Bun', 'bun', (vitest: string) => [bin('bun'), ['--bun', vitest]] as const],
    ['Deno', 'deno', (vitest: string) => [bin('deno'), ['run', '--allow-all', vitest]] as const],
  ])("%s runs @chash/core's golden and cross-backend test files", async (_, runtime, command) => {
    const backends = required(runtime)
    const vitest = join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs')
    const report = join(here, 'dist', `core-suites-${runtime}.json`)
    const [program, args] = command(vitest)
    rmSync(report, { force: true })
    try {
      await run(program, [...args, 'run', '--reporter=json', `--outputFile=${report}`, ...CORE_SUITES], {
        cwd: core,
        env: { ...env(), CHASH_TEST_BACKENDS: backends.join(',') },
        maxBuffer: 64 << 20,
      })
    } catch (error) {
      // Once under load, Bun's vitest exited 1 after writing a report of every test passed, with
      // nothing on stderr: the report decides, the exit code is reported.
      const { code, stdout, stderr } = error as { code?: number; stdout?: string; stderr?: string }
      if (!existsSync(report))
        throw new Error(`vitest in ${runtime} failed:\n${stdout}${stderr}`, { cause: error })
      console.warn(
        `[runtimes] vitest in ${runtime} exited with code ${code} after its report; stderr: ${stderr}`,
      )
    }
    const result = JSON.parse(readFileSync(report, 'utf8')) as {
      numTotalTests: number
      numPassedTests: number
      numFailedTests: number
      success: boolean
      testResults: Array<{ name: string; assertionResults: Array<{ fullName: string; status: string }> }>
    }
    console.log(
      `[runtimes] ${runtime}: @chash/core's ${result.testResults.length} golden and cross-backend test files, ` +
        `${result.numPassedTests} of ${result.numTotalTests} tests passed on ${backends.join(', ')}`,
    )
    expect(result.success).toBe(true)
    expect(result.numFailedTests).toBe(0)
    expect(result.testResults.length).toBe(CORE_SUITES.length)
    // Skipped, in Node too: only what does not apply to the js engine (it has no engine of its own to refuse).
    const notPassed = result.testResults.flatMap((file) =>
      file.assertionResults
        .filter((test) => test.status !== 'passed')
        .map((test) => `${test.status}: ${test.fullName}`),
    )
    for (const line of notPassed) expect(line).toMatch(/^skipped: .* on the js backend /)
    expect(result.numPassedTests).toBeGreaterThan(200)
  })

  it('a Cloudflare Worker in workerd answers placement requests on wasm like Node', async () => {
    // The Worker's wasm is the `@chash/core/chash.wasm` file: no Worker without it.
    if (!ci && !hasWasm())
      return console.warn('[runtimes] @chash/wasm is not built: the Worker is NOT tested')
    const wasm = require.resolve('@chash/core/chash.wasm')
    const mf = new Miniflare({
      host: '127.0.0.1',
      modules: [
        { type: 'ESModule', path: 'worker.mjs', contents: readFileSync(bundles.worker, 'utf8') },
        { type: 'CompiledWasm', path: '@chash/core/chash.wasm', contents: readFileSync(wasm) },
      ],
      compatibilityDate: '2025-09-01',
    })
    try {
      const url = await mf.ready
      expect(url.hostname).toBe('127.0.0.1')
      const suite = (await (await mf.dispatchFetch(new URL('/suite', url))).json()) as SuiteReport
      expect(suite.initError).toBeUndefined()
      const version = (require('workerd/package.json') as { version: string }).version
      expectLikeNode({ ...suite, version }, node, required('workerd'))
      expect(suite.available).toEqual(['wasm', 'js'])

      // A placement request, answered like Node's ring.
      const consumers = ['cache-a', 'cache-b', 'cache-c', 'cache-d']
      const keys = Array.from({ length: 300 }, (_, k) => `user:${k}`)
      const response = await mf.dispatchFetch(new URL('/place', url), {
        method: 'POST',
        body: JSON.stringify({ consumers, keys }),
      })
      const answer = (await response.json()) as { backend: string; placed: unknown[]; initError?: string }
      expect(answer.initError).toBeUndefined()
      expect(answer.backend).toBe('wasm')
      const { ConsistentHashRing } = await import('@chash/core')
      const ring = new ConsistentHashRing<string>({ backend: 'js' })
      for (const id of consumers) ring.addConsumer(id, id)
      expect(answer.placed).toEqual(keys.map((key) => [ring.getConsumerId(key), ring.getConsumerIds(key, 2)]))
    } finally {
      await mf.dispose()
    }
  })
})
