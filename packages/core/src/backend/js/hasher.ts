/** The pure-TypeScript hasher for an engine's hash and seed, and hashing a key with it. */
import { type Hasher64, VIEW_MIN_LENGTH } from '../../hash/hasher.js'
import { createXxh3, STRING_UNITS_MAX } from '../../hash/xxh3.js'
import { createXxh64 } from '../../hash/xxh64.js'
import { type KeyInput, KeyScratch } from '../../keys.js'
import { lengthOf } from '../../typed-arrays.js'
import type { EngineConfig } from '../types.js'

/** A hasher for a ring's hash and seed. */
export function createHasher(config: EngineConfig): Hasher64 {
  return config.hash === 'xxh64'
    ? createXxh64(config.seedHi, config.seedLo)
    : createXxh3(config.seedHi, config.seedLo)
}

// Shared by every caller: hashing is synchronous, and the bytes are dead once hashed.
const scratch = new KeyScratch()

/**
 * Hashes `key` (its UTF-8 bytes if a string) with `hasher` into out[0] (high), out[1] (low): a
 * string from its code units when the hasher can ({@link Hasher64.hashString}), else encoded first.
 */
export function hashKey(hasher: Hasher64, key: KeyInput, out: Uint32Array): void {
  if (typeof key !== 'string') {
    hasher.hash(key, lengthOf(key), out)
  } else if (!hasher.hashString(key, out)) {
    const length = scratch.encode(key) // may replace scratch.bytes, so it comes first
    hasher.hash(scratch.bytes, length, out)
  }
}

/**
 * {@link hashKey} of a string longer than {@link STRING_UNITS_MAX} units, which no hasher reads
 * from its units: encoded into `scratch` and hashed from its words ({@link Hasher64.hashView}),
 * 10-15 % faster from 100 bytes. Batches call it for such keys. hashKey, which single calls
 * inline, does not: with this path in it, keys of 6-16 bytes read 5-18 % slower in some A/Bs, a
 * cause not isolated from the A/Bs' own noise (bench/README.md § Key bytes read as words).
 */
export function hashLongString(hasher: Hasher64, scratch: KeyScratch, key: string, out: Uint32Array): void {
  const length = scratch.encode(key) // may replace scratch.bytes, so it comes first
  hasher.hashView(scratch.bytes, scratch.view, length, out)
}

/**
 * Hashes input[0 .. length) with `hasher`, reading words ({@link Hasher64.hashView}) when `input`
 * is `scratch`'s bytes, as a short packed key is once {@link KeyScratch.packedKey} copied it.
 */
export function hashBytes(
  hasher: Hasher64,
  scratch: KeyScratch,
  input: Uint8Array,
  length: number,
  out: Uint32Array,
): void {
  if (input === scratch.bytes && length >= VIEW_MIN_LENGTH) hasher.hashView(input, scratch.view, length, out)
  else hasher.hash(input, length, out)
}
