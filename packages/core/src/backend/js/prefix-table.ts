/**
 * The prefix table of sorted 32-bit keys (a ring's position high words, a ketama continuum's
 * points): `table[b]` is the index of the first key whose top bits are `>= b`, so a search only
 * bisects the one or two keys that share the probe's prefix instead of the whole array (about 2
 * bytes a key).
 */

/**
 * The table of the first `n` entries of `keys` (sorted ascending), written into `reuse` when it
 * has the right size: about one bucket per two keys, at least 2 and at most 2^24 buckets.
 */
export function prefixTable(
  keys: Uint32Array,
  n: number,
  reuse: Uint32Array<ArrayBuffer>,
): Uint32Array<ArrayBuffer> {
  const bits = Math.min(24, Math.max(1, Math.floor(Math.log2(Math.max(n, 1))) - 1))
  const buckets = 2 ** bits
  const table = reuse.length === buckets + 1 ? reuse : new Uint32Array(buckets + 1)
  const shift = 32 - bits
  let at = 0
  for (let b = 0; b < buckets; b++) {
    while (at < n && keys[at] >>> shift < b) at++
    table[b] = at
  }
  table[buckets] = n
  return table
}

/** The shift of a table of {@link prefixTable}: key `k`'s bucket is `k >>> tableShift(table)`. */
export function tableShift(table: Uint32Array): number {
  return 32 - Math.log2(table.length - 1)
}
