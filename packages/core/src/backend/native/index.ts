/**
 * The native backend: the Rust engine of crates/chash_napi through Node-API (@chash/native).
 *
 * The addon is loaded lazily and synchronously with Node's `require`, reached through
 * `process.getBuiltinModule`, so that this module has no static Node import and @chash/core stays
 * bundleable for browsers (where loading simply fails and another backend is used).
 */
import type * as Native from '@chash/native'
import type { KeyInput } from '../../keys.js'
import { type Backend, type EngineConfig, HASH_CODE, type RingEngine } from '../types.js'
import { NativeBatcher } from './batcher.js'
import { NativeKetamaEngine } from './ketama.js'
import { createNativeMemento } from './memento.js'
import { bufferedReplicas } from './replicas.js'

/** What @chash/native exports, as its committed index.d.ts declares (so core type-checks unbuilt). */
export type NativeAddon = typeof Native
type NativeRingFunctions = Native.NativeRingFunctions

const SPECIFIER = '@chash/native'
const HOW_TO_BUILD =
  'build it with `pnpm --filter @chash/native build` (needs Rust: https://rustup.rs), or run `npm test`, which builds everything'

type NodeModule = { createRequire(from: string): (id: string) => unknown }

// --- Platforms without a prebuilt addon ---
const PLATFORM_PACKAGE = `${SPECIFIER}-`

/** The platforms with a prebuilt addon: @chash/native's optionalDependencies, the one list of them. */
export function prebuiltPlatforms(require: (id: string) => unknown): string[] {
  try {
    const manifest = require(`${SPECIFIER}/package.json`) as { optionalDependencies?: Record<string, string> }
    return Object.keys(manifest.optionalDependencies ?? {})
      .filter((name) => name.startsWith(PLATFORM_PACKAGE))
      .map((name) => name.slice(PLATFORM_PACKAGE.length))
  } catch {
    return [] // @chash/native itself is not installed: the load error says so.
  }
}

/**
 * Why the addon did not load on `here` (`${platform}-${arch}`), written for users: whether a
 * prebuilt exists for it, which platforms have one, and that wasm gives the same results.
 */
export function unavailableMessage(here: string, prebuilt: readonly string[], cause: string): string {
  const wasm =
    " The 'wasm' backend gives the same results here: use backend 'auto' (which picks it) or 'wasm'."
  if (prebuilt.some((platform) => platform === here || platform.startsWith(`${here}-`))) {
    return `${SPECIFIER} could not be loaded on ${here} (${cause}); reinstall without omitting optional dependencies, or in a chash checkout ${HOW_TO_BUILD}.${wasm}`
  }
  // Not even @chash/native resolves: a bundle that inlined @chash/core, or an install without it.
  if (prebuilt.length === 0 && cause.includes(`Cannot find module '${SPECIFIER}'`)) {
    return `${SPECIFIER} cannot be found from where @chash/core runs (${cause}); install it, and keep it out of bundles (esbuild: --external:${SPECIFIER}).${wasm}`
  }
  const list = prebuilt.length > 0 ? ` Prebuilt addons exist for ${prebuilt.join(', ')}.` : ''
  return `the native backend is not available on ${here}: ${SPECIFIER} has no prebuilt addon for it (${cause}).${list}${wasm}`
}
// --- end ---

let addon: NativeAddon | undefined

/**
 * Why requiring the addon failed, in one line. napi-rs's loader throws a generic "Cannot find
 * native binding. npm has a bug …" whose `cause` chain holds the error of each file it tried: one
 * that exists but cannot be loaded (corrupt, a wrong ELF, a missing symbol) says so there, while
 * "Cannot find module" only means that candidate is absent. The real causes are kept; the
 * generic message only when there is nothing better.
 */
export function loadFailureReason(error: unknown): string {
  const messages: string[] = []
  // Bounded: a cause chain may be cyclic.
  for (let e = error, depth = 0; depth < 16 && e !== undefined && e !== null; depth++) {
    messages.push(firstLine(e instanceof Error ? e.message : String(e)))
    e = e instanceof Error ? e.cause : undefined
  }
  const attempts = messages.slice(1)
  const failed = attempts.filter((message) => !message.startsWith('Cannot find module'))
  const telling = failed.length > 0 ? failed : attempts.length > 0 ? attempts : messages
  return [...new Set(telling)].join('; ')
}

function firstLine(message: string): string {
  return message.trim().split(/\s*\n/, 1)[0]
}

/**
 * Loads @chash/native (once) and returns its exports.
 * @throws Error saying why it cannot be loaded and how to build it.
 */
export function loadNativeAddon(): NativeAddon {
  if (addon !== undefined) return addon
  const nodeProcess = (
    globalThis as {
      process?: { getBuiltinModule?: (id: string) => unknown; platform?: string; arch?: string }
    }
  ).process
  const nodeModule = nodeProcess?.getBuiltinModule?.('node:module') as NodeModule | undefined
  if (nodeModule === undefined) {
    throw new Error('the native addon needs Node.js ≥ 20.16 (process.getBuiltinModule is missing)')
  }
  const require = nodeModule.createRequire(import.meta.url)
  const here = `${nodeProcess?.platform}-${nodeProcess?.arch}`
  addon = checkAddon(
    () => require(SPECIFIER),
    SPECIFIER,
    (reason) => unavailableMessage(here, prebuiltPlatforms(require), reason),
  )
  return addon
}

/**
 * Requires an addon with `load` and checks its exports. @internal (tests load a damaged copy of
 * the package with it)
 * @param explain the message for a load failure, from its one-line reason.
 * @throws Error with the real reason it cannot be loaded and how to build it.
 */
export function checkAddon(
  load: () => unknown,
  specifier: string,
  explain = (reason: string) => `${specifier} could not be loaded (${reason}); ${HOW_TO_BUILD}`,
): NativeAddon {
  let loaded: unknown
  try {
    loaded = load()
  } catch (error) {
    throw new Error(explain(loadFailureReason(error)), { cause: error })
  }
  const candidate = loaded as Partial<NativeAddon> | null
  if (
    typeof candidate?.NativeRing !== 'function' ||
    typeof candidate.hash64 !== 'function' ||
    typeof candidate.jumpMany !== 'function' ||
    typeof candidate.jumpKeysMany !== 'function'
  ) {
    throw new Error(`${specifier} loaded but lacks the expected exports (a stale build?); ${HOW_TO_BUILD}`)
  }
  return candidate as NativeAddon
}

/**
 * A ring engine in Rust. The per-key operations are the addon's functions themselves (own
 * properties, no JavaScript wrapper in between; `replicas` passes an output of its own, see
 * replicas.ts); batches cross into Rust once per call.
 */
class NativeRingEngine implements RingEngine {
  readonly setConsumer: RingEngine['setConsumer']
  readonly removeConsumer: RingEngine['removeConsumer']
  readonly pointCount: RingEngine['pointCount']
  readonly lookup: RingEngine['lookup']
  readonly replicas: RingEngine['replicas']
  readonly #dispose: NativeRingFunctions['dispose']
  readonly #lookupMany: NativeRingFunctions['lookupMany']
  /** Rust checks every key's offsets as it reads them (chash_core::packed). */
  readonly checksOffsets = true
  readonly #batcher = new NativeBatcher()

  constructor(native: NativeAddon, config: EngineConfig) {
    const ring = new native.NativeRing(HASH_CODE[config.hash], config.seedHi, config.seedLo)
    const fns = ring.functions()
    this.setConsumer = fns.setConsumer
    this.removeConsumer = fns.removeConsumer
    this.pointCount = fns.pointCount
    this.lookup = fns.lookup
    this.replicas = bufferedReplicas(fns.replicas)
    this.#dispose = fns.dispose
    this.#lookupMany = fns.lookupMany
  }

  lookupMany(keys: readonly KeyInput[], out: Int32Array): void {
    this.#batcher.lookupMany(this.#lookupMany, keys, out)
  }

  lookupPacked(bytes: Uint8Array, offsets: Uint32Array, count: number, out: Int32Array): void {
    this.#lookupMany(bytes, offsets, count, out, 0)
  }

  dispose(): void {
    this.#dispose()
    this.#batcher.release()
  }
}

let backend: Backend | undefined
/** Keys of a jump batch above which its packing scratch is freed afterwards (64 KiB of offsets). */
const JUMP_SCRATCH_KEEP = 1 << 14
/** `hash64`'s output: the two halves of one hash, read out right after each call. */
const hashBuffer = new ArrayBuffer(8)
const hashHalves = new Uint32Array(hashBuffer)

/**
 * The native backend (loading @chash/native on first use). It implements {@link Backend} exactly
 * like the js backend: same results, same NO_SLOT (-1).
 * @throws Error with the underlying load error and how to build the addon.
 */
export function loadNativeBackend(): Backend {
  if (backend !== undefined) return backend
  const native = loadNativeAddon()
  const jumpBatcher = new NativeBatcher()
  backend = {
    name: 'native',
    createRing: (config) => new NativeRingEngine(native, config),
    createMemento: (config, buckets) => createNativeMemento(native.NativeMemento, config, buckets),
    createKetama: (config) => new NativeKetamaEngine(native.NativeKetama, config),
    hash(config, input, out) {
      // Into a buffer of its own, then copied: Node-API reads an ArrayBuffer far faster than a
      // typed array (replicas.ts).
      native.hash64(HASH_CODE[config.hash], config.seedHi, config.seedLo, input, hashBuffer)
      out[0] = hashHalves[0]
      out[1] = hashHalves[1]
    },
    jump: native.jump,
    jumpMany: native.jumpMany,
    jumpKey: native.jumpKey,
    jumpKeysMany(keys, buckets, out) {
      jumpBatcher.lookupMany(
        (batch, offsets, count, into, start) =>
          native.jumpKeysMany(batch, offsets, count, into, start, buckets),
        keys,
        out,
      )
      // Rings free their batch scratch on dispose; this one lives on, so a huge batch's is dropped.
      if (keys.length > JUMP_SCRATCH_KEEP) jumpBatcher.release()
    },
  }
  return backend
}
