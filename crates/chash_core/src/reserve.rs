//! Fallible reservation of the memory a ring's build needs, so that a ring too large for the
//! memory at hand is refused with [`Error::OutOfMemory`] when the consumer is set (the ring
//! unchanged) instead of aborting the process (native) or trapping the instance (wasm32) when
//! the points are built at the next lookup.

use crate::Error;

/// An upper bound of the bytes a flush of `n` points holds at once: the new points and their
/// sort buffer (24 bytes each), the merged arrays while the old ones are copied (24), the prefix
/// table (under 4).
pub const BUILD_BYTES_PER_POINT: u64 = 28;

/// Builds below this size are not probed: a probe costs an allocation and a free per
/// `set_consumer`, and a failure that small would fail the caller's own allocations anyway.
const PROBE_MIN_BYTES: u64 = 32 << 20;

/// The largest single probe allocation: under `isize::MAX` on wasm32 (2 GiB, where the flush's
/// arrays are separate allocations of at most 1 GiB each); one allocation elsewhere, so that
/// Linux's overcommit heuristic judges the whole size.
const PROBE_CHUNK: u64 = if usize::BITS == 32 { 1 << 30 } else { 1 << 62 };

/// Checks that a ring of `points` points can be built: allocates what the build needs, in
/// chunks of at most [`PROBE_CHUNK`] held together, and frees it again. On wasm32 the memory
/// grown stays with the allocator for the build; natively only address space is reserved.
pub fn reserve_build(points: u64) -> Result<(), Error> {
    let bytes = points.saturating_mul(BUILD_BYTES_PER_POINT);
    if bytes < PROBE_MIN_BYTES {
        return Ok(());
    }
    let oom = Error::OutOfMemory { points, bytes };
    let mut held: Vec<Vec<u8>> = Vec::new();
    let mut left = bytes;
    while left > 0 {
        let chunk = left.min(PROBE_CHUNK);
        let mut block = Vec::new();
        let size = usize::try_from(chunk).map_err(|_| oom.clone())?;
        block.try_reserve_exact(size).map_err(|_| oom.clone())?;
        held.try_reserve(1).map_err(|_| oom.clone())?;
        held.push(block);
        left -= chunk;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_builds_are_not_probed_and_fit() {
        assert_eq!(reserve_build(0), Ok(()));
        assert_eq!(reserve_build(1_000_000), Ok(()));
    }

    #[test]
    fn an_impossible_build_is_refused() {
        // More than any address space can hold.
        let points = u64::MAX / BUILD_BYTES_PER_POINT;
        assert_eq!(
            reserve_build(points),
            Err(Error::OutOfMemory {
                points,
                bytes: points * BUILD_BYTES_PER_POINT
            })
        );
    }
}
