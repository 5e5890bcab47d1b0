//! Integration tests: Python tools (pyarrow, Hugging Face `datasets`) read
//! what tamis-io writes and tamis-io reads what they write; the shared
//! sample crawl reads without errors.
//!
//! Python tests need `TAMIS_PYTHON` (a python with `pyarrow` and `datasets`);
//! without it they print "skipped" unless `TAMIS_REQUIRE_PY=1`.

use std::path::{Path, PathBuf};
use std::process::Command;

use tamis_core::Document;
use tamis_io::{open_reader, OutputFormat, ReadItem, ReaderOptions, ShardWriter, WriterOptions};

fn python() -> Option<PathBuf> {
    match std::env::var_os("TAMIS_PYTHON") {
        Some(p) => Some(PathBuf::from(p)),
        None => {
            assert!(
                std::env::var("TAMIS_REQUIRE_PY").as_deref() != Ok("1"),
                "TAMIS_REQUIRE_PY=1 but TAMIS_PYTHON is not set"
            );
            println!("skipped: TAMIS_PYTHON not set");
            None
        }
    }
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/py/interop.py")
}

fn sample_doc(i: usize) -> Document {
    let mut d = Document::new(
        format!("doc-{i}"),
        format!("Bonjour numéro {i}.\nSecond line."),
    );
    d.url = Some(format!("https://exemple.fr/{i}"));
    d.language = Some("fr".into());
    d.language_score = Some(0.75);
    d.metadata.insert("dump".into(), "CC-MAIN-2024".into());
    d
}

#[test]
fn python_reads_our_parquet_and_jsonl() {
    let Some(py) = python() else { return };
    let dir = tempfile::tempdir().unwrap();
    let write = |format| {
        let opts = WriterOptions {
            format,
            ..WriterOptions::default()
        };
        let mut w = ShardWriter::new(dir.path(), "kept", &opts).unwrap();
        for i in 0..25_000 {
            w.write(&sample_doc(i)).unwrap();
        }
        w.finish().unwrap().remove(0)
    };
    let pq = write(OutputFormat::Parquet);
    let js = write(OutputFormat::JsonlGz);
    let out = Command::new(&py)
        .arg(script())
        .arg("read")
        .arg(&pq)
        .arg(&js)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["columns"],
        serde_json::json!([
            "id",
            "text",
            "metadata",
            "url",
            "language",
            "language_score"
        ])
    );
    assert_eq!(v["rows"], 25_000);
    assert_eq!(v["hf_rows"], 25_000);
    assert_eq!(v["json_rows"], 25_000);
    assert_eq!(v["row_groups"], 3, "10k-row groups");
    assert_eq!(v["compression"], "ZSTD");
    assert_eq!(v["first"]["id"], "doc-0");
    assert_eq!(v["first"]["text"], "Bonjour numéro 0.\nSecond line.");
    assert_eq!(v["first"]["url"], "https://exemple.fr/0");
    assert_eq!(v["first"]["language_score"], 0.75);
    assert_eq!(v["first"]["metadata"]["dump"], "CC-MAIN-2024");
    assert_eq!(v["json_first"]["metadata_url"], "https://exemple.fr/0");
}

#[test]
fn we_read_pyarrow_parquet() {
    let Some(py) = python() else { return };
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("hf.parquet");
    let out = Command::new(&py)
        .arg(script())
        .arg("write")
        .arg(&p)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let items: Vec<ReadItem> = open_reader(&p, &ReaderOptions::default())
        .unwrap()
        .collect();
    let docs: Vec<&Document> = items
        .iter()
        .filter_map(|i| {
            if let ReadItem::Doc(d) = i {
                Some(d)
            } else {
                None
            }
        })
        .collect();
    assert_eq!(docs.len(), 2, "{items:?}");
    assert_eq!(
        (docs[0].id.as_str(), docs[0].text.as_str()),
        ("p0", "Un texte.")
    );
    assert_eq!(docs[0].url.as_deref(), Some("https://a.fr/"));
    assert_eq!(docs[0].metadata["dump"], "CC-1");
    assert_eq!(docs[1].metadata["n"], 4);
    assert_eq!(docs[1].metadata["token_count"], 2);
    assert!(docs[1].url.is_none());
}

/// The shared 581-page crawl reads completely: 581 documents, no errors.
#[test]
fn shared_sample_crawl() {
    let p =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/crawl/sample-581.warc.gz");
    if !p.exists() {
        assert!(
            std::env::var("TAMIS_REQUIRE_SHARED").as_deref() != Ok("1"),
            "missing {}",
            p.display()
        );
        println!("skipped: shared data not found");
        return;
    }
    let mut r = open_reader(&p, &ReaderOptions::default()).unwrap();
    let (mut docs, mut other) = (0, Vec::new());
    for item in r.by_ref() {
        match item {
            ReadItem::Doc(d) => {
                docs += 1;
                assert!(d.url.is_some() && d.raw.as_ref().is_some_and(|r| !r.bytes.is_empty()));
                assert_eq!(d.metadata["http_status"], 200);
            }
            other_item => other.push(format!("{other_item:?}")),
        }
    }
    assert_eq!(docs, 581, "{other:?}");
    assert!(other.is_empty(), "{other:?}");
    assert_eq!(r.bytes_read(), std::fs::metadata(&p).unwrap().len());
}
