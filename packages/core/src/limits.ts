/**
 * The numeric limits and defaults of the placement contract (docs/placement.md). Every check in
 * the TypeScript layer reads them from here.
 */
import { withCode } from './errors.js'

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

/**
 * Bytes a ring's build may hold at once per point, an upper bound (chash_core's
 * `BUILD_BYTES_PER_POINT`); a ring whose build cannot get them is refused with {@link outOfMemory}.
 */
export const BUILD_BYTES_PER_POINT = 28

/** The error of every engine for a ring of `points` points too large to build (chash_core's `out_of_memory`). */
export function outOfMemory(points: number): RangeError {
  return withCode(
    new RangeError(
      `the ring would hold ${points} points, whose build needs ${points * BUILD_BYTES_PER_POINT} bytes, ` +
        'more memory than the engine can allocate (WebAssembly memory is limited to 4 GiB); use fewer ' +
        'consumers or a smaller vnodes or weight',
    ),
    'ERR_CHASH_OUT_OF_MEMORY',
  )
}

/**
 * Most points on one ring: engines index points with 32-bit integers (chash_core's
 * `MAX_TOTAL_POINTS`, 2^32 − 2). Every backend refuses to pass it, before any change.
 */
export const MAX_TOTAL_POINTS = 4_294_967_294

/** Most consumers on one ring: slots are 0 … 2^24 − 1 (chash_core's `MAX_SLOT`). */
export const MAX_CONSUMERS = 16_777_216
