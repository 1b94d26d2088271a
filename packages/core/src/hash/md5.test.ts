import { md5 } from '@noble/hashes/legacy.js'
import { describe, expect, it } from 'vitest'
import { md5Words } from './md5.js'

/** @noble/hashes' md5 as the four little-endian words md5Words gives. */
function nobleWords(bytes: Uint8Array): number[] {
  const digest = md5(bytes)
  const view = new DataView(digest.buffer, digest.byteOffset, 16)
  return [0, 1, 2, 3].map((j) => view.getUint32(4 * j, true))
}

describe('md5Words', () => {
  const out = new Uint32Array(4)

  it('gives RFC 1321 test suite digests', () => {
    const hex = (text: string) => {
      md5Words(new TextEncoder().encode(text), new TextEncoder().encode(text).length, out)
      return Array.from(new Uint8Array(out.buffer), (b) => b.toString(16).padStart(2, '0')).join('')
    }
    expect(hex('')).toBe('d41d8cd98f00b204e9800998ecf8427e')
    expect(hex('abc')).toBe('900150983cd24fb0d6963f7d28e17f72')
    expect(hex('message digest')).toBe('f96b697d7cb7938d525a2f31aaf161d0')
    expect(hex('1234567890'.repeat(8))).toBe('57edf4a22be3c955ac49da2e2107b67a')
  })

  it('equals @noble/hashes md5 for every length 0..300 and random bytes up to 5000', () => {
    let seed = 12345
    const next = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
      return seed >>> 24
    }
    const lengths = [...Array.from({ length: 301 }, (_, i) => i), 511, 512, 513, 1000, 4999]
    for (const length of lengths) {
      const bytes = Uint8Array.from({ length }, next)
      md5Words(bytes, length, out)
      expect(Array.from(out), `length ${length}`).toEqual(nobleWords(bytes))
    }
  })

  it('hashes only the first `length` bytes', () => {
    const bytes = new TextEncoder().encode('abcdef')
    md5Words(bytes, 3, out)
    expect(Array.from(out)).toEqual(nobleWords(bytes.subarray(0, 3)))
  })
})
