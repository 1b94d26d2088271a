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
 * XXH3 with seed 0 and with the fixture's seed of keys whose XXH3 the js backend reads from their
 * code units (ASCII, 17-95 units) and of keys around them, as PyPI's `xxhash` 4.1.0 (xxHash 0.8)
 * gives for their UTF-8 bytes (TextEncoder's: a lone surrogate is U+FFFD).
 */
const STRING_KEY_CASES: Array<[string, string, string]> = [
  [asciiKey(17), '4e7427d322b5b381', 'aa4f2f97eafbb93f'],
  [asciiKey(22), 'c14c7ef42d8d4a4b', '5b7c554d257ed126'],
  [asciiKey(31), '4db010a278c32798', '9304cf17c7cece2d'],
  [asciiKey(32), '78f6a71fe0112278', 'd8644445bd708991'],
  [asciiKey(33), 'e301e9df57a7865e', 'ea6ed6bffb1a9ba0'],
  [asciiKey(47), '629d8fd8a519430c', '87c3e0e826063a1a'],
  [asciiKey(63), '08ca20f06b1c56a2', 'c34ab124a8a2500c'],
  [asciiKey(64), 'be9dffa644946317', 'b3853a0f264f8598'],
  [asciiKey(65), '2ebb15db1852c25d', 'f802505a1d0538a2'],
  [asciiKey(94), '5e591b735607d558', '9903a9ba04e748f2'],
  [asciiKey(95), 'b7d8c7b77e43f932', '754962adc89b4757'],
  [asciiKey(96), '604a6bbea9c02a35', '2cab939f8638db80'],
  [asciiKey(127), '8e052d9eaf65f0e6', 'ee832189326b8070'],
  [asciiKey(128), '9ed291447b717096', '9a662e98396ed6a8'],
  [asciiKeyWithControls(17), '469235b71dad2156', 'bf75dd2daafebbaa'],
  [asciiKeyWithControls(40), 'a7dda010b9c3a48f', 'd7a5462337e85c09'],
  [asciiKeyWithControls(95), '2aa57aec05d59808', '9ff491cf0e66f0d0'],
  [`é${asciiKey(40).slice(1)}`, '100aef0602b49898', '222f40fa9ddfb695'],
  [`${asciiKey(40).slice(0, 39)}\uD800`, 'f53241c46f6cbaca', 'ee5b6dacb19a3cb0'],
  [`${asciiKey(40).slice(0, 5)}\uDC00${asciiKey(40).slice(6)}`, 'a42f8ddd3f62c57c', 'da2457b9cfe3584a'],
  [`${asciiKey(40).slice(0, 16)}😀${asciiKey(40).slice(18)}`, '7821b1a019ef0cdc', '21771f252b24256f'],
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

  it('hash ASCII keys of 17-128 units and keys with a non-ASCII unit to the reference values', () => {
    for (const [key, want, wantSeeded] of STRING_KEY_CASES) {
      expect(xxh3Hex(key, 0n, opts), JSON.stringify(key)).toBe(want)
      expect(xxh3Hex(key, seed, opts), JSON.stringify(key)).toBe(wantSeeded)
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
