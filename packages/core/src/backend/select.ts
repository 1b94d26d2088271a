/**
 * Which backend runs: loading each one at most once, `auto` preference, the CHASH_BACKEND
 * override, and errors that say why a backend is missing.
 */
import { codedError, rangeError, typeError } from '../errors.js'
import { describe } from '../validate.js'
import { jsBackend } from './js/index.js'
import { loadNativeBackend } from './native/index.js'
import type { Backend, BackendName } from './types.js'
import { isWasmReady, loadWasmBackend, NOT_LOADED } from './wasm/index.js'

/** A backend choice as the options accept it. */
export type BackendChoice = BackendName | 'auto'

/** The order in which `auto` tries backends: fastest first. */
const AUTO_ORDER: readonly BackendName[] = ['native', 'wasm', 'js']

type LoadResult = { backend: Backend; reason?: undefined } | { backend?: undefined; reason: string }

/** How to load each backend; a loader throws an Error saying why it cannot. */
const loaders: Record<BackendName, () => Backend> = {
  js: () => jsBackend,
  native: loadNativeBackend,
  wasm: loadWasmBackend,
}

const loaded = new Map<BackendName, LoadResult>()

function load(name: BackendName): LoadResult {
  let result = loaded.get(name)
  // A wasm backend that failed before init() finished loads now.
  if (result === undefined || (result.backend === undefined && name === 'wasm' && isWasmReady())) {
    try {
      result = { backend: loaders[name]() }
    } catch (error) {
      result = { reason: error instanceof Error ? error.message : String(error) }
    }
    loaded.set(name, result)
  }
  return result
}

/** The backends that load in this environment, fastest first. */
export function availableBackends(): BackendName[] {
  return AUTO_ORDER.filter((name) => load(name).backend !== undefined)
}

function isChoice(value: unknown): value is BackendChoice {
  return value === 'auto' || value === 'native' || value === 'wasm' || value === 'js'
}

// Read once: process.env is slow to query, and `auto` is resolved on every stateless call.
let override: { name: BackendName | undefined } | undefined

/** The CHASH_BACKEND environment variable in Node; undefined elsewhere or when unset. */
function envOverride(): BackendName | undefined {
  override ??= { name: readOverride() }
  return override.name
}

function readOverride(): BackendName | undefined {
  const value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env
    ?.CHASH_BACKEND
  if (value === undefined || value === '' || value === 'auto') return undefined
  if (value === 'native' || value === 'wasm' || value === 'js') return value
  throw rangeError(`CHASH_BACKEND must be one of auto, native, wasm, js, got ${describe(value)}`)
}

/**
 * The backend for a `backend` option: a named one (or an Error saying why it is not available),
 * or for `auto` the CHASH_BACKEND override if set, else the fastest that loads.
 */
export function resolveBackend(choice: unknown): Backend {
  if (choice === undefined) choice = 'auto'
  if (!isChoice(choice)) {
    // Only undefined means the default: null or a number is a wrong type, an unknown name a wrong value.
    const wrong = typeof choice === 'string' ? rangeError : typeError
    throw wrong(`backend must be one of 'auto', 'native', 'wasm', 'js', got ${describe(choice)}`)
  }
  const name = choice === 'auto' ? envOverride() : choice
  if (name === undefined) {
    for (const candidate of AUTO_ORDER) {
      const result = load(candidate)
      if (result.backend === undefined) continue
      if (candidate === 'js') warnIfWasmAwaitsInit()
      return result.backend
    }
  }
  const wanted = name ?? 'js'
  const result = load(wanted)
  if (result.backend !== undefined) return result.backend
  throw codedError(
    'ERR_CHASH_BACKEND_UNAVAILABLE',
    `The '${wanted}' backend is not available: ${result.reason}. Available backends: ${availableBackends().join(', ')}.`,
  )
}

// --- backendReport ---

/** How one backend loaded here, or why it did not. */
export interface BackendStatus {
  readonly name: BackendName
  /** Whether it loads in this environment (and so may run). */
  readonly loaded: boolean
  /**
   * Why it does not load, when it does not: its load error's message (no prebuilt addon for this
   * platform, the platform package missing, the addon failing to load and why, WebAssembly not
   * initialised yet in a browser, …).
   */
  readonly reason?: string
}

/** What {@link backendReport} returns. */
export interface BackendReport {
  /** The backend `backend: 'auto'` runs now; undefined when CHASH_BACKEND names one that does not load. */
  readonly auto: BackendName | undefined
  /** Why `auto` runs it (or fails), in one sentence. */
  readonly why: string
  /** The backend the CHASH_BACKEND environment variable sets for `auto`, if any. */
  readonly override: BackendName | undefined
  /** Every backend, in the order `auto` tries them (fastest first). */
  readonly backends: readonly BackendStatus[]
}

/**
 * Names each backend and whether it loads here, with the reason when it does not, and which one
 * `backend: 'auto'` runs and why. Loading is tried as a ring would try it (each backend at most
 * once; wasm again once `init()` has resolved), so the report is what rings made now would get.
 * @throws RangeError (ERR_CHASH_INVALID_ARGUMENT) when CHASH_BACKEND holds an unknown name.
 */
export function backendReport(): BackendReport {
  const backends: BackendStatus[] = AUTO_ORDER.map((name) => {
    const { backend, reason } = load(name)
    return backend !== undefined ? { name, loaded: true } : { name, loaded: false, reason }
  })
  const override = envOverride()
  if (override !== undefined) {
    const status = backends.find((b) => b.name === override) as BackendStatus
    const why = status.loaded
      ? `CHASH_BACKEND=${override} chooses it`
      : `CHASH_BACKEND=${override} chooses it, but it does not load, so 'auto' throws: ${status.reason}`
    return { auto: status.loaded ? override : undefined, why, override, backends }
  }
  const auto = (backends.find((b) => b.loaded) as BackendStatus).name
  const skipped = backends.slice(0, AUTO_ORDER.indexOf(auto))
  const why =
    skipped.length === 0
      ? `${auto} is the fastest backend and it loads here`
      : `${auto} is the fastest backend that loads here (${skipped.map((b) => `${b.name}: ${b.reason}`).join('; ')})`
  return { auto, why, override, backends }
}
// --- end ---

// --- The fallback warning ---
let warning: 'off' | 'armed' | 'given' = 'off'

/**
 * Makes `backend: 'auto'` warn once (`console.warn`, one line) when it runs the js backend because
 * the WebAssembly module is not initialised yet: in a browser, a ring made before `await init()`
 * resolved. `warnOnJsFallback(false)` turns the warning off again.
 */
export function warnOnJsFallback(enabled = true): void {
  if (!enabled) warning = 'off'
  else if (warning === 'off') warning = 'armed'
}

function warnIfWasmAwaitsInit(): void {
  if (warning !== 'armed' || load('wasm').reason !== NOT_LOADED) return
  warning = 'given'
  console.warn(
    "@chash/core: backend 'auto' runs js (same placement, slower) because WebAssembly is not initialised yet; call and await init() before creating rings or hashing",
  )
}
// --- end ---
