/**
 * The wasm backend: the Rust engine of crates/chash_wasm compiled to WebAssembly (@chash/wasm).
 *
 * - Node: {@link loadWasmBackend} works synchronously. On first use it loads @chash/wasm's glue
 *   with `require` (reached through `process.getBuiltinModule`, so that this module has no static
 *   Node import and @chash/core stays bundleable for browsers), reads and compiles the .wasm file
 *   next to it and instantiates it with `initSync`.
 * - Browsers can only load WebAssembly asynchronously: `await initWasm()` first (it fetches the
 *   .wasm file that bundlers emit for @chash/wasm, or takes a URL, a Response, bytes or a compiled
 *   module); until then {@link loadWasmBackend} throws an Error saying so.
 */
import type * as WasmPackage from '@chash/wasm'
import { codedError, typeError, withCodeIfNone } from '../../errors.js'
import { describe } from '../../validate.js'
import type { Backend } from '../types.js'
import type { WasmExports, WasmGlue } from './engine.js'
import { createWasmBackend } from './instance.js'

/** Where {@link initWasm} can load the WebAssembly module from. */
export type WasmInput = URL | string | Response | BufferSource | WebAssembly.Module

/** @chash/wasm's exports as the loader uses them. @internal */
export type Glue = WasmGlue &
  Pick<typeof WasmPackage, 'initSync' | 'wasmUrl'> &
  Partial<Pick<typeof WasmPackage, '__wbg_reset_state'>>

/** A loader: one instance of the module, initialised at most once. @internal */
export interface WasmLoader {
  initWasm(input?: WasmInput): Promise<void>
  loadWasmBackend(): Backend
  /** Whether the module is instantiated (so that {@link WasmLoader.loadWasmBackend} succeeds). */
  isReady(): boolean
  /** Rings alive in the instance (created and not yet garbage collected); 0 before it is loaded. */
  liveRings(): number
}

const SPECIFIER = '@chash/wasm'
const HOW_TO_BUILD =
  'build it with `pnpm --filter @chash/wasm build` (needs Rust and the wasm toolchain of ' +
  'scripts/toolchain/rust-wasm.sh), or run `npm test`, which builds everything'
const NOT_FOUND =
  "install it next to @chash/core, or pass the .wasm file to `await init()` (`import wasmPath from '@chash/core/chash.wasm'`, " +
  'see the README on bundlers)'
/** Why wasm is missing outside Node before `init()` resolves (backendReport and the fallback warning name it). */
export const NOT_LOADED =
  'the WebAssembly module is not loaded yet: call `await init()` (initWasm) first, since outside ' +
  'Node.js it can only be loaded asynchronously'

const NO_URL =
  'init() needs the WebAssembly module here (this bundle has no URL to find the .wasm file from): ' +
  "pass it, e.g. `init(wasmModule)` with `import wasmModule from '@chash/core/chash.wasm'`"

type NodeRequire = (id: string) => unknown
interface NodeFs {
  readFileSync(path: string | URL): Uint8Array<ArrayBuffer>
  promises: { readFile(path: string | URL): Promise<Uint8Array<ArrayBuffer>> }
}
interface NodeApi {
  require: NodeRequire
  fs: NodeFs
}

let node: NodeApi | null | undefined

/** `require` and `fs` in Node (≥ 20.16), or undefined elsewhere. */
function nodeApi(): NodeApi | undefined {
  if (node === undefined) {
    const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
    if (typeof proc?.getBuiltinModule !== 'function') {
      node = null
    } else {
      const nodeModule = proc.getBuiltinModule('node:module') as { createRequire(from: string): NodeRequire }
      node = {
        require: nodeModule.createRequire(import.meta.url),
        fs: proc.getBuiltinModule('node:fs') as NodeFs,
      }
    }
  }
  return node ?? undefined
}

function reason(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).trim().replace(/\s*\n\s*/g, '; ')
}

/** A URL string's URL, or undefined for a file path (including Windows' `C:\…`). */
function parseUrl(input: string): URL | undefined {
  if (/^[a-z]:[\\/]/i.test(input)) return undefined
  try {
    return new URL(input)
  } catch {
    return undefined
  }
}

/** Compiles the module from any {@link WasmInput}, streaming where the platform can. */
async function compile(input: unknown): Promise<WebAssembly.Module> {
  if (input instanceof WebAssembly.Module) return input
  if (typeof input === 'string' || input instanceof URL) {
    const fs = nodeApi()?.fs
    const url = typeof input === 'string' ? parseUrl(input) : input
    // Node's fetch cannot read files.
    if (fs !== undefined && (url === undefined || url.protocol === 'file:')) {
      return WebAssembly.compile(await fs.promises.readFile(url ?? input))
    }
    return compile(await fetch(input))
  }
  if (typeof Response === 'function' && input instanceof Response) {
    if (!input.ok) {
      throw codedError(
        'ERR_CHASH_BACKEND_UNAVAILABLE',
        `fetching the WebAssembly module failed: HTTP ${input.status} ${input.statusText} ${input.url}`,
      )
    }
    // compileStreaming insists on this content type; otherwise fall back to the bytes.
    const type = input.headers.get('content-type')?.split(';')[0].trim().toLowerCase()
    if (type === 'application/wasm' && typeof WebAssembly.compileStreaming === 'function') {
      return WebAssembly.compileStreaming(input)
    }
    return WebAssembly.compile(await input.arrayBuffer())
  }
  if (input instanceof ArrayBuffer) return WebAssembly.compile(input)
  // V8 takes typed arrays but not a DataView, which BufferSource includes: view the bytes.
  if (ArrayBuffer.isView(input)) {
    return WebAssembly.compile(
      new Uint8Array(input.buffer as ArrayBuffer, input.byteOffset, input.byteLength),
    )
  }
  throw typeError(
    `initWasm() takes a URL, a string, a Response, bytes (BufferSource) or a WebAssembly.Module, got ${describe(input)}`,
  )
}

/**
 * Exports every build of chash_wasm has. Checked before the glue instantiates a module: given a
 * valid module of something else, the glue would keep its instance for good, and no retry with
 * the right module could replace it.
 */
const REQUIRED_EXPORTS = ['memory', 'wasmring_new', 'scratch_new', 'jump']

/** Throws if `module` is not a build of chash_wasm (see {@link REQUIRED_EXPORTS}). */
function checkModule(module: WebAssembly.Module): void {
  const names = new Set(WebAssembly.Module.exports(module).map((e) => e.name))
  const missing = REQUIRED_EXPORTS.filter((name) => !names.has(name))
  if (missing.length > 0)
    throw typeError(
      `initWasm() was given a WebAssembly module that is not @chash/wasm's (it lacks the exports ${missing.join(', ')})`,
    )
}

/** The URL of the glue's .wasm file, which a module without a URL (a Worker's) cannot give. */
function wasmFile(glue: Glue): URL {
  if (glue.wasmUrl === undefined) throw new TypeError(NO_URL)
  return glue.wasmUrl
}

/**
 * A loader of one @chash/wasm instance: `loadGlueSync` gets the glue synchronously (undefined
 * where that is impossible), `loadGlue` asynchronously. @internal (tests make loaders of fresh
 * instances with it)
 */
export function createWasmLoader(
  loadGlueSync: (() => Glue) | undefined,
  loadGlue: () => Promise<Glue>,
): WasmLoader {
  let glue: Glue | undefined
  let backend: Backend | undefined
  let ready: Promise<void> | undefined
  let syncFailure: Error | undefined

  function finish(loaded: Glue, module: WebAssembly.Module): Backend {
    // The first instantiation wins; initSync itself returns the existing instance if someone
    // else (another loader, the user) initialised this glue already.
    if (backend === undefined) {
      checkModule(module)
      const exports = loaded.initSync({ module }) as WasmExports
      const reset = loaded.__wbg_reset_state
      // After a trap: a fresh instance of the same module, whose exports initSync then returns.
      const restart =
        reset === undefined
          ? undefined
          : () => {
              reset()
              return loaded.initSync({ module }) as WasmExports
            }
      backend = createWasmBackend(loaded, exports, restart)
      glue = loaded
    }
    return backend
  }

  return {
    loadWasmBackend() {
      if (backend !== undefined) return backend
      const fs = nodeApi()?.fs
      if (loadGlueSync === undefined || fs === undefined) throw new Error(NOT_LOADED)
      if (syncFailure !== undefined) throw syncFailure
      try {
        const loaded = loadGlueSync()
        return finish(loaded, new WebAssembly.Module(fs.readFileSync(wasmFile(loaded))))
      } catch (error) {
        // Remembered: in `auto` mode every ring and function call asks again.
        const why = reason(error)
        // Not resolvable at all: a bundle that inlined @chash/core, shipped without node_modules.
        const advice = why.startsWith(`Cannot find module '${SPECIFIER}'`) ? NOT_FOUND : HOW_TO_BUILD
        syncFailure = new Error(`${SPECIFIER} could not be loaded (${why}); ${advice}`, { cause: error })
        throw syncFailure
      }
    },

    initWasm(input) {
      if (ready === undefined) {
        const started =
          backend !== undefined
            ? Promise.resolve()
            : (async () => {
                const loaded = await loadGlue()
                finish(loaded, await compile(input ?? wasmFile(loaded)))
              })().catch((error: unknown) => {
                // A module that does not compile, a network error: it stays as it is, coded.
                throw withCodeIfNone(error, 'ERR_CHASH_BACKEND_UNAVAILABLE')
              })
        ready = started
        // A failed attempt may be retried (with another input, say); the caller sees the error.
        started.catch(() => {
          if (ready === started) ready = undefined
        })
      }
      return ready
    },

    isReady: () => backend !== undefined,

    liveRings: () => glue?.liveRings() ?? 0,
  }
}

const defaultLoader = createWasmLoader(
  () => {
    const api = nodeApi()
    if (api === undefined) throw new Error(NOT_LOADED)
    // Node ≥ 20.19 can require an ES module (without top-level await, as wasm-bindgen's glue).
    return api.require(SPECIFIER) as Glue
  },
  async () => {
    const api = nodeApi()
    if (api !== undefined) {
      // The same instance as the synchronous path, so both never instantiate twice.
      try {
        return api.require(SPECIFIER) as Glue
      } catch {
        // A bundled Node app may have no resolvable @chash/wasm; try the module graph.
      }
    }
    return (await import('@chash/wasm')) as Glue
  },
)

/**
 * The wasm backend. In Node it loads and instantiates @chash/wasm synchronously on first use;
 * elsewhere {@link initWasm} must have finished first. It implements {@link Backend} exactly like
 * the js backend: same results, same NO_SLOT (-1).
 * @throws Error saying why the module cannot be loaded (not built, or not initialised yet).
 */
export function loadWasmBackend(): Backend {
  return defaultLoader.loadWasmBackend()
}

/**
 * Loads and instantiates the WebAssembly module, which browsers can only do asynchronously.
 * Without `input` it fetches the .wasm file that belongs to @chash/wasm (bundlers such as Vite
 * emit it and rewrite its URL; in Node it reads the file). `input` may be its URL (a string or
 * URL, `file:` or a path in Node), a `Response`, its bytes or a compiled `WebAssembly.Module`.
 *
 * Idempotent: every call until it settles returns the same promise, and once the module is loaded
 * (also by Node's synchronous path) later inputs are ignored. A failed attempt can be retried.
 */
export function initWasm(input?: WasmInput): Promise<void> {
  return defaultLoader.initWasm(input)
}

/** Whether the module is loaded, i.e. {@link loadWasmBackend} will succeed without loading it. */
export function isWasmReady(): boolean {
  return defaultLoader.isReady()
}

/** Rings alive in the module (created and not yet freed by garbage collection). @internal */
export function liveWasmRings(): number {
  return defaultLoader.liveRings()
}
