//! fastText's dictionary and input features: tokens, character n-grams and
//! word n-grams, hashed exactly as fastText 0.9.x does.
//!
//! A text is read the way `predict` reads `text + "\n"`: tokens are split on
//! ASCII space, `\n`, `\r`, `\t`, `\v`, `\f` and NUL, and the end of line adds
//! the `</s>` token. A `\n` inside the text is a plain separator (fastText's
//! Python `predict` refuses such texts; datatrove replaces `\n` by a space
//! first, which gives the same features).

use std::collections::HashMap;

use tamis_core::{Error, Result};

use crate::reader::Reader;

/// fastText's end-of-sentence token.
pub(crate) const EOS: &[u8] = b"</s>";
/// fastText's default label prefix (not stored in model files).
pub(crate) const LABEL_PREFIX: &[u8] = b"__label__";

/// Kind of a dictionary entry.
#[derive(Clone, Copy, PartialEq, Eq)]
enum EntryType {
    Word,
    Label,
}

/// fastText's string hash: FNV-1a over bytes, each byte sign-extended as a
/// C `char` is on x86 (`uint32_t(int8_t(c))`).
#[inline]
pub(crate) fn fnv(bytes: &[u8]) -> u32 {
    let mut h: u32 = 2_166_136_261;
    for &b in bytes {
        h = fnv_step(h, b);
    }
    h
}

#[inline(always)]
fn fnv_step(h: u32, b: u8) -> u32 {
    (h ^ (b as i8 as i32 as u32)).wrapping_mul(16_777_619)
}

/// The model's settings that shape its features.
#[derive(Clone, Copy, Debug)]
pub(crate) struct FeatureArgs {
    pub(crate) minn: usize,
    pub(crate) maxn: usize,
    pub(crate) word_ngrams: usize,
    pub(crate) bucket: u32,
}

/// Vocabulary, labels and the n-gram bucket mapping of a model.
pub(crate) struct Dictionary {
    args: FeatureArgs,
    bucket_mod: FastMod,
    nwords: u32,
    /// All entry strings, concatenated; `spans[i]` = (start, end).
    text: Vec<u8>,
    spans: Vec<(u32, u32)>,
    types: Vec<EntryType>,
    /// Open-addressing table keyed by fastText's hash: (hash << 32) | (entry
    /// index + 1), 0 = empty. The hash filters mismatches without touching
    /// the entry's text.
    table: Vec<u64>,
    table_mask: usize,
    /// Input rows of each in-vocabulary word: itself, then its char n-grams.
    sub_start: Vec<u32>,
    sub_ids: Vec<u32>,
    /// `Some` for pruned (quantized) models: bucket → compacted bucket.
    prune: Option<PruneMap>,
    /// Labels in output order and their training counts (for the HS tree).
    pub(crate) labels: Vec<String>,
    pub(crate) label_counts: Vec<i64>,
}

/// Map from a bucket id to its row after pruning, as a rank dictionary: one
/// bit per bucket (kept or pruned) with the count of kept buckets before each
/// 64-bit block, and the rows of kept buckets in bucket order. A pruned
/// bucket (the common case) costs one load; a kept one two, in small arrays.
struct PruneMap {
    /// (bits of 64 buckets, kept buckets before this block).
    blocks: Vec<(u64, u32)>,
    rows: Vec<u32>,
    /// The input matrix was reordered so that the row of the kept bucket of
    /// rank r is r itself: `rows` is then not consulted (one load less).
    direct: bool,
}

impl PruneMap {
    fn new(pairs: &HashMap<u32, u32>) -> PruneMap {
        let mut keys: Vec<(u32, u32)> = pairs.iter().map(|(&k, &v)| (k, v)).collect();
        keys.sort_unstable();
        let max_key = keys.last().map_or(0, |&(k, _)| k) as usize;
        let mut blocks = vec![(0u64, 0u32); max_key / 64 + 1];
        for &(k, _) in &keys {
            blocks[k as usize / 64].0 |= 1 << (k % 64);
        }
        let mut before = 0u32;
        for b in &mut blocks {
            b.1 = before;
            before += b.0.count_ones();
        }
        PruneMap {
            blocks,
            rows: keys.into_iter().map(|(_, v)| v).collect(),
            direct: false,
        }
    }
    #[inline(always)]
    fn is_kept(&self, k: u32) -> bool {
        self.blocks
            .get(k as usize / 64)
            .is_some_and(|b| b.0 >> (k % 64) & 1 == 1)
    }
    #[inline]
    fn get(&self, k: u32) -> Option<u32> {
        let &(bits, before) = self.blocks.get(k as usize / 64)?;
        let bit = k % 64;
        if bits >> bit & 1 == 0 {
            return None;
        }
        let rank = before + (bits & ((1u64 << bit) - 1)).count_ones();
        if self.direct {
            return Some(rank);
        }
        self.rows.get(rank as usize).copied()
    }
    fn values(&self) -> impl Iterator<Item = u32> + '_ {
        self.rows.iter().copied()
    }
}

/// `a % d` for a fixed `d` without a division (Lemire's fastmod).
#[derive(Clone, Copy)]
struct FastMod {
    m: u64,
    d: u32,
}

impl FastMod {
    fn new(d: u32) -> FastMod {
        FastMod {
            m: if d == 0 {
                0
            } else {
                (u64::MAX / u64::from(d)).wrapping_add(1)
            },
            d,
        }
    }
    #[inline(always)]
    fn rem(self, a: u32) -> u32 {
        let low = self.m.wrapping_mul(u64::from(a));
        ((u128::from(low) * u128::from(self.d)) >> 64) as u32
    }
}

impl Dictionary {
    /// Reads fastText's `Dictionary::load` layout.
    pub(crate) fn load(r: &mut Reader<'_>, args: FeatureArgs) -> Result<Dictionary> {
        let size = r.i32("dictionary size")?;
        let nwords = r.i32("dictionary word count")?;
        let nlabels = r.i32("dictionary label count")?;
        let _ntokens = r.i64("dictionary token count")?;
        let pruneidx_size = r.i64("dictionary prune index size")?;
        // Each entry is at least a NUL, an i64 count and a type byte.
        let size = r.count(size as i64, 10, "dictionary size")?;
        if nwords < 0 || nlabels < 0 || nwords as i64 + nlabels as i64 != size as i64 {
            return Err(Error::data(format!(
                "fastText model: dictionary has {size} entries but {nwords} words + {nlabels} labels"
            )));
        }
        let mut text = Vec::new();
        let mut spans = Vec::with_capacity(size);
        let mut types = Vec::with_capacity(size);
        let mut labels = Vec::with_capacity(nlabels as usize);
        let mut label_counts = Vec::with_capacity(nlabels as usize);
        for i in 0..size {
            let w = r.cstr("dictionary entry")?;
            let count = r.i64("dictionary entry count")?;
            let ty = match r.u8("dictionary entry type")? {
                0 => EntryType::Word,
                1 => EntryType::Label,
                t => {
                    return Err(Error::data(format!(
                        "fastText model: dictionary entry {i} has type {t}"
                    )))
                }
            };
            // fastText keeps words first, then labels; outputs are indexed by `id - nwords`.
            if (ty == EntryType::Label) != (i >= nwords as usize) {
                return Err(Error::data(format!(
                    "fastText model: dictionary entry {i} is out of order (words must come before labels)"
                )));
            }
            let start = text.len();
            text.extend_from_slice(w);
            spans.push((start as u32, text.len() as u32));
            types.push(ty);
            if ty == EntryType::Label {
                let name = w.strip_prefix(LABEL_PREFIX).unwrap_or(w);
                labels.push(String::from_utf8_lossy(name).into_owned());
                label_counts.push(count);
            }
        }
        if u32::try_from(text.len()).is_err() {
            return Err(Error::data(
                "fastText model: dictionary text is larger than 4 GiB",
            ));
        }
        let prune = if pruneidx_size >= 0 {
            let n = r.count(pruneidx_size, 8, "dictionary prune index size")?;
            let mut pairs = HashMap::with_capacity(n);
            for _ in 0..n {
                let from = r.i32("prune index")?;
                let to = r.i32("prune index")?;
                if from < 0 || to < 0 {
                    return Err(Error::data(format!(
                        "fastText model: negative prune index entry {from} -> {to}"
                    )));
                }
                // Keys are n-gram buckets; bounding them bounds the prune map
                // (found by fuzzing: a 118-byte file allocated 95 MB).
                if from as u32 >= args.bucket {
                    return Err(Error::data(format!(
                        "fastText model: prune index entry {from} is outside the {} buckets",
                        args.bucket
                    )));
                }
                pairs.insert(from as u32, to as u32);
            }
            // The prune map takes 16 bytes per 64 buckets up to the largest
            // key: keep that within the file's size (+ 1 MiB), as everything else.
            let max_key = pairs.keys().max().copied().unwrap_or(0) as u64;
            if (max_key / 64 + 1) * 16 > (r.offset() + r.remaining()) as u64 + (1 << 20) {
                return Err(Error::data(format!(
                    "fastText model: prune index key {max_key} is too large for a {}-byte file",
                    r.offset() + r.remaining()
                )));
            }
            Some(pairs)
        } else {
            None
        };
        let mut d = Dictionary {
            args,
            bucket_mod: FastMod::new(args.bucket),
            nwords: nwords as u32,
            text,
            spans,
            types,
            table: Vec::new(),
            table_mask: 0,
            sub_start: Vec::new(),
            sub_ids: Vec::new(),
            prune: None,
            labels,
            label_counts,
        };
        // fastText: pruneidx_size_ == -1 means "not pruned"; 0 means "all n-grams pruned".
        d.prune = prune.as_ref().map(PruneMap::new);
        d.build_table();
        d.build_subwords();
        Ok(d)
    }

    /// The largest input row id features can reference, plus one.
    pub(crate) fn rows_needed(&self) -> u64 {
        let ngram_rows = match &self.prune {
            None => self.args.bucket as u64,
            Some(p) => p.values().map(|v| v as u64 + 1).max().unwrap_or(0),
        };
        self.nwords as u64 + ngram_rows
    }

    /// For a pruned model: the n-gram rows in bucket order, after which
    /// the kept bucket of rank r reads input row `nwords + r`. The caller must
    /// reorder the input matrix's n-gram rows in this order.
    pub(crate) fn make_prune_direct(&mut self) -> Option<Vec<u32>> {
        let p = self.prune.as_mut()?;
        if p.direct {
            return None;
        }
        p.direct = true;
        let order = p.rows.clone();
        self.build_subwords();
        Some(order)
    }

    pub(crate) fn nwords(&self) -> usize {
        self.nwords as usize
    }

    pub(crate) fn is_pruned(&self) -> bool {
        self.prune.is_some()
    }

    fn entry(&self, i: usize) -> &[u8] {
        let (s, e) = self.spans.get(i).copied().unwrap_or((0, 0));
        self.text.get(s as usize..e as usize).unwrap_or_default()
    }

    fn build_table(&mut self) {
        let size = (self.spans.len() * 2).max(8).next_power_of_two();
        self.table = vec![0; size];
        self.table_mask = size - 1;
        for i in 0..self.spans.len() {
            let w = self.entry(i);
            let h = fnv(w);
            let mut slot = h as usize & self.table_mask;
            // Later duplicates replace earlier ones, as in fastText's load.
            loop {
                let cur = self.table[slot];
                if cur == 0 || self.entry((cur as u32) as usize - 1) == w {
                    self.table[slot] = (u64::from(h) << 32) | u64::from(i as u32 + 1);
                    break;
                }
                slot = (slot + 1) & self.table_mask;
            }
        }
    }

    /// The entry id of `w` (whose fastText hash is `h`).
    #[inline]
    fn find(&self, w: &[u8], h: u32) -> Option<usize> {
        let mut slot = h as usize & self.table_mask;
        loop {
            let cur = *self.table.get(slot)?;
            if cur == 0 {
                return None;
            }
            if (cur >> 32) as u32 == h {
                let id = (cur as u32) as usize - 1;
                if self.entry(id) == w {
                    return Some(id);
                }
            }
            slot = (slot + 1) & self.table_mask;
        }
    }

    fn build_subwords(&mut self) {
        let mut starts = Vec::with_capacity(self.nwords as usize + 1);
        let mut ids = Vec::new();
        let mut buf = Vec::new();
        let mut buckets = Vec::new();
        for i in 0..self.nwords as usize {
            starts.push(ids.len() as u32);
            ids.push(i as u32);
            let w = self.entry(i);
            if w != EOS {
                buf.clear();
                buf.push(b'<');
                buf.extend_from_slice(w);
                buf.push(b'>');
                self.char_ngrams(&buf, &mut buckets, |id| ids.push(id));
            }
        }
        starts.push(ids.len() as u32);
        self.sub_start = starts;
        self.sub_ids = ids;
    }

    /// fastText's `pushHash`: maps a bucket to an input row, or drops it.
    #[inline(always)]
    fn bucket_row(&self, b: u32) -> Option<u32> {
        match &self.prune {
            None => Some(self.nwords + b),
            Some(p) => p.get(b).map(|v| self.nwords + v),
        }
    }

    /// fastText's `computeSubwords` over `<word>`: every n-gram of `minn..=maxn`
    /// UTF-8 characters, except a lone `<` or `>`.
    ///
    /// Done in passes over a scratch list of buckets so that the lookups of
    /// one word's n-grams (cache misses, mostly) overlap in the CPU.
    #[inline]
    fn char_ngrams(&self, word: &[u8], buckets: &mut Vec<u32>, mut emit: impl FnMut(u32)) {
        let FeatureArgs {
            minn, maxn, bucket, ..
        } = self.args;
        if maxn == 0 || bucket == 0 {
            return;
        }
        buckets.clear();
        self.ngram_buckets(word, minn, maxn, buckets);
        match &self.prune {
            None => buckets.iter().for_each(|&b| emit(self.nwords + b)),
            Some(p) => {
                // Keep the buckets that survived pruning (branch-free bit tests)...
                let mut kept = 0;
                for j in 0..buckets.len() {
                    let b = buckets[j];
                    buckets[kept] = b;
                    kept += p.is_kept(b) as usize;
                }
                // ...then map them to rows.
                for &b in buckets.iter().take(kept) {
                    if let Some(v) = p.get(b) {
                        emit(self.nwords + v);
                    }
                }
            }
        }
    }

    /// The bucket of every char n-gram of `word`, in fastText's order.
    #[inline]
    fn ngram_buckets(&self, word: &[u8], minn: usize, maxn: usize, buckets: &mut Vec<u32>) {
        let len = word.len();
        // Without multi-byte characters the continuation tests are skipped.
        let ascii = word.is_ascii();
        for i in 0..len {
            if !ascii && word[i] & 0xC0 == 0x80 {
                continue;
            }
            let mut h: u32 = 2_166_136_261;
            let mut j = i;
            let mut n = 1;
            while j < len && n <= maxn {
                h = fnv_step(h, word[j]);
                j += 1;
                while !ascii && j < len && word[j] & 0xC0 == 0x80 {
                    h = fnv_step(h, word[j]);
                    j += 1;
                }
                if n >= minn && !(n == 1 && (i == 0 || j == len)) {
                    buckets.push(self.bucket_mod.rem(h));
                }
                n += 1;
            }
        }
    }

    /// Calls `emit` with every input row of `text`'s features, in fastText's
    /// order (per token: word row then char n-grams; then word n-grams).
    /// `word_buf`, `buckets` and `hashes` are scratch buffers.
    pub(crate) fn features(
        &self,
        text: &[u8],
        word_buf: &mut Vec<u8>,
        buckets: &mut Vec<u32>,
        hashes: &mut Vec<u32>,
        mut emit: impl FnMut(u32),
    ) {
        hashes.clear();
        let mut pos = 0;
        loop {
            while pos < text.len() && is_space(text[pos]) {
                pos += 1;
            }
            let token = if pos < text.len() {
                let start = pos;
                while pos < text.len() && !is_space(text[pos]) {
                    pos += 1;
                }
                &text[start..pos]
            } else {
                EOS
            };
            let h = fnv(token);
            match self.find(token, h) {
                Some(id) => {
                    if self.types.get(id) == Some(&EntryType::Word) {
                        let (s, e) = (
                            self.sub_start.get(id).copied(),
                            self.sub_start.get(id + 1).copied(),
                        );
                        if let (Some(s), Some(e)) = (s, e) {
                            for &row in self.sub_ids.get(s as usize..e as usize).unwrap_or_default()
                            {
                                emit(row);
                            }
                        }
                        hashes.push(h);
                    }
                }
                None => {
                    if !token.starts_with(LABEL_PREFIX) {
                        if token != EOS {
                            word_buf.clear();
                            word_buf.push(b'<');
                            word_buf.extend_from_slice(token);
                            word_buf.push(b'>');
                            self.char_ngrams(word_buf, buckets, &mut emit);
                        }
                        hashes.push(h);
                    }
                }
            }
            if token == EOS {
                break;
            }
        }
        self.word_ngrams(hashes, emit);
    }

    /// fastText's `addWordNgrams` (note the sign extension of each hash).
    fn word_ngrams(&self, hashes: &[u32], mut emit: impl FnMut(u32)) {
        let n = self.args.word_ngrams;
        let bucket = self.args.bucket as u64;
        if n <= 1 || bucket == 0 {
            return;
        }
        for i in 0..hashes.len() {
            let mut h = hashes[i] as i32 as i64 as u64;
            for &hj in hashes.iter().take(i.saturating_add(n)).skip(i + 1) {
                h = h
                    .wrapping_mul(116_049_371)
                    .wrapping_add(hj as i32 as i64 as u64);
                if let Some(row) = self.bucket_row((h % bucket) as u32) {
                    emit(row);
                }
            }
        }
    }
}

#[inline(always)]
pub(crate) fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | 0x0B | 0x0C | 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fastmod_is_exact() {
        for d in [1u32, 2, 3, 7, 2_000_000, 2_000_003, i32::MAX as u32] {
            let f = FastMod::new(d);
            for a in [
                0u32,
                1,
                2,
                5,
                1_999_999,
                2_000_000,
                123_456_789,
                u32::MAX - 1,
                u32::MAX,
            ] {
                assert_eq!(f.rem(a), a % d, "{a} % {d}");
            }
        }
    }

    #[test]
    fn fnv_sign_extends_bytes_like_fasttext() {
        // ASCII is plain FNV-1a 32.
        assert_eq!(fnv(b""), 2_166_136_261);
        assert_eq!(fnv(b"a"), 0xE40C_292C);
        // A byte >= 0x80 is xored as 0xFFFFFFxx (signed char), unlike FNV-1a.
        let plain = (2_166_136_261u32 ^ 0xE9).wrapping_mul(16_777_619);
        assert_ne!(fnv(&[0xE9]), plain);
        assert_eq!(
            fnv(&[0xE9]),
            (2_166_136_261u32 ^ 0xFFFF_FFE9).wrapping_mul(16_777_619)
        );
    }
}
