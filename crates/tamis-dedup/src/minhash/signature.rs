//! MinHash signatures and LSH band keys of one document.

use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

use super::MinHashConfig;
use crate::text::simplify_text;

/// The Mersenne prime 2⁶¹ − 1: the hash permutations work modulo it, as in
/// datatrove (and datasketch).
const P: u64 = (1 << 61) - 1;

/// `v mod P` for `v < 2¹²⁴`.
#[inline]
fn mod_p(v: u128) -> u64 {
    let r = ((v as u64) & P) + ((v >> 61) as u64);
    let r = (r & P) + (r >> 61);
    if r >= P {
        r - P
    } else {
        r
    }
}

/// The MinHash signature: for each permutation `(a, b)`, the minimum over
/// the shingles `x` of `(a·x + b) mod P`, masked. One permutation at a time
/// over every shingle: the running minimum stays in a register.
#[allow(unsafe_code)] // runtime CPU feature dispatch, nothing else
fn signature(xs: &[u64], a: &[u64], b: &[u64], mask: u64, mins: &mut [u64]) {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU has AVX2 (checked just above).
            unsafe { signature_avx2(xs, a, b, mask, mins) };
            return;
        }
    }
    signature_portable(xs, a, b, mask, mins);
}

/// The same code compiled for AVX2, whose 64-bit compares make the
/// vectorised minimum cheap (baseline x86-64 has to emulate them).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[allow(unsafe_code)]
unsafe fn signature_avx2(xs: &[u64], a: &[u64], b: &[u64], mask: u64, mins: &mut [u64]) {
    signature_portable(xs, a, b, mask, mins);
}

#[inline(always)]
fn signature_portable(xs: &[u64], a: &[u64], b: &[u64], mask: u64, mins: &mut [u64]) {
    for ((m, &a), &b) in mins.iter_mut().zip(a).zip(b) {
        let (a, b) = (a as u128, b as u128);
        *m = xs
            .iter()
            .fold(u64::MAX, |min, &x| min.min(mod_p(a * x as u128 + b) & mask));
    }
}

/// splitmix64: a small, portable generator for the permutation parameters.
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Computes signatures; built once per collector, reused for every document.
pub(crate) struct Signer {
    n_grams: usize,
    bands: usize,
    rows: usize,
    mask: u64,
    seed: u64,
    a: Vec<u64>,
    b: Vec<u64>,
    text: String,
    shingles: Vec<u64>,
    /// The shingles modulo P, for the permutations.
    xs: Vec<u64>,
    mins: Vec<u64>,
    band_bytes: Vec<u8>,
}

impl Signer {
    pub(crate) fn new(c: &MinHashConfig) -> Signer {
        let k = c.num_bands * c.hashes_per_band;
        let mut st = c.seed;
        let mut a = Vec::with_capacity(k);
        let mut b = Vec::with_capacity(k);
        for _ in 0..k {
            a.push(1 + splitmix(&mut st) % (P - 1));
            b.push(splitmix(&mut st) % P);
        }
        Signer {
            n_grams: c.n_grams.max(1),
            bands: c.num_bands,
            rows: c.hashes_per_band,
            mask: if c.hash_bits == 32 {
                u32::MAX as u64
            } else {
                u64::MAX
            },
            seed: c.seed,
            a,
            b,
            text: String::new(),
            shingles: Vec::new(),
            xs: Vec::new(),
            mins: vec![0; k],
            band_bytes: Vec::new(),
        }
    }

    /// The distinct shingle hashes of `text`: xxh3-64 of each run of
    /// `n_grams` words of the simplified text, joined by one space. Texts
    /// with fewer words have none (as in datatrove: never deduplicated).
    pub(crate) fn shingles(&mut self, text: &str) -> &[u64] {
        simplify_text(text, &mut self.text);
        self.shingles.clear();
        let t = self.text.as_str();
        // word start offsets; the text has single spaces between words
        let mut starts: Vec<usize> = Vec::new();
        if !t.is_empty() {
            starts.push(0);
            starts.extend(t.match_indices(' ').map(|(i, _)| i + 1));
        }
        let n = self.n_grams;
        if starts.len() >= n {
            for w in 0..=starts.len() - n {
                let start = starts[w];
                let end = starts.get(w + n).map_or(t.len(), |s| s - 1);
                if let Some(gram) = t.get(start..end) {
                    self.shingles
                        .push(xxh3_64_with_seed(gram.as_bytes(), self.seed));
                }
            }
        }
        self.shingles.sort_unstable();
        self.shingles.dedup();
        &self.shingles
    }

    /// The band keys of `text` (one per band: xxh3-64 of the band's
    /// `hashes_per_band` minimum hashes), or `false` when it has no shingle.
    pub(crate) fn band_keys(&mut self, text: &str, out: &mut Vec<u64>) -> bool {
        out.clear();
        self.shingles(text);
        if self.shingles.is_empty() {
            return false;
        }
        self.xs.clear();
        self.xs.extend(self.shingles.iter().map(|&s| s % P));
        signature(&self.xs, &self.a, &self.b, self.mask, &mut self.mins);
        for band in self.mins.chunks(self.rows.max(1)).take(self.bands) {
            self.band_bytes.clear();
            for h in band {
                self.band_bytes.extend_from_slice(&h.to_le_bytes());
            }
            out.push(xxh3_64(&self.band_bytes));
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mod_p_is_exact() {
        for v in [
            0u128,
            1,
            P as u128,
            P as u128 + 5,
            (P as u128) * (P as u128) - 1,
            u128::MAX >> 4,
        ] {
            assert_eq!(mod_p(v) as u128, v % P as u128, "{v}");
        }
    }

    #[test]
    fn shingles_are_word_5grams_of_simplified_text() {
        let mut s = Signer::new(&MinHashConfig::default());
        assert_eq!(s.shingles("un deux trois quatre").len(), 0);
        assert_eq!(s.shingles("Un, deux; trois quatre cinq").len(), 1);
        let a = s.shingles("Un deux trois quatre cinq six").to_vec();
        let b = s.shingles("UN — deux trois QUATRE cinq six !").to_vec();
        assert_eq!(a, b);
        assert_eq!(a.len(), 2);
    }

    #[test]
    fn identical_texts_share_all_bands_and_different_ones_none() {
        let mut s = Signer::new(&MinHashConfig::default());
        let (mut x, mut y, mut z) = (Vec::new(), Vec::new(), Vec::new());
        let t = "le soleil se lève sur la ville et les rues se remplissent de passants pressés";
        assert!(s.band_keys(t, &mut x));
        assert!(s.band_keys(&t.to_uppercase(), &mut y));
        assert!(s.band_keys(
            "une tout autre phrase qui ne partage aucun groupe de cinq mots avec la première",
            &mut z
        ));
        assert_eq!(x.len(), 14);
        assert_eq!(x, y);
        assert!(x.iter().zip(&z).all(|(a, b)| a != b));
    }
}
