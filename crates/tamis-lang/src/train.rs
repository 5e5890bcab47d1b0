//! Trains fastText supervised classifiers (`tamis train-classifier`): the
//! algorithm of fastText's `train_supervised` — the dictionary (words and
//! labels counted, `min_count` applied, most frequent first), input rows
//! for words, character n-grams and hashed word n-grams, an averaged hidden
//! vector, softmax, hierarchical-softmax or one-vs-all output, SGD with a
//! learning rate falling linearly to zero over the epochs — and writes a
//! `.bin` file the official `fasttext` package loads.
//!
//! Features come from the same code that predicts ([`Dictionary::features`]),
//! so training and prediction see the same rows. Training is one thread with
//! a seeded generator (deterministic); fastText's `-thread N` updates shared
//! matrices without locks ("hogwild"), which safe Rust does not allow.

use tamis_core::{Error, Result};

use crate::dictionary::{Dictionary, FeatureArgs, LABEL_PREFIX};
use crate::reader::Reader;

/// Output layer and loss, fastText's `-loss`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TrainLoss {
    /// Softmax over all labels (fastText's default for classifiers).
    Softmax,
    /// Hierarchical softmax over a Huffman tree of label counts.
    Hs,
    /// One independent logistic per label (multi-label).
    Ova,
}

/// fastText's training options, with `train_supervised`'s defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainOptions {
    /// Dimension of the vectors.
    pub dim: usize,
    /// Passes over the data.
    pub epoch: usize,
    /// Initial learning rate.
    pub lr: f32,
    /// Longest word n-gram (1 = words only).
    pub word_ngrams: usize,
    /// Hash buckets for word and character n-grams.
    pub bucket: u32,
    /// Shortest character n-gram (0 = none).
    pub minn: usize,
    /// Longest character n-gram (0 = none).
    pub maxn: usize,
    /// Words seen fewer times are dropped from the dictionary.
    pub min_count: u64,
    /// Labels seen fewer times are dropped.
    pub min_count_label: u64,
    /// Output layer.
    pub loss: TrainLoss,
    /// Seed of the generator (initial weights, label choice).
    pub seed: u64,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            dim: 100,
            epoch: 5,
            lr: 0.1,
            word_ngrams: 1,
            bucket: 2_000_000,
            minn: 0,
            maxn: 0,
            min_count: 1,
            min_count_label: 0,
            loss: TrainLoss::Softmax,
            seed: 0,
        }
    }
}

/// One training example: its labels (without `__label__`) and its text as
/// one line.
#[derive(Debug, Clone)]
pub struct Example {
    /// Labels, e.g. `["hq"]`.
    pub labels: Vec<String>,
    /// The text, one line (newlines count as spaces).
    pub text: String,
}

/// What a training run did.
#[derive(Debug, Clone)]
pub struct TrainReport {
    /// The model, in fastText's `.bin` format.
    pub model: Vec<u8>,
    /// Words and labels kept in the dictionary.
    pub words: usize,
    /// Labels.
    pub labels: usize,
    /// Tokens read per epoch (words, labels and ends of line).
    pub tokens: u64,
}

/// xorshift64*: small, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in [-a, a).
    fn uniform(&mut self, a: f32) -> f32 {
        let u = (self.next() >> 40) as f32 / (1u64 << 24) as f32;
        (u * 2.0 - 1.0) * a
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// fastText's token separators, as the predicting code splits on them.
fn is_space(c: char) -> bool {
    u8::try_from(c).is_ok_and(crate::dictionary::is_space)
}

struct Entry {
    word: Vec<u8>,
    count: u64,
    first: usize,
}

/// The dictionary in fastText's `.bin` layout (after the arguments), its
/// word and label counts, and the tokens of each example (words, labels and
/// the end of line, as fastText counts them for the learning rate).
fn dictionary_bytes(
    examples: &[Example],
    o: &TrainOptions,
) -> Result<(Vec<u8>, usize, usize, Vec<u64>)> {
    let mut words: std::collections::HashMap<&str, Entry> = std::collections::HashMap::new();
    let mut labels: std::collections::HashMap<&str, Entry> = std::collections::HashMap::new();
    let mut tokens = Vec::with_capacity(examples.len());
    let mut order = 0usize;
    let mut bump = |map: &mut std::collections::HashMap<_, Entry>, key, word: &[u8]| {
        let e = map.entry(key).or_insert_with(|| {
            order += 1;
            Entry {
                word: word.to_vec(),
                count: 0,
                first: order,
            }
        });
        e.count += 1;
    };
    for ex in examples {
        let mut ntokens = 1u64; // the end of line
        for l in ex
            .labels
            .iter()
            .filter(|l| !l.contains('\0') && !l.is_empty())
        {
            let name = l.strip_prefix("__label__").unwrap_or(l);
            bump(&mut labels, name, format!("__label__{name}").as_bytes());
            ntokens += 1;
        }
        for w in ex.text.split(is_space).filter(|w| !w.is_empty()) {
            if w.as_bytes().starts_with(LABEL_PREFIX) {
                continue;
            }
            bump(&mut words, w, w.as_bytes());
            ntokens += 1;
        }
        bump(&mut words, "</s>", b"</s>");
        tokens.push(ntokens);
    }
    let ntokens: u64 = tokens.iter().sum();
    let sorted = |map: std::collections::HashMap<&str, Entry>, min: u64| {
        let mut v: Vec<Entry> = map.into_values().filter(|e| e.count >= min).collect();
        v.sort_by(|a, b| b.count.cmp(&a.count).then(a.first.cmp(&b.first)));
        v
    };
    let words = sorted(words, o.min_count.max(1));
    let labels = sorted(labels, o.min_count_label.max(1));
    if labels.is_empty() {
        return Err(Error::data(
            "no labels in the training data: every example needs at least one",
        ));
    }
    let mut out = Vec::new();
    let size = words.len() + labels.len();
    let i32_of = |n: usize, what: &str| {
        i32::try_from(n).map_err(|_| Error::data(format!("too many {what} for a fastText model")))
    };
    out.extend_from_slice(&i32_of(size, "dictionary entries")?.to_le_bytes());
    out.extend_from_slice(&i32_of(words.len(), "words")?.to_le_bytes());
    out.extend_from_slice(&i32_of(labels.len(), "labels")?.to_le_bytes());
    out.extend_from_slice(&(ntokens as i64).to_le_bytes());
    out.extend_from_slice(&(-1i64).to_le_bytes()); // not pruned
    for (list, ty) in [(&words, 0u8), (&labels, 1u8)] {
        for e in list {
            out.extend_from_slice(&e.word);
            out.push(0);
            out.extend_from_slice(&(e.count as i64).to_le_bytes());
            out.push(ty);
        }
    }
    Ok((out, words.len(), labels.len(), tokens))
}

fn args_bytes(o: &TrainOptions) -> Vec<u8> {
    let loss = match o.loss {
        TrainLoss::Hs => 1,
        TrainLoss::Softmax => 3,
        TrainLoss::Ova => 4,
    };
    let mut out = Vec::new();
    out.extend_from_slice(&793_712_314i32.to_le_bytes());
    out.extend_from_slice(&12i32.to_le_bytes());
    for v in [
        o.dim as i32,
        5, // ws
        o.epoch as i32,
        o.min_count as i32,
        5, // neg
        o.word_ngrams as i32,
        loss,
        3, // model: supervised
        o.bucket as i32,
        o.minn as i32,
        o.maxn as i32,
        100, // lrUpdateRate
    ] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&1e-4f64.to_le_bytes()); // t
    out
}

fn matrix_bytes(out: &mut Vec<u8>, rows: usize, cols: usize, data: &[f32]) {
    out.extend_from_slice(&(rows as i64).to_le_bytes());
    out.extend_from_slice(&(cols as i64).to_le_bytes());
    for v in data {
        out.extend_from_slice(&v.to_le_bytes());
    }
}

/// For each label, the inner nodes of fastText's Huffman tree of label
/// counts ([`crate::model::build_tree`], the tree prediction walks) from
/// the root down, and the branch taken at each (true: right).
fn hs_paths(counts: &[i64]) -> Result<Vec<Vec<(usize, bool)>>> {
    let n = counts.len();
    let tree = crate::model::build_tree(counts)?;
    let mut parent = vec![(usize::MAX, false); tree.len()];
    for (i, node) in tree.iter().enumerate().skip(n) {
        parent[node.left as usize] = (i, false);
        parent[node.right as usize] = (i, true);
    }
    Ok((0..n)
        .map(|i| {
            let mut path = Vec::new();
            let mut j = i;
            while let Some(&(p, right)) = parent.get(j).filter(|(p, _)| *p != usize::MAX) {
                path.push((p - n, right));
                j = p;
            }
            path.reverse();
            path
        })
        .collect())
}

/// One logistic output `w` trained towards `target`: adds its share to the
/// hidden vector's gradient and updates `w`.
fn logistic(w: &mut [f32], hidden: &[f32], grad: &mut [f32], lr: f32, target: bool) {
    let dot: f32 = w.iter().zip(hidden).map(|(a, b)| a * b).sum();
    let score = 1.0 / (1.0 + (-dot).exp());
    let alpha = lr * (f32::from(u8::from(target)) - score);
    grad.iter_mut()
        .zip(w.iter())
        .for_each(|(g, x)| *g += alpha * x);
    w.iter_mut().zip(hidden).for_each(|(x, h)| *x += alpha * h);
}

/// Trains a classifier on `examples` and returns the `.bin` bytes.
pub fn train(examples: &[Example], o: &TrainOptions) -> Result<TrainReport> {
    if o.dim == 0 || o.epoch == 0 {
        return Err(Error::config("dim and epoch must be at least 1"));
    }
    // fastText: no n-grams, no buckets (the input matrix is words only).
    let mut o = o.clone();
    if o.word_ngrams <= 1 && o.maxn == 0 {
        o.bucket = 0;
    } else if o.bucket == 0 {
        return Err(Error::config("word or character n-grams need bucket > 0"));
    }
    if o.maxn > 0 && (o.minn == 0 || o.minn > o.maxn) {
        return Err(Error::config("character n-grams need 1 <= minn <= maxn"));
    }
    let o = &o;
    let (dict_bytes, nwords, nlabels, tokens) = dictionary_bytes(examples, o)?;
    let ntokens: u64 = tokens.iter().sum();
    let args = FeatureArgs {
        minn: o.minn,
        maxn: o.maxn,
        word_ngrams: o.word_ngrams,
        bucket: o.bucket,
    };
    let dict = Dictionary::load(&mut Reader::new(&dict_bytes), args)?;
    let label_ids: std::collections::HashMap<&str, usize> = dict
        .labels
        .iter()
        .enumerate()
        .map(|(i, l)| (l.as_str(), i))
        .collect();
    let dim = o.dim;
    let rows = nwords + o.bucket as usize;
    let mut rng = Rng::new(o.seed);
    let a = 1.0 / dim as f32;
    let mut input: Vec<f32> = (0..rows * dim).map(|_| rng.uniform(a)).collect();
    let out_rows = if o.loss == TrainLoss::Hs {
        nlabels.saturating_sub(1).max(1)
    } else {
        nlabels
    };
    let mut output = vec![0f32; out_rows * dim];
    let paths = if o.loss == TrainLoss::Hs {
        hs_paths(&dict.label_counts)?
    } else {
        Vec::new()
    };

    // Each example's input rows and label ids, computed once.
    let (mut word_buf, mut buckets, mut hashes) = (Vec::new(), Vec::new(), Vec::new());
    let prepared: Vec<(Vec<u32>, Vec<usize>, u64)> = examples
        .iter()
        .zip(tokens)
        .map(|(ex, tokens)| {
            let mut ids = Vec::new();
            dict.features(
                ex.text.as_bytes(),
                &mut word_buf,
                &mut buckets,
                &mut hashes,
                |r| ids.push(r),
            );
            let labels: Vec<usize> = ex
                .labels
                .iter()
                .filter_map(|l| {
                    label_ids
                        .get(l.strip_prefix("__label__").unwrap_or(l))
                        .copied()
                })
                .collect();
            (ids, labels, tokens)
        })
        .collect();

    let total = (o.epoch as u64 * ntokens).max(1);
    let mut seen = 0u64;
    let mut hidden = vec![0f32; dim];
    let mut grad = vec![0f32; dim];
    let mut scores = vec![0f32; out_rows];
    for _ in 0..o.epoch {
        for (ids, labels, tokens) in &prepared {
            let progress = seen as f32 / total as f32;
            let lr = o.lr * (1.0 - progress).max(0.0);
            seen += tokens;
            if ids.is_empty() || labels.is_empty() {
                continue;
            }
            hidden.iter_mut().for_each(|h| *h = 0.0);
            for &r in ids {
                let row = &input[r as usize * dim..(r as usize + 1) * dim];
                hidden.iter_mut().zip(row).for_each(|(h, x)| *h += x);
            }
            let inv = 1.0 / ids.len() as f32;
            hidden.iter_mut().for_each(|h| *h *= inv);
            grad.iter_mut().for_each(|g| *g = 0.0);
            match o.loss {
                TrainLoss::Softmax => {
                    let target = labels[if labels.len() > 1 {
                        rng.below(labels.len())
                    } else {
                        0
                    }];
                    let mut max = f32::MIN;
                    for (i, s) in scores.iter_mut().enumerate() {
                        let w = &output[i * dim..(i + 1) * dim];
                        *s = w.iter().zip(&hidden).map(|(a, b)| a * b).sum();
                        max = max.max(*s);
                    }
                    let mut z = 0f32;
                    for s in scores.iter_mut() {
                        *s = (*s - max).exp();
                        z += *s;
                    }
                    for (i, s) in scores.iter().enumerate() {
                        let alpha = lr * (f32::from(u8::from(i == target)) - s / z);
                        let w = &mut output[i * dim..(i + 1) * dim];
                        grad.iter_mut()
                            .zip(w.iter())
                            .for_each(|(g, x)| *g += alpha * x);
                        w.iter_mut().zip(&hidden).for_each(|(x, h)| *x += alpha * h);
                    }
                }
                TrainLoss::Hs => {
                    let target = labels[if labels.len() > 1 {
                        rng.below(labels.len())
                    } else {
                        0
                    }];
                    for &(node, branch) in &paths[target] {
                        let w = &mut output[node * dim..(node + 1) * dim];
                        logistic(w, &hidden, &mut grad, lr, branch);
                    }
                }
                TrainLoss::Ova => {
                    for i in 0..nlabels {
                        let w = &mut output[i * dim..(i + 1) * dim];
                        logistic(w, &hidden, &mut grad, lr, labels.contains(&i));
                    }
                }
            }
            grad.iter_mut().for_each(|g| *g *= inv);
            for &r in ids {
                let row = &mut input[r as usize * dim..(r as usize + 1) * dim];
                row.iter_mut().zip(&grad).for_each(|(x, g)| *x += g);
            }
        }
    }

    let mut model = args_bytes(o);
    model.extend_from_slice(&dict_bytes);
    model.push(0); // quant_input
    matrix_bytes(&mut model, rows, dim, &input);
    model.push(0); // qout
    matrix_bytes(&mut model, out_rows, dim, &output);
    Ok(TrainReport {
        model,
        words: nwords,
        labels: nlabels,
        tokens: ntokens,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Model;

    fn data() -> Vec<Example> {
        let mut rng = Rng::new(7);
        let a = ["sun", "sea", "sand", "beach", "warm", "swim"];
        let b = ["snow", "ice", "cold", "ski", "frost", "winter"];
        (0..400)
            .map(|i| {
                let (label, words) = if i % 2 == 0 {
                    ("summer", &a)
                } else {
                    ("winter", &b)
                };
                let text: Vec<&str> = (0..6).map(|_| words[rng.below(words.len())]).collect();
                Example {
                    labels: vec![label.into()],
                    text: text.join(" "),
                }
            })
            .collect()
    }

    #[test]
    fn learns_and_writes_a_loadable_model() {
        for loss in [TrainLoss::Softmax, TrainLoss::Hs, TrainLoss::Ova] {
            let o = TrainOptions {
                dim: 10,
                bucket: 1000,
                word_ngrams: 2,
                loss,
                seed: 1,
                ..Default::default()
            };
            let r = train(&data(), &o).unwrap();
            let m = Model::from_bytes(&r.model).unwrap();
            assert_eq!(m.labels().len(), 2);
            assert_eq!(
                m.predict("cold ice snow", 1, 0.0)[0].label,
                "winter",
                "{loss:?}"
            );
            assert_eq!(
                m.predict("warm sea sun", 1, 0.0)[0].label,
                "summer",
                "{loss:?}"
            );
            // Deterministic with a seed.
            assert_eq!(train(&data(), &o).unwrap().model, r.model);
        }
    }

    #[test]
    fn huffman_paths_end_at_the_root() {
        let p = hs_paths(&[50, 30, 20]).unwrap();
        assert_eq!(p.len(), 3);
        // The most frequent label has the shortest path.
        assert!(p[0].len() <= p[2].len());
        assert!(p.iter().all(|path| path[0].0 == 1)); // root = inner node n-2
    }
}
