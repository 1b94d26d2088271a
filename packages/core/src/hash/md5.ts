/**
 * MD5 (RFC 1321) of bytes, without allocating: the ketama continuums (docs/placement.md §9) hash
 * every key and label with it. Hand-written rather than @noble/hashes' legacy md5 because that
 * one allocates a hasher and a digest per call, several times slower on short keys; it is tested
 * against @noble/hashes (md5.test.ts) and against the md5 values of fixtures/ketama.json.
 */

const rotl = (x: number, n: number): number => (x << n) | (x >>> (32 - n))
const ff = (a: number, b: number, c: number, d: number, m: number, s: number, k: number): number =>
  (rotl((a + ((b & c) | (~b & d)) + m + k) | 0, s) + b) | 0
const gg = (a: number, b: number, c: number, d: number, m: number, s: number, k: number): number =>
  (rotl((a + ((b & d) | (c & ~d)) + m + k) | 0, s) + b) | 0
const hh = (a: number, b: number, c: number, d: number, m: number, s: number, k: number): number =>
  (rotl((a + (b ^ c ^ d) + m + k) | 0, s) + b) | 0
const ii = (a: number, b: number, c: number, d: number, m: number, s: number, k: number): number =>
  (rotl((a + (c ^ (b | ~d)) + m + k) | 0, s) + b) | 0

// The running state (a, b, c, d) and the padded last block(s).
const state = new Int32Array(4)
const tail = new Uint8Array(128)

/** Reads the little-endian 32-bit word at `p`. */
function word(buf: Uint8Array, p: number): number {
  return buf[p] | (buf[p + 1] << 8) | (buf[p + 2] << 16) | (buf[p + 3] << 24)
}

/** Runs the compression function on the 64-byte block of `buf` at `p`. */
function block(buf: Uint8Array, p: number): void {
  const m0 = word(buf, p),
    m1 = word(buf, p + 4),
    m2 = word(buf, p + 8),
    m3 = word(buf, p + 12)
  const m4 = word(buf, p + 16),
    m5 = word(buf, p + 20),
    m6 = word(buf, p + 24),
    m7 = word(buf, p + 28)
  const m8 = word(buf, p + 32),
    m9 = word(buf, p + 36),
    m10 = word(buf, p + 40),
    m11 = word(buf, p + 44)
  const m12 = word(buf, p + 48),
    m13 = word(buf, p + 52),
    m14 = word(buf, p + 56),
    m15 = word(buf, p + 60)
  let a = state[0],
    b = state[1],
    c = state[2],
    d = state[3]
  a = ff(a, b, c, d, m0, 7, 0xd76aa478 | 0)
  d = ff(d, a, b, c, m1, 12, 0xe8c7b756 | 0)
  c = ff(c, d, a, b, m2, 17, 0x242070db | 0)
  b = ff(b, c, d, a, m3, 22, 0xc1bdceee | 0)
  a = ff(a, b, c, d, m4, 7, 0xf57c0faf | 0)
  d = ff(d, a, b, c, m5, 12, 0x4787c62a | 0)
  c = ff(c, d, a, b, m6, 17, 0xa8304613 | 0)
  b = ff(b, c, d, a, m7, 22, 0xfd469501 | 0)
  a = ff(a, b, c, d, m8, 7, 0x698098d8 | 0)
  d = ff(d, a, b, c, m9, 12, 0x8b44f7af | 0)
  c = ff(c, d, a, b, m10, 17, 0xffff5bb1 | 0)
  b = ff(b, c, d, a, m11, 22, 0x895cd7be | 0)
  a = ff(a, b, c, d, m12, 7, 0x6b901122 | 0)
  d = ff(d, a, b, c, m13, 12, 0xfd987193 | 0)
  c = ff(c, d, a, b, m14, 17, 0xa679438e | 0)
  b = ff(b, c, d, a, m15, 22, 0x49b40821 | 0)
  a = gg(a, b, c, d, m1, 5, 0xf61e2562 | 0)
  d = gg(d, a, b, c, m6, 9, 0xc040b340 | 0)
  c = gg(c, d, a, b, m11, 14, 0x265e5a51 | 0)
  b = gg(b, c, d, a, m0, 20, 0xe9b6c7aa | 0)
  a = gg(a, b, c, d, m5, 5, 0xd62f105d | 0)
  d = gg(d, a, b, c, m10, 9, 0x02441453 | 0)
  c = gg(c, d, a, b, m15, 14, 0xd8a1e681 | 0)
  b = gg(b, c, d, a, m4, 20, 0xe7d3fbc8 | 0)
  a = gg(a, b, c, d, m9, 5, 0x21e1cde6 | 0)
  d = gg(d, a, b, c, m14, 9, 0xc33707d6 | 0)
  c = gg(c, d, a, b, m3, 14, 0xf4d50d87 | 0)
  b = gg(b, c, d, a, m8, 20, 0x455a14ed | 0)
  a = gg(a, b, c, d, m13, 5, 0xa9e3e905 | 0)
  d = gg(d, a, b, c, m2, 9, 0xfcefa3f8 | 0)
  c = gg(c, d, a, b, m7, 14, 0x676f02d9 | 0)
  b = gg(b, c, d, a, m12, 20, 0x8d2a4c8a | 0)
  a = hh(a, b, c, d, m5, 4, 0xfffa3942 | 0)
  d = hh(d, a, b, c, m8, 11, 0x8771f681 | 0)
  c = hh(c, d, a, b, m11, 16, 0x6d9d6122 | 0)
  b = hh(b, c, d, a, m14, 23, 0xfde5380c | 0)
  a = hh(a, b, c, d, m1, 4, 0xa4beea44 | 0)
  d = hh(d, a, b, c, m4, 11, 0x4bdecfa9 | 0)
  c = hh(c, d, a, b, m7, 16, 0xf6bb4b60 | 0)
  b = hh(b, c, d, a, m10, 23, 0xbebfbc70 | 0)
  a = hh(a, b, c, d, m13, 4, 0x289b7ec6 | 0)
  d = hh(d, a, b, c, m0, 11, 0xeaa127fa | 0)
  c = hh(c, d, a, b, m3, 16, 0xd4ef3085 | 0)
  b = hh(b, c, d, a, m6, 23, 0x04881d05 | 0)
  a = hh(a, b, c, d, m9, 4, 0xd9d4d039 | 0)
  d = hh(d, a, b, c, m12, 11, 0xe6db99e5 | 0)
  c = hh(c, d, a, b, m15, 16, 0x1fa27cf8 | 0)
  b = hh(b, c, d, a, m2, 23, 0xc4ac5665 | 0)
  a = ii(a, b, c, d, m0, 6, 0xf4292244 | 0)
  d = ii(d, a, b, c, m7, 10, 0x432aff97 | 0)
  c = ii(c, d, a, b, m14, 15, 0xab9423a7 | 0)
  b = ii(b, c, d, a, m5, 21, 0xfc93a039 | 0)
  a = ii(a, b, c, d, m12, 6, 0x655b59c3 | 0)
  d = ii(d, a, b, c, m3, 10, 0x8f0ccc92 | 0)
  c = ii(c, d, a, b, m10, 15, 0xffeff47d | 0)
  b = ii(b, c, d, a, m1, 21, 0x85845dd1 | 0)
  a = ii(a, b, c, d, m8, 6, 0x6fa87e4f | 0)
  d = ii(d, a, b, c, m15, 10, 0xfe2ce6e0 | 0)
  c = ii(c, d, a, b, m6, 15, 0xa3014314 | 0)
  b = ii(b, c, d, a, m13, 21, 0x4e0811a1 | 0)
  a = ii(a, b, c, d, m4, 6, 0xf7537e82 | 0)
  d = ii(d, a, b, c, m11, 10, 0xbd3af235 | 0)
  c = ii(c, d, a, b, m2, 15, 0x2ad7d2bb | 0)
  b = ii(b, c, d, a, m9, 21, 0xeb86d391 | 0)
  state[0] = (state[0] + a) | 0
  state[1] = (state[1] + b) | 0
  state[2] = (state[2] + c) | 0
  state[3] = (state[3] + d) | 0
}

/**
 * MD5 of `bytes[0 .. length)`. Writes the digest as four unsigned little-endian 32-bit words to
 * `out` (out[j] = bytes 4j … 4j+3 of the digest read little-endian: the ketama points).
 */
export function md5Words(bytes: Uint8Array, length: number, out: Uint32Array): void {
  state[0] = 0x67452301
  state[1] = 0xefcdab89 | 0
  state[2] = 0x98badcfe | 0
  state[3] = 0x10325476
  let p = 0
  for (; p + 64 <= length; p += 64) block(bytes, p)
  const rest = length - p
  const end = rest < 56 ? 64 : 128
  // The tail: the last partial block, 0x80, zeros, then the bit length (only the bytes not
  // overwritten need clearing).
  for (let k = 0; k < rest; k++) tail[k] = bytes[p + k]
  tail[rest] = 0x80
  for (let k = rest + 1; k < end - 8; k++) tail[k] = 0
  const bits = length * 8
  tail[end - 8] = bits & 0xff
  tail[end - 7] = (bits >>> 8) & 0xff
  tail[end - 6] = (bits >>> 16) & 0xff
  tail[end - 5] = (bits >>> 24) & 0xff
  const high = Math.floor(bits / 4294967296)
  tail[end - 4] = high & 0xff
  tail[end - 3] = (high >>> 8) & 0xff
  tail[end - 2] = (high >>> 16) & 0xff
  tail[end - 1] = (high >>> 24) & 0xff
  block(tail, 0)
  if (end === 128) block(tail, 64)
  out[0] = state[0]
  out[1] = state[1]
  out[2] = state[2]
  out[3] = state[3]
}
