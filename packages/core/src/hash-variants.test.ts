import { describe, expect, it } from 'vitest'
import { xxh3, xxh3Hex, xxh3Into, xxh64, xxh64Hex, xxh64Into } from './index.js'
import { backendsUnderTest } from './test/backends.js'
import { loadFixture, patternBytes, type XxhashCase, type XxhashFixture } from './test/fixtures.js'
import { thrown } from './test/thrown.js'

const fixture = loadFixture<XxhashFixture>('xxhash.json')
const seed = BigInt(`0x${fixture.seed}`)

/** The keys of a fixture case: its text as a string and as UTF-8, or the pattern bytes. */
function keysOf(c: XxhashCase): Array<string | Uint8Array> {
  return c.text !== undefined ? [c.text, new TextEncoder().encode(c.text)] : [patternBytes(c.len)]
}

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
