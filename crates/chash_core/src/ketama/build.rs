//! Building a continuum: each server's label, its number of digests (each library's weight
//! formula) and the sorted points.

use std::io::Write;

use super::digest::md5_words;
use super::{Compat, Ketama, MEMCACHED_DEFAULT_PORT};

/// One prefix-table entry for about every 2–4 points ([`crate::prefix::table_bits`]): the search
/// reads 8 bytes a point, so buckets stay short.
const TABLE_SPARSENESS: u32 = 1;

impl Ketama {
    /// The text each of a server's digests hashes before `-<i>`.
    pub(super) fn label(&self, name: &[u8]) -> Vec<u8> {
        match self.compat {
            Compat::Hashring | Compat::HashRing => {
                // hashring: `host:port` with port === 'default port' is labelled `host`
                // (host = up to the first ':', port = up to the next one).
                let host_end = name.iter().position(|&b| b == b':');
                if let (Some(end), true) = (host_end, self.default_port != 0) {
                    let rest = &name[end + 1..];
                    let port = &rest[..rest.iter().position(|&b| b == b':').unwrap_or(rest.len())];
                    if decimal(port) == Some(u64::from(self.default_port)) {
                        return name[..end].to_vec();
                    }
                }
                name.to_vec()
            }
            Compat::Libketama => name.to_vec(),
            Compat::Libmemcached => {
                let (host, port) = split_host_port(name);
                if port == MEMCACHED_DEFAULT_PORT {
                    host.to_vec()
                } else {
                    let mut label = host.to_vec();
                    label.extend_from_slice(format!(":{port}").as_bytes());
                    label
                }
            }
        }
    }

    /// The number of digests of a server of `weight` among `n` servers weighing `total`, by
    /// each library's formula and float precision.
    pub(super) fn digests(&self, weight: f64, total: f64, n: usize) -> u32 {
        let v = self.vnodes;
        match self.compat {
            // hashring: Math.floor(weight / total * vnodes * servers.length), in f64.
            Compat::Hashring | Compat::HashRing => {
                (weight / total * f64::from(v) * n as f64).floor() as u32
            }
            // libketama: float pct = (float)memory / (float)total;
            // floorf(pct * 40.0 * (float)numservers): the product in double, rounded to float.
            Compat::Libketama => {
                let pct = weight as f32 / total as f32;
                ((f64::from(pct) * f64::from(v) * f64::from(n as f32)) as f32).floor() as u32
            }
            // libmemcached: floor((float)(pct * 160 / 4 * (float)live + 1e-10f)), all in float.
            Compat::Libmemcached => {
                let pct = weight as f32 / total as f32;
                let x = pct * (4 * v) as f32 / 4.0 * n as f32 + 0.000_000_000_1_f32;
                x.floor() as u32
            }
        }
    }

    /// Rebuilds the continuum if a server changed since the last build.
    pub(super) fn build(&mut self) {
        if !self.dirty {
            return;
        }
        self.dirty = false;
        let n = self.servers.len();
        // In order, as the libraries sum (integer weights are exact in f64).
        let total: f64 = self.servers.iter().map(|s| s.weight).sum();
        let per = self.compat.per_digest() as usize;
        let counts: Vec<usize> = (0..n)
            .map(|index| self.digests(self.servers[index].weight, total, n) as usize)
            .collect();
        let size = counts.iter().map(|count| count * per).sum();
        // The old continuum goes first and every array is sized once, so that the build holds at
        // most 16 bytes a point (within what `set_server` reserved: reserve::BUILD_BYTES_PER_POINT).
        self.entries = Vec::new();
        self.table = Default::default();
        let mut keyed: Vec<u64> = Vec::with_capacity(size);
        let mut owner_of: Vec<u32> = Vec::with_capacity(size);
        let mut text = Vec::new();
        for (server, &count) in self.servers.iter_mut().zip(&counts) {
            let have = server.cached.len() / per;
            server
                .cached
                .reserve_exact(count.saturating_sub(have) * per);
            for i in have..count {
                text.clear();
                text.extend_from_slice(&server.label);
                // Writing to a Vec cannot fail.
                let _ = write!(text, "-{i}");
                let words = md5_words(&text);
                server.cached.extend_from_slice(&words[..per]);
            }
            for &point in &server.cached[..count * per] {
                // Sorting (point, sequence) keeps equal points in insertion order, as the
                // libraries' stable sorts (V8's TimSort, glibc's merge sort) do.
                keyed.push(u64::from(point) << 32 | owner_of.len() as u64);
                owner_of.push(server.slot);
            }
        }
        keyed.sort_unstable();
        // (point, sequence) becomes (point, owner) in place.
        for k in keyed.iter_mut() {
            *k = (*k & !u64::from(u32::MAX)) | u64::from(owner_of[*k as u32 as usize]);
        }
        drop(owner_of);
        self.table.rebuild(keyed.iter().copied(), TABLE_SPARSENESS);
        self.entries = keyed;
    }
}

/// The value of an all-ASCII-digit, non-empty byte string (None otherwise or above 2^53).
fn decimal(text: &[u8]) -> Option<u64> {
    if text.is_empty() || !text.iter().all(u8::is_ascii_digit) {
        return None;
    }
    text.iter().try_fold(0u64, |acc, &b| {
        let next = acc * 10 + u64::from(b - b'0');
        (next < 1 << 53).then_some(next)
    })
}

/// libmemcached's `host:port`: a last `:N` with N in 0..=65535 is the port (0 means 11211);
/// otherwise the whole string is the host on port 11211.
fn split_host_port(name: &[u8]) -> (&[u8], u32) {
    if let Some(colon) = name.iter().rposition(|&b| b == b':') {
        if let Some(port) = decimal(&name[colon + 1..]).filter(|&p| p <= 65535) {
            if colon > 0 {
                let port = if port == 0 {
                    MEMCACHED_DEFAULT_PORT
                } else {
                    port as u32
                };
                return (&name[..colon], port);
            }
        }
    }
    (name, MEMCACHED_DEFAULT_PORT)
}

#[cfg(test)]
mod tests {
    use super::super::tests::ring;
    use super::*;

    #[test]
    fn labels_follow_each_library() {
        let mut hashring = Ketama::new(Compat::Hashring, 40, 11211).unwrap();
        assert_eq!(hashring.label(b"10.0.0.1:11211"), b"10.0.0.1");
        assert_eq!(hashring.label(b"10.0.0.1:11212"), b"10.0.0.1:11212");
        assert_eq!(hashring.label(b"10.0.0.1"), b"10.0.0.1");
        hashring.default_port = 0;
        assert_eq!(hashring.label(b"10.0.0.1:11211"), b"10.0.0.1:11211");
        let memcached = Ketama::new(Compat::Libmemcached, 40, 0).unwrap();
        assert_eq!(memcached.label(b"h:11211"), b"h");
        assert_eq!(memcached.label(b"h"), b"h");
        assert_eq!(memcached.label(b"h:011212"), b"h:11212");
        assert_eq!(memcached.label(b"h:0"), b"h");
        assert_eq!(memcached.label(b"h:99999"), b"h:99999");
    }

    #[test]
    fn float_formulas_differ_where_documented() {
        // 7 equal servers: hashring floor(1/7·40·7) = floor(39.99…) = 39; the f32 formulas give 40.
        let servers: Vec<(String, f64)> = (0..7).map(|i| (format!("s{i}"), 1.0)).collect();
        let refs: Vec<(&str, f64)> = servers.iter().map(|(s, w)| (s.as_str(), *w)).collect();
        assert_eq!(ring(Compat::Hashring, &refs).point_count(), 7 * 39 * 4);
        assert_eq!(ring(Compat::HashRing, &refs).point_count(), 7 * 39 * 3);
        assert_eq!(ring(Compat::Libketama, &refs).point_count(), 7 * 40 * 4);
        assert_eq!(ring(Compat::Libmemcached, &refs).point_count(), 7 * 40 * 4);
    }
}
