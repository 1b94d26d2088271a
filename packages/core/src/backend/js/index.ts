/** The pure-TypeScript backend: needs no Rust, runs wherever JavaScript runs. */
import type { Hasher64 } from '../../hash/hasher.js'
import { createXxh3 } from '../../hash/xxh3.js'
import { createXxh64 } from '../../hash/xxh64.js'
import { type KeyInput, KeyScratch } from '../../keys.js'
import type { Backend, EngineConfig } from '../types.js'
import { jumpHashHalves } from './jump.js'
import { JsKetamaEngine } from './ketama-engine.js'
import { JsRingEngine } from './ring-engine.js'

/** A hasher for a ring's hash and seed. */
export function createHasher(config: EngineConfig): Hasher64 {
  return config.hash === 'xxh64'
    ? createXxh64(config.seedHi, config.seedLo)
    : createXxh3(config.seedHi, config.seedLo)
}

// The last hasher used by `hash`, since deriving an XXH3 secret from a seed is not free.
let cached: { config: EngineConfig; hasher: Hasher64 } | undefined
const scratch = new KeyScratch()

export const jsBackend: Backend = {
  name: 'js',

  createRing(config) {
    return new JsRingEngine(createHasher(config))
  },

  hash(config: EngineConfig, input: KeyInput, out: Uint32Array) {
    if (
      cached === undefined ||
      cached.config.hash !== config.hash ||
      cached.config.seedHi !== config.seedHi ||
      cached.config.seedLo !== config.seedLo
    ) {
      cached = { config: { ...config }, hasher: createHasher(config) }
    }
    if (typeof input === 'string') {
      const length = scratch.encode(input) // may replace scratch.bytes, so it comes first
      cached.hasher.hash(scratch.bytes, length, out)
    } else {
      cached.hasher.hash(input, input.length, out)
    }
  },

  jump: jumpHashHalves,

  // ketama (issue 13)
  createKetama(config) {
    return new JsKetamaEngine(config)
  },

  jumpMany(keys, buckets, out) {
    const count = keys.length >>> 1
    for (let k = 0; k < count; k++) out[k] = jumpHashHalves(keys[2 * k + 1], keys[2 * k], buckets)
  },
}
