/**
 * Keys and their bytes (docs/placement.md §1). Strings are encoded to UTF-8 into a reusable
 * scratch buffer so that a lookup allocates nothing.
 */
import { describe } from './validate.js'

/** A key to place: a string (its UTF-8 bytes), bytes as they are, or a safe integer (its decimal string). */
export type Key = string | Uint8Array | number

/** A key after {@link normalizeKey}: what engines accept. */
export type KeyInput = string | Uint8Array

/** Checks a key and turns a number into its decimal string; throws TypeError/RangeError naming `name`. */
export function normalizeKey(key: unknown, name = 'key'): KeyInput {
  if (typeof key === 'string' || key instanceof Uint8Array) return key
  if (typeof key === 'number') {
    if (!Number.isSafeInteger(key))
      throw new RangeError(`${name} must be a safe integer when it is a number, got ${key}`)
    return String(key) // String(-0) is "0", as the contract says
  }
  throw new TypeError(`${name} must be a string, a Uint8Array or a safe integer, got ${describe(key)}`)
}

/**
 * The keys of a batch as engines take them: strings and bytes as they are, numbers as decimal
 * strings. The array is copied only if a key needs converting; errors name `keys[i]`.
 */
export function normalizeKeys(keys: readonly unknown[]): readonly KeyInput[] {
  let inputs = keys as readonly KeyInput[]
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]
    if (typeof key === 'string' || key instanceof Uint8Array) continue
    if (inputs === keys) inputs = keys.slice() as KeyInput[]
    ;(inputs as KeyInput[])[k] = normalizeKey(key, `keys[${k}]`)
  }
  return inputs
}

// Above this length TextEncoder.encodeInto beats a JS loop, and its result object no longer matters.
const ENCODE_INTO_MIN_LENGTH = 96
const encoder = new TextEncoder()

/**
 * Writes the UTF-8 bytes of `str` into `buf` from `offset` (which must have room for
 * `str.length * 3` bytes) and returns the offset after the last byte. Lone surrogates become
 * U+FFFD, as with TextEncoder.
 */
export function encodeUtf8Into(str: string, buf: Uint8Array, offset: number): number {
  const n = str.length
  if (n >= ENCODE_INTO_MIN_LENGTH) return offset + encoder.encodeInto(str, buf.subarray(offset)).written
  let p = offset
  for (let i = 0; i < n; i++) {
    let c = str.charCodeAt(i)
    if (c < 0x80) {
      buf[p++] = c
    } else if (c < 0x800) {
      buf[p++] = 0xc0 | (c >> 6)
      buf[p++] = 0x80 | (c & 0x3f)
    } else {
      if (c >= 0xd800 && c <= 0xdfff) {
        const next = i + 1 < n ? str.charCodeAt(i + 1) : 0
        if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00)
          i++
          buf[p++] = 0xf0 | (c >> 18)
          buf[p++] = 0x80 | ((c >> 12) & 0x3f)
          buf[p++] = 0x80 | ((c >> 6) & 0x3f)
          buf[p++] = 0x80 | (c & 0x3f)
          continue
        }
        c = 0xfffd // a lone surrogate
      }
      buf[p++] = 0xe0 | (c >> 12)
      buf[p++] = 0x80 | ((c >> 6) & 0x3f)
      buf[p++] = 0x80 | (c & 0x3f)
    }
  }
  return p
}

/** A growable byte buffer that holds one encoded key at a time. */
export class KeyScratch {
  bytes = new Uint8Array(256)

  /** Encodes `key`; its bytes are `this.bytes[0 .. returned length)` until the next call. */
  encode(key: string): number {
    this.reserve(key.length * 3)
    return encodeUtf8Into(key, this.bytes, 0)
  }

  /** Makes room for `size` bytes; the old content is not kept. */
  reserve(size: number): void {
    if (size > this.bytes.length) this.bytes = new Uint8Array(Math.max(size, this.bytes.length * 2))
  }
}

/** The UTF-8 bytes of a string, newly allocated (for ids, not for keys on the hot path). */
export function utf8(str: string): Uint8Array {
  return encoder.encode(str)
}
