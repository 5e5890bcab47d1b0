//! `tamis run --shard I/N` + `tamis merge` (Slurm job arrays) give the same
//! output files and counts as one `tamis run`, for a three-pass pipeline
//! (exact and MinHash deduplication) on the example crawl split into five
//! WARC files.

mod common;

use std::io::Read;
use std::path::Path;

use serde_json::Value;

use common::{command, ok, output_files, stderr, tamis};

const PIPELINE: &str = r#"
[output]
format = "jsonl_gz"
max_docs_per_file = 7

[[step]]
type = "extract"

[[step]]
type = "length"
min_words = 20

[[step]]
type = "exact"

[[step]]
type = "minhash"

[[step]]
type = "length"
name = "length_after"
min_words = 25
"#;

const N: u32 = 3;

/// Splits the example crawl (one gzip member per record) into five WARC
/// files of consecutive records, plus the pipeline file.
fn setup() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let warc = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/crawl/example.warc.gz");
    let bytes = std::fs::read(warc).unwrap();
    let mut members = Vec::new();
    let mut cur = std::io::Cursor::new(&bytes[..]);
    while (cur.position() as usize) < bytes.len() {
        let start = cur.position() as usize;
        let mut sink = Vec::new();
        flate2::bufread::GzDecoder::new(&mut cur)
            .read_to_end(&mut sink)
            .unwrap();
        members.push(&bytes[start..cur.position() as usize]);
    }
    assert!(members.len() > 50, "{} records", members.len());
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let per = members.len().div_ceil(5);
    for (k, chunk) in members.chunks(per).enumerate() {
        std::fs::write(input.join(format!("part-{k}.warc.gz")), chunk.concat()).unwrap();
    }
    std::fs::write(tmp.path().join("p.toml"), PIPELINE).unwrap();
    tmp
}

/// stats.json without the timings.
fn counts(out: &Path) -> Value {
    let mut v: Value =
        serde_json::from_slice(&std::fs::read(out.join("stats.json")).unwrap()).unwrap();
    v.as_object_mut().unwrap().remove("wall_seconds");
    for s in v["steps"].as_array_mut().unwrap() {
        s.as_object_mut().unwrap().remove("seconds");
    }
    v
}

fn assert_same(a: &Path, b: &Path, what: &str) {
    let (x, y) = (output_files(a), output_files(b));
    assert_eq!(
        x.keys().collect::<Vec<_>>(),
        y.keys().collect::<Vec<_>>(),
        "{what}: file names"
    );
    for (k, v) in &x {
        assert!(v == &y[k], "{what}: {k} differs");
    }
    assert_eq!(counts(a), counts(b), "{what}: stats");
    assert!(
        !b.join(".tamis/pass1").exists() && !b.join(".tamis/pass2").exists(),
        "{what}: intermediate data left"
    );
}

fn shard_args(i: u32, out: &str) -> Vec<String> {
    [
        "run",
        "p.toml",
        "-i",
        "in",
        "-o",
        out,
        "-j",
        "1",
        "--shard",
        &format!("{i}/{N}"),
    ]
    .map(String::from)
    .to_vec()
}

#[test]
fn sharded_runs_then_merge_equal_one_run() {
    let tmp = setup();
    let dir = tmp.path();
    ok(
        dir,
        &["run", "p.toml", "-i", "in", "-o", "single", "-j", "2", "-q"],
    );
    let single = counts(&dir.join("single"));
    assert_eq!(single["shards"], 5);
    let dedup = |k: usize| single["steps"][k]["docs_in"].as_u64().unwrap();
    assert!(
        dedup(2) > 10 && dedup(3) > 10,
        "documents reach both dedup steps: {single}"
    );
    assert!(
        output_files(&dir.join("single"))
            .keys()
            .filter(|k| k.starts_with("kept/"))
            .count()
            > 5,
        "rotation"
    );

    // A job array: the three partitions at the same time, then `tamis merge`.
    let children: Vec<_> = (0..N)
        .map(|i| {
            command()
                .args(shard_args(i, "array"))
                .current_dir(dir)
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut notes = String::new();
    for c in children {
        let out = c.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "{stderr}");
        notes.push_str(&stderr);
    }
    // (Which partition waits depends on timing; at least one does unless all end together.)
    assert!(
        notes.contains("tamis merge array") || dir.join("array/stats.json").exists(),
        "{notes}"
    );
    let status = String::from_utf8_lossy(&tamis(dir, &["status", "array"]).stdout).into_owned();
    assert!(
        status.contains("pass 0: 5 of 5 tasks committed"),
        "{status}"
    );
    ok(dir, &["merge", "array", "-j", "2", "-q"]);
    assert_same(&dir.join("single"), &dir.join("array"), "array + merge");

    // The array submitted once per pass (no merge): the last partition of
    // the last round finishes the run.
    for round in 0..3 {
        for i in 0..N {
            let note = stderr(&ok(
                dir,
                &shard_args(i, "rounds")
                    .iter()
                    .map(String::as_str)
                    .collect::<Vec<_>>(),
            ));
            // Round 2: partition 0 commits the last tasks and writes stats.json.
            assert_eq!(
                dir.join("rounds/stats.json").exists(),
                round == 2,
                "round {round} partition {i}: {note}"
            );
        }
        if round == 0 {
            // the last partition of round 0 ran every part of the first reduce (16 hash ranges) and merged
            let status =
                String::from_utf8_lossy(&tamis(dir, &["status", "rounds"]).stdout).into_owned();
            assert!(
                status.contains("reduce of `exact`: done (16 part(s) and merge)"),
                "{status}"
            );
            assert!(
                status.contains("reduce of `minhash`: not run (14 part(s))"),
                "{status}"
            );
        }
    }
    assert_same(
        &dir.join("single"),
        &dir.join("rounds"),
        "one array per pass",
    );
    let status = String::from_utf8_lossy(&tamis(dir, &["status", "rounds"]).stdout).into_owned();
    assert!(status.contains("complete; stats.json written"), "{status}");
    // Merging a finished run rewrites the same stats.
    ok(dir, &["merge", "rounds", "-q"]);
    assert_same(
        &dir.join("single"),
        &dir.join("rounds"),
        "merge after the end",
    );
}

#[test]
fn partial_runs_are_reported_with_what_is_missing() {
    let tmp = setup();
    let dir = tmp.path();
    // Bad partition specs.
    for bad in ["3/3", "1/0", "x"] {
        let r = tamis(
            dir,
            &["run", "p.toml", "-i", "in", "-o", "o", "--shard", bad],
        );
        assert!(!r.status.success());
        assert!(
            String::from_utf8_lossy(&r.stderr).contains("0-based"),
            "{}",
            String::from_utf8_lossy(&r.stderr)
        );
    }
    // Partition 1 of 3 only: inputs 1 and 4.
    let note = stderr(&ok(
        dir,
        &[
            "run", "p.toml", "-i", "in", "-o", "o", "-j", "1", "--shard", "1/3",
        ],
    ));
    assert!(
        note.contains(
            "partition 1/3 (2 of 5 input files): pass 0 done; waiting for other partitions"
        ),
        "{note}"
    );
    let r = tamis(dir, &["merge", "o"]);
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(!r.status.success());
    assert!(
        err.contains("pass 0: shards 0, 2-3 (3 of 5) not committed"),
        "{err}"
    );
    assert!(err.contains("part-0.warc.gz"), "{err}");
    // Another configuration into the same folder is refused.
    let r = tamis(
        dir,
        &[
            "run", "--preset", "default", "-i", "in", "-o", "o", "--shard", "0/3",
        ],
    );
    assert!(
        String::from_utf8_lossy(&r.stderr).contains("configuration differs"),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
    // The same inputs spelled differently are another configuration too.
    let r = tamis(
        dir,
        &["run", "p.toml", "-i", "in/", "-o", "o", "--shard", "0/3"],
    );
    assert!(
        String::from_utf8_lossy(&r.stderr).contains("configuration differs"),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
    // The other partitions, then merge: complete.
    ok(
        dir,
        &[
            "run", "p.toml", "-i", "in", "-o", "o", "-j", "1", "--shard", "0/3", "-q",
        ],
    );
    ok(
        dir,
        &[
            "run", "p.toml", "-i", "in", "-o", "o", "-j", "1", "--shard", "2/3", "-q",
        ],
    );
    ok(dir, &["merge", "o", "-q"]);
    ok(dir, &["run", "p.toml", "-i", "in", "-o", "single", "-q"]);
    assert_same(&dir.join("single"), &dir.join("o"), "partitions one by one");
}
