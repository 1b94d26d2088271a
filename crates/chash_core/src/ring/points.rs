//! The point count of a weight (§3) and the generation of point positions `P(id, i)`.

use super::{Ring, MAX_POINTS_PER_CONSUMER, MAX_VNODES};
use crate::hash::HashKind;
use crate::Error;

/// Point inputs generated per chunk when building (see `Ring::generate_points`).
const GEN_CHUNK: usize = 32;

/// The number of points of a consumer of `weight` on a ring with `vnodes` (docs/placement.md §3):
/// `round(weight × vnodes)` in IEEE-754 double precision, halves rounded up.
///
/// Errors: [`Error::InvalidVnodes`] if `vnodes` is not in `1 ..= 2^20`, [`Error::InvalidWeight`]
/// if `weight` is not finite and greater than 0, [`Error::WeightOutOfRange`] if the count is not in
/// `1 ..= 2^20`.
///
/// ```
/// use chash_core::points_for;
/// assert_eq!(points_for(1.0, 160), Ok(160));
/// assert_eq!(points_for(0.5, 3), Ok(2)); // 1.5 rounds up
/// assert!(points_for(0.001, 160).is_err()); // 0.16 rounds to 0
/// ```
pub fn points_for(weight: f64, vnodes: u32) -> Result<u32, Error> {
    if vnodes == 0 || vnodes > MAX_VNODES {
        return Err(Error::InvalidVnodes(u64::from(vnodes)));
    }
    if !(weight.is_finite() && weight > 0.0) {
        return Err(Error::InvalidWeight(weight));
    }
    // For positive values f64::round (halves away from zero) equals JavaScript's Math.round
    // (halves toward +∞).
    let count = (weight * f64::from(vnodes)).round();
    if !(1.0..=f64::from(MAX_POINTS_PER_CONSUMER)).contains(&count) {
        return Err(Error::WeightOutOfRange {
            weight,
            vnodes,
            count,
        });
    }
    Ok(count as u32)
}

impl Ring {
    /// Appends `P(id, i)` for `i in 0..count` to `out`.
    pub(super) fn generate_points(
        &self,
        id: &[u8],
        count: u32,
        buf: &mut Vec<u8>,
        out: &mut Vec<u64>,
    ) {
        #[cfg(test)]
        if let Some(f) = self.position_fn {
            out.extend((0..count).map(|i| f(id, i)));
            return;
        }
        // `buf` holds GEN_CHUNK inputs `id ‖ LE32(i)` side by side. The indices of a chunk are
        // written before any of its inputs is hashed: hashing an input right after writing its
        // last 4 bytes would make the hash's 8-byte loads wait for a failed store-to-load
        // forward (that costs about 4x on short ids).
        let n = id.len();
        let len = n + 4;
        buf.clear();
        buf.resize(GEN_CHUNK * len, 0);
        for input in buf.chunks_exact_mut(len) {
            input[..n].copy_from_slice(id);
        }
        let seed = self.hasher.seed;
        let mut first = 0u32;
        while first < count {
            let c = (count - first).min(GEN_CHUNK as u32) as usize;
            let chunk = &mut buf[..c * len];
            for (j, input) in chunk.chunks_exact_mut(len).enumerate() {
                input[n..].copy_from_slice(&(first + j as u32).to_le_bytes());
            }
            let inputs = chunk.chunks_exact(len);
            // One loop per hash kind, so the hash is inlined without a per-point match.
            match self.hasher.kind {
                HashKind::Xxh3 => {
                    out.extend(inputs.map(|b| crate::xxh3::xxh3_64_with_seed(b, seed)))
                }
                HashKind::Xxh64 => out.extend(inputs.map(|b| xxhash_rust::xxh64::xxh64(b, seed))),
            }
            first += c as u32;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_for_rule() {
        assert_eq!(points_for(1.0, 160), Ok(160));
        assert_eq!(points_for(1.0125, 40), Ok(41)); // 40.5 exactly: halves up
        assert_eq!(points_for(0.5, 1), Ok(1)); // 0.5 rounds up to 1
        assert_eq!(points_for(2.5, 1), Ok(3));
        assert_eq!(points_for(1.0, MAX_VNODES), Ok(MAX_POINTS_PER_CONSUMER));
        let err = points_for(1e-300, 1).unwrap_err();
        assert!(matches!(err, Error::WeightOutOfRange { .. }));
        assert!(err.to_string().contains("weight"));
        assert!(matches!(
            points_for(0.49, 1),
            Err(Error::WeightOutOfRange { .. })
        ));
        assert!(matches!(
            points_for(2.0, MAX_VNODES),
            Err(Error::WeightOutOfRange { .. })
        ));
        assert!(matches!(
            points_for(1e300, 160),
            Err(Error::WeightOutOfRange { .. })
        ));
        for w in [0.0, -1.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -0.0] {
            assert!(
                matches!(points_for(w, 160), Err(Error::InvalidWeight(_))),
                "{w}"
            );
        }
        assert_eq!(points_for(1.0, 0), Err(Error::InvalidVnodes(0)));
        assert_eq!(
            points_for(1.0, MAX_VNODES + 1),
            Err(Error::InvalidVnodes(u64::from(MAX_VNODES) + 1))
        );
    }
}
