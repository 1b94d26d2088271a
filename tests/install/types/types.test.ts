/**
 * The published declarations of @chash/core type a consumer with every TypeScript the README
 * promises (5.0 and later), skipLibCheck off so that each .d.ts of the package is checked: the
 * oldest (typescript-5.0), the workspace's own and the newest (typescript-newest), each with
 * nodenext and bundler resolution. The packages are packed and installed with npm outside the
 * workspace, as in ../src/install.test.ts; the compilers run from this workspace.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createProject, pack, runNode } from '../src/project.js'

const packages = fileURLToPath(new URL('../../../packages/', import.meta.url))
const appSources = fileURLToPath(new URL('./app/', import.meta.url))
const require = createRequire(import.meta.url)

/** Each compiler: its package, and whether it has `using` (TypeScript 5.2 and later). */
const compilers = [
  { name: 'typescript-5.0', using: false },
  { name: 'typescript', using: true },
  { name: 'typescript-newest', using: true },
].map((c) => {
  // The bin from the manifest: TypeScript 7's `exports` does not list bin/tsc.
  const manifestPath = require.resolve(`${c.name}/package.json`)
  const manifest = require(manifestPath) as { version: string; bin: { tsc: string } }
  return { ...c, version: manifest.version, tsc: join(dirname(manifestPath), manifest.bin.tsc) }
})

/** Runs `tsc` on `files` in `app` with strict settings, no skipLibCheck, and no @types at all. */
async function typeCheck(app: string, tsc: string, resolution: 'nodenext' | 'bundler', files: string[]) {
  const config = `tsconfig.${resolution}.${compilers.findIndex((c) => c.tsc === tsc)}.json`
  const compilerOptions = {
    noEmit: true,
    strict: true,
    skipLibCheck: false,
    target: 'es2022',
    lib: ['es2022', 'dom'],
    types: [],
    module: resolution === 'nodenext' ? 'nodenext' : 'esnext',
    moduleResolution: resolution,
  }
  writeFileSync(join(app, config), JSON.stringify({ compilerOptions, files }))
  return runNode(app, [tsc, '-p', config])
}

describe('the published types', () => {
  let root: string
  let app: string

  beforeAll(async () => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'chash-types-test-')))
    app = join(root, 'app')
    mkdirSync(app)
    const tarballs = await Promise.all(
      ['core', 'wasm', 'native'].map((name) => pack(join(packages, name), root)),
    )
    await createProject(app, tarballs, {
      'consumer.ts': join(appSources, 'consumer.ts'),
      'consumer-using.ts': join(appSources, 'consumer-using.ts'),
    })
  })

  afterAll(() => {
    if (root !== undefined) rmSync(root, { recursive: true, force: true })
  })

  it('come from the oldest supported TypeScript (5.0) to the newest', () => {
    const versions = compilers.map((c) => c.version)
    expect(versions[0]).toMatch(/^5\.0\./)
    // Newest last: the pin of typescript-newest is the latest release when it was set.
    const major = (v: string) => Number(v.split('.')[0])
    expect(major(versions[2])).toBeGreaterThanOrEqual(major(versions[1]))
  })

  for (const compiler of compilers) {
    for (const resolution of ['nodenext', 'bundler'] as const) {
      it(`type-check a consumer of the whole API with ${compiler.name} (${resolution})`, async () => {
        const files = compiler.using ? ['consumer.ts', 'consumer-using.ts'] : ['consumer.ts']
        // tsc prints nothing and exits 0 when the program type-checks; runNode throws otherwise.
        expect(await typeCheck(app, compiler.tsc, resolution, files)).toBe('')
      })
    }
  }

  it('fail where they should: a wrong use is an error, on the oldest TypeScript too', async () => {
    writeFileSync(
      join(app, 'wrong.ts'),
      "import { ConsistentHashRing } from '@chash/core'\nnew ConsistentHashRing({ vnodes: '160' })\n",
    )
    const error = await typeCheck(app, compilers[0].tsc, 'nodenext', ['wrong.ts']).catch((e: Error) => e)
    expect(String(error)).toMatch(/wrong\.ts\(2,\d+\): error TS2322/)
  })
})
