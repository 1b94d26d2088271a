/**
 * Jump consistent hash (Lamping & Veach 2014, Figure 1) without BigInt: the 64-bit LCG state is
 * kept in two unsigned 32-bit halves.
 */

// The LCG multiplier 2862933555777941757 = 0x27BB2EE6_87B0B0FD, split in halves and 16-bit limbs.
const MUL_HI = 0x27bb2ee6
const MUL_LO = 0x87b0b0fd
const MUL_LO_0 = MUL_LO & 0xffff
const MUL_LO_1 = MUL_LO >>> 16
const TWO_32 = 4294967296
const TWO_31 = 2147483648

/** Jump hash of the key `hi·2^32 + lo` (both unsigned 32-bit) into `buckets` (1 … 2^31−1). */
export function jumpHashHalves(hi: number, lo: number, buckets: number): number {
  let b = -1
  let j = 0
  while (j < buckets) {
    b = j
    // key = key * MUL + 1 (mod 2^64). The full 64-bit product lo * MUL_LO comes from 16-bit limbs
    // (every partial product is exact in a double); the cross terms only matter mod 2^32.
    const lo0 = lo & 0xffff
    const lo1 = lo >>> 16
    const mid = lo0 * MUL_LO_1 + lo1 * MUL_LO_0
    const low = lo0 * MUL_LO_0 + (mid % 65536) * 65536
    const carry = low >= TWO_32 ? 1 : 0
    const high = lo1 * MUL_LO_1 + Math.floor(mid / 65536) + carry
    hi = (high + Math.imul(hi, MUL_LO) + Math.imul(lo, MUL_HI)) >>> 0
    lo = (low + 1) >>> 0
    if (lo === 0) hi = (hi + 1) >>> 0
    // j = (b + 1) * (2^31 / ((key >> 33) + 1)), the same two double operations as the paper's C++.
    j = Math.floor((b + 1) * (TWO_31 / ((hi >>> 1) + 1)))
  }
  return b
}
