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

// The bigint API over these hashers: the public functions on the js backend.
const JS = { backend: 'js' } as const

const algorithms = [
  { field: 'xxh3', hasher: createXxh3(0, 0), bigint: (b: Uint8Array) => xxh3(b, 0n, JS) },
  {
    field: 'xxh3_seeded',
    hasher: createXxh3(seedHi, seedLo),
    bigint: (b: Uint8Array) => xxh3(b, seed, JS),
  },
  { field: 'xxh64', hasher: createXxh64(0, 0), bigint: (b: Uint8Array) => xxh64(b, 0n, JS) },
  {
    field: 'xxh64_seeded',
    hasher: createXxh64(seedHi, seedLo),
    bigint: (b: Uint8Array) => xxh64(b, seed, JS),
  },
] as const

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
      const other = a.field.startsWith('xxh3')
        ? createXxh3(a.field.endsWith('seeded') ? seedHi : 0, a.field.endsWith('seeded') ? seedLo : 0)
        : createXxh64(a.field.endsWith('seeded') ? seedHi : 0, a.field.endsWith('seeded') ? seedLo : 0)
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
    for (let length = 0; length <= 260; length++) {
      for (const key of [asciiKey(length), asciiKeyWithControls(length)]) {
        for (const a of algorithms) {
          const bytes = hashHex(a.hasher, encoder.encode(key), length)
          const read = a.field.startsWith('xxh3') && length >= 17 && length <= 95
          expect(stringHex(a.hasher, key), `${a.field}, ${length} units`).toBe(read ? bytes : 'untouched')
          expect(keyHex(a.hasher, key), `${a.field}, ${length} units`).toBe(bytes)
        }
      }
    }
    // The fixture's 22-byte ASCII text, against libxxhash's value.
    const text = fixture.cases.find((c) => c.name === 'utf8-ascii-22')
    expect(text?.text).toBe('user:00000000000000042')
    for (const a of xxh3Hashers) expect(stringHex(a.hasher, 'user:00000000000000042')).toBe(text?.[a.field])
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
            expect(
              stringHex(a.hasher, key),
              `${a.field}, ${length} units, U+${unit.toString(16)} at ${at}`,
            ).toBe('untouched')
            expect(
              keyHex(a.hasher, key),
              `${a.field}, ${length} units, U+${unit.toString(16)} at ${at}`,
            ).toBe(hashHex(a.hasher, bytes, bytes.length))
            checked++
          }
        }
      }
    }
    expect(checked).toBe(2 * units.length * ((17 + 128) * 56))
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
        expect(stringHex(a.hasher, key), JSON.stringify(key)).toBe('untouched')
        expect(keyHex(a.hasher, key), JSON.stringify(key)).toBe(hashHex(a.hasher, bytes, bytes.length))
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
