/**
 * Every ts/js block of the README runs as written against the built packages and prints exactly
 * what its `// prints:` comments show (src/blocks.ts has the rule; the README's "Contributing"
 * section states it for authors). Node blocks run in Node from tests/readme (so `@chash/core`
 * resolves to the workspace's build); browser blocks are bundled by Vite and run in Chromium.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'
import {
  buildPage,
  CHROMIUM_HOW_TO,
  findChromium,
  isCI,
  runPage,
  serveStatic,
} from '@chash/browser-test/harness'
import { transform } from 'esbuild'
import { afterAll, describe, expect, it } from 'vitest'
import { extractBlocks } from './blocks.js'

const run = promisify(execFile)
const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8')
const blocks = extractBlocks(readme)
const work = fileURLToPath(new URL('../dist/blocks/', import.meta.url))
const chromium = findChromium()
const RESULT = '__README_BLOCK_DONE__'

/** The block as JavaScript that Node 20 and Chromium run (types stripped, `using` lowered). */
async function toJs(code: string): Promise<string> {
  return (await transform(code, { loader: 'ts', format: 'esm', target: 'es2022' })).code
}

/** The environment of a block: no backend override from the caller. */
function env(): NodeJS.ProcessEnv {
  const { CHASH_BACKEND: _b, CHASH_TEST_BACKENDS: _t, NODE_OPTIONS: _o, ...rest } = process.env
  return rest
}

async function runInNode(name: string, code: string): Promise<string[]> {
  const file = join(work, `${name}.mjs`)
  writeFileSync(file, await toJs(code))
  try {
    const { stdout } = await run(process.execPath, [file], { cwd: work, env: env() })
    return stdout.split('\n').filter((line) => line !== '')
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string }
    throw new Error(`the block failed:\n${stdout ?? ''}${stderr ?? ''}`, { cause: error })
  }
}

async function runInChromium(name: string, code: string): Promise<string[]> {
  if (chromium === undefined) throw new Error(`Chromium is missing: ${CHROMIUM_HOW_TO}`)
  const root = join(work, name)
  mkdirSync(root, { recursive: true })
  writeFileSync(
    join(root, 'index.html'),
    '<!doctype html><link rel="icon" href="data:,"><script type="module" src="./main.js"></script>',
  )
  writeFileSync(join(root, 'main.js'), `${await toJs(code)}\nglobalThis.${RESULT} = true\n`)
  await buildPage({ root, outDir: join(root, 'dist') })
  const server = await serveStatic(join(root, 'dist'))
  const page = await runPage<boolean>(server.url, { chromium, resultGlobal: RESULT }).finally(() =>
    server.close(),
  )
  expect(page.pageErrors).toEqual([])
  expect(page.consoleErrors).toEqual([])
  expect(page.failedRequests).toEqual([])
  return page.console.flatMap((line) => {
    const match = /^\[log\] (.*?)(?: \(http:\/\/127\.0\.0\.1:\d+\/\S*\))?$/.exec(line)
    return match === null ? [] : [match[1]]
  })
}

describe('README code blocks', () => {
  mkdirSync(work, { recursive: true })
  afterAll(() => rmSync(work, { recursive: true, force: true }))

  it('has runnable blocks, and every block not run says why', () => {
    const runnable = blocks.filter((b) => typeof b.mode === 'string')
    expect(runnable.length).toBeGreaterThanOrEqual(4)
    for (const block of blocks) {
      if (typeof block.mode === 'object')
        expect(block.mode.skip.length, `line ${block.line}`).toBeGreaterThan(3)
    }
  })

  const runnable = blocks.filter((b) => typeof b.mode === 'string')

  it('type-checks: the ts blocks compile with strict TypeScript against the published types', async () => {
    const dir = join(work, 'typecheck')
    mkdirSync(dir, { recursive: true })
    const files = runnable
      .filter((b) => b.lang === 'ts' || b.lang === 'typescript')
      .map((b) => {
        writeFileSync(join(dir, `line-${b.line}.ts`), b.code)
        return `line-${b.line}.ts`
      })
    // A browser block gets DOM types, a Node block Node's: both sets at once cover either.
    const compilerOptions = {
      noEmit: true,
      strict: true,
      skipLibCheck: false,
      target: 'es2022',
      module: 'esnext',
      moduleResolution: 'bundler',
      lib: ['es2022', 'dom'],
      types: ['node'],
    }
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files }))
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
    await run(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { cwd: dir }).catch((error) => {
      throw new Error(`tsc found errors in README blocks:\n${error.stdout ?? ''}${error.stderr ?? ''}`)
    })
    expect(files.length).toBeGreaterThanOrEqual(4)
  })

  it.each(
    runnable.map((b) => [b.line, b.mode, b] as const),
  )('the block at line %i runs in %s and prints what it shows', async (line, mode, block) => {
    // Each block shows what it prints; a block without `// prints:` would test nothing.
    expect(block.prints.length, `line ${line}: no // prints: comment`).toBeGreaterThan(0)
    if (mode === 'browser' && chromium === undefined && !isCI())
      return console.warn(`[readme-test] no Chromium: the browser block at line ${line} is NOT run`)
    const printed =
      mode === 'browser'
        ? await runInChromium(`line-${line}`, block.code)
        : await runInNode(`line-${line}`, block.code)
    expect(printed, `README.md line ${line}`).toEqual(block.prints)
  })
})

describe('README figures', () => {
  it("quotes the built WebAssembly module's size, raw and gzipped as packages/wasm's build measures it", () => {
    const wasm = new URL('../../../packages/wasm/pkg/chash_wasm_bg.wasm', import.meta.url)
    if (!existsSync(wasm) && !isCI())
      return console.warn('[readme-test] @chash/wasm is not built: its size in the README is NOT checked')
    const bytes = readFileSync(wasm)
    const kB = (n: number) => (n / 1000).toFixed(1)
    expect(readme).toContain(
      `(${kB(bytes.length)} kB, ${kB(gzipSync(bytes, { level: 9 }).length)} kB gzipped)`,
    )
  })
})
