/**
 * The wasm ketama engine: chash_core's `Ketama` through @chash/wasm's WasmKetama. Like a wasm
 * ring (instance.ts), it keeps its servers in JavaScript — slot, name and weight, in the order
 * they were first added, the order that decides ties — so that its WasmKetama can be rebuilt,
 * with the same continuum, after a sweep evicted it or the instance trapped and was restarted.
 */
import type { WasmKetama } from '@chash/wasm'
import { KETAMA_COMPAT_CODE, type KetamaConfig, type KetamaEngine } from '../types.js'
import type { RawLookup, WasmExports } from './engine.js'
import type { WasmInstance } from './instance.js'
import { ResidentRingEngine, requireClass } from './resident.js'

/** The WasmKetama constructor, as @chash/wasm declares it. */
export type WasmKetamaClass = typeof WasmKetama

interface Server {
  slot: number
  name: Uint8Array
  weight: number
}

/** A ketama continuum in wasm memory, driven through the runtime's key regions like a ring. */
export class WasmKetamaEngine extends ResidentRingEngine<WasmKetama> implements KetamaEngine {
  /** The offsets are checked by the ring before the engine reads them. */
  readonly checksOffsets = false
  readonly #config: KetamaConfig
  /** The servers in the order they were first added. */
  #servers: Server[] = []

  constructor(inst: WasmInstance, config: KetamaConfig) {
    super(inst)
    this.#config = config
  }

  /** Points a server may bring (4 per digest, about `vnodes` digests): the sweep's measure. */
  get #pointsPerServer(): number {
    return 4 * this.#config.vnodes
  }

  protected create(): WasmKetama {
    const WasmKetama = requireClass(this.inst.glue.WasmKetama, 'WasmKetama')
    const { compat, vnodes, defaultPort } = this.#config
    return new WasmKetama(KETAMA_COMPAT_CODE[compat], vnodes, defaultPort)
  }

  protected replay(ketama: WasmKetama): void {
    for (const { slot, name, weight } of this.#servers) ketama.setServer(slot, name, weight)
  }

  protected buildPoints(): number {
    return this.#servers.length * this.#pointsPerServer
  }

  protected rawLookup(exports: WasmExports): RawLookup | undefined {
    return exports.wasmketama_lookup
  }

  setServer(slot: number, name: Uint8Array, weight: number): void {
    this.run((ketama) => ketama.setServer(slot, name, weight))
    const server = this.#servers.find((s) => s.slot === slot)
    if (server === undefined) this.#servers.push({ slot, name, weight })
    else {
      server.name = name
      server.weight = weight
    }
    this.inst.built(this.#pointsPerServer)
  }

  removeServer(slot: number): void {
    const index = this.#servers.findIndex((s) => s.slot === slot)
    if (index < 0) return
    this.ifResident((ketama) => ketama.removeServer(slot))
    this.#servers.splice(index, 1)
  }

  pointCount(): number {
    return this.run((ketama) => ketama.pointCount())
  }

  protected clear(): void {
    this.#servers = []
  }
}
