//! A digest of the extractor's output on every evaluation page in
//! ../shared/data/extraction (or `TAMIS_EXTRACTION_DATA`), compared with
//! `tests/snapshots/extraction.tsv`, so that every change in behaviour shows
//! up in review as the list of pages whose output changed.
//!
//! After a change made on purpose, rewrite the file and commit it with the
//! change:
//!
//! ```text
//! TAMIS_UPDATE_SNAPSHOT=1 cargo test -p tamis-extract --test snapshot
//! ```
//!
//! One line per page: `set/id`, a 64-bit FNV-1a digest of title, author,
//! date and text (hex), and the number of words of text (so that a reviewer
//! sees how much changed).

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde_json::Value;
use tamis_extract::{extract, ExtractOptions};

fn read_gz(p: &Path) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(p).expect("page"))
        .read_to_end(&mut out)
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    out
}

fn json(p: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display())))
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn fnv(parts: &[&str]) -> u64 {
    let mut x: u64 = 0xcbf29ce484222325;
    for p in parts {
        for b in p.bytes().chain([0]) {
            x ^= u64::from(b);
            x = x.wrapping_mul(0x100000001b3);
        }
    }
    x
}

/// (`set/id`, URL, file) of every page, in a stable order.
fn pages(root: &Path) -> Vec<(String, Option<String>, PathBuf)> {
    let mut out = Vec::new();
    let sh = root.join("scrapinghub");
    for (id, v) in json(&sh.join("ground-truth.json"))
        .as_object()
        .expect("object")
    {
        out.push((
            format!("scrapinghub/{id}"),
            v["url"].as_str().map(str::to_owned),
            sh.join("html").join(format!("{id}.html.gz")),
        ));
    }
    let wc = root.join("wcxb-dev");
    for (id, _) in json(&wc.join("metadata.json"))["files"]
        .as_object()
        .expect("files")
    {
        let gt = json(&wc.join("ground-truth").join(format!("{id}.json")));
        out.push((
            format!("wcxb/{id}"),
            gt["url"].as_str().map(str::to_owned),
            wc.join("html").join(format!("{id}.html.gz")),
        ));
    }
    let mu = root.join("trafilatura-eval-dev");
    for (url, v) in json(&mu.join("evaldata.json")).as_object().expect("object") {
        let file = v["file"].as_str().expect("file");
        out.push((
            format!("multi/{}", file.strip_suffix(".html").unwrap_or(file)),
            Some(url.clone()),
            mu.join("html").join(format!("{file}.gz")),
        ));
    }
    out.sort();
    out
}

#[test]
fn output_on_the_evaluation_pages_matches_the_snapshot() {
    let root = std::env::var_os("TAMIS_EXTRACTION_DATA").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/extraction"),
        PathBuf::from,
    );
    if !root.join("trafilatura-eval-dev").is_dir() {
        assert!(
            std::env::var("TAMIS_REQUIRE_SHARED").as_deref() != Ok("1"),
            "{} is missing and TAMIS_REQUIRE_SHARED=1",
            root.display()
        );
        eprintln!("skipped: {} not found", root.display());
        return;
    }
    let pages = pages(&root);
    assert!(pages.len() > 2000, "only {} pages found", pages.len());
    let opts = ExtractOptions::default();
    // Two threads: the pages are independent.
    let half = pages.len().div_ceil(2);
    let lines: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = pages
            .chunks(half)
            .map(|chunk| {
                let opts = &opts;
                s.spawn(move || {
                    chunk
                        .iter()
                        .map(|(key, url, file)| {
                            let html = read_gz(file);
                            let (digest, words) =
                                match extract(&html, Some("text/html"), url.as_deref(), opts) {
                                    Ok(e) => (
                                        fnv(&[
                                            e.title.as_deref().unwrap_or(""),
                                            e.author.as_deref().unwrap_or(""),
                                            e.date.as_deref().unwrap_or(""),
                                            &e.text,
                                        ]),
                                        e.text.split_whitespace().count(),
                                    ),
                                    Err(err) => (fnv(&["error", &err.to_string()]), 0),
                                };
                            format!("{key}\t{digest:016x}\t{words}")
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("thread"))
            .collect()
    });
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/extraction.tsv");
    let now = lines.join("\n") + "\n";
    if std::env::var("TAMIS_UPDATE_SNAPSHOT").as_deref() == Ok("1") {
        std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
        std::fs::write(&file, &now).expect("write snapshot");
        return;
    }
    let before = std::fs::read_to_string(&file).unwrap_or_default();
    let parse = |s: &str| -> BTreeMap<String, (String, String)> {
        s.lines()
            .filter_map(|l| {
                let mut it = l.split('\t');
                Some((
                    it.next()?.to_owned(),
                    (it.next()?.to_owned(), it.next()?.to_owned()),
                ))
            })
            .collect()
    };
    let (old, new) = (parse(&before), parse(&now));
    let changed: Vec<String> = new
        .iter()
        .filter(|(k, v)| old.get(*k) != Some(v))
        .map(|(k, (_, w))| {
            let was = old
                .get(k)
                .map_or("new page".to_owned(), |(_, w)| format!("{w} words"));
            format!("{k}: {was} → {w} words")
        })
        .chain(
            old.keys()
                .filter(|k| !new.contains_key(*k))
                .map(|k| format!("{k}: page gone")),
        )
        .collect();
    assert!(
        changed.is_empty(),
        "the output changed on {} of {} pages (if on purpose: TAMIS_UPDATE_SNAPSHOT=1 cargo test -p tamis-extract --test snapshot, and commit {}):\n{}",
        changed.len(),
        new.len(),
        file.display(),
        changed.iter().take(40).cloned().collect::<Vec<_>>().join("\n")
    );
}
