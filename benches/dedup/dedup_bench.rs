//! Dedup evaluation and benchmark driver (`cargo run --release -p tamis-dedup --example dedup_bench`).
//!
//! Subcommands:
//! - `gen GT_DIR OUT_DIR [--shards N] [--seed S]`: builds a near-duplicate corpus from the
//!   ground-truth texts (`ground_truth.main_content` of GT_DIR/*.json) with planted copies
//!   (small edits, inserted boilerplate, truncation, reordered paragraphs, exact copies, heavy
//!   rewrites), writes OUT_DIR/corpus/shard-NNNNN.jsonl, OUT_DIR/truth.tsv (per document: the
//!   highest exact Jaccard with any earlier document, on tamis' shingles) and OUT_DIR/scurve.tsv
//!   (measured LSH candidate rate per Jaccard bin vs theory 1-(1-s^r)^b).
//! - `synth N OUT_DIR [--shards K] [--dup-rate F]`: short synthetic documents for the scale test.
//! - `run METHOD IN_DIR WORK_DIR OUT_REMOVED [--threads T] [--buffer-mb M]`: streams the shard
//!   files through collect → reduce → apply of step METHOD (exact|lines|minhash) and writes the
//!   removed ids; prints a JSON line with counts, phase times and run-file bytes.
//! - `sites GT_DIR WORK_DIR [--pages N]`: the `lines` check on real text: the ground-truth
//!   texts grouped into fake sites of N pages (default 25); every page of a site gets the
//!   same sidebar (5 headlines, each after a `-` line, taken from other documents' titles)
//!   at the top, middle or bottom; reports the share of sidebar lines removed and of
//!   article lines kept by `lines` (defaults).
//! - `eval OUT_DIR REMOVED_IDS...`: precision / recall of removed documents at J ≥ 0.8
//!   (documents whose best earlier match is in [0.5, 0.8) are not counted).

use std::collections::{HashMap, HashSet};
use std::fs::{self, File};
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use serde_json::{json, Value};
use tamis_core::{BuiltStep, CorpusContext, Document, Outcome, Position, Registry, StepContext};
use tamis_dedup::bench_support::Signer;
use tamis_dedup::MinHashConfig;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let r = match args.first().map(String::as_str) {
        Some("gen") => gen(&args[1..]),
        Some("synth") => synth(&args[1..]),
        Some("run") => run(&args[1..]),
        Some("eval") => eval(&args[1..]),
        Some("sites") => sites(&args[1..]),
        _ => Err("usage: dedup_bench gen|synth|run|eval ... (see the file's doc)".into()),
    };
    if let Err(e) = r {
        eprintln!("error: {e}");
        std::process::exit(2);
    }
}

fn flag<T: std::str::FromStr>(args: &[String], name: &str, default: T) -> T {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// xorshift64*: deterministic corpus generation.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Boilerplate paragraphs written for this benchmark.
const BOILERPLATE: [&str; 4] = [
    "We use cookies to improve your experience on our site. By continuing to browse you accept our use of cookies. Read our privacy policy to learn more about how we handle your data.",
    "Subscribe to our newsletter and get the latest stories delivered to your inbox every morning. You can unsubscribe at any time with one click from any email we send.",
    "Home | News | Sports | Business | Culture | Opinion | Contact us | About us | Advertise with us | Terms of use | Privacy",
    "Share this article on Facebook, Twitter and LinkedIn. Comments are moderated and may take a few minutes to appear below this story.",
];

fn edit_words(text: &str, frac: f64, rng: &mut Rng, vocab: &[String]) -> String {
    let mut out = String::with_capacity(text.len());
    for (li, line) in text.split('\n').enumerate() {
        if li > 0 {
            out.push('\n');
        }
        let words: Vec<&str> = line.split(' ').collect();
        for (i, w) in words.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            if rng.unit() < frac {
                out.push_str(&vocab[rng.below(vocab.len())]);
            } else {
                out.push_str(w);
            }
        }
    }
    out
}

fn gen(args: &[String]) -> Res<()> {
    let gt = PathBuf::from(args.first().ok_or("gen GT_DIR OUT_DIR")?);
    let out = PathBuf::from(args.get(1).ok_or("gen GT_DIR OUT_DIR")?);
    let shards: usize = flag(args, "--shards", 8);
    let mut rng = Rng(flag(args, "--seed", 20261129u64) | 1);
    let mut paths: Vec<PathBuf> = fs::read_dir(&gt)?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    let mut originals = Vec::new();
    for p in &paths {
        let v: Value = serde_json::from_reader(BufReader::new(File::open(p)?))?;
        if let Some(t) = v["ground_truth"]["main_content"].as_str() {
            if t.split_whitespace().count() >= 50 {
                originals.push(t.to_owned());
            }
        }
    }
    let vocab: Vec<String> = {
        let mut seen = HashSet::new();
        originals
            .iter()
            .flat_map(|t| t.split_whitespace())
            .filter(|w| seen.insert(*w))
            .take(50_000)
            .map(str::to_owned)
            .collect()
    };
    // (id, text, kind, source index)
    let mut docs: Vec<(String, String, String)> = Vec::new();
    for (i, t) in originals.iter().enumerate() {
        docs.push((format!("orig-{i:05}"), t.clone(), "original".into()));
    }
    let kinds = [
        "edit",
        "edit",
        "boilerplate",
        "truncate",
        "reorder",
        "exact",
        "rewrite",
        "edit_far",
    ];
    for (i, t) in originals.iter().enumerate() {
        for c in 0..2 {
            let kind = kinds[rng.below(kinds.len())];
            let text = match kind {
                // small edits: 0–6 % of words replaced (Jaccard ~1 → ~0.55)
                "edit" => edit_words(t, rng.unit() * 0.06, &mut rng, &vocab),
                // wider edits for the S-curve: 6–20 % (Jaccard ~0.55 → ~0.15)
                "edit_far" => edit_words(t, 0.06 + rng.unit() * 0.14, &mut rng, &vocab),
                "boilerplate" => {
                    let mut paras: Vec<String> = t.split('\n').map(str::to_owned).collect();
                    for _ in 0..1 + rng.below(3) {
                        let at = rng.below(paras.len() + 1);
                        paras.insert(at, BOILERPLATE[rng.below(BOILERPLATE.len())].to_owned());
                    }
                    paras.join("\n")
                }
                "truncate" => {
                    let words: Vec<&str> = t.split(' ').collect();
                    let keep = ((0.5 + rng.unit() * 0.5) * words.len() as f64) as usize;
                    words[..keep.max(1)].join(" ")
                }
                "reorder" => {
                    let mut paras: Vec<&str> = t.split('\n').collect();
                    for k in (1..paras.len()).rev() {
                        paras.swap(k, rng.below(k + 1));
                    }
                    paras.join("\n")
                }
                "exact" => t.replace(' ', "  "),
                // heavy rewrite: half the words replaced and sentences shuffled: must not match
                _ => {
                    let e = edit_words(t, 0.5, &mut rng, &vocab);
                    let mut sents: Vec<&str> = e.split(". ").collect();
                    for k in (1..sents.len()).rev() {
                        sents.swap(k, rng.below(k + 1));
                    }
                    sents.join(". ")
                }
            };
            docs.push((format!("copy-{i:05}-{c}-{kind}"), text, kind.into()));
        }
    }
    // shuffle, so copies come before or after their source, in any shard
    for k in (1..docs.len()).rev() {
        docs.swap(k, rng.below(k + 1));
    }
    let corpus = out.join("corpus");
    let _ = fs::remove_dir_all(&corpus);
    fs::create_dir_all(&corpus)?;
    let per = docs.len().div_ceil(shards);
    for (s, chunk) in docs.chunks(per).enumerate() {
        let mut w = BufWriter::new(File::create(corpus.join(format!("shard-{s:05}.jsonl")))?);
        for (id, text, kind) in chunk {
            serde_json::to_writer(
                &mut w,
                &json!({"id": id, "text": text, "metadata": {"kind": kind}}),
            )?;
            w.write_all(b"\n")?;
        }
    }
    // exact Jaccard, all pairs sharing a shingle (inverted index), in corpus order
    let mut signer = Signer::new(&MinHashConfig::default());
    let sets: Vec<Vec<u64>> = docs.iter().map(|(_, t, _)| signer.shingles(t)).collect();
    let keys: Vec<Vec<u64>> = docs.iter().map(|(_, t, _)| signer.band_keys(t)).collect();
    let mut postings: HashMap<u64, Vec<u32>> = HashMap::new();
    let mut best = vec![0f64; docs.len()];
    let mut best_any = vec![0f64; docs.len()];
    let mut pairs: Vec<(f64, bool)> = Vec::new();
    for d in 0..docs.len() {
        let mut inter: HashMap<u32, u32> = HashMap::new();
        for s in &sets[d] {
            if let Some(p) = postings.get(s) {
                for &e in p {
                    *inter.entry(e).or_insert(0) += 1;
                }
            }
        }
        for (&e, &c) in &inter {
            let (a, b) = (sets[d].len() as f64, sets[e as usize].len() as f64);
            let j = c as f64 / (a + b - c as f64);
            if j > best[d] {
                best[d] = j;
            }
            for k in [d, e as usize] {
                if j > best_any[k] {
                    best_any[k] = j;
                }
            }
            if j >= 0.05 {
                let cand = keys[d].iter().zip(&keys[e as usize]).any(|(x, y)| x == y);
                pairs.push((j, cand));
            }
        }
        for &s in &sets[d] {
            postings.entry(s).or_default().push(d as u32);
        }
    }
    let mut w = BufWriter::new(File::create(out.join("truth.tsv"))?);
    writeln!(
        w,
        "id\tkind\tbest_jaccard_with_earlier\tbest_jaccard_with_any"
    )?;
    for (((id, _, kind), j), ja) in docs.iter().zip(&best).zip(&best_any) {
        writeln!(w, "{id}\t{kind}\t{j:.4}\t{ja:.4}")?;
    }
    let mut w = BufWriter::new(File::create(out.join("scurve.tsv"))?);
    writeln!(w, "jaccard_bin\tpairs\tcandidate_rate\ttheory_1-(1-s^8)^14")?;
    for bin in 1..20 {
        let (lo, hi) = (bin as f64 * 0.05, bin as f64 * 0.05 + 0.05);
        let in_bin: Vec<&(f64, bool)> = pairs
            .iter()
            .filter(|(j, _)| *j >= lo && (*j < hi || (bin == 19 && *j <= 1.0)))
            .collect();
        if in_bin.is_empty() {
            continue;
        }
        let rate = in_bin.iter().filter(|(_, c)| *c).count() as f64 / in_bin.len() as f64;
        let mid = (lo + hi) / 2.0;
        let theory = 1.0 - (1.0 - mid.powi(8)).powi(14);
        writeln!(
            w,
            "{lo:.2}-{hi:.2}\t{}\t{rate:.3}\t{theory:.3}",
            in_bin.len()
        )?;
    }
    let n_dup = best.iter().filter(|&&j| j >= 0.8).count();
    let n_mid = best.iter().filter(|&&j| (0.5..0.8).contains(&j)).count();
    eprintln!(
        "gen: {} documents ({} originals), {n_dup} with J>=0.8 to an earlier one, {n_mid} in [0.5,0.8), {} shards",
        docs.len(),
        originals.len(),
        docs.len().div_ceil(per)
    );
    Ok(())
}

/// Short synthetic documents (~80 words from a 20k-word made-up vocabulary),
/// `dup_rate` of them near copies of an earlier one.
fn synth(args: &[String]) -> Res<()> {
    let n: usize = args.first().ok_or("synth N OUT_DIR")?.parse()?;
    let out = PathBuf::from(args.get(1).ok_or("synth N OUT_DIR")?);
    let shards: usize = flag(args, "--shards", 16);
    let dup_rate: f64 = flag(args, "--dup-rate", 0.1);
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    const SYL: [&str; 24] = [
        "ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "pe", "da", "ro", "li", "en", "ar", "ou",
        "is", "an", "té", "gu", "ba", "zo", "ch", "fi", "mo",
    ];
    let vocab: Vec<String> = (0..20_000)
        .map(|_| {
            (0..2 + rng.below(3))
                .map(|_| SYL[rng.below(SYL.len())])
                .collect()
        })
        .collect();
    fs::create_dir_all(&out)?;
    let per = n.div_ceil(shards);
    let mut recent: Vec<String> = Vec::new();
    let mut w: Option<BufWriter<File>> = None;
    for i in 0..n {
        if i % per == 0 {
            if let Some(mut w) = w.take() {
                w.flush()?;
            }
            w = Some(BufWriter::new(File::create(
                out.join(format!("shard-{:05}.jsonl", i / per)),
            )?));
        }
        let text = if !recent.is_empty() && rng.unit() < dup_rate {
            let src = recent[rng.below(recent.len())].clone();
            edit_words(&src, 0.02, &mut rng, &vocab)
        } else {
            let len = 60 + rng.below(40);
            (0..len)
                .map(|_| vocab[rng.below(vocab.len())].as_str())
                .collect::<Vec<_>>()
                .join(" ")
        };
        if recent.len() < 4096 {
            recent.push(text.clone());
        } else {
            let k = rng.below(recent.len());
            recent[k] = text.clone();
        }
        if let Some(w) = w.as_mut() {
            serde_json::to_writer(&mut *w, &json!({"id": format!("d{i:09}"), "text": text}))?;
            w.write_all(b"\n")?;
        }
    }
    if let Some(mut w) = w {
        w.flush()?;
    }
    Ok(())
}

fn shard_files(dir: &Path) -> Res<Vec<PathBuf>> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    v.sort();
    Ok(v)
}

fn read_docs(path: &Path, shard: u32) -> Res<impl Iterator<Item = Document>> {
    let r = BufReader::with_capacity(1 << 20, File::open(path)?);
    Ok(r.lines().enumerate().filter_map(move |(o, line)| {
        let v: Value = serde_json::from_str(&line.ok()?).ok()?;
        let mut d = Document::from_json(v, "text", "id", || format!("{shard}/{o}")).ok()?;
        d.position = Position {
            shard,
            ordinal: o as u64,
        };
        Some(d)
    }))
}

fn dir_bytes(p: &Path) -> u64 {
    let Ok(rd) = fs::read_dir(p) else { return 0 };
    rd.flatten()
        .map(|e| {
            if e.path().is_dir() {
                dir_bytes(&e.path())
            } else {
                e.metadata().map(|m| m.len()).unwrap_or(0)
            }
        })
        .sum()
}

fn run(args: &[String]) -> Res<()> {
    let method = args
        .first()
        .ok_or("run METHOD IN_DIR WORK_DIR OUT_REMOVED")?
        .clone();
    let input = PathBuf::from(args.get(1).ok_or("IN_DIR")?);
    let work = PathBuf::from(args.get(2).ok_or("WORK_DIR")?);
    let removed_path = PathBuf::from(args.get(3).ok_or("OUT_REMOVED")?);
    let threads: usize = flag(args, "--threads", 2);
    let buffer_mb: usize = flag(args, "--buffer-mb", 64);
    let _ = fs::remove_dir_all(&work);
    fs::create_dir_all(&work)?;
    let mut reg = Registry::new();
    tamis_dedup::register(&mut reg);
    let BuiltStep::Corpus(step) = reg.build(&method, json!({"buffer_mb": buffer_mb}))? else {
        return Err("not a corpus step".into());
    };
    let files = shard_files(&input)?;
    let cx = CorpusContext {
        work_dir: work.clone(),
        step_name: method.clone(),
        num_shards: files.len() as u32,
        threads,
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()?;
    let t0 = Instant::now();
    let docs_in: usize = pool.install(|| {
        files
            .par_iter()
            .enumerate()
            .map(|(s, f)| -> Result<usize, String> {
                let mut c = step.collector(&cx, s as u32).map_err(|e| e.to_string())?;
                let mut n = 0;
                for d in read_docs(f, s as u32).map_err(|e| e.to_string())? {
                    c.observe(&d).map_err(|e| e.to_string())?;
                    n += 1;
                }
                c.finish().map_err(|e| e.to_string())?;
                Ok(n)
            })
            .sum::<Result<usize, String>>()
    })?;
    let t_collect = t0.elapsed().as_secs_f64();
    let run_bytes = dir_bytes(&work);
    let t1 = Instant::now();
    // the parts in parallel (one thread each), then the merge, as the drivers do
    tamis_dedup::bench_support::reduce_parallel(step.as_ref(), &cx, &pool)?;
    let t_reduce = t1.elapsed().as_secs_f64();
    let t2 = Instant::now();
    let removed: Vec<Vec<String>> = pool.install(|| {
        files
            .par_iter()
            .enumerate()
            .map(|(s, f)| -> Result<Vec<String>, String> {
                let mut a = step.applier(&cx, s as u32).map_err(|e| e.to_string())?;
                let mut scx = StepContext::default();
                let mut out = Vec::new();
                for mut d in read_docs(f, s as u32).map_err(|e| e.to_string())? {
                    if let Outcome::Drop(_) = a.apply(&mut d, &mut scx) {
                        out.push(d.id);
                    }
                }
                Ok(out)
            })
            .collect::<Result<Vec<_>, String>>()
    })?;
    let t_apply = t2.elapsed().as_secs_f64();
    let mut w = BufWriter::new(File::create(&removed_path)?);
    let mut n_removed = 0;
    for id in removed.iter().flatten() {
        writeln!(w, "{id}")?;
        n_removed += 1;
    }
    println!(
        "{}",
        json!({"method": method, "docs": docs_in, "removed": n_removed, "threads": threads, "collect_s": t_collect,
               "reduce_s": t_reduce, "apply_s": t_apply, "total_s": t0.elapsed().as_secs_f64(), "run_file_bytes": run_bytes,
               "run_file_bytes_per_doc": run_bytes as f64 / docs_in.max(1) as f64})
    );
    Ok(())
}

fn sites(args: &[String]) -> Res<()> {
    let gt = PathBuf::from(args.first().ok_or("sites GT_DIR WORK_DIR")?);
    let work = PathBuf::from(args.get(1).ok_or("sites GT_DIR WORK_DIR")?);
    let per_site: usize = flag(args, "--pages", 25);
    let mut rng = Rng(0xfeed_beef_1234_5679);
    let mut paths: Vec<PathBuf> = fs::read_dir(&gt)?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    let mut pages: Vec<(String, String)> = Vec::new(); // (title, text)
    for p in &paths {
        let v: Value = serde_json::from_reader(BufReader::new(File::open(p)?))?;
        if let (Some(t), Some(title)) = (
            v["ground_truth"]["main_content"].as_str(),
            v["ground_truth"]["title"].as_str(),
        ) {
            if t.split_whitespace().count() >= 50 && title.split_whitespace().count() >= 4 {
                pages.push((title.trim().to_owned(), t.to_owned()));
            }
        }
    }
    let n_sites = pages.len() / per_site;
    let mut shards: Vec<Vec<Document>> = vec![Vec::new(); 4];
    // per document: its input lines and which are sidebar lines
    let mut truth: HashMap<String, (Vec<String>, Vec<bool>)> = HashMap::new();
    for site in 0..n_sites {
        let headlines: Vec<String> = (0..5)
            .map(|_| pages[rng.below(pages.len())].0.clone())
            .collect();
        for k in 0..per_site {
            let (_, text) = &pages[site * per_site + k];
            let article: Vec<&str> = text.lines().collect();
            let at = match rng.below(3) {
                0 => 0,
                1 => article.len() / 2,
                _ => article.len(),
            };
            let mut lines = Vec::new();
            let mut is_sidebar = Vec::new();
            for (i, l) in article.iter().enumerate() {
                if i == at {
                    for h in &headlines {
                        lines.extend(["-".to_owned(), h.clone()]);
                        is_sidebar.extend([true, true]);
                    }
                }
                lines.push((*l).to_owned());
                is_sidebar.push(false);
            }
            if at == article.len() {
                for h in &headlines {
                    lines.extend(["-".to_owned(), h.clone()]);
                    is_sidebar.extend([true, true]);
                }
            }
            let id = format!("site{site:03}-page{k:02}");
            let mut d = Document::new(id.clone(), lines.join("\n"));
            d.url = Some(format!("https://www.site{site:03}.example/article/{k}"));
            shards[rng.below(4)].push(d);
            truth.insert(id, (lines, is_sidebar));
        }
    }
    let t = Instant::now();
    let out = tamis_dedup::run_in_memory(&tamis_dedup::Lines::default(), shards, &work, 2)?;
    let secs = t.elapsed().as_secs_f64();
    let (mut sb_total, mut sb_removed, mut art_total, mut art_kept, mut dropped) =
        (0usize, 0usize, 0usize, 0usize, 0usize);
    let (mut art_chars, mut art_chars_kept) = (0usize, 0usize);
    for (doc, outcome) in &out {
        let Some((lines, is_sidebar)) = truth.get(&doc.id) else {
            continue;
        };
        if matches!(outcome, Outcome::Drop(_)) {
            dropped += 1;
        }
        let kept: Vec<&str> = doc.text.split('\n').collect();
        let mut j = 0;
        for (line, sb) in lines.iter().zip(is_sidebar) {
            let keep = kept.get(j) == Some(&line.as_str());
            if keep {
                j += 1;
            }
            let content = line.chars().any(char::is_alphanumeric) || *sb;
            if *sb {
                sb_total += 1;
                sb_removed += usize::from(!keep);
            } else if content {
                art_total += 1;
                art_kept += usize::from(keep);
                let c = line.chars().count();
                art_chars += c;
                art_chars_kept += if keep { c } else { 0 };
                if !keep && std::env::var_os("SHOW_LOST").is_some() {
                    eprintln!(
                        "lost\t{}\t{}",
                        doc.id,
                        line.chars().take(100).collect::<String>()
                    );
                }
            }
        }
    }
    println!(
        "{}",
        json!({"sites": n_sites, "pages": out.len(), "seconds": secs, "sidebar_lines": sb_total,
               "sidebar_removed": sb_removed as f64 / sb_total.max(1) as f64, "article_lines": art_total,
               "article_kept": art_kept as f64 / art_total.max(1) as f64,
               "article_chars_kept": art_chars_kept as f64 / art_chars.max(1) as f64, "docs_dropped": dropped})
    );
    Ok(())
}

fn eval(args: &[String]) -> Res<()> {
    let out = PathBuf::from(args.first().ok_or("eval OUT_DIR REMOVED...")?);
    let truth = fs::read_to_string(out.join("truth.tsv"))?;
    let mut any: HashMap<&str, f64> = HashMap::new();
    let best: HashMap<&str, (f64, &str)> = truth
        .lines()
        .skip(1)
        .filter_map(|l| {
            let mut f = l.split('\t');
            let id = f.next()?;
            let kind = f.next()?;
            let j = f.next()?.parse().ok()?;
            any.insert(id, f.next()?.parse().ok()?);
            Some((id, (j, kind)))
        })
        .collect();
    for removed_file in &args[1..] {
        let removed: HashSet<String> = fs::read_to_string(removed_file)?
            .lines()
            .map(str::to_owned)
            .collect();
        let (mut tp, mut fp, mut fneg, mut ignored) = (0, 0, 0, 0);
        let mut fp_kinds: HashMap<&str, usize> = HashMap::new();
        let mut fn_kinds: HashMap<&str, usize> = HashMap::new();
        for (id, (j, kind)) in &best {
            let r = removed.contains(*id);
            if *j >= 0.8 {
                if r {
                    tp += 1
                } else {
                    fneg += 1;
                    *fn_kinds.entry(kind).or_default() += 1;
                }
            } else if *j < 0.5 {
                if r {
                    fp += 1;
                    *fp_kinds.entry(kind).or_default() += 1;
                }
            } else if r {
                ignored += 1;
            }
        }
        let p = tp as f64 / (tp + fp).max(1) as f64;
        // order-free precision: a removed document has a J >= 0.8 match anywhere (not
        // necessarily earlier), whichever member of its cluster the tool kept
        let (mut any_tp, mut any_fp) = (0, 0);
        for id in &removed {
            match any.get(id.as_str()) {
                Some(j) if *j >= 0.8 => any_tp += 1,
                Some(j) if *j < 0.5 => any_fp += 1,
                _ => {}
            }
        }
        let p_any = any_tp as f64 / (any_tp + any_fp).max(1) as f64;
        // order-free recall (count-based): removed documents with a J >= 0.8 match anywhere,
        // over the documents that must go (capped at 1)
        let r_any = (any_tp as f64 / (tp + fneg).max(1) as f64).min(1.0);
        let rc = tp as f64 / (tp + fneg).max(1) as f64;
        println!(
            "{}",
            json!({"removed_file": removed_file, "removed": removed.len(), "true_pos": tp, "false_pos": fp, "false_neg": fneg,
                   "removed_in_0.5_0.8": ignored, "precision": p, "recall": rc, "precision_order_free": p_any, "recall_order_free": r_any, "fp_kinds": fp_kinds, "fn_kinds": fn_kinds})
        );
    }
    Ok(())
}
