/**
 * What every runtime runs: on each backend that loads, all the golden vectors of fixtures/ and the
 * placement lines that backends must agree on; the report is plain JSON, compared by
 * runtimes.test.ts with Node's. No test framework and no runtime-specific API: the same code runs
 * in Node, Bun, Deno and a Cloudflare Worker.
 */
import type * as Core from '@chash/core'
import jump from '../../../../fixtures/jump.json' with { type: 'json' }
import ketama from '../../../../fixtures/ketama.json' with { type: 'json' }
import memento from '../../../../fixtures/memento.json' with { type: 'json' }
import ring from '../../../../fixtures/ring.json' with { type: 'json' }
import xxhash from '../../../../fixtures/xxhash.json' with { type: 'json' }
import type { MementoFixture } from '../../../../packages/core/src/test/fixture-format.js'
import type { KetamaFixture } from '../../../../packages/core/src/test/ketama-fixture-format.js'
import { differences, placements } from '../../../install/app/checks.mjs'
import { checkGoldenVectors, type Fixtures, type GoldenSummary } from './golden.js'
import { checkKetama, checkMemento, type Tally } from './more-golden.js'

export type BackendName = 'native' | 'wasm' | 'js'

/** One backend's results in one runtime. */
export interface BackendResult {
  available: boolean
  /** Why it did not load. */
  reason?: string
  golden?: { core: GoldenSummary; memento: Tally; ketama: Tally }
  /** See tests/install/app/checks.mjs: equal lines mean equal placement. */
  placements?: string[]
  /** The first lines where this backend differs from js in the same runtime. */
  differences?: string[]
}

/** The report a runtime prints (or a Worker returns). */
export interface SuiteReport {
  runtime: string
  version: string
  initError?: string
  available: BackendName[]
  autoBackend: string
  backends: Partial<Record<BackendName, BackendResult>>
}

const fixtures = { xxhash, jump, ring } as unknown as Fixtures

/** Runs every check on `backends` (js is always among them, the reference within the runtime). */
export function runSuite(
  core: typeof Core,
  runtime: { name: string; version: string },
  backends: readonly BackendName[],
): Omit<SuiteReport, 'initError'> {
  const report: Omit<SuiteReport, 'initError'> = {
    runtime: runtime.name,
    version: runtime.version,
    available: core.availableBackends(),
    autoBackend: new core.ConsistentHashRing().backend,
    backends: {},
  }
  for (const name of backends) {
    try {
      new core.ConsistentHashRing({ backend: name }).dispose()
    } catch (error) {
      report.backends[name] = {
        available: false,
        reason: error instanceof Error ? error.message : String(error),
      }
      continue
    }
    report.backends[name] = {
      available: true,
      golden: {
        core: checkGoldenVectors(core, name, fixtures),
        memento: checkMemento(core, name, memento as unknown as MementoFixture),
        ketama: checkKetama(core, name, ketama as unknown as KetamaFixture),
      },
      placements: placements(core, name),
    }
  }
  const reference = report.backends.js?.placements ?? []
  for (const entry of Object.values(report.backends)) {
    if (entry.placements !== undefined) entry.differences = differences(reference, entry.placements)
  }
  return report
}
