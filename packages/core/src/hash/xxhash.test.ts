import { describe, expect, it } from 'vitest'
import { hashKey } from '../backend/js/hasher.js'
import { xxh3, xxh64 } from '../functions.js'
import { inBrowser } from '../test/env.js'
import { loadFixture, patternBytes, type XxhashCase, type XxhashFixture } from '../test/fixtures.js'
import { asciiKey, asciiKeyWithControls } from '../test/string-keys.js'
import { checkEngineConfig } from '../validate.js'
import type { Hasher64 } from './hasher.js'
import { createXxh3 } from './xxh3.js'
import { createXxh64 } from './xxh64.js'

const fixture = loadFixture<XxhashFixture>('xxhash.json')

const seed = BigInt(`0x${fixture.seed}`)
const { seedHi, seedLo } = checkEngineConfig('xxh3', seed)

/** The input bytes of a fixture case: its text's UTF-8, or the pattern. */
function inputOf(c: XxhashCase): Uint8Array {
  return c.text !== undefined ? new TextEncoder().encode(c.text) : patternBytes(c.len)
}

function hex(out: Uint32Array): string {
  return out[0].toString(16).padStart(8, '0') + out[1].toString(16).padStart(8, '0')
}

function hashHex(hasher: Hasher64, input: Uint8Array, length: number): string {
  const out = new Uint32Array(2)
  hasher.hash(input, length, out)
  return hex(out)
}

/**
 * hashView's result for `input`, copied to the start of a reused buffer (as KeyScratch reuses
 * one) whose other bytes are noise that must not be read.
 */
function hashViewHex(hasher: Hasher64, input: Uint8Array, length: number): string {
  const scratch = new Uint8Array(input.length + 64)
  for (let i = 0; i < scratch.length; i++) scratch[i] = (i * 89 + 3) & 255
  scratch.set(input.subarray(0, length))
  const out = new Uint32Array(2)
  hasher.hashView(scratch, new DataView(scratch.buffer), length, out)
  return hex(out)
}

// The bigint API over these hashers: the public functions on the js backend.
const JS = { backend: 'js' } as const

// `create` makes a hasher of the algorithm with no history: an XXH3 hasher's string path
// depends on the keys before (string-budget.ts), never its hashes.
const algorithms = (
  [
    { field: 'xxh3', create: () => createXxh3(0, 0), bigint: (b: Uint8Array) => xxh3(b, 0n, JS) },
    {
      field: 'xxh3_seeded',
      create: () => createXxh3(seedHi, seedLo),
      bigint: (b: Uint8Array) => xxh3(b, seed, JS),
    },
    { field: 'xxh64', create: () => createXxh64(0, 0), bigint: (b: Uint8Array) => xxh64(b, 0n, JS) },
    {
      field: 'xxh64_seeded',
      create: () => createXxh64(seedHi, seedLo),
      bigint: (b: Uint8Array) => xxh64(b, seed, JS),
    },
  ] as const
).map((a) => ({ ...a, hasher: a.create() }))

describe('xxhash golden vectors (fixtures/xxhash.json)', () => {
  it('has a seed with the top bit set and covers every XXH3 length class', () => {
    expect(seed >> 63n).toBe(1n)
    const lens = fixture.cases.map((c) => c.len)
    for (const [lo, hi] of [
      [0, 0],
      [1, 3],
      [4, 8],
      [9, 16],
      [17, 128],
      [129, 240],
      [241, 1024],
      [1025, 1_000_000],
    ]) {
      expect(lens.some((l) => l >= lo && l <= hi)).toBe(true)
    }
  })

  for (const c of fixture.cases) {
    it(`${c.name} (${c.len} bytes)`, () => {
      const input = inputOf(c)
      expect(input.length).toBe(c.len)
      // The same bytes at a nonzero offset inside a larger buffer, followed by bytes that must not be read.
      const big = new Uint8Array(c.len + 3 + 100)
      for (let i = 0; i < big.length; i++) big[i] = (i * 131 + 17) & 255
      big.set(input, 3)
      const view = big.subarray(3)
      for (const a of algorithms) {
        const expected = c[a.field]
        expect(hashHex(a.hasher, input, c.len), a.field).toBe(expected)
        expect(hashHex(a.hasher, view, c.len), `${a.field}, prefix of a larger buffer`).toBe(expected)
        expect(hashViewHex(a.hasher, input, c.len), `${a.field}, hashView`).toBe(expected)
        expect(a.bigint(input).toString(16).padStart(16, '0'), `${a.field}, bigint API`).toBe(expected)
      }
    })
  }
})

describe('Hasher64.hash(input, length, out)', () => {
  it('reads only input[0 .. length), for every length from 0 to 600 and some long ones', () => {
    const size = 5000
    const base = new Uint8Array(size + 64)
    for (let i = 0; i < base.length; i++) base[i] = (i * 7 + (i >>> 8) * 13) & 255
    const hashers = algorithms.map((a) => a.hasher)
    const lengths: number[] = []
    for (let l = 0; l <= 600; l++) lengths.push(l)
    lengths.push(1023, 1024, 1025, 2048, 4096, size)
    for (const length of lengths) {
      const exact = base.slice(0, length)
      const noisy = base.slice()
      for (let i = length; i < noisy.length; i++) noisy[i] ^= 0x5a
      for (const h of hashers) {
        expect(hashHex(h, noisy, length), `length ${length}`).toBe(hashHex(h, exact, length))
      }
    }
  })

  it('gives the same hash through hashView (words read from a DataView) at every length to 600', () => {
    const base = new Uint8Array(600)
    for (let i = 0; i < base.length; i++) base[i] = (i * 7 + (i >>> 8) * 13) & 255
    for (let length = 0; length <= 600; length++) {
      const exact = base.slice(0, length)
      for (const a of algorithms) {
        expect(hashViewHex(a.hasher, exact, length), `${a.field}, length ${length}`).toBe(
          hashHex(a.hasher, exact, length),
        )
      }
    }
  })

  it('keeps no state between calls', () => {
    const long = new Uint8Array(3000).map((_, i) => i & 255)
    const short = new Uint8Array([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
    ])
    for (const a of algorithms) {
      const first = [hashHex(a.hasher, short, short.length), hashHex(a.hasher, long, long.length)]
      const again = [hashHex(a.hasher, short, short.length), hashHex(a.hasher, long, long.length)]
      expect(again).toEqual(first)
      // A second hasher with the same seed interleaved with the first gives the same results.
      const other = a.create()
      expect(hashHex(other, long, long.length)).toBe(first[1])
      expect(hashHex(a.hasher, short, short.length)).toBe(first[0])
    }
  })

  // A browser has no Buffer.
  it.skipIf(inBrowser)('accepts a Node.js Buffer', () => {
    const buffer = Buffer.from('hello, world: a buffer of some length', 'utf8')
    const copy = new Uint8Array(buffer)
    for (const a of algorithms) {
      expect(hashHex(a.hasher, buffer, buffer.length)).toBe(hashHex(a.hasher, copy, copy.length))
    }
  })

  it('rejects a length that is negative, fractional or beyond the input', () => {
    const input = new Uint8Array(10)
    const out = new Uint32Array(2)
    for (const a of algorithms) {
      for (const length of [-1, 1.5, 11, Number.NaN]) {
        expect(() => a.hasher.hash(input, length, out), `length ${length}`).toThrow(RangeError)
      }
      // hashView too, in the class it reads as words (17-240 bytes) as in the others.
      const wide = new Uint8Array(30)
      const view = new DataView(new ArrayBuffer(64))
      for (const length of [-1, 17.5, 31, Number.NaN]) {
        expect(() => a.hasher.hashView(wide, view, length, out), `hashView, length ${length}`).toThrow(
          /length must be an integer in 0 \.\. input\.length/,
        )
      }
      expect(out).toEqual(new Uint32Array(2))
    }
  })
})

describe("Hasher64.hashString(key, out) and the js backend's string keys (hashKey)", () => {
  const encoder = new TextEncoder()
  /** What hashString wrote, or 'untouched'. */
  function stringHex(hasher: Hasher64, key: string): string {
    const out = new Uint32Array([0x5eed, 0x5eed])
    return hasher.hashString(key, out)
      ? hex(out)
      : out[0] === 0x5eed && out[1] === 0x5eed
        ? 'untouched'
        : 'written'
  }
  function keyHex(hasher: Hasher64, key: string): string {
    const out = new Uint32Array(2)
    hashKey(hasher, key, out)
    return hex(out)
  }
  const xxh3Hashers = algorithms.filter((a) => a.field.startsWith('xxh3'))

  it('hashes an ASCII key of 17-95 units from its code units (XXH3), and leaves any other to the caller', () => {
    // Hashers of their own: this test's keys are all ASCII, whatever the tests before it hashed.
    const fresh = algorithms.map((a) => ({ ...a, hasher: a.create() }))
    for (let length = 0; length <= 260; length++) {
      for (const key of [asciiKey(length), asciiKeyWithControls(length)]) {
        for (const { field, hasher } of fresh) {
          const bytes = hashHex(hasher, encoder.encode(key), length)
          const read = field.startsWith('xxh3') && length >= 17 && length <= 95
          expect(stringHex(hasher, key), `${field}, ${length} units`).toBe(read ? bytes : 'untouched')
          expect(keyHex(hasher, key), `${field}, ${length} units`).toBe(bytes)
        }
      }
    }
    // The fixture's 22-byte ASCII text, against libxxhash's value.
    const text = fixture.cases.find((c) => c.name === 'utf8-ascii-22')
    expect(text?.text).toBe('user:00000000000000042')
    for (const a of xxh3Hashers) expect(stringHex(a.create(), 'user:00000000000000042')).toBe(text?.[a.field])
  })

  it('leaves a 17-128 unit key with a non-ASCII unit at any position to the encoding', () => {
    // Units at the edges of each UTF-8 length, a lone surrogate of each kind, U+FFFD, U+FFFF.
    const units = [0x80, 0xff, 0x100, 0x7ff, 0x800, 0xd800, 0xdfff, 0xfffd, 0xffff]
    let checked = 0
    for (let length = 17; length <= 128; length++) {
      const ascii = asciiKey(length)
      for (let at = 0; at < length; at++) {
        for (const unit of units) {
          const key = ascii.slice(0, at) + String.fromCharCode(unit) + ascii.slice(at + 1)
          const bytes = encoder.encode(key)
          for (const a of xxh3Hashers) {
            // A fresh hasher reads every key's units: one that had met late non-ASCII units
            // would skip most of these (string-budget.ts).
            const hasher = a.create()
            expect(
              stringHex(hasher, key),
              `${a.field}, ${length} units, U+${unit.toString(16)} at ${at}`,
            ).toBe('untouched')
            expect(keyHex(hasher, key), `${a.field}, ${length} units, U+${unit.toString(16)} at ${at}`).toBe(
              hashHex(hasher, bytes, bytes.length),
            )
            checked++
          }
        }
      }
    }
    expect(checked).toBe(2 * units.length * ((17 + 128) * 56))
  })

  it('stops reading units for 16 keys after a key with a non-ASCII unit past the first chunk (string-budget.ts)', () => {
    const ascii = asciiKey(22)
    const late = `${ascii.slice(0, 21)}é` // found in the second chunk, after one mix
    const early = `${ascii.slice(0, 15)}é${ascii.slice(16)}` // found in the first chunk
    /** How many ASCII keys `hasher` declines before it reads one from its units again. */
    const declined = (hasher: Hasher64) => {
      let n = 0
      while (stringHex(hasher, ascii) === 'untouched' && n <= 2048) n++
      return n
    }
    for (const a of xxh3Hashers) {
      const hasher = a.create()
      const hashed = hashHex(hasher, encoder.encode(ascii), 22)
      // A non-ASCII unit in the first chunk costs nothing to speak of, and stops nothing.
      for (let i = 0; i < 3; i++) expect(stringHex(hasher, early)).toBe('untouched')
      expect(declined(hasher)).toBe(0)
      // A late one with no credits stops the reading; keys outside 17-95 units do not count.
      const fresh = a.create()
      expect(stringHex(fresh, late)).toBe('untouched')
      for (const other of [asciiKey(16), asciiKey(96), '', late.slice(0, 16)]) {
        expect(stringHex(fresh, other)).toBe('untouched')
        const bytes = encoder.encode(other)
        expect(keyHex(fresh, other)).toBe(hashHex(fresh, bytes, bytes.length))
      }
      for (let k = 0; k < 16; k++) expect(keyHex(fresh, ascii), `${a.field}, declined key ${k}`).toBe(hashed)
      expect(stringHex(fresh, ascii)).toBe(hashed)
      // 16 keys read cover five late ones (three credits each): the next key is read. The
      // credits left (1 + 1) do not cover another.
      for (let k = 0; k < 16; k++) expect(stringHex(fresh, ascii)).toBe(hashed)
      for (let i = 0; i < 5; i++) expect(stringHex(fresh, late)).toBe('untouched')
      expect(stringHex(fresh, ascii)).toBe(hashed)
      expect(stringHex(fresh, late)).toBe('untouched')
      expect(declined(fresh)).toBe(16)
    }
  })

  it('hashes lone and reversed surrogates as U+FFFD and a pair as its code point, as TextEncoder does', () => {
    const base = asciiKey(40)
    const keys = [
      `\uD800${base.slice(1)}`,
      `${base.slice(0, 39)}\uDBFF`,
      `\uDC00${base.slice(1)}`,
      `${base.slice(0, 20)}\uDFFF${base.slice(21)}`,
      `${base.slice(0, 20)}\uDC00\uD800${base.slice(22)}`,
      `${base.slice(0, 20)}\uD800\uD800${base.slice(22)}`,
      `${base.slice(0, 20)}😀${base.slice(22)}`,
      '\uD800'.repeat(17),
      '😀'.repeat(20),
    ]
    for (const key of keys) {
      const bytes = encoder.encode(key)
      for (const a of algorithms) {
        const hasher = a.create() // reads every key's units (string-budget.ts)
        expect(stringHex(hasher, key), JSON.stringify(key)).toBe('untouched')
        expect(keyHex(hasher, key), JSON.stringify(key)).toBe(hashHex(hasher, bytes, bytes.length))
      }
    }
    // A lone high surrogate at the end: the bytes of U+FFFD (EF BF BD) after 39 ASCII bytes.
    expect(encoder.encode(keys[1]).subarray(39)).toEqual(new Uint8Array([0xef, 0xbf, 0xbd]))
  })

  it('hashes the empty key to the golden value', () => {
    const empty = fixture.cases.find((c) => c.name === 'utf8-empty')
    for (const a of algorithms) {
      expect(stringHex(a.hasher, '')).toBe('untouched')
      expect(keyHex(a.hasher, '')).toBe(empty?.[a.field])
    }
  })
})

describe('seeds as 32-bit halves (checkEngineConfig)', () => {
  it('splits into high and low halves', () => {
    const halves = (value: bigint) => {
      const { seedHi, seedLo } = checkEngineConfig('xxh3', value)
      return [seedHi, seedLo]
    }
    expect(halves(0n)).toEqual([0, 0])
    expect(halves(0x9e3779b97f4a7c15n)).toEqual([0x9e3779b9, 0x7f4a7c15])
    expect(halves((1n << 64n) - 1n)).toEqual([0xffffffff, 0xffffffff])
    expect(halves(1n << 32n)).toEqual([1, 0])
  })

  it('rejects values outside 0 .. 2^64 - 1 and non-bigints', () => {
    expect(() => checkEngineConfig('xxh3', -1n)).toThrow(RangeError)
    expect(() => checkEngineConfig('xxh3', 1n << 64n)).toThrow(RangeError)
    expect(() => checkEngineConfig('xxh3', 5)).toThrow(TypeError)
  })

  it('rejects invalid seeds and inputs in the bigint API', () => {
    expect(() => xxh3(new Uint8Array(1), -1n, JS)).toThrow(RangeError)
    expect(() => xxh64(new Uint8Array(1), 1n << 64n, JS)).toThrow(RangeError)
    expect(() => xxh3(5 as unknown as Uint8Array, 0n, JS)).toThrow(TypeError)
  })
})
