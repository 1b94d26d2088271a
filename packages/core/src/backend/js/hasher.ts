/** The pure-TypeScript hasher for an engine's hash and seed. */
import type { Hasher64 } from '../../hash/hasher.js'
import { createXxh3 } from '../../hash/xxh3.js'
import { createXxh64 } from '../../hash/xxh64.js'
import type { EngineConfig } from '../types.js'

/** A hasher for a ring's hash and seed. */
export function createHasher(config: EngineConfig): Hasher64 {
  return config.hash === 'xxh64'
    ? createXxh64(config.seedHi, config.seedLo)
    : createXxh3(config.seedHi, config.seedLo)
}
