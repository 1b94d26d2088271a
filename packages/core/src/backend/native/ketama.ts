/** The native ketama engine: the addon's functions bound to one NativeKetama (crates/chash_napi/src/ketama.rs). */
import type * as Native from '@chash/native'
import { codedError } from '../../errors.js'
import type { KeyInput } from '../../keys.js'
import { KETAMA_COMPAT_CODE, type KetamaConfig, type KetamaEngine } from '../types.js'
import { NativeBatcher } from './batcher.js'
import { bufferedReplicas } from './replicas.js'

/** @chash/native's ketama class, as its committed index.d.ts declares it. */
export type NativeKetamaClass = typeof Native.NativeKetama

/** A ketama continuum in Rust; its per-key operations are the addon's bound functions themselves. */
export class NativeKetamaEngine implements KetamaEngine {
  readonly setServer: KetamaEngine['setServer']
  readonly removeServer: KetamaEngine['removeServer']
  readonly pointCount: KetamaEngine['pointCount']
  readonly lookup: KetamaEngine['lookup']
  readonly replicas: KetamaEngine['replicas']
  /** Rust checks every key's offsets as it reads them (chash_core::packed). */
  readonly checksOffsets = true
  readonly #fns: Native.NativeKetamaFunctions
  readonly #batcher = new NativeBatcher()

  constructor(NativeKetama: NativeKetamaClass | undefined, config: KetamaConfig) {
    if (typeof NativeKetama !== 'function')
      throw codedError(
        'ERR_CHASH_BACKEND_UNAVAILABLE',
        '@chash/native lacks NativeKetama (a stale build?); rebuild it with `pnpm --filter @chash/native build`',
      )
    const fns = new NativeKetama(
      KETAMA_COMPAT_CODE[config.compat],
      config.vnodes,
      config.defaultPort,
    ).functions()
    this.setServer = fns.setServer
    this.removeServer = fns.removeServer
    this.pointCount = fns.pointCount
    this.lookup = fns.lookup
    this.replicas = bufferedReplicas(fns.replicas)
    this.#fns = fns
  }

  lookupMany(keys: readonly KeyInput[], out: Int32Array): void {
    this.#batcher.lookupMany(this.#fns.lookupMany, keys, out)
  }

  lookupPacked(bytes: Uint8Array, offsets: Uint32Array, count: number, out: Int32Array): void {
    this.#fns.lookupMany(bytes, offsets, count, out, 0)
  }

  dispose(): void {
    this.#fns.dispose()
    this.#batcher.release()
  }
}
