import { rangeError } from '../errors.js'

/** A 64-bit hash function bound to one seed. */
export interface Hasher64 {
  /**
   * Hashes input[0 .. length) and writes the result as out[0] = high 32 bits, out[1] = low 32 bits (both unsigned).
   * Allocates nothing; bytes from `length` on are never read.
   *
   * @throws RangeError if `length` is not an integer in 0 .. input.length.
   */
  hash(input: Uint8Array, length: number, out: Uint32Array): void

  /**
   * {@link hash} of input[0 .. length) for a caller that reuses one buffer and keeps `view`, a
   * DataView of the same memory from input[0] (KeyScratch): XXH3 reads the bytes 4 at a time
   * there. Apart from `hash`, whose callers have a one-off Uint8Array and no view (making one for
   * a single hash costs more than it saves), so that their path stays as it was. Callers use it
   * from {@link VIEW_MIN_LENGTH} bytes.
   *
   * @throws RangeError if `length` is not an integer in 0 .. input.length.
   */
  hashView(input: Uint8Array, view: DataView, length: number, out: Uint32Array): void

  /**
   * Hashes the UTF-8 bytes of `key` as {@link hash} would, straight from its code units, when
   * the hasher has a path for such a key (XXH3: an ASCII key of 17-95 units) and is using it;
   * otherwise returns false and writes nothing, and the caller encodes the key and calls
   * {@link hash}. The answer for one key may depend on the keys before it (XXH3 stops trying
   * for a while after non-ASCII keys), never the hash.
   */
  hashString(key: string, out: Uint32Array): boolean
}

/**
 * Throws the RangeError for a `length` that is not an integer in 0 .. input.length. Kept out of
 * line so that the hashers' hot paths stay small.
 *
 * @internal
 */
export function throwBadLength(length: number): never {
  throw rangeError(`length must be an integer in 0 .. input.length, got ${length}`)
}

/** The shortest input worth {@link Hasher64.hashView}: XXH3 reads words from 17 bytes. */
export const VIEW_MIN_LENGTH = 17
