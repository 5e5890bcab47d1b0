//! Helpers shared by the `tamis` binary's integration tests: running the
//! binary, reading its output folder, checking its accounting.

#![allow(dead_code)] // each test file uses its own subset

use std::collections::BTreeMap;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// The binary under test.
pub fn command() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tamis"))
}

/// Runs `tamis ARGS` in `dir` to the end.
pub fn tamis(dir: &Path, args: &[&str]) -> Output {
    command()
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run tamis")
}

/// [`tamis`], which must succeed.
pub fn ok(dir: &Path, args: &[&str]) -> Output {
    let out = tamis(dir, args);
    assert!(
        out.status.success(),
        "tamis {args:?} failed:\n{}",
        stderr(&out)
    );
    out
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Visible files of a folder (no temporary `.name.tmp`), sorted.
pub fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|r| r.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    v.retain(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'));
    v.sort();
    v
}

fn gunzip(path: &Path) -> String {
    let mut s = String::new();
    flate2::read::MultiGzDecoder::new(File::open(path).unwrap())
        .read_to_string(&mut s)
        .unwrap();
    s
}

pub fn read_jsonl_gz(path: &Path) -> Vec<Value> {
    gunzip(path)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Every document of a `kept/`, `removed/` or `errors/` folder, in file order.
pub fn docs(dir: &Path) -> Vec<Value> {
    files(dir).iter().flat_map(|f| read_jsonl_gz(f)).collect()
}

/// ("kept/NAME", decompressed content) of every file under `kept/`, `removed/`
/// and `errors/`, temporary ones included (none may be left).
pub fn output_files(out: &Path) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    for sub in ["kept", "removed", "errors"] {
        let mut all: Vec<PathBuf> = std::fs::read_dir(out.join(sub))
            .map(|r| r.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        all.sort();
        for f in all {
            m.insert(
                format!("{sub}/{}", f.file_name().unwrap().to_string_lossy()),
                gunzip(&f),
            );
        }
    }
    m
}

pub fn stats(out: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(out.join("stats.json")).expect("stats.json")).unwrap()
}

/// records read = kept + removed + errored; per step in = kept + dropped +
/// errored, drops add up, and no document is lost between steps.
pub fn assert_accounting(s: &Value) {
    let n = |k: &str| s[k].as_u64().unwrap();
    assert_eq!(
        n("records_read"),
        n("kept") + n("removed") + n("read_errors") + n("step_errors"),
        "{s:#}"
    );
    let reasons: u64 = s["read_error_reasons"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(reasons, n("read_errors"), "{s:#}");
    let steps = s["steps"].as_array().unwrap();
    for st in steps {
        let m = |k: &str| st[k].as_u64().unwrap();
        assert_eq!(
            m("docs_in"),
            m("docs_kept") + m("docs_dropped") + m("docs_errored"),
            "{st:#}"
        );
        let drops: u64 = st["drops"]
            .as_object()
            .unwrap()
            .values()
            .map(|v| v.as_u64().unwrap())
            .sum();
        assert_eq!(drops, m("docs_dropped"), "{st:#}");
        // Errors per code add up, and every code is a documented one.
        let errors = st["errors"].as_object().unwrap();
        let total: u64 = errors.values().map(|v| v.as_u64().unwrap()).sum();
        assert_eq!(total, m("docs_errored"), "{st:#}");
        for code in errors.keys() {
            assert!(
                tamis_core::ErrorCode::from_name(code).is_some(),
                "unknown error code {code}"
            );
        }
    }
    for w in steps.windows(2) {
        assert_eq!(
            w[1]["docs_in"], w[0]["docs_kept"],
            "documents lost between {} and {}",
            w[0]["name"], w[1]["name"]
        );
    }
    if let (Some(first), Some(last)) = (steps.first(), steps.last()) {
        assert_eq!(
            first["docs_in"].as_u64().unwrap(),
            n("records_read") - n("read_errors")
        );
        assert_eq!(last["docs_kept"].as_u64().unwrap(), n("kept"));
    }
    let dropped: u64 = steps
        .iter()
        .map(|st| st["docs_dropped"].as_u64().unwrap())
        .sum();
    let errored: u64 = steps
        .iter()
        .map(|st| st["docs_errored"].as_u64().unwrap())
        .sum();
    assert_eq!(dropped, n("removed"));
    assert_eq!(errored, n("step_errors"));
}
