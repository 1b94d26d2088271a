/**
 * The numeric limits and defaults of the placement contract (docs/placement.md). Every check in
 * the TypeScript layer reads them from here.
 */

/** Points per unit of weight when the `vnodes` option is not given (docs/placement.md §3). */
export const DEFAULT_VNODES = 160

/** Largest number of points one consumer may have, and so the largest `vnodes` (2^20). */
export const MAX_POINTS_PER_CONSUMER = 1_048_576

/** Largest bucket count of jump hash: the algorithm works on signed 32-bit bucket numbers. */
export const MAX_BUCKETS = 2_147_483_647

/** Largest unsigned 64-bit value, for seeds and jump keys. */
export const MAX_U64 = (1n << 64n) - 1n

/** An engine returns this slot for a lookup on a ring without points. */
export const NO_SLOT = -1
