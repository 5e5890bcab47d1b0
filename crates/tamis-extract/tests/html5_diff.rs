//! The extractor's tree against html5ever's on every evaluation page in
//! ../shared/data/extraction (or `TAMIS_EXTRACTION_DATA`: ScrapingHub, WCXB
//! dev, trafilatura's eval half) and the fuzz corpus: the same text, in the
//! same order, with the same link membership.
//!
//! Compared: the text of each page as runs of adjacent text nodes
//! (whitespace-collapsed, comments between text nodes ignored), each with
//! whether it is inside an `<a href>`. Left out on the html5ever side: what
//! the extractor's tree never holds as text by design (script, style,
//! template, title, and the never-text elements: svg, select, textarea,
//! iframe, ...; MathML annotations). html5ever runs with scripting
//! off (so `<noscript>` is markup, as the extractor reads it). The runs are
//! aligned with a diff; the agreement rate is the number of equal runs over
//! the union of both sides, and must be at least 99.9%.

use std::io::Read;
use std::path::{Path, PathBuf};

use html5ever::tendril::TendrilSink;
use html5ever::{parse_document, ParseOpts};
use markup5ever_rcdom::{Handle, NodeData, RcDom};
use similar::{capture_diff_slices, Algorithm, DiffOp};

type Runs = Vec<(String, bool)>;

/// Elements whose text the extractor never keeps (they are `Tag::Ignored`,
/// raw text or head-only), in the HTML namespace.
const NEVER_TEXT: &[&str] = &[
    "script", "style", "template", "title", "svg", "math", "canvas", "select", "iframe", "object",
    "video", "audio", "textarea", "datalist", "map", "dialog", "xmp", "noembed", "noframes",
    "frameset", "head",
];

fn collapse(s: &str) -> String {
    let s: String = s.chars().filter(|&c| c != '\0').collect();
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// html5ever's text runs.
fn reference_runs(html: &str) -> Runs {
    let mut opts = ParseOpts::default();
    opts.tree_builder.scripting_enabled = false;
    let dom = parse_document(RcDom::default(), opts).one(html);
    reference_subtree(&dom.document, false)
}

/// The runs of one element's subtree (an explicit walk: pages nest deep).
fn reference_subtree(root: &Handle, link: bool) -> Runs {
    enum Step {
        Visit(Handle, bool),
        Flush,
    }
    let mut out: Runs = Vec::new();
    let mut run = String::new();
    let mut run_link = link;
    let mut stack = vec![Step::Visit(root.clone(), link)];
    let flush = |run: &mut String, run_link: bool, out: &mut Runs| {
        let t = collapse(run);
        if !t.is_empty() {
            out.push((t, run_link));
        }
        run.clear();
    };
    while let Some(step) = stack.pop() {
        match step {
            Step::Flush => flush(&mut run, run_link, &mut out),
            Step::Visit(node, link) => match &node.data {
                NodeData::Text { contents } => {
                    run_link = link;
                    run.push_str(&contents.borrow());
                }
                NodeData::Element { name, attrs, .. } => {
                    let html_ns = name.ns == html5ever::ns!(html);
                    let local: &str = &name.local;
                    let skip = (html_ns && NEVER_TEXT.contains(&local))
                        || (name.ns == html5ever::ns!(svg))
                        || (name.ns == html5ever::ns!(mathml)
                            && (local == "annotation" || local == "annotation-xml"));
                    // An element ends the run before it and the run in it.
                    stack.push(Step::Flush);
                    if skip {
                        continue;
                    }
                    let inner = link
                        || (html_ns
                            && local == "a"
                            && attrs.borrow().iter().any(|a| &*a.name.local == "href"));
                    for c in node.children.borrow().iter().rev() {
                        stack.push(Step::Visit(c.clone(), inner));
                    }
                    stack.push(Step::Flush);
                }
                NodeData::Document => {
                    for c in node.children.borrow().iter().rev() {
                        stack.push(Step::Visit(c.clone(), link));
                    }
                }
                _ => {}
            },
        }
    }
    flush(&mut run, run_link, &mut out);
    out
}

#[derive(Default)]
struct Tally {
    agree: usize,
    union: usize,
    pages: usize,
    examples: Vec<String>,
    /// Time spent in each parser and in the diff.
    ours: std::time::Duration,
    theirs: std::time::Duration,
    diff: std::time::Duration,
}

fn compare(name: &str, html: &str, t: &mut Tally) {
    // The same normalisation on both sides (html5ever drops NULs in text).
    let clock = std::time::Instant::now();
    let ours: Runs = tamis_extract::debug_text_runs(html)
        .into_iter()
        .map(|(t, l)| (collapse(&t), l))
        .filter(|(t, _)| !t.is_empty())
        .collect();
    t.ours += clock.elapsed();
    let clock = std::time::Instant::now();
    let theirs = reference_runs(html);
    t.theirs += clock.elapsed();
    t.pages += 1;
    if ours == theirs {
        t.agree += ours.len();
        t.union += ours.len();
        return;
    }
    let clock = std::time::Instant::now();
    let ops = capture_diff_slices(Algorithm::Myers, &theirs, &ours);
    t.diff += clock.elapsed();
    let mut agree = 0;
    for op in &ops {
        match *op {
            DiffOp::Equal { len, .. } => agree += len,
            DiffOp::Delete {
                old_index, old_len, ..
            } => {
                if t.examples.len() < 12 {
                    t.examples.push(format!(
                        "{name}: html5ever only: {:?}",
                        &theirs[old_index..(old_index + old_len).min(old_index + 3)]
                    ));
                }
            }
            DiffOp::Insert {
                new_index, new_len, ..
            } => {
                if t.examples.len() < 12 {
                    t.examples.push(format!(
                        "{name}: tamis only: {:?}",
                        &ours[new_index..(new_index + new_len).min(new_index + 3)]
                    ));
                }
            }
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                if t.examples.len() < 12 {
                    t.examples.push(format!(
                        "{name}: html5ever {:?} / tamis {:?}",
                        &theirs[old_index..(old_index + old_len).min(old_index + 3)],
                        &ours[new_index..(new_index + new_len).min(new_index + 3)]
                    ));
                }
            }
        }
    }
    t.agree += agree;
    t.union += theirs.len() + ours.len() - agree;
}

fn read_page(path: &Path) -> Vec<u8> {
    let raw = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if path.extension().is_some_and(|e| e == "gz") {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&raw[..])
            .read_to_end(&mut out)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        out
    } else {
        raw
    }
}

fn pages_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    v.sort();
    v
}

fn run_over(dirs: &[PathBuf]) -> Tally {
    let pages: Vec<PathBuf> = dirs.iter().flat_map(|d| pages_in(d)).collect();
    // Two workers (the test runs in debug builds on small machines).
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let tallies: Vec<Tally> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(|| {
                    let mut t = Tally::default();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(p) = pages.get(i) else { break };
                        let bytes = read_page(p);
                        let (html, _) = tamis_extract::decode_html(&bytes, None);
                        compare(&p.display().to_string(), &html, &mut t);
                    }
                    t
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("worker"))
            .collect()
    });
    let mut t = Tally::default();
    for x in tallies {
        t.agree += x.agree;
        t.union += x.union;
        t.pages += x.pages;
        t.examples.extend(x.examples);
        t.ours += x.ours;
        t.theirs += x.theirs;
        t.diff += x.diff;
    }
    t.examples.sort();
    t.examples.truncate(12);
    t
}

fn report(what: &str, t: &Tally) -> f64 {
    let rate = if t.union == 0 {
        1.0
    } else {
        t.agree as f64 / t.union as f64
    };
    eprintln!(
        "{what}: {} pages, {} of {} text runs agree with html5ever ({:.4}%); \
         CPU time: tamis {:.1?}, html5ever {:.1?}, diff {:.1?}",
        t.pages,
        t.agree,
        t.union,
        rate * 100.0,
        t.ours,
        t.theirs,
        t.diff
    );
    for e in &t.examples {
        eprintln!("  {e}");
    }
    rate
}

#[test]
fn agrees_with_html5ever_on_the_evaluation_pages() {
    let root = std::env::var_os("TAMIS_EXTRACTION_DATA").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/extraction"),
        PathBuf::from,
    );
    let dirs: Vec<PathBuf> = ["scrapinghub", "wcxb-dev", "trafilatura-eval-dev"]
        .iter()
        .map(|d| root.join(d).join("html"))
        .collect();
    if dirs.iter().any(|d| !d.is_dir()) {
        if std::env::var("TAMIS_REQUIRE_SHARED").as_deref() == Ok("1") {
            panic!(
                "{} is missing (scrapinghub, wcxb-dev, trafilatura-eval-dev) and TAMIS_REQUIRE_SHARED=1",
                root.display()
            );
        }
        eprintln!("skipped: {} not found", root.display());
        return;
    }
    let t = run_over(&dirs);
    assert!(t.pages > 1500, "only {} pages found", t.pages);
    let rate = report("evaluation pages", &t);
    assert!(rate >= 0.999, "agreement {rate:.5} < 0.999");
}

#[test]
fn agrees_with_html5ever_on_the_fuzz_corpus_and_fixtures() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dirs = [
        here.join("../../fuzz/corpus/html_extract"),
        here.join("tests/fixtures"),
    ];
    let t = run_over(&dirs);
    assert!(t.pages >= 3, "only {} pages found", t.pages);
    let rate = report("fuzz corpus and fixtures", &t);
    assert!(rate >= 0.999, "agreement {rate:.5} < 0.999");
}
