/** The pure-TypeScript backend: needs no Rust, runs wherever JavaScript runs. */
import type { Hasher64 } from '../../hash/hasher.js'
import type { KeyInput } from '../../keys.js'
import { type Backend, type EngineConfig, JUMP_KEY_HASH } from '../types.js'
import { createHasher, hashKey } from './hasher.js'
import { jumpHashHalves } from './jump.js'
import { JsKetamaEngine } from './ketama-engine.js'
import { JsMementoEngine } from './memento-engine.js'
import { JsRingEngine } from './ring-engine.js'

export { createHasher }

// The last hasher used by `hash`, since deriving an XXH3 secret from a seed is not free.
let cached: { config: EngineConfig; hasher: Hasher64 } | undefined
const jumpHasher = createHasher(JUMP_KEY_HASH)
const halves = new Uint32Array(2)

function jumpKey(key: KeyInput, buckets: number): number {
  hashKey(jumpHasher, key, halves)
  return jumpHashHalves(halves[0], halves[1], buckets)
}

export const jsBackend: Backend = {
  name: 'js',

  createRing(config) {
    return new JsRingEngine(createHasher(config))
  },

  createMemento: (config, buckets) => new JsMementoEngine(config, buckets),

  hash(config: EngineConfig, input: KeyInput, out: Uint32Array) {
    if (
      cached === undefined ||
      cached.config.hash !== config.hash ||
      cached.config.seedHi !== config.seedHi ||
      cached.config.seedLo !== config.seedLo
    ) {
      cached = { config: { ...config }, hasher: createHasher(config) }
    }
    hashKey(cached.hasher, input, out)
  },

  jump: jumpHashHalves,

  createKetama(config) {
    return new JsKetamaEngine(config)
  },

  jumpMany(keys, buckets, out) {
    const count = keys.length >>> 1
    for (let k = 0; k < count; k++) out[k] = jumpHashHalves(keys[2 * k + 1], keys[2 * k], buckets)
  },

  jumpKey,

  jumpKeysMany(keys, buckets, out) {
    for (let k = 0; k < keys.length; k++) out[k] = jumpKey(keys[k], buckets)
  },
}
