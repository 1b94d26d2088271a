/**
 * Keys and their bytes (docs/placement.md §1). Strings are encoded to UTF-8 into a reusable
 * scratch buffer so that a lookup allocates nothing.
 */
import { rangeError, typeError } from './errors.js'
import { typedArrayName } from './typed-arrays.js'
import { checkArrayLength, describe } from './validate.js'

/** A key to place: a string (its UTF-8 bytes), bytes as they are, or a safe integer (its decimal string). */
export type Key = string | Uint8Array | number

/**
 * A key after {@link normalizeKey}: what engines accept. A Uint8Array here is a real one (not a
 * Proxy), but its `length` and methods may still lie: engines read it with ./typed-arrays.js.
 */
export type KeyInput = string | Uint8Array

/**
 * Checks a key and turns a number into its decimal string; throws TypeError/RangeError naming
 * `key`, or `keys[at]` for element `at` of an array of keys. Runs no user code: the type tests read
 * internal slots only.
 */
export function normalizeKey(key: unknown, at?: number): KeyInput {
  if (typeof key === 'string') return key
  if (typedArrayName(key) === 'Uint8Array') return key as Uint8Array
  if (typeof key === 'number') {
    if (!Number.isSafeInteger(key))
      throw rangeError(`${keyName(at)} must be a safe integer when it is a number, got ${key}`)
    return String(key) // String(-0) is "0", as the contract says
  }
  throw typeError(`${keyName(at)} must be a string, a Uint8Array or a safe integer, got ${describe(key)}`)
}

/** A key's name in errors, built only when one is thrown: a batch must not pay for it per key. */
function keyName(at: number | undefined): string {
  return at === undefined ? 'key' : `keys[${at}]`
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

/** Packed keys up to this many bytes are copied by {@link KeyScratch.packedKey} (`bytes` holds 256). */
const SHORT_PACKED_KEY = 64

/** A growable byte buffer that holds one encoded key at a time. */
export class KeyScratch {
  bytes: Uint8Array = new Uint8Array(256)
  /** A view of {@link bytes}, for the hashers that read words (Hasher64.hashView). */
  view: DataView = new DataView(this.bytes.buffer)

  /** Encodes `key`; its bytes are `this.bytes[0 .. returned length)` until the next call. */
  encode(key: string): number {
    this.reserve(key.length * 3)
    return encodeUtf8Into(key, this.bytes, 0)
  }

  /**
   * Key `bytes[start .. start + length)` of a packed batch, readable from index 0 as the hashers
   * read it: a short key is copied to `this.bytes` (valid until the next call; a view per key
   * would allocate), a long one viewed.
   */
  packedKey(bytes: Uint8Array, start: number, length: number): Uint8Array {
    if (length > SHORT_PACKED_KEY) return bytes.subarray(start, start + length)
    const buf = this.bytes
    for (let i = 0; i < length; i++) buf[i] = bytes[start + i]
    return buf
  }

  /** Makes room for `size` bytes; the old content is not kept. */
  reserve(size: number): void {
    if (size > this.bytes.length) this.grow(size)
  }

  private grow(size: number): void {
    this.bytes = new Uint8Array(Math.max(size, this.bytes.length * 2))
    this.view = new DataView(this.bytes.buffer)
  }
}

/** The UTF-8 bytes of a string, newly allocated (for ids, not for keys on the hot path). */
export function utf8(str: string): Uint8Array {
  return encoder.encode(str)
}

/**
 * Reads and checks an array of keys (names `keys` and `keys[i]` in errors) into a new array of
 * {@link KeyInput}s. Each element is read exactly once, and the length once: a getter or a Proxy
 * may run user code here, including calls into this library, but only here, before any engine
 * touches its scratch space, and it cannot make the engine see a key other than the one checked.
 */
export function normalizeKeys(keys: readonly unknown[]): KeyInput[] {
  const count = checkArrayLength(keys.length, 'keys')
  // Sized up front, each key named only if it throws: grown by push with every name built, this
  // copy cost about twice as much a key, four to five times in a batch of a million
  // (bench/README.md § Batches of keys in an array).
  const inputs = new Array<KeyInput>(count)
  for (let k = 0; k < count; k++) inputs[k] = normalizeKey(keys[k], k)
  return inputs
}
