/**
 * Which backend runs: loading each one at most once, `auto` preference, the CHASH_BACKEND
 * override, and errors that say why a backend is missing.
 */
import { describe } from '../validate.js'
import { jsBackend } from './js/index.js'
import { loadNativeBackend } from './native/index.js'
import type { Backend, BackendName } from './types.js'
import { isWasmReady, loadWasmBackend } from './wasm/index.js'

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
  throw new RangeError(`CHASH_BACKEND must be one of auto, native, wasm, js, got ${describe(value)}`)
}

/**
 * The backend for a `backend` option: a named one (or an Error saying why it is not available),
 * or for `auto` the CHASH_BACKEND override if set, else the fastest that loads.
 */
export function resolveBackend(choice: unknown): Backend {
  if (choice === undefined) choice = 'auto'
  if (!isChoice(choice)) {
    // Only undefined means the default: null or a number is a wrong type, an unknown name a wrong value.
    const Class = typeof choice === 'string' ? RangeError : TypeError
    throw new Class(`backend must be one of 'auto', 'native', 'wasm', 'js', got ${describe(choice)}`)
  }
  const name = choice === 'auto' ? envOverride() : choice
  if (name === undefined) {
    for (const candidate of AUTO_ORDER) {
      const result = load(candidate)
      if (result.backend !== undefined) return result.backend
    }
  }
  const wanted = name ?? 'js'
  const result = load(wanted)
  if (result.backend !== undefined) return result.backend
  throw new Error(
    `The '${wanted}' backend is not available: ${result.reason}. Available backends: ${availableBackends().join(', ')}.`,
  )
}
