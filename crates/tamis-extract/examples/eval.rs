//! Scores tamis (and, from their JSONL outputs, peer tools) on the extraction
//! benchmarks in `shared/data/extraction`, exactly as its README describes,
//! and times single-thread extraction. Used by `benches/extraction/run.sh`.
//!
//! ```text
//! cargo run --release -p tamis-extract --example eval -- \
//!     --data ../shared/data/extraction [--peer NAME=out.jsonl]... [--dump tamis.jsonl] \
//!     [--only scrapinghub|wcxb|multi] [--md report.md]
//! ```
//! Peer JSONL lines: `{"set": "scrapinghub"|"wcxb"|"multi", "id", "text", "title", "date"}`, plus
//! one `{"set", "timing": true, "pages", "seconds"}` line per set (extraction time only, files
//! preloaded).
//!
//! Three sets: ScrapingHub (shingle F1), WCXB dev (word F1 per page type) and `multi`
//! (trafilatura's evaluation half, snippet F1). Every page also belongs to one of
//! [`FOLDS`] folds chosen by a hash of its site, so that pages of one site are always in
//! the same fold; every score is reported per fold as well, and a change is kept only if
//! no fold gets worse. Han, kana and other scripts written without spaces are scored one
//! character per token (a `\w+` run would make a whole Chinese sentence one token).

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde_json::Value;
use tamis_extract::{extract, ExtractOptions};

#[derive(Default, Clone)]
struct Out {
    text: String,
    title: Option<String>,
    date: Option<String>,
}

#[derive(Default)]
struct ToolRun {
    sh: HashMap<String, Out>,
    wc: HashMap<String, Out>,
    mu: HashMap<String, Out>,
    /// (pages, wall seconds, CPU seconds) per set.
    timing: BTreeMap<String, (u64, f64, f64)>,
}

impl ToolRun {
    fn set_mut(&mut self, set: &str) -> &mut HashMap<String, Out> {
        match set {
            "scrapinghub" => &mut self.sh,
            "multi" => &mut self.mu,
            _ => &mut self.wc,
        }
    }
}

/// Number of site-grouped folds.
const FOLDS: usize = 5;

/// The fold of a site: FNV-1a of the host without `www.`, so that it does
/// not depend on the page or on the order of the files.
fn fold_of(host: &str) -> usize {
    let h = host.trim().to_ascii_lowercase();
    let h = h.strip_prefix("www.").unwrap_or(&h);
    let mut x: u64 = 0xcbf29ce484222325;
    for b in h.bytes() {
        x ^= u64::from(b);
        x = x.wrapping_mul(0x100000001b3);
    }
    (x % FOLDS as u64) as usize
}

/// The host of a URL (`""` if none).
fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let end = rest.find(['/', '?', '#', ':']).unwrap_or(rest.len());
    &rest[..end]
}

/// trafilatura's own metric over `pages`: every `with` snippet found is a
/// true positive, missing a false negative; every `without` snippet found a
/// false positive. Counts are summed over pages. White space is collapsed.
fn mu_score(pages: &[MuPage], out: &HashMap<String, Out>) -> (f64, f64, f64) {
    let (mut tp, mut fn_, mut fp) = (0.0f64, 0.0f64, 0.0f64);
    let collapse = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    for pg in pages {
        let text = collapse(out.get(&pg.id).map_or("", |o| o.text.as_str()));
        for w in &pg.with {
            if text.contains(&collapse(w)) {
                tp += 1.0;
            } else {
                fn_ += 1.0;
            }
        }
        for w in &pg.without {
            if text.contains(&collapse(w)) {
                fp += 1.0;
            }
        }
    }
    let p = tp / (tp + fp).max(1.0);
    let r = tp / (tp + fn_).max(1.0);
    (
        p,
        r,
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        },
    )
}

#[derive(Clone)]
struct MuPage {
    id: String,
    fold: usize,
    with: Vec<String>,
    without: Vec<String>,
}

/// CPU time of this thread in seconds (Linux schedstat), so that the
/// comparison holds on a busy machine; wall time is reported too.
fn thread_cpu() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| {
            s.split_whitespace()
                .next()
                .and_then(|x| x.parse::<f64>().ok())
        })
        .map_or(0.0, |ns| ns / 1e9)
}

fn read_gz(p: &Path) -> Vec<u8> {
    let f = std::fs::File::open(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(f)
        .read_to_end(&mut out)
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    out
}

/// Scripts written without spaces between words: each character is a token.
fn unspaced(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF // hiragana, katakana
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F // Han
        | 0x0E00..=0x0EFF // Thai, Lao
        | 0x1000..=0x109F // Myanmar
        | 0x1780..=0x17FF // Khmer
    )
}

fn tokens(s: &str, lower: bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in s.chars() {
        if unspaced(c) {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            out.push(c.to_string());
        } else if c.is_alphanumeric() || c == '_' {
            if lower {
                cur.extend(c.to_lowercase());
            } else {
                cur.push(c);
            }
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn bag<T: std::hash::Hash + Eq>(items: impl Iterator<Item = T>) -> HashMap<T, i64> {
    let mut m = HashMap::new();
    for x in items {
        *m.entry(x).or_insert(0) += 1;
    }
    m
}

/// (tp, fp, fn) of two multisets.
fn overlap<T: std::hash::Hash + Eq>(
    truth: &HashMap<T, i64>,
    pred: &HashMap<T, i64>,
) -> (f64, f64, f64) {
    let mut tp = 0;
    let mut fp = 0;
    for (k, &p) in pred {
        let t = truth.get(k).copied().unwrap_or(0);
        tp += p.min(t);
        fp += (p - t).max(0);
    }
    let total_t: i64 = truth.values().sum();
    (tp as f64, fp as f64, (total_t - tp) as f64)
}

fn shingles(s: &str) -> HashMap<Vec<String>, i64> {
    let t = tokens(s, false);
    if t.len() < 4 {
        return if t.is_empty() {
            HashMap::new()
        } else {
            bag(std::iter::once(t))
        };
    }
    bag(t.windows(4).map(<[String]>::to_vec))
}

/// ScrapingHub: mean precision and recall over pages of normalised tp/fp/fn.
fn sh_score(truth: &BTreeMap<String, String>, out: &HashMap<String, Out>) -> (f64, f64, f64) {
    let (mut ps, mut rs) = (0.0, 0.0);
    for (id, t) in truth {
        let pred = out.get(id).map_or("", |o| o.text.as_str());
        let (tp, fp, fn_) = overlap(&shingles(t), &shingles(pred));
        let s = tp + fp + fn_;
        let (tp, fp, fn_) = if s > 0.0 {
            (tp / s, fp / s, fn_ / s)
        } else {
            (0.0, 0.0, 0.0)
        };
        let p = if fp == 0.0 && fn_ == 0.0 {
            1.0
        } else if tp + fp == 0.0 {
            0.0
        } else {
            tp / (tp + fp)
        };
        let r = if fp == 0.0 && fn_ == 0.0 {
            1.0
        } else if tp + fn_ == 0.0 {
            0.0
        } else {
            tp / (tp + fn_)
        };
        ps += p;
        rs += r;
    }
    let n = truth.len().max(1) as f64;
    let (p, r) = (ps / n, rs / n);
    (
        p,
        r,
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        },
    )
}

#[derive(Clone)]
struct WcPage {
    id: String,
    fold: usize,
    kind: String,
    main: String,
    title: String,
    date: String,
    with: Vec<String>,
    without: Vec<String>,
}

#[derive(Default, Clone)]
struct WcAgg {
    pages: f64,
    p: f64,
    r: f64,
    f1: f64,
    with_hit: f64,
    with_n: f64,
    without_hit: f64,
    without_n: f64,
    title_hit: f64,
    title_n: f64,
    date_hit: f64,
    date_n: f64,
}

fn norm(s: &str) -> String {
    tokens(s, true).join(" ")
}

fn date8(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).take(8).collect()
}

fn wc_score(pages: &[WcPage], out: &HashMap<String, Out>) -> BTreeMap<String, WcAgg> {
    let mut agg: BTreeMap<String, WcAgg> = BTreeMap::new();
    for pg in pages {
        let o = out.get(&pg.id).cloned().unwrap_or_default();
        let tb = bag(tokens(&pg.main, true).into_iter());
        let pb = bag(tokens(&o.text, true).into_iter());
        let (tp, fp, fn_) = overlap(&tb, &pb);
        let p = if tp + fp > 0.0 { tp / (tp + fp) } else { 0.0 };
        let r = if tp + fn_ > 0.0 { tp / (tp + fn_) } else { 0.0 };
        let (p, r, f) = if tb.is_empty() && pb.is_empty() {
            (1.0, 1.0, 1.0)
        } else {
            (
                p,
                r,
                if p + r > 0.0 {
                    2.0 * p * r / (p + r)
                } else {
                    0.0
                },
            )
        };
        let text = format!(" {} ", norm(&o.text));
        for key in ["all".to_owned(), pg.kind.clone()] {
            let a = agg.entry(key).or_default();
            a.pages += 1.0;
            a.p += p;
            a.r += r;
            a.f1 += f;
            for s in &pg.with {
                let n = norm(s);
                if !n.is_empty() {
                    a.with_n += 1.0;
                    a.with_hit += f64::from(u8::from(text.contains(&format!(" {n} "))));
                }
            }
            for s in &pg.without {
                let n = norm(s);
                if !n.is_empty() {
                    a.without_n += 1.0;
                    a.without_hit += f64::from(u8::from(text.contains(&format!(" {n} "))));
                }
            }
            if !pg.title.trim().is_empty() {
                a.title_n += 1.0;
                a.title_hit += f64::from(u8::from(
                    o.title
                        .as_deref()
                        .is_some_and(|t| norm(t) == norm(&pg.title)),
                ));
            }
            let gd = date8(&pg.date);
            if gd.len() == 8 {
                a.date_n += 1.0;
                a.date_hit +=
                    f64::from(u8::from(o.date.as_deref().is_some_and(|d| date8(d) == gd)));
            }
        }
    }
    agg
}

fn load_peer(path: &Path) -> ToolRun {
    let f = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut run = ToolRun::default();
    for line in std::io::BufReader::new(f).lines() {
        let Ok(line) = line else { continue };
        let Ok(v) = serde_json::from_str::<Value>(&line) else {
            continue;
        };
        let set = v["set"].as_str().unwrap_or("").to_owned();
        if v["timing"].as_bool() == Some(true) {
            run.timing.insert(
                set,
                (
                    v["pages"].as_u64().unwrap_or(0),
                    v["seconds"].as_f64().unwrap_or(0.0),
                    v["cpu_seconds"].as_f64().unwrap_or(0.0),
                ),
            );
            continue;
        }
        let o = Out {
            text: v["text"].as_str().unwrap_or("").to_owned(),
            title: v["title"].as_str().map(str::to_owned),
            date: v["date"].as_str().map(str::to_owned),
        };
        let id = v["id"].as_str().unwrap_or("").to_owned();
        run.set_mut(&set).insert(id, o);
    }
    run
}

fn main() {
    let mut data = PathBuf::from("../shared/data/extraction");
    let mut peers: Vec<(String, PathBuf)> = Vec::new();
    let mut dump: Option<PathBuf> = None;
    let mut md: Option<PathBuf> = None;
    let mut only: Option<String> = None;
    let mut show_types = true;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--data" => data = args.next().map(PathBuf::from).unwrap_or(data),
            "--peer" => {
                let v = args.next().unwrap_or_default();
                let (n, p) = v.split_once('=').expect("--peer NAME=PATH");
                peers.push((n.to_owned(), PathBuf::from(p)));
            }
            "--dump" => dump = args.next().map(PathBuf::from),
            "--md" => md = args.next().map(PathBuf::from),
            "--only" => only = args.next(),
            "--no-types" => show_types = false,
            _ => panic!("unknown argument {a}"),
        }
    }
    let opts = ExtractOptions::default();
    let mut runs: Vec<(String, ToolRun)> = Vec::new();
    let mut tamis = ToolRun::default();
    let mut dump_w =
        dump.map(|p| std::io::BufWriter::new(std::fs::File::create(p).expect("dump file")));

    // ScrapingHub.
    let sh_dir = data.join("scrapinghub");
    let gt: Value = serde_json::from_slice(
        &std::fs::read(sh_dir.join("ground-truth.json")).expect("ground-truth.json"),
    )
    .expect("json");
    let mut sh_truth = BTreeMap::new();
    let mut sh_fold: HashMap<String, usize> = HashMap::new();
    let mut sh_pages = Vec::new();
    if only.as_deref().is_none_or(|o| o == "scrapinghub") {
        for (id, v) in gt.as_object().expect("object") {
            sh_truth.insert(
                id.clone(),
                v["articleBody"].as_str().unwrap_or("").to_owned(),
            );
            sh_fold.insert(
                id.clone(),
                fold_of(host_of(v["url"].as_str().unwrap_or(""))),
            );
            let html = read_gz(&sh_dir.join("html").join(format!("{id}.html.gz")));
            sh_pages.push((id.clone(), v["url"].as_str().map(str::to_owned), html));
        }
    }
    // WCXB.
    let wc_dir = data.join("wcxb-dev");
    let meta: Value = serde_json::from_slice(
        &std::fs::read(wc_dir.join("metadata.json")).expect("metadata.json"),
    )
    .expect("json");
    let mut wc_pages = Vec::new();
    let mut wc_html = Vec::new();
    if only.as_deref().is_none_or(|o| o == "wcxb") {
        for (id, v) in meta["files"].as_object().expect("files") {
            let g: Value = serde_json::from_slice(
                &std::fs::read(wc_dir.join("ground-truth").join(format!("{id}.json"))).expect("gt"),
            )
            .expect("json");
            let gt = &g["ground_truth"];
            let strs = |k: &str| {
                gt[k]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|x| x.as_str().map(str::to_owned))
                            .collect()
                    })
                    .unwrap_or_default()
            };
            wc_pages.push(WcPage {
                id: id.clone(),
                fold: fold_of(v["domain"].as_str().unwrap_or("")),
                kind: v["page_type"].as_str().unwrap_or("?").to_owned(),
                main: gt["main_content"].as_str().unwrap_or("").to_owned(),
                title: gt["title"].as_str().unwrap_or("").to_owned(),
                date: gt["publish_date"].as_str().unwrap_or("").to_owned(),
                with: strs("with"),
                without: strs("without"),
            });
            wc_html.push((
                id.clone(),
                g["url"].as_str().map(str::to_owned),
                read_gz(&wc_dir.join("html").join(format!("{id}.html.gz"))),
            ));
        }
    }
    // trafilatura's evaluation half.
    let mu_dir = data.join("trafilatura-eval-dev");
    let mut mu_pages = Vec::new();
    let mut mu_html = Vec::new();
    if only.as_deref().is_none_or(|o| o == "multi") {
        let ev: Value = serde_json::from_slice(
            &std::fs::read(mu_dir.join("evaldata.json")).expect("evaldata.json"),
        )
        .expect("json");
        let mut entries: Vec<(&String, &Value)> = ev.as_object().expect("object").iter().collect();
        entries.sort_by_key(|(_, v)| v["file"].as_str().unwrap_or("").to_owned());
        for (url, v) in entries {
            let file = v["file"].as_str().expect("file");
            let id = file.strip_suffix(".html").unwrap_or(file).to_owned();
            let strs = |k: &str| {
                v[k].as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|x| x.as_str().map(str::to_owned))
                            .collect()
                    })
                    .unwrap_or_default()
            };
            mu_pages.push(MuPage {
                id: id.clone(),
                fold: fold_of(host_of(url)),
                with: strs("with"),
                without: strs("without"),
            });
            mu_html.push((
                id,
                Some(url.clone()),
                read_gz(&mu_dir.join("html").join(format!("{file}.gz"))),
            ));
        }
    }
    for (set, pages) in [
        ("scrapinghub", &sh_pages),
        ("wcxb", &wc_html),
        ("multi", &mu_html),
    ] {
        if pages.is_empty() {
            continue;
        }
        let mut secs = 0.0;
        let mut cpu = 0.0;
        for (id, url, html) in pages.iter() {
            let c0 = thread_cpu();
            let t0 = Instant::now();
            let r = extract(html, Some("text/html"), url.as_deref(), &opts);
            secs += t0.elapsed().as_secs_f64();
            cpu += thread_cpu() - c0;
            let o = match r {
                Ok(e) => Out {
                    text: e.text,
                    title: e.title,
                    date: e.date,
                },
                Err(e) => {
                    eprintln!("{set}/{id}: {e}");
                    Out::default()
                }
            };
            if let Some(w) = dump_w.as_mut() {
                let line = serde_json::json!({"set": set, "id": id, "title": o.title, "date": o.date, "text": o.text});
                writeln!(w, "{line}").expect("write dump");
            }
            tamis.set_mut(set).insert(id.clone(), o);
        }
        tamis
            .timing
            .insert(set.to_owned(), (pages.len() as u64, secs, cpu));
    }
    runs.push(("tamis".into(), tamis));
    for (name, path) in peers {
        runs.push((name, load_peer(&path)));
    }

    let mut report = String::new();
    let sh_bytes: usize = sh_pages.iter().map(|p| p.2.len()).sum();
    let wc_bytes: usize = wc_html.iter().map(|p| p.2.len()).sum();
    // Pages per CPU-second (single thread); wall-clock pages/s in parentheses.
    let speed =
        |run: &ToolRun, set: &str| run.timing.get(set).map(|&(n, _, c)| n as f64 / c.max(1e-9));
    let wall = |run: &ToolRun, set: &str| {
        run.timing.get(set).map_or("-".to_owned(), |&(n, s, _)| {
            format!("{:.0}", n as f64 / s.max(1e-9))
        })
    };
    let tamis_speed_sh = speed(&runs[0].1, "scrapinghub");
    let tamis_speed_wc = speed(&runs[0].1, "wcxb");
    if !sh_truth.is_empty() {
        report += &format!("## ScrapingHub ({} pages, {:.1} MB)\n\n| tool | precision | recall | F1 | pages/CPU-s (wall) | tamis speed ratio |\n|---|---|---|---|---|---|\n", sh_truth.len(), sh_bytes as f64 / 1e6);
        for (name, run) in &runs {
            let (p, r, f) = sh_score(&sh_truth, &run.sh);
            let sp = speed(run, "scrapinghub");
            report += &format!(
                "| {name} | {p:.3} | {r:.3} | {f:.3} ({f:.4}) | {} ({}) | {} |\n",
                sp.map_or("-".into(), |s| format!("{s:.0}")),
                wall(run, "scrapinghub"),
                match (tamis_speed_sh, sp) {
                    (Some(t), Some(s)) => format!("{:.2}x", t / s),
                    _ => "-".into(),
                }
            );
        }
        report += "\n";
    }
    if !wc_pages.is_empty() {
        report += &format!(
            "## WCXB dev ({} pages, {:.1} MB)\n\n| tool | F1 | precision | recall | with | without (leakage) | title exact | date | pages/CPU-s (wall) | tamis speed ratio |\n|---|---|---|---|---|---|---|---|---|---|\n",
            wc_pages.len(),
            wc_bytes as f64 / 1e6
        );
        let mut per_type = String::new();
        for (name, run) in &runs {
            let agg = wc_score(&wc_pages, &run.wc);
            let a = agg.get("all").cloned().unwrap_or_default();
            let sp = speed(run, "wcxb");
            report += &format!(
                "| {name} | {:.3} ({:.4}) | {:.3} | {:.3} | {:.3} | {:.3} ({:.4}) | {:.3} | {:.3} | {} ({}) | {} |\n",
                a.f1 / a.pages,
                a.f1 / a.pages,
                a.p / a.pages,
                a.r / a.pages,
                a.with_hit / a.with_n.max(1.0),
                a.without_hit / a.without_n.max(1.0),
                a.without_hit / a.without_n.max(1.0),
                a.title_hit / a.title_n.max(1.0),
                a.date_hit / a.date_n.max(1.0),
                sp.map_or("-".into(), |s| format!("{s:.0}")),
                wall(run, "wcxb"),
                match (tamis_speed_wc, sp) {
                    (Some(t), Some(s)) => format!("{:.2}x", t / s),
                    _ => "-".into(),
                }
            );
            for (k, a) in &agg {
                if k != "all" {
                    per_type += &format!(
                        "| {k} | {name} | {:.0} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} |\n",
                        a.pages,
                        a.f1 / a.pages,
                        a.p / a.pages,
                        a.r / a.pages,
                        a.without_hit / a.without_n.max(1.0),
                        a.title_hit / a.title_n.max(1.0),
                        a.date_hit / a.date_n.max(1.0)
                    );
                }
            }
        }
        if show_types {
            let mut rows: Vec<&str> = per_type.lines().collect();
            rows.sort();
            report += &format!("\nPer page type:\n\n| type | tool | pages | F1 | precision | recall | without | title | date |\n|---|---|---|---|---|---|---|---|---|\n{}\n", rows.join("\n"));
        }
    }
    if !mu_pages.is_empty() {
        let mu_bytes: usize = mu_html.iter().map(|p| p.2.len()).sum();
        report += &format!(
            "## Multilingual: trafilatura's evaluation half ({} pages, {:.1} MB)\n\n| tool | precision | recall | F1 | pages/CPU-s (wall) | tamis speed ratio |\n|---|---|---|---|---|---|\n",
            mu_pages.len(),
            mu_bytes as f64 / 1e6
        );
        let tamis_speed_mu = speed(&runs[0].1, "multi");
        for (name, run) in &runs {
            let (p, r, f) = mu_score(&mu_pages, &run.mu);
            let sp = speed(run, "multi");
            report += &format!(
                "| {name} | {p:.3} | {r:.3} | {f:.3} ({f:.4}) | {} ({}) | {} |\n",
                sp.map_or("-".into(), |s| format!("{s:.0}")),
                wall(run, "multi"),
                match (tamis_speed_mu, sp) {
                    (Some(t), Some(s)) => format!("{:.2}x", t / s),
                    _ => "-".into(),
                }
            );
        }
        report += "\n";
    }
    // Site-grouped folds: the same scores on each fold's pages.
    report += &format!(
        "## Site-grouped folds\n\nPages are split into {FOLDS} folds by a hash of their site; F1 per fold (pages in the fold).\n\n| set | tool |{}\n|---|---|{}\n",
        (0..FOLDS).map(|f| format!(" fold {f} |")).collect::<String>(),
        "---|".repeat(FOLDS)
    );
    for (name, run) in &runs {
        if !sh_truth.is_empty() {
            let cells: String = (0..FOLDS)
                .map(|f| {
                    let t: BTreeMap<String, String> = sh_truth
                        .iter()
                        .filter(|(id, _)| sh_fold.get(*id) == Some(&f))
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect();
                    format!(" {:.4} ({}) |", sh_score(&t, &run.sh).2, t.len())
                })
                .collect();
            report += &format!("| scrapinghub | {name} |{cells}\n");
        }
        if !wc_pages.is_empty() {
            let cells: String = (0..FOLDS)
                .map(|f| {
                    let pages: Vec<WcPage> = wc_pages
                        .iter()
                        .filter(|p| p.fold == f)
                        .map(WcPage::clone)
                        .collect();
                    let a = wc_score(&pages, &run.wc)
                        .get("all")
                        .cloned()
                        .unwrap_or_default();
                    format!(" {:.4} ({}) |", a.f1 / a.pages.max(1.0), pages.len())
                })
                .collect();
            report += &format!("| wcxb | {name} |{cells}\n");
        }
        if !mu_pages.is_empty() {
            let cells: String = (0..FOLDS)
                .map(|f| {
                    let pages: Vec<MuPage> = mu_pages
                        .iter()
                        .filter(|p| p.fold == f)
                        .map(MuPage::clone)
                        .collect();
                    format!(" {:.4} ({}) |", mu_score(&pages, &run.mu).2, pages.len())
                })
                .collect();
            report += &format!("| multi | {name} |{cells}\n");
        }
    }
    report += "\n";
    print!("{report}");
    if let Some(p) = md {
        std::fs::write(p, report).expect("write report");
    }
}
