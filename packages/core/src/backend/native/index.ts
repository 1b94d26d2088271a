/**
 * The native backend: the Rust engine of crates/chash_napi through Node-API (@chash/native).
 *
 * The addon is loaded lazily and synchronously with Node's `require`, reached through
 * `process.getBuiltinModule`, so that this module has no static Node import and @chash/core stays
 * bundleable for browsers (where loading simply fails and another backend is used).
 */
import type { KeyInput } from '../../keys.js'
import { type Backend, type EngineConfig, HASH_CODE, type RingEngine } from '../types.js'
import { NativeBatcher, type NativeLookupMany } from './batcher.js'
import { NativeKetamaEngine } from './ketama-engine.js'

/** The operations of one native ring (see packages/native/index.d.ts). */
interface NativeRingFunctions {
  setConsumer(slot: number, id: Uint8Array, points: number): void
  removeConsumer(slot: number): boolean
  pointCount(): number
  lookup(key: KeyInput): number
  lookupMany: NativeLookupMany
  replicas(key: KeyInput, n: number, out: Uint32Array): number
}

/** The operations of one native ketama continuum (crates/chash_napi/src/ketama.rs). */
export interface NativeKetamaFunctions {
  setServer(slot: number, name: Uint8Array, weight: number): void
  removeServer(slot: number): boolean
  pointCount(): number
  lookup(key: KeyInput): number
  lookupMany: NativeLookupMany
  replicas(key: KeyInput, n: number, out: Uint32Array): number
}

/**
 * What @chash/native exports (its generated index.d.ts), restated here so that core type-checks
 * on a machine where the addon was not built.
 */
export interface NativeAddon {
  NativeRing: new (hashKind: number, seedHi: number, seedLo: number) => { functions(): NativeRingFunctions }
  hash64(kind: number, seedHi: number, seedLo: number, key: KeyInput, out: Uint32Array): void
  jump(hi: number, lo: number, buckets: number): number
  jumpMany(keys: Uint32Array, buckets: number, out: Uint32Array): void
  /** Native ring engines alive (created and not yet garbage collected), for leak tests. */
  liveEngines(): number
  /** Bytes of ring memory held by the native engines alive (not yet released), for leak tests. */
  nativeMemory(): number
  // ketama (issue 13)
  NativeKetama: new (
    compat: number,
    vnodes: number,
    defaultPort: number,
  ) => { functions(): NativeKetamaFunctions }
}

const SPECIFIER = '@chash/native'
const HOW_TO_BUILD =
  'build it with `pnpm --filter @chash/native build` (needs Rust: https://rustup.rs), or run `npm test`, which builds everything'

type NodeModule = { createRequire(from: string): (id: string) => unknown }

let addon: NativeAddon | undefined

/**
 * Loads @chash/native (once) and returns its exports.
 * @throws Error saying why it cannot be loaded and how to build it.
 */
export function loadNativeAddon(): NativeAddon {
  if (addon !== undefined) return addon
  const nodeProcess = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
  const nodeModule = nodeProcess?.getBuiltinModule?.('node:module') as NodeModule | undefined
  if (nodeModule === undefined) {
    throw new Error('the native addon needs Node.js ≥ 20.16 (process.getBuiltinModule is missing)')
  }
  let loaded: unknown
  try {
    loaded = nodeModule.createRequire(import.meta.url)(SPECIFIER)
  } catch (error) {
    const cause = (error instanceof Error ? error.message : String(error)).trim().replace(/\s*\n\s*/g, '; ')
    throw new Error(`${SPECIFIER} could not be loaded (${cause}); ${HOW_TO_BUILD}`, { cause: error })
  }
  const candidate = loaded as Partial<NativeAddon> | null
  if (
    typeof candidate?.NativeRing !== 'function' ||
    typeof candidate.hash64 !== 'function' ||
    typeof candidate.jumpMany !== 'function' ||
    typeof candidate.NativeKetama !== 'function'
  ) {
    throw new Error(`${SPECIFIER} loaded but lacks the expected exports (a stale build?); ${HOW_TO_BUILD}`)
  }
  addon = candidate as NativeAddon
  return addon
}

/**
 * A ring engine in Rust. The per-key operations are the addon's functions themselves (own
 * properties, no JavaScript wrapper in between); batches cross into Rust once per call.
 */
class NativeRingEngine implements RingEngine {
  readonly setConsumer: RingEngine['setConsumer']
  readonly removeConsumer: RingEngine['removeConsumer']
  readonly pointCount: RingEngine['pointCount']
  readonly lookup: RingEngine['lookup']
  readonly replicas: RingEngine['replicas']
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
    this.replicas = fns.replicas
    this.#lookupMany = fns.lookupMany
  }

  lookupMany(keys: readonly KeyInput[], out: Int32Array): void {
    this.#batcher.lookupMany(this.#lookupMany, keys, out)
  }

  lookupPacked(bytes: Uint8Array, offsets: Uint32Array, count: number, out: Int32Array): void {
    this.#lookupMany(bytes, offsets, count, out, 0)
  }
}

let backend: Backend | undefined

/**
 * The native backend (loading @chash/native on first use). It implements {@link Backend} exactly
 * like the js backend: same results, same NO_SLOT (-1).
 * @throws Error with the underlying load error and how to build the addon.
 */
export function loadNativeBackend(): Backend {
  if (backend !== undefined) return backend
  const native = loadNativeAddon()
  backend = {
    name: 'native',
    createRing: (config) => new NativeRingEngine(native, config),
    hash: (config, input, out) =>
      native.hash64(HASH_CODE[config.hash], config.seedHi, config.seedLo, input, out),
    jump: native.jump,
    jumpMany: native.jumpMany,
    // ketama (issue 13)
    createKetama: (config) => new NativeKetamaEngine(native, config),
  }
  return backend
}
