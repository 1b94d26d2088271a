//! `XXH3_64bits_withSeed` (docs/placement.md §2): xxhash-rust's, except on wasm32, where inputs
//! of up to 240 bytes (every key and point input a ring hashes in practice) take [`wasm32`] below.
//!
//! Why: xxhash-rust multiplies 64 × 64 → 128 bits through `u128`, which wasm32 has no
//! instruction for, so each multiply became a call to a compiler-builtins helper returning its
//! result through the shadow stack in memory (8 calls for a 100-byte key). [`wasm32`] multiplies
//! in 32-bit halves, inline: XXH3 of 100 bytes went from about 37 ns to 24 in Node 20 (bench/README
//! § XXH3's multiply on wasm32). On x86-64 the same code ran 1 ns slower than xxhash-rust's at
//! 8-22 bytes, so other targets keep xxhash-rust. Everything else follows xxHash's reference
//! (xxhash.h, 0.8) step by step; the golden vectors of fixtures/ (on the wasm backend) and a
//! comparison with xxhash-rust at every length and many seeds (here, on the host) pin it.

use xxhash_rust::const_xxh3::const_custom_default_secret;

/// XXH3's default secret (`XXH3_kSecret`), taken from xxhash-rust at compile time.
const SECRET: [u8; 192] = const_custom_default_secret(0);

const PRIME64_1: u64 = 0x9E37_79B1_85EB_CA87;
const PRIME64_2: u64 = 0xC2B2_AE3D_27D4_EB4F;
const PRIME64_3: u64 = 0x1656_67B1_9E37_79F9;
const PRIME_MX1: u64 = 0x1656_6791_9E37_79F9;
const PRIME_MX2: u64 = 0x9FB2_1C65_1E98_DF25;

/// The longest input [`wasm32`] hashes itself; longer ones take XXH3's striped path.
const MIDSIZE_MAX: usize = 240;

/// `XXH3_64bits_withSeed(input, seed)`.
#[inline]
pub fn xxh3_64_with_seed(input: &[u8], seed: u64) -> u64 {
    #[cfg(target_arch = "wasm32")]
    {
        wasm32(input, seed)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        xxhash_rust::xxh3::xxh3_64_with_seed(input, seed)
    }
}

/// `XXH3_64bits_withSeed(input, seed)` with the multiplies wasm32 can inline. Inlined into its
/// callers: called, it made 0-8-byte keys 1 ns slower than xxhash-rust's.
#[inline(always)]
#[cfg_attr(not(any(target_arch = "wasm32", test)), allow(dead_code))]
fn wasm32(input: &[u8], seed: u64) -> u64 {
    let len = input.len();
    if len <= 16 {
        hash_0to16(input, seed)
    } else if len <= 128 {
        hash_17to128(input, seed)
    } else if len <= MIDSIZE_MAX {
        hash_129to240(input, seed)
    } else {
        xxhash_rust::xxh3::xxh3_64_with_seed(input, seed)
    }
}

/// The low and high 64 bits of `a × b`, xor-ed (`XXH3_mul128_fold64`), from four
/// 32 × 32 → 64-bit products. The middle products are added with an explicit carry: written as
/// xxhash.h's `XXH_mult64to128` ladder, LLVM 22 recognised it as a 128-bit multiply and made it
/// the helper call again (seen with `wasm-dis`).
#[inline(always)]
fn mul128_fold64(a: u64, b: u64) -> u64 {
    let (a_lo, a_hi) = (a & 0xFFFF_FFFF, a >> 32);
    let (b_lo, b_hi) = (b & 0xFFFF_FFFF, b >> 32);
    let lo_lo = a_lo * b_lo;
    let hi_hi = a_hi * b_hi;
    // a·b = lo_lo + (hi_lo + lo_hi)·2^32 + hi_hi·2^64, the middle sum 65 bits wide.
    let (middle, carry_middle) = (a_hi * b_lo).overflowing_add(a_lo * b_hi);
    let (lower, carry_lower) = lo_lo.overflowing_add(middle << 32);
    let upper = hi_hi + (middle >> 32) + ((carry_middle as u64) << 32) + carry_lower as u64;
    lower ^ upper
}

#[inline(always)]
fn read32(bytes: &[u8], at: usize) -> u64 {
    u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap()) as u64
}

#[inline(always)]
fn read64(bytes: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap())
}

/// `XXH64_avalanche`.
#[inline(always)]
fn xxh64_avalanche(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(PRIME64_2);
    h ^= h >> 29;
    h = h.wrapping_mul(PRIME64_3);
    h ^ (h >> 32)
}

/// `XXH3_avalanche`.
#[inline(always)]
fn avalanche(mut h: u64) -> u64 {
    h ^= h >> 37;
    h = h.wrapping_mul(PRIME_MX1);
    h ^ (h >> 32)
}

/// `XXH3_rrmxmx`.
#[inline(always)]
fn rrmxmx(mut h: u64, len: u64) -> u64 {
    h ^= h.rotate_left(49) ^ h.rotate_left(24);
    h = h.wrapping_mul(PRIME_MX2);
    h ^= (h >> 35).wrapping_add(len);
    h = h.wrapping_mul(PRIME_MX2);
    h ^ (h >> 28)
}

#[inline(always)]
fn hash_0to16(input: &[u8], seed: u64) -> u64 {
    let len = input.len();
    if len > 8 {
        let flip1 = (read64(&SECRET, 24) ^ read64(&SECRET, 32)).wrapping_add(seed);
        let flip2 = (read64(&SECRET, 40) ^ read64(&SECRET, 48)).wrapping_sub(seed);
        let lo = read64(input, 0) ^ flip1;
        let hi = read64(input, len - 8) ^ flip2;
        let acc = (len as u64)
            .wrapping_add(lo.swap_bytes())
            .wrapping_add(hi)
            .wrapping_add(mul128_fold64(lo, hi));
        avalanche(acc)
    } else if len >= 4 {
        let seed = seed ^ (((seed as u32).swap_bytes() as u64) << 32);
        let flip = (read64(&SECRET, 8) ^ read64(&SECRET, 16)).wrapping_sub(seed);
        let both = read32(input, len - 4).wrapping_add(read32(input, 0) << 32);
        rrmxmx(both ^ flip, len as u64)
    } else if len > 0 {
        let combined = ((input[0] as u32) << 16)
            | ((input[len >> 1] as u32) << 24)
            | input[len - 1] as u32
            | ((len as u32) << 8);
        let flip = (read32(&SECRET, 0) ^ read32(&SECRET, 4)).wrapping_add(seed);
        xxh64_avalanche(combined as u64 ^ flip)
    } else {
        xxh64_avalanche(seed ^ read64(&SECRET, 56) ^ read64(&SECRET, 64))
    }
}

/// `XXH3_mix16B`: 16 input bytes at `at` with 16 secret bytes at `secret_at`.
#[inline(always)]
fn mix16(input: &[u8], at: usize, secret_at: usize, seed: u64) -> u64 {
    mul128_fold64(
        read64(input, at) ^ read64(&SECRET, secret_at).wrapping_add(seed),
        read64(input, at + 8) ^ read64(&SECRET, secret_at + 8).wrapping_sub(seed),
    )
}

#[inline(always)]
fn hash_17to128(input: &[u8], seed: u64) -> u64 {
    let len = input.len();
    let mut acc = (len as u64).wrapping_mul(PRIME64_1);
    if len > 32 {
        if len > 64 {
            if len > 96 {
                acc = acc.wrapping_add(mix16(input, 48, 96, seed));
                acc = acc.wrapping_add(mix16(input, len - 64, 112, seed));
            }
            acc = acc.wrapping_add(mix16(input, 32, 64, seed));
            acc = acc.wrapping_add(mix16(input, len - 48, 80, seed));
        }
        acc = acc.wrapping_add(mix16(input, 16, 32, seed));
        acc = acc.wrapping_add(mix16(input, len - 32, 48, seed));
    }
    acc = acc.wrapping_add(mix16(input, 0, 0, seed));
    acc = acc.wrapping_add(mix16(input, len - 16, 16, seed));
    avalanche(acc)
}

/// Out of line, unlike the shorter lengths: keys this long are rare, and each inlined copy would
/// add its two loops to every caller.
#[inline(never)]
fn hash_129to240(input: &[u8], seed: u64) -> u64 {
    let len = input.len();
    let mut acc = (len as u64).wrapping_mul(PRIME64_1);
    for i in 0..8 {
        acc = acc.wrapping_add(mix16(input, 16 * i, 16 * i, seed));
    }
    acc = avalanche(acc);
    // XXH3_MIDSIZE_STARTOFFSET (3) into the secret for the rounds after the eighth.
    for i in 8..len / 16 {
        acc = acc.wrapping_add(mix16(input, 16 * i, 16 * (i - 8) + 3, seed));
    }
    // XXH3_SECRET_SIZE_MIN (136) − XXH3_MIDSIZE_LASTOFFSET (17).
    acc = acc.wrapping_add(mix16(input, len - 16, 136 - 17, seed));
    avalanche(acc)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reproducible stream of 64-bit values (splitmix64).
    fn values(count: usize) -> impl Iterator<Item = u64> {
        let mut state = 0x1234_5678_9ABC_DEF0u64;
        (0..count).map(move |_| {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        })
    }

    #[test]
    fn multiply_folds_as_u128() {
        let edges = [
            0,
            1,
            0xFFFF_FFFF,
            1 << 32,
            u64::MAX,
            u64::MAX - 1,
            PRIME64_1,
        ];
        let mut pairs: Vec<(u64, u64)> = edges
            .iter()
            .flat_map(|&a| edges.iter().map(move |&b| (a, b)))
            .collect();
        let stream: Vec<u64> = values(20_000).collect();
        pairs.extend(stream.chunks(2).map(|p| (p[0], p[1])));
        for (a, b) in pairs {
            let product = a as u128 * b as u128;
            let expected = product as u64 ^ (product >> 64) as u64;
            assert_eq!(mul128_fold64(a, b), expected, "{a:#x} × {b:#x}");
        }
    }

    #[test]
    fn wasm32_equals_xxhash_rust_at_every_length_and_seed() {
        let bytes: Vec<u8> = values(40).flat_map(|v| v.to_le_bytes()).collect();
        let seeds = [0, 1, 0x9E37_79B1, u64::MAX, 0x8000_0000_0000_0000];
        for seed in seeds.into_iter().chain(values(20)) {
            for len in 0..=bytes.len() {
                let input = &bytes[..len];
                assert_eq!(
                    wasm32(input, seed),
                    xxhash_rust::xxh3::xxh3_64_with_seed(input, seed),
                    "length {len}, seed {seed:#x}"
                );
            }
        }
    }
}
