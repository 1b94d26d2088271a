/** The wasm ketama engine: a WasmKetama fed through the runtime's regions, like WasmRingEngine. */
import type { WasmKetama } from '@chash/wasm'
import type { KeyInput } from '../../keys.js'
import { KETAMA_COMPAT_CODE, type KetamaConfig, type KetamaEngine } from '../types.js'
import type { WasmRuntime } from './engine.js'

/** A continuum in wasm memory; freed when this engine (and so the WasmKetama) is garbage collected. */
export class WasmKetamaEngine implements KetamaEngine {
  readonly #rt: WasmRuntime
  readonly #ketama: WasmKetama

  constructor(rt: WasmRuntime, config: KetamaConfig) {
    this.#rt = rt
    this.#ketama = new rt.glue.WasmKetama(
      KETAMA_COMPAT_CODE[config.compat],
      config.vnodes,
      config.defaultPort,
    )
  }

  setServer(slot: number, name: Uint8Array, weight: number): void {
    this.#ketama.setServer(slot, name, weight)
  }

  removeServer(slot: number): void {
    this.#ketama.removeServer(slot)
  }

  pointCount(): number {
    return this.#ketama.pointCount()
  }

  lookup(key: KeyInput): number {
    const rt = this.#rt
    return this.#ketama.lookup(rt.scratch, rt.writeKey(key))
  }

  lookupMany(keys: readonly KeyInput[], out: Int32Array): void {
    this.#rt.lookupMany(this.#ketama, keys, out)
  }

  replicas(key: KeyInput, n: number, out: Uint32Array): number {
    const rt = this.#rt
    const want = Math.min(n, out.length)
    if (want > rt.outCap) rt.growOut(want)
    const length = rt.writeKey(key)
    const found = this.#ketama.replicas(rt.scratch, length, want)
    if (rt.u32.byteLength === 0) rt.refresh()
    const u32 = rt.u32
    const from = rt.outAt >>> 2
    for (let k = 0; k < found; k++) out[k] = u32[from + k]
    return found
  }
}
