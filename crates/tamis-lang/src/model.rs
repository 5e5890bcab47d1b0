//! A fastText supervised model (`.bin` or quantized `.ftz`) and its
//! predictions.

use std::cell::RefCell;
use std::path::Path;
use std::sync::OnceLock;

use tamis_core::{Error, Result};

use crate::dictionary::{Dictionary, FeatureArgs};
use crate::matrix::Matrix;
use crate::reader::Reader;

/// fastText's file magic and newest format version.
const MAGIC: i32 = 793_712_314;
const VERSION: i32 = 12;

/// The built-in lid.176.ftz (CC-BY-SA-3.0, fastText by Facebook; see `models/README.md`).
static LID176: &[u8] = include_bytes!("../models/lid.176.ftz");

/// One predicted label with fastText's probability for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    /// The label without fastText's `__label__` prefix (e.g. `en`, `fra_Latn`).
    pub label: String,
    /// The probability exactly as fastText's `predict` reports it: note that
    /// fastText adds 1e-5 before taking the log, so a sure prediction reads
    /// `1.00001`.
    pub prob: f32,
}

/// How the output layer turns the hidden vector into label scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Loss {
    /// Hierarchical softmax over a Huffman tree of label counts.
    Hs,
    /// Independent sigmoids (negative sampling and one-vs-all models).
    Sigmoid,
    /// Plain softmax.
    Softmax,
}

/// A node of the hierarchical-softmax tree (leaves are labels `0..nlabels`).
#[derive(Clone, Copy)]
pub(crate) struct Node {
    pub(crate) left: i32,
    pub(crate) right: i32,
}

/// A fastText supervised classifier, loaded once and shared by all threads.
///
/// ```
/// let model = tamis_lang::Model::builtin();
/// let top = model.predict("Le chat dort sur le canapé.", 1, 0.0);
/// assert_eq!(top[0].label, "fr");
/// ```
pub struct Model {
    dim: usize,
    loss: Loss,
    dict: Dictionary,
    input: Matrix,
    output: Matrix,
    tree: Vec<Node>,
    sigmoid_table: Vec<f32>,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model")
            .field("dim", &self.dim)
            .field("loss", &self.loss)
            .field("labels", &self.dict.labels.len())
            .field("quantized", &matches!(self.input, Matrix::Quant(_)))
            .finish()
    }
}

/// Per-thread scratch so that `predict` does not allocate per call.
#[derive(Default)]
struct Scratch {
    word: Vec<u8>,
    buckets: Vec<u32>,
    hashes: Vec<u32>,
    hidden: Vec<f32>,
    output: Vec<f32>,
    /// Top-k heap, hierarchical-softmax walk stack, `predict_best` results.
    heap: Vec<(f32, usize)>,
    stack: Vec<(usize, f32)>,
    results: Vec<(f32, usize)>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Scratch buffers larger than this are released after a call (bounded memory).
const SCRATCH_KEEP: usize = 1 << 20;

impl Model {
    /// The built-in lid.176 model (176 languages, ISO 639 codes such as `en`,
    /// `fr`, `zh`), parsed on first use and shared.
    pub fn builtin() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL.get_or_init(|| {
            // The embedded bytes are fixed at compile time and checked by a test.
            Model::from_bytes(LID176)
                .unwrap_or_else(|e| panic!("built-in lid.176.ftz does not load: {e}"))
        })
    }

    /// Loads a `.bin` or `.ftz` model file.
    pub fn load(path: &Path) -> Result<Model> {
        let bytes = std::fs::read(path)
            .map_err(|e| Error::io(format!("cannot read model {}", path.display()), e))?;
        Model::from_bytes(&bytes)
            .map_err(|e| Error::data(format!("{}: {}", path.display(), e.message())))
    }

    /// Parses a model from the bytes of a `.bin` or `.ftz` file. Malformed
    /// files give an error; nothing is allocated beyond the file's size.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model> {
        let r = &mut Reader::new(bytes);
        let magic = r.i32("magic")?;
        if magic != MAGIC {
            return Err(Error::data(format!(
                "not a fastText model (magic {magic:#x}, expected {MAGIC:#x})"
            )));
        }
        let version = r.i32("version")?;
        if !(11..=VERSION).contains(&version) {
            return Err(Error::data(format!(
                "unsupported fastText model version {version} (supported: 11 and 12)"
            )));
        }
        let dim = r.i32("dim")?;
        let _ws = r.i32("ws")?;
        let _epoch = r.i32("epoch")?;
        let _min_count = r.i32("minCount")?;
        let _neg = r.i32("neg")?;
        let word_ngrams = r.i32("wordNgrams")?;
        let loss = r.i32("loss")?;
        let model = r.i32("model")?;
        let bucket = r.i32("bucket")?;
        let minn = r.i32("minn")?;
        let mut maxn = r.i32("maxn")?;
        let _lr_update_rate = r.i32("lrUpdateRate")?;
        let _t = r.f64("t")?;
        if model != 3 {
            return Err(Error::data(format!(
                "fastText model is not a supervised classifier (model type {model})"
            )));
        }
        if version == 11 {
            // fastText: old supervised models do not use char n-grams.
            maxn = 0;
        }
        let loss = match loss {
            1 => Loss::Hs,
            2 | 4 => Loss::Sigmoid,
            3 => Loss::Softmax,
            l => return Err(Error::data(format!("unknown fastText loss {l}"))),
        };
        if dim <= 0 || bucket < 0 || minn < 0 || maxn < 0 || word_ngrams < 0 {
            return Err(Error::data(format!(
                "bad fastText arguments: dim={dim} bucket={bucket} minn={minn} maxn={maxn} wordNgrams={word_ngrams}"
            )));
        }
        let args = FeatureArgs {
            minn: minn as usize,
            maxn: maxn as usize,
            word_ngrams: word_ngrams as usize,
            bucket: bucket as u32,
        };
        let dict = Dictionary::load(r, args)?;
        let quant_input = r.bool("quant_input")?;
        let input = Matrix::load(r, quant_input, "input matrix")?;
        if !quant_input && dict.is_pruned() {
            return Err(Error::data(
                "invalid fastText model: pruned dictionary with a dense input matrix",
            ));
        }
        let qout = r.bool("qout")?;
        let output = Matrix::load(r, quant_input && qout, "output matrix")?;
        if r.remaining() != 0 {
            return Err(Error::data(format!(
                "fastText model: {} unexpected bytes after the output matrix at byte {}",
                r.remaining(),
                r.offset()
            )));
        }
        let dim = dim as usize;
        if input.cols() != dim || output.cols() != dim {
            return Err(Error::data(format!(
                "fastText model: dim is {dim} but matrices have {} and {} columns",
                input.cols(),
                output.cols()
            )));
        }
        if (input.rows() as u64) < dict.rows_needed() {
            return Err(Error::data(format!(
                "fastText model: input matrix has {} rows, the dictionary needs {}",
                input.rows(),
                dict.rows_needed()
            )));
        }
        let mut dict = dict;
        let mut input = input;
        if let Matrix::Quant(q) = &mut input {
            // Store kept n-gram rows in bucket order: one lookup less per n-gram.
            let nwords = dict.nwords();
            if let Some(order) = dict.make_prune_direct() {
                q.reorder_tail(nwords, &order);
            }
        }
        let nlabels = dict.labels.len();
        if nlabels == 0 {
            return Err(Error::data("fastText model has no labels"));
        }
        let out_needed = if loss == Loss::Hs {
            nlabels - 1
        } else {
            nlabels
        };
        if output.rows() < out_needed {
            return Err(Error::data(format!(
                "fastText model: output matrix has {} rows for {nlabels} labels",
                output.rows()
            )));
        }
        let tree = if loss == Loss::Hs {
            build_tree(&dict.label_counts)?
        } else {
            Vec::new()
        };
        Ok(Model {
            dim,
            loss,
            dict,
            input,
            output,
            tree,
            sigmoid_table: sigmoid_table(),
        })
    }

    /// The labels the model can predict, without `__label__`, in output order.
    pub fn labels(&self) -> &[String] {
        &self.dict.labels
    }

    /// The embedding dimension.
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// The `k` most probable labels of `text` with probability ≥ `threshold`,
    /// most probable first — fastText's `predict(text, k, threshold)`.
    ///
    /// The text is one line: `\n` counts as a space (fastText's Python
    /// `predict` refuses `\n`; datatrove replaces it by a space, which gives
    /// the same result). `k = 0` means all labels. Probabilities are
    /// fastText's to the last bit in practice (f32, same operation order).
    pub fn predict(&self, text: &str, k: usize, threshold: f32) -> Vec<Prediction> {
        let mut scored = Vec::new();
        self.predict_ids(text, k, threshold, &mut scored);
        scored
            .into_iter()
            .map(|(prob, id)| Prediction {
                label: self.dict.labels.get(id).cloned().unwrap_or_default(),
                prob,
            })
            .collect()
    }

    /// Like [`Model::predict`] with `k = 1`, `threshold = 0`, without
    /// allocating: the best label (index into [`Model::labels`]) and its
    /// probability, or `None` when the text yields no features.
    pub fn predict_best(&self, text: &str) -> Option<(usize, f32)> {
        self.with_scratch(|s| {
            let mut out = std::mem::take(&mut s.results);
            out.clear();
            self.predict_with(s, text, 1, 0.0, &mut out);
            let best = out.first().map(|&(p, i)| (i, p));
            s.results = out;
            best
        })
    }

    /// Runs `f` with this thread's scratch buffers (fresh ones on re-entry),
    /// releasing them afterwards if a long text made them large.
    fn with_scratch<R>(&self, f: impl FnOnce(&mut Scratch) -> R) -> R {
        SCRATCH.with(|cell| {
            let Ok(mut s) = cell.try_borrow_mut() else {
                return f(&mut Scratch::default());
            };
            let r = f(&mut s);
            if s.hashes.capacity() > SCRATCH_KEEP
                || s.word.capacity() > SCRATCH_KEEP
                || s.buckets.capacity() > SCRATCH_KEEP
            {
                *s = Scratch::default();
            }
            r
        })
    }

    /// The core of `predict`: fills `out` with (probability, label index).
    pub(crate) fn predict_ids(
        &self,
        text: &str,
        k: usize,
        threshold: f32,
        out: &mut Vec<(f32, usize)>,
    ) {
        out.clear();
        let nlabels = self.dict.labels.len();
        let k = if k == 0 { nlabels } else { k.min(nlabels) };
        self.with_scratch(|s| self.predict_with(s, text, k, threshold, out));
    }

    fn predict_with(
        &self,
        s: &mut Scratch,
        text: &str,
        k: usize,
        threshold: f32,
        out: &mut Vec<(f32, usize)>,
    ) {
        let Scratch {
            word,
            buckets,
            hashes,
            hidden,
            output,
            heap,
            stack,
            ..
        } = s;
        hidden.clear();
        hidden.resize(self.dim, 0.0);
        let mut n: u64 = 0;
        let bytes = text.as_bytes();
        match &self.input {
            Matrix::Dense(m) => self.dict.features(bytes, word, buckets, hashes, |row| {
                m.add_row(hidden, row as usize);
                n += 1;
            }),
            Matrix::Quant(m) => self.dict.features(bytes, word, buckets, hashes, |row| {
                m.add_row(hidden, row as usize);
                n += 1;
            }),
        }
        if n == 0 {
            return;
        }
        // fastText: x.mul(1.0 / rows.size()) — the factor is rounded to f32 first.
        let scale = (1.0f64 / n as f64) as f32;
        for h in hidden.iter_mut() {
            *h *= scale;
        }
        if hidden.iter().any(|h| h.is_nan()) {
            return; // fastText throws "Encountered NaN."
        }
        match self.loss {
            Loss::Hs => self.hs_predict(hidden, k, threshold, heap, stack, out),
            Loss::Softmax | Loss::Sigmoid => {
                output.clear();
                output.extend((0..self.dict.labels.len()).map(|i| self.output.dot_row(hidden, i)));
                if self.loss == Loss::Softmax {
                    softmax(output);
                } else {
                    for o in output.iter_mut() {
                        *o = self.sigmoid(*o);
                    }
                }
                find_k_best(output, k, threshold, heap, out);
            }
        }
        // fastText's predictLine reports exp(log(p + 1e-5)) computed in f32.
        for (score, _) in out.iter_mut() {
            *score = score.exp();
        }
    }

    /// fastText's `Loss::sigmoid` (a 512-entry table on [-8, 8]).
    fn sigmoid(&self, x: f32) -> f32 {
        if x < -8.0 {
            0.0
        } else if x > 8.0 {
            1.0
        } else {
            let i = ((x + 8.0) * 512.0 / 8.0 / 2.0) as usize;
            self.sigmoid_table.get(i).copied().unwrap_or(1.0)
        }
    }

    /// fastText's `HierarchicalSoftmaxLoss::dfs`, with an explicit stack
    /// (same visiting order, no recursion depth limit). Fills log-scores.
    fn hs_predict(
        &self,
        hidden: &[f32],
        k: usize,
        threshold: f32,
        heap_buf: &mut Vec<(f32, usize)>,
        stack: &mut Vec<(usize, f32)>,
        out: &mut Vec<(f32, usize)>,
    ) {
        let nlabels = self.dict.labels.len();
        let min_score = std_log(threshold);
        let mut heap = TopK::new(k, heap_buf);
        stack.clear();
        stack.push((2 * nlabels - 2, 0.0));
        while let Some((node, score)) = stack.pop() {
            if score < min_score || heap.prunes(score) {
                continue;
            }
            let Some(&Node { left, right }) = self.tree.get(node) else {
                continue;
            };
            if left == -1 && right == -1 {
                heap.push(score, node);
                continue;
            }
            let f = self.output.dot_row(hidden, node - nlabels);
            // fastText: `1. / (1 + std::exp(-f))`: the sum is f32, the division f64.
            let f = (1.0f64 / f64::from(1.0f32 + (-f).exp())) as f32;
            stack.push((right as usize, score + std_log(f)));
            stack.push((
                left as usize,
                score + std_log((1.0f64 - f64::from(f)) as f32),
            ));
        }
        heap.into_sorted(out);
    }
}

/// fastText's `std_log`: `log(x + 1e-5)`, computed in f64 and stored as f32.
#[inline]
fn std_log(x: f32) -> f32 {
    (f64::from(x) + 1e-5).ln() as f32
}

/// fastText's `SoftmaxLoss::computeOutput`.
fn softmax(output: &mut [f32]) {
    let Some(&first) = output.first() else { return };
    let max = output.iter().fold(first, |m, &o| if o > m { o } else { m });
    let mut z = 0.0f32;
    for o in output.iter_mut() {
        *o = f64::from(*o - max).exp() as f32;
        z += *o;
    }
    for o in output.iter_mut() {
        *o /= z;
    }
}

/// fastText's `findKBest` on probabilities; pushes log-scores.
fn find_k_best(
    output: &[f32],
    k: usize,
    threshold: f32,
    heap_buf: &mut Vec<(f32, usize)>,
    out: &mut Vec<(f32, usize)>,
) {
    let mut heap = TopK::new(k, heap_buf);
    for (i, &p) in output.iter().enumerate() {
        if p < threshold {
            continue;
        }
        let s = std_log(p);
        if !heap.prunes(s) {
            heap.push(s, i);
        }
    }
    heap.into_sorted(out);
}

/// The `k` best (score, id) pairs, kept exactly as fastText keeps them: a
/// libstdc++ binary heap ordered by `comparePairs` (`a.score > b.score`), so
/// that equal scores come out in fastText's order too.
struct TopK<'a> {
    k: usize,
    heap: &'a mut Vec<(f32, usize)>,
}

/// fastText's `comparePairs`.
#[inline(always)]
fn cmp_pairs(a: &(f32, usize), b: &(f32, usize)) -> bool {
    a.0 > b.0
}

/// libstdc++'s `__push_heap`.
fn sift_up(h: &mut [(f32, usize)], mut hole: usize, top: usize, value: (f32, usize)) {
    while hole > top {
        let parent = (hole - 1) / 2;
        if !cmp_pairs(&h[parent], &value) {
            break;
        }
        h[hole] = h[parent];
        hole = parent;
    }
    h[hole] = value;
}

/// libstdc++'s `__adjust_heap`.
fn adjust(h: &mut [(f32, usize)], mut hole: usize, len: usize, value: (f32, usize)) {
    let top = hole;
    let mut child = hole;
    while child < (len.saturating_sub(1)) / 2 {
        child = 2 * (child + 1);
        if cmp_pairs(&h[child], &h[child - 1]) {
            child -= 1;
        }
        h[hole] = h[child];
        hole = child;
    }
    if len & 1 == 0 && len >= 2 && child == (len - 2) / 2 {
        child = 2 * (child + 1);
        h[hole] = h[child - 1];
        hole = child - 1;
    }
    sift_up(h, hole, top, value);
}

/// libstdc++'s `pop_heap` on `h[..len]`: moves the front to `h[len - 1]`.
fn pop_heap(h: &mut [(f32, usize)], len: usize) {
    if len > 1 {
        let last = len - 1;
        let value = h[last];
        h[last] = h[0];
        adjust(h, 0, last, value);
    }
}

impl<'a> TopK<'a> {
    fn new(k: usize, heap: &'a mut Vec<(f32, usize)>) -> TopK<'a> {
        heap.clear();
        TopK { k, heap }
    }
    /// fastText skips a candidate strictly below the heap's front once full.
    #[inline]
    fn prunes(&self, score: f32) -> bool {
        self.heap.len() == self.k && self.heap.first().is_some_and(|f| score < f.0)
    }
    fn push(&mut self, score: f32, id: usize) {
        self.heap.push((score, id));
        let n = self.heap.len();
        sift_up(self.heap, n - 1, 0, (score, id));
        if n > self.k {
            pop_heap(self.heap, n);
            self.heap.pop();
        }
    }
    /// libstdc++'s `sort_heap`: best first.
    fn into_sorted(self, out: &mut Vec<(f32, usize)>) {
        let mut len = self.heap.len();
        while len > 1 {
            pop_heap(self.heap, len);
            len -= 1;
        }
        out.append(self.heap);
    }
}

/// fastText's sigmoid lookup table.
fn sigmoid_table() -> Vec<f32> {
    (0..=512)
        .map(|i| {
            let x = (i * 2 * 8) as f32 / 512.0 - 8.0;
            (1.0 / (1.0 + f64::from((-x).exp()))) as f32
        })
        .collect()
}

/// fastText's `HierarchicalSoftmaxLoss::buildTree` (Huffman tree of label
/// counts; leaves `0..n`, root `2n-2`). Rejects counts that would not give a
/// tree (each child must precede its parent, so the walk always ends).
pub(crate) fn build_tree(counts: &[i64]) -> Result<Vec<Node>> {
    let osz = counts.len();
    let mut tree = vec![
        Node {
            left: -1,
            right: -1
        };
        2 * osz - 1
    ];
    let mut count: Vec<i64> = vec![1_000_000_000_000_000; 2 * osz - 1];
    count[..osz].copy_from_slice(counts);
    let mut leaf = osz as i64 - 1;
    let mut node = osz;
    for i in osz..2 * osz - 1 {
        let mut mini = [0usize; 2];
        for m in &mut mini {
            if leaf >= 0 && count[leaf as usize] < count.get(node).copied().unwrap_or(i64::MAX) {
                *m = leaf as usize;
                leaf -= 1;
            } else {
                *m = node;
                node += 1;
            }
        }
        if mini[0] >= i || mini[1] >= i {
            return Err(Error::data(
                "fastText model: label counts do not form a hierarchical-softmax tree",
            ));
        }
        tree[i] = Node {
            left: mini[0] as i32,
            right: mini[1] as i32,
        };
        count[i] = count[mini[0]].saturating_add(count[mini[1]]);
    }
    Ok(tree)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_model_loads_and_predicts() {
        let m = Model::builtin();
        assert_eq!(m.labels().len(), 176);
        assert!(m.labels().iter().any(|l| l == "en"));
        let p = m.predict("The quick brown fox jumps over the lazy dog.", 3, 0.0);
        assert_eq!(p.len(), 3);
        assert_eq!(p[0].label, "en");
        assert!(p[0].prob > 0.5 && p[0].prob >= p[1].prob && p[1].prob >= p[2].prob);
        assert_eq!(
            m.predict("Der Hund schläft im Garten.", 1, 0.0)[0].label,
            "de"
        );
        // A threshold above every probability gives nothing.
        assert!(m.predict("hello", 5, 1.1).is_empty());
        // k = 0 means all labels; lid.176 is hierarchical softmax, whose walk
        // (like fastText's) skips branches below 1e-5: fastText gives 167 here.
        assert_eq!(m.predict("hello", 0, 0.0).len(), 167);
        // Empty text still has the end-of-line token, as in fastText.
        assert_eq!(m.predict("", 1, 0.0).len(), 1);
        assert_eq!(
            m.predict_best("bonjour tout le monde")
                .map(|(i, _)| m.labels()[i].as_str()),
            Some("fr")
        );
    }

    #[test]
    fn shared_across_threads_and_long_texts() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Model>();
        let m = Model::builtin();
        let want = m.predict("Dies ist ein kleiner Test.", 3, 0.0);
        std::thread::scope(|s| {
            for _ in 0..3 {
                s.spawn(|| assert_eq!(m.predict("Dies ist ein kleiner Test.", 3, 0.0), want));
            }
        });
        // A long text works, and the scratch buffers it grew are released.
        let long = "questo è un testo abbastanza lungo ".repeat(40_000);
        assert_eq!(m.predict(&long, 1, 0.0)[0].label, "it");
        assert_eq!(m.predict("Dies ist ein kleiner Test.", 3, 0.0), want);
    }

    #[test]
    fn newline_counts_as_space() {
        let m = Model::builtin();
        assert_eq!(
            m.predict("Ceci est\nune phrase.", 2, 0.0),
            m.predict("Ceci est une phrase.", 2, 0.0)
        );
    }

    #[test]
    fn hostile_files_are_errors_not_panics() {
        assert!(Model::from_bytes(b"").is_err());
        assert!(Model::from_bytes(b"not a model at all")
            .unwrap_err()
            .to_string()
            .contains("magic"));
        // Every truncation of a real model is a clean error.
        let bytes = LID176;
        for cut in
            (0..bytes.len())
                .step_by(99_991)
                .chain([1, 3, 60, 61, 64, 80, 1000, bytes.len() - 1])
        {
            assert!(Model::from_bytes(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        // Trailing garbage is refused too.
        let mut more = bytes.to_vec();
        more.push(0);
        assert!(Model::from_bytes(&more).is_err());
        // A huge dictionary size must not allocate: it is checked against the file length.
        let mut big = bytes[..64].to_vec();
        big.extend_from_slice(&i32::MAX.to_le_bytes());
        big.extend_from_slice(&[0; 64]);
        assert!(Model::from_bytes(&big)
            .unwrap_err()
            .to_string()
            .contains("dictionary"));
        // Flipping bytes anywhere never panics.
        for pos in (0..100)
            .step_by(3)
            .chain((100..bytes.len()).step_by(99_991))
        {
            let mut b = bytes.to_vec();
            b[pos] ^= 0xA5;
            let _ = Model::from_bytes(&b).map(|m| m.predict("some text", 2, 0.0));
        }
    }

    #[test]
    fn huffman_tree_rejects_cycles() {
        assert!(build_tree(&[5, 3, 1]).is_ok());
        assert!(build_tree(&[1]).is_ok());
        assert!(build_tree(&[i64::MAX, i64::MAX, 3]).is_err());
    }
}
