/**
 * The wasm ketama engine: chash_core's `Ketama` through @chash/wasm's WasmKetama. Like a wasm
 * ring (instance.ts), it keeps its servers in JavaScript — slot, name and weight, in the order
 * they were first added, the order that decides ties — so that its WasmKetama can be rebuilt,
 * with the same continuum, after a sweep evicted it or the instance trapped and was restarted.
 */
import type { WasmKetama } from '@chash/wasm'
import { codedError } from '../../errors.js'
import type { KeyInput } from '../../keys.js'
import { KETAMA_COMPAT_CODE, type KetamaConfig, type KetamaEngine } from '../types.js'
import type { Residence, WasmInstance } from './instance.js'

/** The WasmKetama constructor, as @chash/wasm declares it. */
export type WasmKetamaClass = typeof WasmKetama

interface Server {
  slot: number
  name: Uint8Array
  weight: number
}

/** A ketama continuum in wasm memory, driven through the runtime's key regions like a ring. */
export class WasmKetamaEngine implements KetamaEngine {
  /** The offsets are checked by the ring before the engine reads them. */
  readonly checksOffsets = false
  readonly #inst: WasmInstance
  readonly #config: KetamaConfig
  readonly #home: Residence<WasmKetama> = { ring: undefined, used: true }
  /** The servers in the order they were first added. */
  #servers: Server[] = []

  constructor(inst: WasmInstance, config: KetamaConfig) {
    this.#inst = inst
    this.#config = config
  }

  /** Points a server may bring (4 per digest, about `vnodes` digests): the sweep's measure. */
  get #pointsPerServer(): number {
    return 4 * this.#config.vnodes
  }

  /** The WasmKetama, rebuilt from the servers if it is not in wasm memory. */
  #ketama(): WasmKetama {
    const home = this.#home
    home.used = true
    if (home.ring !== undefined) return home.ring
    const inst = this.#inst
    if (typeof inst.glue.WasmKetama !== 'function')
      throw codedError(
        'ERR_CHASH_BACKEND_UNAVAILABLE',
        '@chash/wasm lacks WasmKetama (a stale build?); rebuild it with `pnpm --filter @chash/wasm build`',
      )
    const { compat, vnodes, defaultPort } = this.#config
    let ketama: WasmKetama | undefined
    try {
      ketama = new inst.glue.WasmKetama(KETAMA_COMPAT_CODE[compat], vnodes, defaultPort)
      for (const { slot, name, weight } of this.#servers) ketama.setServer(slot, name, weight)
    } catch (error) {
      if (!(error instanceof WebAssembly.RuntimeError)) ketama?.free()
      throw inst.failed(error)
    }
    home.ring = ketama
    inst.admit(this, home, this.#servers.length * this.#pointsPerServer)
    return ketama
  }

  setServer(slot: number, name: Uint8Array, weight: number): void {
    const ketama = this.#ketama()
    try {
      ketama.setServer(slot, name, weight)
    } catch (error) {
      throw this.#inst.failed(error)
    }
    const server = this.#servers.find((s) => s.slot === slot)
    if (server === undefined) this.#servers.push({ slot, name, weight })
    else {
      server.name = name
      server.weight = weight
    }
    this.#inst.built(this.#pointsPerServer)
  }

  removeServer(slot: number): void {
    const index = this.#servers.findIndex((s) => s.slot === slot)
    if (index < 0) return
    const ketama = this.#home.ring
    if (ketama !== undefined) {
      try {
        ketama.removeServer(slot)
      } catch (error) {
        throw this.#inst.failed(error)
      }
    }
    this.#servers.splice(index, 1)
  }

  pointCount(): number {
    const ketama = this.#ketama()
    try {
      return ketama.pointCount()
    } catch (error) {
      throw this.#inst.failed(error)
    }
  }

  lookup(key: KeyInput): number {
    const ketama = this.#ketama()
    const rt = this.#inst.rt
    try {
      return ketama.lookup(rt.scratch, rt.writeKey(key))
    } catch (error) {
      throw this.#inst.failed(error)
    }
  }

  lookupMany(keys: readonly KeyInput[], out: Int32Array): void {
    const ketama = this.#ketama()
    try {
      this.#inst.rt.lookupMany(ketama, keys, out)
    } catch (error) {
      throw this.#inst.failed(error)
    }
  }

  lookupPacked(bytes: Uint8Array, offsets: Uint32Array, count: number, out: Int32Array): void {
    const ketama = this.#ketama()
    try {
      this.#inst.rt.lookupPacked(ketama, bytes, offsets, count, out)
    } catch (error) {
      throw this.#inst.failed(error)
    }
  }

  replicas(key: KeyInput, n: number, out: Uint32Array): number {
    const ketama = this.#ketama()
    try {
      return this.#inst.rt.replicas(ketama, key, n, out)
    } catch (error) {
      throw this.#inst.failed(error)
    }
  }

  dispose(): void {
    const home = this.#home
    home.ring?.free()
    home.ring = undefined
    this.#inst.release(home)
    this.#servers = []
  }
}
