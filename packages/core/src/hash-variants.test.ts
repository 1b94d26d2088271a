import { describe, expect, it } from 'vitest'
import { xxh3, xxh3Hex, xxh3Into, xxh64, xxh64Hex, xxh64Into } from './index.js'
import { backendsUnderTest } from './test/backends.js'
import { loadFixture, patternBytes, type XxhashCase, type XxhashFixture } from './test/fixtures.js'
import { asciiKey, asciiKeyWithControls } from './test/string-keys.js'
import { thrown } from './test/thrown.js'

const fixture = loadFixture<XxhashFixture>('xxhash.json')
const seed = BigInt(`0x${fixture.seed}`)

/** The keys of a fixture case: its text as a string and as UTF-8, or the pattern bytes. */
function keysOf(c: XxhashCase): Array<string | Uint8Array> {
  return c.text !== undefined ? [c.text, new TextEncoder().encode(c.text)] : [patternBytes(c.len)]
}

/**
 * Keys whose XXH3 the js backend reads from their code units (ASCII, 17-95 units) and keys around
 * them, with the fixture case (libxxhash's values for its UTF-8 text) each must hash to. A lone
 * surrogate hashes as U+FFFD (TextEncoder's bytes), which is what the `fffd` texts hold there.
 */
const ASCII_40 = asciiKey(40)
const STRING_KEY_CASES: Array<[string, string]> = [
  ...[17, 31, 32, 33, 47, 63, 64, 65, 94, 95, 96, 127, 128].map((n): [string, string] => [
    asciiKey(n),
    `utf8-ascii-pattern-${n}`,
  ]),
  ...[17, 40, 95].map((n): [string, string] => [asciiKeyWithControls(n), `utf8-ascii-controls-${n}`]),
  [`é${ASCII_40.slice(1)}`, 'utf8-e-acute-first-40'],
  [`${ASCII_40.slice(0, 39)}\uD800`, 'utf8-fffd-last-40'],
  [`${ASCII_40.slice(0, 5)}\uDC00${ASCII_40.slice(6)}`, 'utf8-fffd-at-5-40'],
  [`${ASCII_40.slice(0, 16)}😀${ASCII_40.slice(18)}`, 'utf8-emoji-at-16-40'],
]

describe.each(backendsUnderTest())('xxh3/xxh64 without a bigint on the %s backend', (backend) => {
  const opts = { backend }
  const variants = [
    { field: 'xxh3', seed: 0n, into: xxh3Into, hex: xxh3Hex },
    { field: 'xxh3_seeded', seed, into: xxh3Into, hex: xxh3Hex },
    { field: 'xxh64', seed: 0n, into: xxh64Into, hex: xxh64Hex },
    { field: 'xxh64_seeded', seed, into: xxh64Into, hex: xxh64Hex },
  ] as const

  it('give the golden values as halves and as hex', () => {
    const out = new Uint32Array(2)
    let checked = 0
    for (const c of fixture.cases) {
      for (const key of keysOf(c)) {
        for (const v of variants) {
          const want = c[v.field]
          out.fill(0xdeadbeef)
          expect(v.into(key, out, v.seed, opts), `${c.name} ${v.field}`).toBe(out)
          const halves = out[0].toString(16).padStart(8, '0') + out[1].toString(16).padStart(8, '0')
          expect(halves, `${c.name} ${v.field} into`).toBe(want)
          expect(v.hex(key, v.seed, opts), `${c.name} ${v.field} hex`).toBe(want)
          checked++
        }
      }
    }
    expect(checked).toBeGreaterThan(4 * fixture.cases.length)
  })

  it('hash ASCII keys of 17-128 units and keys with a non-ASCII unit to the fixture values', () => {
    for (const [key, name] of STRING_KEY_CASES) {
      const c = fixture.cases.find((f) => f.name === name)
      if (c?.text === undefined) throw new Error(`fixtures/xxhash.json lacks ${name}`)
      if (!name.includes('fffd')) expect(key, name).toBe(c.text)
      expect(xxh3Hex(key, 0n, opts), name).toBe(c.xxh3)
      expect(xxh3Hex(key, seed, opts), name).toBe(c.xxh3_seeded)
    }
  })

  it('hash an ASCII key of every length from 0 to 260 as its UTF-8 bytes', () => {
    const encoder = new TextEncoder()
    for (let length = 0; length <= 260; length++) {
      for (const key of [asciiKey(length), asciiKeyWithControls(length)]) {
        const bytes = encoder.encode(key)
        expect(bytes.length).toBe(length)
        for (const v of variants) {
          expect(v.hex(key, v.seed, opts), `${v.field}, ${length} units`).toBe(v.hex(bytes, v.seed, opts))
        }
      }
    }
  })

  it('agree with the bigint functions, zero-padded, and write only out[0] and out[1]', () => {
    const out = new Uint32Array([7, 7, 7, 7])
    for (const key of ['', 'a', 'hello', 'x'.repeat(300), 'ключ 🔑']) {
      xxh3Into(key, out, 5n, opts)
      expect((BigInt(out[0]) << 32n) | BigInt(out[1]), key).toBe(xxh3(key, 5n, opts))
      expect(out[2] + out[3]).toBe(14)
      expect(BigInt(`0x${xxh64Hex(key, 0n, opts)}`)).toBe(xxh64(key, 0n, opts))
      expect(xxh64Hex(key, 0n, opts)).toHaveLength(16)
    }
  })

  it('reject a bad out, key or seed with errors named after the argument, out unchanged', () => {
    const short = new Uint32Array([9])
    expect(thrown(() => xxh3Into('k', short, 0n, opts))).toEqual({
      type: 'RangeError',
      message: 'out must hold at least 2 elements, got length 1',
    })
    expect(short[0]).toBe(9)
    const wrong = thrown(() => xxh64Into('k', new Int32Array(2) as unknown as Uint32Array, 0n, opts))
    expect(wrong.type).toBe('TypeError')
    expect(wrong.message).toMatch(/^out must be a Uint32Array, got .*Int32Array/)
    const out = new Uint32Array([1, 2])
    expect(thrown(() => xxh3Into(5 as unknown as string, out, 0n, opts)).message).toMatch(
      /^key must be a string or a Uint8Array/,
    )
    expect(thrown(() => xxh64Into('k', out, -1n, opts)).type).toBe('RangeError')
    expect(thrown(() => xxh3Hex('k', 1 as unknown as bigint, opts)).message).toMatch(/^seed must be a bigint/)
    expect([...out]).toEqual([1, 2])
  })
})
