/**
 * MD5 (RFC 1321) of bytes, without allocating: the ketama continuums (docs/placement.md §9) hash
 * every key and label with it. Hand-written rather than @noble/hashes' legacy md5 because that
 * one allocates a hasher and a digest per call, several times slower on short keys; it is tested
 * against @noble/hashes (md5.test.ts) and against the md5 values of fixtures/ketama.json.
 */

// The 64 steps are written out (generated) rather than calling helpers: V8 does not inline 64
// helper calls into one function, and the calls cost more than the arithmetic.

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
  let a = state[0]
  let b = state[1]
  let c = state[2]
  let d = state[3]
  let t = 0
  t = (a + ((b & c) | (~b & d)) + m0 + (0xd76aa478 | 0)) | 0
  a = (((t << 7) | (t >>> 25)) + b) | 0
  t = (d + ((a & b) | (~a & c)) + m1 + (0xe8c7b756 | 0)) | 0
  d = (((t << 12) | (t >>> 20)) + a) | 0
  t = (c + ((d & a) | (~d & b)) + m2 + (0x242070db | 0)) | 0
  c = (((t << 17) | (t >>> 15)) + d) | 0
  t = (b + ((c & d) | (~c & a)) + m3 + (0xc1bdceee | 0)) | 0
  b = (((t << 22) | (t >>> 10)) + c) | 0
  t = (a + ((b & c) | (~b & d)) + m4 + (0xf57c0faf | 0)) | 0
  a = (((t << 7) | (t >>> 25)) + b) | 0
  t = (d + ((a & b) | (~a & c)) + m5 + (0x4787c62a | 0)) | 0
  d = (((t << 12) | (t >>> 20)) + a) | 0
  t = (c + ((d & a) | (~d & b)) + m6 + (0xa8304613 | 0)) | 0
  c = (((t << 17) | (t >>> 15)) + d) | 0
  t = (b + ((c & d) | (~c & a)) + m7 + (0xfd469501 | 0)) | 0
  b = (((t << 22) | (t >>> 10)) + c) | 0
  t = (a + ((b & c) | (~b & d)) + m8 + (0x698098d8 | 0)) | 0
  a = (((t << 7) | (t >>> 25)) + b) | 0
  t = (d + ((a & b) | (~a & c)) + m9 + (0x8b44f7af | 0)) | 0
  d = (((t << 12) | (t >>> 20)) + a) | 0
  t = (c + ((d & a) | (~d & b)) + m10 + (0xffff5bb1 | 0)) | 0
  c = (((t << 17) | (t >>> 15)) + d) | 0
  t = (b + ((c & d) | (~c & a)) + m11 + (0x895cd7be | 0)) | 0
  b = (((t << 22) | (t >>> 10)) + c) | 0
  t = (a + ((b & c) | (~b & d)) + m12 + (0x6b901122 | 0)) | 0
  a = (((t << 7) | (t >>> 25)) + b) | 0
  t = (d + ((a & b) | (~a & c)) + m13 + (0xfd987193 | 0)) | 0
  d = (((t << 12) | (t >>> 20)) + a) | 0
  t = (c + ((d & a) | (~d & b)) + m14 + (0xa679438e | 0)) | 0
  c = (((t << 17) | (t >>> 15)) + d) | 0
  t = (b + ((c & d) | (~c & a)) + m15 + (0x49b40821 | 0)) | 0
  b = (((t << 22) | (t >>> 10)) + c) | 0
  t = (a + ((b & d) | (c & ~d)) + m1 + (0xf61e2562 | 0)) | 0
  a = (((t << 5) | (t >>> 27)) + b) | 0
  t = (d + ((a & c) | (b & ~c)) + m6 + (0xc040b340 | 0)) | 0
  d = (((t << 9) | (t >>> 23)) + a) | 0
  t = (c + ((d & b) | (a & ~b)) + m11 + (0x265e5a51 | 0)) | 0
  c = (((t << 14) | (t >>> 18)) + d) | 0
  t = (b + ((c & a) | (d & ~a)) + m0 + (0xe9b6c7aa | 0)) | 0
  b = (((t << 20) | (t >>> 12)) + c) | 0
  t = (a + ((b & d) | (c & ~d)) + m5 + (0xd62f105d | 0)) | 0
  a = (((t << 5) | (t >>> 27)) + b) | 0
  t = (d + ((a & c) | (b & ~c)) + m10 + (0x02441453 | 0)) | 0
  d = (((t << 9) | (t >>> 23)) + a) | 0
  t = (c + ((d & b) | (a & ~b)) + m15 + (0xd8a1e681 | 0)) | 0
  c = (((t << 14) | (t >>> 18)) + d) | 0
  t = (b + ((c & a) | (d & ~a)) + m4 + (0xe7d3fbc8 | 0)) | 0
  b = (((t << 20) | (t >>> 12)) + c) | 0
  t = (a + ((b & d) | (c & ~d)) + m9 + (0x21e1cde6 | 0)) | 0
  a = (((t << 5) | (t >>> 27)) + b) | 0
  t = (d + ((a & c) | (b & ~c)) + m14 + (0xc33707d6 | 0)) | 0
  d = (((t << 9) | (t >>> 23)) + a) | 0
  t = (c + ((d & b) | (a & ~b)) + m3 + (0xf4d50d87 | 0)) | 0
  c = (((t << 14) | (t >>> 18)) + d) | 0
  t = (b + ((c & a) | (d & ~a)) + m8 + (0x455a14ed | 0)) | 0
  b = (((t << 20) | (t >>> 12)) + c) | 0
  t = (a + ((b & d) | (c & ~d)) + m13 + (0xa9e3e905 | 0)) | 0
  a = (((t << 5) | (t >>> 27)) + b) | 0
  t = (d + ((a & c) | (b & ~c)) + m2 + (0xfcefa3f8 | 0)) | 0
  d = (((t << 9) | (t >>> 23)) + a) | 0
  t = (c + ((d & b) | (a & ~b)) + m7 + (0x676f02d9 | 0)) | 0
  c = (((t << 14) | (t >>> 18)) + d) | 0
  t = (b + ((c & a) | (d & ~a)) + m12 + (0x8d2a4c8a | 0)) | 0
  b = (((t << 20) | (t >>> 12)) + c) | 0
  t = (a + (b ^ c ^ d) + m5 + (0xfffa3942 | 0)) | 0
  a = (((t << 4) | (t >>> 28)) + b) | 0
  t = (d + (a ^ b ^ c) + m8 + (0x8771f681 | 0)) | 0
  d = (((t << 11) | (t >>> 21)) + a) | 0
  t = (c + (d ^ a ^ b) + m11 + (0x6d9d6122 | 0)) | 0
  c = (((t << 16) | (t >>> 16)) + d) | 0
  t = (b + (c ^ d ^ a) + m14 + (0xfde5380c | 0)) | 0
  b = (((t << 23) | (t >>> 9)) + c) | 0
  t = (a + (b ^ c ^ d) + m1 + (0xa4beea44 | 0)) | 0
  a = (((t << 4) | (t >>> 28)) + b) | 0
  t = (d + (a ^ b ^ c) + m4 + (0x4bdecfa9 | 0)) | 0
  d = (((t << 11) | (t >>> 21)) + a) | 0
  t = (c + (d ^ a ^ b) + m7 + (0xf6bb4b60 | 0)) | 0
  c = (((t << 16) | (t >>> 16)) + d) | 0
  t = (b + (c ^ d ^ a) + m10 + (0xbebfbc70 | 0)) | 0
  b = (((t << 23) | (t >>> 9)) + c) | 0
  t = (a + (b ^ c ^ d) + m13 + (0x289b7ec6 | 0)) | 0
  a = (((t << 4) | (t >>> 28)) + b) | 0
  t = (d + (a ^ b ^ c) + m0 + (0xeaa127fa | 0)) | 0
  d = (((t << 11) | (t >>> 21)) + a) | 0
  t = (c + (d ^ a ^ b) + m3 + (0xd4ef3085 | 0)) | 0
  c = (((t << 16) | (t >>> 16)) + d) | 0
  t = (b + (c ^ d ^ a) + m6 + (0x04881d05 | 0)) | 0
  b = (((t << 23) | (t >>> 9)) + c) | 0
  t = (a + (b ^ c ^ d) + m9 + (0xd9d4d039 | 0)) | 0
  a = (((t << 4) | (t >>> 28)) + b) | 0
  t = (d + (a ^ b ^ c) + m12 + (0xe6db99e5 | 0)) | 0
  d = (((t << 11) | (t >>> 21)) + a) | 0
  t = (c + (d ^ a ^ b) + m15 + (0x1fa27cf8 | 0)) | 0
  c = (((t << 16) | (t >>> 16)) + d) | 0
  t = (b + (c ^ d ^ a) + m2 + (0xc4ac5665 | 0)) | 0
  b = (((t << 23) | (t >>> 9)) + c) | 0
  t = (a + (c ^ (b | ~d)) + m0 + (0xf4292244 | 0)) | 0
  a = (((t << 6) | (t >>> 26)) + b) | 0
  t = (d + (b ^ (a | ~c)) + m7 + (0x432aff97 | 0)) | 0
  d = (((t << 10) | (t >>> 22)) + a) | 0
  t = (c + (a ^ (d | ~b)) + m14 + (0xab9423a7 | 0)) | 0
  c = (((t << 15) | (t >>> 17)) + d) | 0
  t = (b + (d ^ (c | ~a)) + m5 + (0xfc93a039 | 0)) | 0
  b = (((t << 21) | (t >>> 11)) + c) | 0
  t = (a + (c ^ (b | ~d)) + m12 + (0x655b59c3 | 0)) | 0
  a = (((t << 6) | (t >>> 26)) + b) | 0
  t = (d + (b ^ (a | ~c)) + m3 + (0x8f0ccc92 | 0)) | 0
  d = (((t << 10) | (t >>> 22)) + a) | 0
  t = (c + (a ^ (d | ~b)) + m10 + (0xffeff47d | 0)) | 0
  c = (((t << 15) | (t >>> 17)) + d) | 0
  t = (b + (d ^ (c | ~a)) + m1 + (0x85845dd1 | 0)) | 0
  b = (((t << 21) | (t >>> 11)) + c) | 0
  t = (a + (c ^ (b | ~d)) + m8 + (0x6fa87e4f | 0)) | 0
  a = (((t << 6) | (t >>> 26)) + b) | 0
  t = (d + (b ^ (a | ~c)) + m15 + (0xfe2ce6e0 | 0)) | 0
  d = (((t << 10) | (t >>> 22)) + a) | 0
  t = (c + (a ^ (d | ~b)) + m6 + (0xa3014314 | 0)) | 0
  c = (((t << 15) | (t >>> 17)) + d) | 0
  t = (b + (d ^ (c | ~a)) + m13 + (0x4e0811a1 | 0)) | 0
  b = (((t << 21) | (t >>> 11)) + c) | 0
  t = (a + (c ^ (b | ~d)) + m4 + (0xf7537e82 | 0)) | 0
  a = (((t << 6) | (t >>> 26)) + b) | 0
  t = (d + (b ^ (a | ~c)) + m11 + (0xbd3af235 | 0)) | 0
  d = (((t << 10) | (t >>> 22)) + a) | 0
  t = (c + (a ^ (d | ~b)) + m2 + (0x2ad7d2bb | 0)) | 0
  c = (((t << 15) | (t >>> 17)) + d) | 0
  t = (b + (d ^ (c | ~a)) + m9 + (0xeb86d391 | 0)) | 0
  b = (((t << 21) | (t >>> 11)) + c) | 0
  state[0] = (state[0] + a) | 0
  state[1] = (state[1] + b) | 0
  state[2] = (state[2] + c) | 0
  state[3] = (state[3] + d) | 0
}

/**
 * MD5 of `bytes[start .. start + length)`. Writes the digest as four unsigned little-endian 32-bit words to
 * `out` (out[j] = bytes 4j … 4j+3 of the digest read little-endian: the ketama points).
 */
export function md5Words(bytes: Uint8Array, length: number, out: Uint32Array, start = 0): void {
  state[0] = 0x67452301
  state[1] = 0xefcdab89 | 0
  state[2] = 0x98badcfe | 0
  state[3] = 0x10325476
  const stop = start + length
  let p = start
  for (; p + 64 <= stop; p += 64) block(bytes, p)
  const rest = stop - p
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
