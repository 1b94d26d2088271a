/**
 * The project both tests use: @chash/core, @chash/wasm and @chash/native packed as `npm publish`
 * would ship them and installed with npm into a fresh project in the system's temp folder (outside
 * the workspace, so no workspace link or hoisted package can stand in), with app/'s files and a
 * few ring.json vectors; and the checks of what its scripts and pages report.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { isCI } from '@chash/browser-test/harness'
import { expect } from 'vitest'
import { createProject, pack, type Tarball } from './project.js'

export const workspace = realpathSync(fileURLToPath(new URL('../../../', import.meta.url)))
const packages = join(workspace, 'packages')
const appSources = fileURLToPath(new URL('../app/', import.meta.url))
const ringFixture = JSON.parse(
  readFileSync(new URL('../../../fixtures/ring.json', import.meta.url), 'utf8'),
) as { scenarios: Array<{ lookups: unknown[]; points?: unknown }> }

export const ci = isCI()
export const built = {
  core: existsSync(join(packages, 'core/dist/index.js')),
  wasm: existsSync(join(packages, 'wasm/pkg/chash_wasm_bg.wasm')),
  native: readdirSync(join(packages, 'native')).some((file) => file.endsWith('.node')),
}

export type BackendName = 'js' | 'wasm' | 'native'

/** What checks.mjs reports for one backend. */
export interface BackendCheck {
  available: boolean
  reason?: string
  ringBackend?: string
  vectors?: { passed: number; failed: number; failures: string[] }
  placements?: string[]
  differences?: string[]
}

/** What check-esm.mjs, server.mjs and the pages report. */
export interface AppReport {
  fatal?: string
  node?: string
  resolved?: Record<string, string>
  exports?: string[]
  initResolved?: boolean
  initError?: string
  available: BackendName[]
  /** server.mjs: availableBackends() after init(). */
  afterInit?: BackendName[]
  autoBackend: BackendName
  backends: Partial<Record<BackendName, BackendCheck>>
}

// A few vectors of every ring.json scenario: enough to catch a wrong build, quick to run.
const vectors = {
  scenarios: ringFixture.scenarios.map(({ points: _points, ...scenario }) => ({
    ...scenario,
    lookups: scenario.lookups.slice(0, 40),
  })),
}
const vectorCount = vectors.scenarios.reduce((sum, s) => sum + 2 + 2 * s.lookups.length, 0)

/** The backends that must work in the installed project. */
export function expectedBackends(): BackendName[] {
  if (ci) return ['native', 'wasm', 'js']
  return (['native', 'wasm', 'js'] as const).filter((name) => name === 'js' || built[name])
}

/** Asserts that every backend in `names` passed the vectors and placed keys like js. */
export function expectBackendsPass(report: AppReport, names: readonly BackendName[]): void {
  for (const name of names) {
    const entry = report.backends[name]
    expect(entry?.reason, `${name} backend`).toBeUndefined()
    expect(entry?.available, `${name} backend`).toBe(true)
    expect(entry?.ringBackend).toBe(name)
    expect(entry?.vectors?.failures).toEqual([])
    expect(entry?.vectors?.passed).toBe(vectorCount)
    expect(entry?.differences, `${name} backend vs js`).toEqual([])
  }
}

/** The installed project. */
export interface InstalledApp {
  /** The temp folder (the tarballs and the project); remove it when done. */
  root: string
  /** The project. */
  app: string
  tarballs: Tarball[]
}

/** Packs the packages and installs them with app/'s `files` into a fresh project. */
export async function installApp(files: readonly string[]): Promise<InstalledApp> {
  const missing = Object.entries(built).filter(([, ok]) => !ok)
  if (!built.core) throw new Error('@chash/core is not built: run `pnpm exec turbo run build` first')
  if (ci && missing.length > 0) {
    throw new Error(
      `CI must test every package, but these are not built: ${missing.map(([n]) => n).join(', ')}`,
    )
  }
  for (const [name] of missing)
    console.warn(`[install-test] @chash/${name} is not built: its backend is not tested`)
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'chash-install-test-')))
  const app = join(root, 'app')
  // The core's dependencies are packed too, whether built or not: installing it needs them.
  const tarballs = await Promise.all(
    ['core', 'wasm', 'native'].map((name) => pack(join(packages, name), root)),
  )
  mkdirSync(app)
  writeFileSync(join(app, 'vectors.json'), JSON.stringify(vectors))
  await createProject(app, tarballs, Object.fromEntries(files.map((f) => [f, join(appSources, f)])))
  return { root, app, tarballs }
}
