/** The native ketama engine: the addon's functions bound to one NativeKetama (crates/chash_napi/src/ketama.rs). */
import type { KeyInput } from '../../keys.js'
import { KETAMA_COMPAT_CODE, type KetamaConfig, type KetamaEngine } from '../types.js'
import { NativeBatcher, type NativeLookupMany } from './batcher.js'
import type { NativeAddon } from './index.js'

export class NativeKetamaEngine implements KetamaEngine {
  readonly setServer: KetamaEngine['setServer']
  readonly removeServer: KetamaEngine['removeServer']
  readonly pointCount: KetamaEngine['pointCount']
  readonly lookup: KetamaEngine['lookup']
  readonly replicas: KetamaEngine['replicas']
  readonly #lookupMany: NativeLookupMany
  readonly #batcher = new NativeBatcher()

  constructor(native: NativeAddon, config: KetamaConfig) {
    const fns = new native.NativeKetama(
      KETAMA_COMPAT_CODE[config.compat],
      config.vnodes,
      config.defaultPort,
    ).functions()
    this.setServer = fns.setServer
    this.removeServer = fns.removeServer
    this.pointCount = fns.pointCount
    this.lookup = fns.lookup
    this.replicas = fns.replicas
    this.#lookupMany = fns.lookupMany
  }

  lookupMany(keys: readonly KeyInput[], out: Int32Array): void {
    this.#batcher.lookupMany(this.#lookupMany, keys, out)
  }
}
