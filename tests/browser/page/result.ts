/** The shape of what the page publishes, shared by the page and the Node test. */
import type { ExperimentRow } from '@chash/demo'
import type { GoldenSummary } from './golden.js'

/** The global the page assigns its {@link BrowserReport} to when it is done. */
export const RESULT_GLOBAL = '__CHASH_BROWSER_TEST__'

/** The browser backends the page tests (native needs Node). */
export const PAGE_BACKENDS = ['wasm', 'js'] as const

/** One backend's results in the page. */
export interface BackendReport {
  name: (typeof PAGE_BACKENDS)[number]
  /** Whether a ring could be created with `backend: name`. */
  available: boolean
  /** The error of creating the ring when it was not available. */
  unavailableReason?: string
  /** `ring.backend` of a ring created with `backend: name`. */
  ringBackend?: string
  /** The golden vectors (fixtures/) on this backend. */
  golden?: GoldenSummary
  /** `runCacheExperiment({ backend: name })` of @chash/demo. */
  demo?: ExperimentRow[]
  /** How long the checks and the demo took, in ms. */
  ms?: number
}

/** Everything the page found. */
export interface BrowserReport {
  userAgent: string
  init: {
    /** The error of `new ConsistentHashRing({ backend: 'wasm' })` before `init()`. */
    wasmBeforeInit?: string
    /** The error of `init()`, if it failed. */
    error?: string
    /** How long the first `init()` took, in ms. */
    ms?: number
    /** Whether a second `init()` resolved too (it must: init is idempotent). */
    secondCallResolved?: boolean
  }
  availableBackends: string[]
  /** `ring.backend` of a ring created with the default `backend: 'auto'`. */
  autoBackend: string
  backends: BackendReport[]
  /** A failure that stopped the page; the other fields may then be missing. */
  fatal?: string
  durationMs: number
}
