//! Clean multi-shard JSONL corpora with exact and near duplicates across
//! shards: input for crash-and-resume and determinism tests, where the
//! result must not depend on when the run was killed or on thread count.
//!
//! Depends only on `std`, `flate2`, `serde_json` and [`super::broken`], so an
//! integration test can include it with `#[path]` next to `broken.rs`.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use flate2::write::GzEncoder;
use flate2::Compression;

use super::broken::{sentence_text, Rng};

/// Writes `shards` files `shard-{k:02}.jsonl` (odd `k`: `.jsonl.gz`) of
/// `docs_per_shard` documents each, ids `s{k}-{i}`. About one document in
/// eight is an exact copy and one in eight a near copy (a few words changed)
/// of one of 200 shared texts, so exact and MinHash deduplication both
/// remove documents across shards. Returns the paths, sorted.
pub fn write_shards(
    dir: &Path,
    shards: usize,
    docs_per_shard: usize,
    seed: u64,
) -> io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let shared: Vec<String> = (0..200)
        .map(|k| sentence_text(&mut Rng::new(seed ^ (k as u64 * 7919)), 120))
        .collect();
    let mut paths = Vec::new();
    for k in 0..shards {
        let gz = k % 2 == 1;
        let path = dir.join(format!("shard-{k:02}.jsonl{}", if gz { ".gz" } else { "" }));
        let file = BufWriter::new(File::create(&path)?);
        let mut w: Box<dyn Write> = if gz {
            Box::new(GzEncoder::new(file, Compression::fast()))
        } else {
            Box::new(file)
        };
        let mut rng = Rng::new(seed.wrapping_add(k as u64 * 1_000_003));
        for i in 0..docs_per_shard {
            let text = match rng.below(8) {
                0 => shared[rng.below(200) as usize].clone(),
                1 => {
                    let base = &shared[rng.below(200) as usize];
                    let mut words: Vec<&str> = base.split(' ').collect();
                    let at = rng.below(words.len() as u64) as usize;
                    words[at] = "changed";
                    words.join(" ")
                }
                _ => {
                    let n = 60 + rng.below(200) as usize;
                    sentence_text(&mut rng, n)
                }
            };
            let line = serde_json::json!({"id": format!("s{k}-{i}"), "text": text, "metadata": {"url": format!("https://site{}.example.org/{i}", k % 3)}});
            writeln!(w, "{line}")?;
        }
        w.flush()?;
        drop(w);
        paths.push(path);
    }
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn shards_have_duplicates_across_files() {
        let d = tempfile::tempdir().unwrap();
        let paths = write_shards(d.path(), 2, 200, 1).unwrap();
        assert!(paths[1].to_string_lossy().ends_with(".jsonl.gz"));
        let mut texts = Vec::new();
        for p in &paths {
            let mut s = String::new();
            flate2::read::MultiGzDecoder::new(File::open(p).unwrap())
                .read_to_string(&mut s)
                .unwrap_or_default();
            if s.is_empty() {
                s = std::fs::read_to_string(p).unwrap();
            }
            for l in s.lines() {
                texts.push(
                    serde_json::from_str::<serde_json::Value>(l).unwrap()["text"]
                        .as_str()
                        .unwrap()
                        .to_owned(),
                );
            }
        }
        assert_eq!(texts.len(), 400);
        let distinct: std::collections::HashSet<&String> = texts.iter().collect();
        assert!(
            distinct.len() < 400 && distinct.len() > 300,
            "{}",
            distinct.len()
        );
    }
}
