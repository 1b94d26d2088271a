/**
 * Sorting newly added ring points into ring order (docs/placement.md §4) without BigInt: an LSD
 * radix sort over the 64-bit position held in two 32-bit halves, then ties broken by consumer id.
 */

/** Compares two byte strings lexicographically as unsigned bytes (a proper prefix first). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return a[i] - b[i]
  }
  return a.length - b.length
}

const RADIX_MIN = 64

/**
 * Returns the permutation that puts points 0 … m−1 (positions `hi[k]·2^32 + lo[k]`, owners
 * `slot[k]`) into ring order; `ids[slot]` is the id of the consumer in that slot.
 */
export function sortPoints(
  hi: Uint32Array,
  lo: Uint32Array,
  slot: Uint32Array,
  m: number,
  ids: ReadonlyArray<Uint8Array | undefined>,
): Uint32Array {
  let perm = new Uint32Array(m)
  for (let k = 0; k < m; k++) perm[k] = k
  if (m < RADIX_MIN) {
    insertionSort(perm, 0, m, hi, lo, slot, ids)
    return perm
  }
  // Eight stable passes of 8 bits, least significant first.
  let tmp = new Uint32Array(m)
  const counts = new Uint32Array(256)
  for (let pass = 0; pass < 8; pass++) {
    const words = pass < 4 ? lo : hi
    const shift = (pass & 3) * 8
    counts.fill(0)
    for (let k = 0; k < m; k++) counts[(words[perm[k]] >>> shift) & 0xff]++
    let sum = 0
    for (let d = 0; d < 256; d++) {
      const c = counts[d]
      counts[d] = sum
      sum += c
    }
    for (let k = 0; k < m; k++) {
      const p = perm[k]
      tmp[counts[(words[p] >>> shift) & 0xff]++] = p
    }
    const t = perm
    perm = tmp
    tmp = t
  }
  // Equal positions are vanishingly rare; order each run of them by id.
  for (let k = 1; k < m; k++) {
    if (hi[perm[k]] === hi[perm[k - 1]] && lo[perm[k]] === lo[perm[k - 1]]) {
      let end = k + 1
      while (end < m && hi[perm[end]] === hi[perm[k]] && lo[perm[end]] === lo[perm[k]]) end++
      insertionSort(perm, k - 1, end, hi, lo, slot, ids)
      k = end
    }
  }
  return perm
}

/** Ring order of points a and b: position, then consumer id (docs §4). */
export function comparePoints(
  aHi: number,
  aLo: number,
  aSlot: number,
  bHi: number,
  bLo: number,
  bSlot: number,
  ids: ReadonlyArray<Uint8Array | undefined>,
): number {
  if (aHi !== bHi) return aHi < bHi ? -1 : 1
  if (aLo !== bLo) return aLo < bLo ? -1 : 1
  return aSlot === bSlot ? 0 : compareBytes(ids[aSlot] as Uint8Array, ids[bSlot] as Uint8Array)
}

function insertionSort(
  perm: Uint32Array,
  from: number,
  to: number,
  hi: Uint32Array,
  lo: Uint32Array,
  slot: Uint32Array,
  ids: ReadonlyArray<Uint8Array | undefined>,
): void {
  for (let k = from + 1; k < to; k++) {
    const p = perm[k]
    let q = k - 1
    while (
      q >= from &&
      comparePoints(hi[perm[q]], lo[perm[q]], slot[perm[q]], hi[p], lo[p], slot[p], ids) > 0
    ) {
      perm[q + 1] = perm[q]
      q--
    }
    perm[q + 1] = p
  }
}
