import { xxh3 } from '@chash/core'
import { describe, expect, it } from 'vitest'
import { BATCH, bigEndianViews, KeyStore, keyOf, makeBatches, makeJumpKeys, makeKeys } from './keys.js'

describe('keys follow raw_bench: decimal k left-padded with 0', () => {
  it('pads to the length', () => {
    expect(keyOf(0, 8)).toBe('00000000')
    expect(keyOf(42, 8)).toBe('00000042')
    expect(keyOf(999_999, 22)).toBe(`${'0'.repeat(16)}999999`)
    expect(keyOf(7, 100)).toHaveLength(100)
  })

  it('refuses keys that do not fit or are not indices', () => {
    expect(() => keyOf(123_456_789, 8)).toThrow(RangeError)
    expect(() => keyOf(-1, 8)).toThrow(RangeError)
    expect(() => keyOf(1.5, 8)).toThrow(RangeError)
  })

  it('makes keys in order', () => {
    expect(makeKeys(3, 4)).toEqual(['000', '001', '002', '003'])
  })
})

describe('makeBatches', () => {
  it('keeps only full batches, so every timed call handles the same number of keys', () => {
    expect(makeBatches([1, 2, 3, 4, 5, 6, 7], 3)).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ])
    expect(makeBatches([1, 2], 3)).toEqual([])
  })

  it('rejects a bad size', () => {
    expect(() => makeBatches([1], 0)).toThrow(RangeError)
  })
})

describe('jump keys', () => {
  it('are XXH3 of the 22-byte keys', () => {
    const keys = makeJumpKeys(3)
    expect([...keys]).toEqual([0, 1, 2].map((k) => xxh3(keyOf(k, 22))))
  })

  it('are given to the BigInt peer as 8 big-endian bytes', () => {
    const [view] = bigEndianViews(new BigUint64Array([0x0102030405060708n]))
    expect([...view]).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
  })
})

describe('KeyStore', () => {
  it('builds each set once', () => {
    const store = new KeyStore(BATCH * 2 + 5)
    expect(store.strings(8)).toBe(store.strings(8))
    expect(store.batches(8)).toHaveLength(2)
    expect(store.batches(8)[1][0]).toBe(keyOf(BATCH, 8))
  })
})
