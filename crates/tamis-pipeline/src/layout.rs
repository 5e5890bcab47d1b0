//! Where a run keeps its files inside the output folder. Every path the
//! runner writes is built here, so a different output location (or a remote
//! staging area) is one change.
//!
//! ```text
//! OUT/kept/ removed/ errors/ stats.json        the results
//! OUT/.tamis/run.json                          the configuration (resume and other processes check it)
//! OUT/.tamis/plan.json                         the input files in shard order, recorded once
//! OUT/.tamis/started                           when the run was prepared (unix seconds)
//! OUT/.tamis/manifest                         every file of OUT the finished run wrote (one path a line,
//!                                              relative to OUT); `--overwrite` deletes only these
//! OUT/.tamis/done/pass{p}/{shard:05}.files     the result files task (pass, shard) wrote, written just
//!                                              before its marker
//! OUT/.tamis/done/pass{p}/{shard:05}.json      task (pass, shard) committed, with its stats
//! OUT/.tamis/done/reduce{i}                    corpus step i reduced (its merge committed)
//! OUT/.tamis/done/reduce{i}-parts/{p:05}       part p of reduce i committed
//! OUT/.tamis/pass{p}/                          survivors of pass p-1, read by pass p
//! OUT/.tamis/work/<step>/                      a corpus step's signals and decisions
//! OUT/.tamis/locks/                            task, reduce and finish locks (exclusive create +
//!                                              heartbeat; a reduce's lock stays afterwards, saying `done`)
//! ```

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use tamis_core::{Error, Result};

/// Paths inside one output folder.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    out: PathBuf,
}

impl Layout {
    pub(crate) fn new(out: &Path) -> Layout {
        Layout {
            out: out.to_owned(),
        }
    }
    pub(crate) fn out(&self) -> &Path {
        &self.out
    }
    pub(crate) fn meta(&self) -> PathBuf {
        self.out.join(".tamis")
    }
    pub(crate) fn run_file(&self) -> PathBuf {
        self.meta().join("run.json")
    }
    pub(crate) fn plan_file(&self) -> PathBuf {
        self.meta().join("plan.json")
    }
    pub(crate) fn started_file(&self) -> PathBuf {
        self.meta().join("started")
    }
    pub(crate) fn done_dir(&self, pass: usize) -> PathBuf {
        self.meta().join("done").join(format!("pass{pass}"))
    }
    pub(crate) fn marker(&self, pass: usize, shard: u32) -> PathBuf {
        self.done_dir(pass).join(format!("{shard:05}.json"))
    }
    /// The result files (relative to OUT) task (`pass`, `shard`) wrote.
    pub(crate) fn task_files(&self, pass: usize, shard: u32) -> PathBuf {
        self.done_dir(pass).join(format!("{shard:05}.files"))
    }
    /// Every file of OUT a finished run wrote, one relative path a line.
    pub(crate) fn manifest(&self) -> PathBuf {
        self.meta().join("manifest")
    }
    pub(crate) fn reduce_marker(&self, corpus_index: usize) -> PathBuf {
        self.meta()
            .join("done")
            .join(format!("reduce{corpus_index}"))
    }
    pub(crate) fn reduce_part_marker(&self, corpus_index: usize, part: u32) -> PathBuf {
        self.meta()
            .join("done")
            .join(format!("reduce{corpus_index}-parts"))
            .join(format!("{part:05}"))
    }
    /// Survivors of pass `pass - 1`, the input of pass `pass`.
    pub(crate) fn pass_dir(&self, pass: usize) -> PathBuf {
        self.meta().join(format!("pass{pass}"))
    }
    /// The corpus steps' signals and decisions, one folder per step.
    pub(crate) fn work(&self) -> PathBuf {
        self.meta().join("work")
    }
    pub(crate) fn corpus_work(&self, step_name: &str) -> PathBuf {
        self.work().join(step_name)
    }
    pub(crate) fn lock(&self, name: &str) -> PathBuf {
        self.meta().join("locks").join(name)
    }
    /// The lock of reduce `i`'s merge; it stays afterwards, saying `done`.
    pub(crate) fn reduce_lock(&self, corpus_index: usize) -> PathBuf {
        self.lock(&format!("reduce{corpus_index}"))
    }
    /// The lock of task (`pass`, `shard`); removed when the task ends.
    pub(crate) fn shard_lock(&self, pass: usize, shard: u32) -> PathBuf {
        self.lock(&format!("pass{pass}-{shard:05}"))
    }
    /// The lock of part `part` of reduce `i`; it stays afterwards, saying `done`.
    pub(crate) fn reduce_part_lock(&self, corpus_index: usize, part: u32) -> PathBuf {
        self.lock(&format!("reduce{corpus_index}-part{part:05}"))
    }
    pub(crate) fn kept(&self) -> PathBuf {
        self.out.join("kept")
    }
    pub(crate) fn removed(&self) -> PathBuf {
        self.out.join("removed")
    }
    pub(crate) fn errors(&self) -> PathBuf {
        self.out.join("errors")
    }
    pub(crate) fn stats(&self) -> PathBuf {
        self.out.join("stats.json")
    }

    /// The shards whose pass-`pass` marker is missing, of `0..num_shards`.
    pub(crate) fn missing(&self, pass: usize, num_shards: u32) -> Vec<u32> {
        let mut done = vec![false; num_shards as usize];
        if let Ok(rd) = fs::read_dir(self.done_dir(pass)) {
            for e in rd.flatten() {
                let name = e.file_name();
                let name = name.to_string_lossy();
                if let Some(n) = name
                    .strip_suffix(".json")
                    .and_then(|s| s.parse::<usize>().ok())
                {
                    if let Some(d) = done.get_mut(n) {
                        *d = true;
                    }
                }
            }
        }
        (0..num_shards).filter(|&s| !done[s as usize]).collect()
    }
}

/// Writes `path` atomically under a temporary name unique to this process,
/// so several processes may write the same file at once (last rename wins,
/// nobody sees a partial file).
pub(crate) fn write_shared(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)
        .map_err(|e| Error::io(format!("cannot create {}", dir.display()), e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(
        ".{name}.{}-{}.tmp",
        crate::lock::hostname(),
        std::process::id()
    ));
    let ctx = |e| Error::io(format!("cannot write {}", tmp.display()), e);
    let mut f = fs::File::create(&tmp).map_err(ctx)?;
    f.write_all(bytes).map_err(ctx)?;
    f.sync_all().map_err(ctx)?;
    drop(f);
    fs::rename(&tmp, path).map_err(|e| {
        Error::io(
            format!("cannot rename {} to {}", tmp.display(), path.display()),
            e,
        )
    })
}

/// `0, 1, 2, 5` → `"0-2, 5"`; long lists are cut after `max` ranges.
pub(crate) fn ranges(items: &[u32], max: usize) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < items.len() {
        let mut j = i;
        while j + 1 < items.len() && items[j + 1] == items[j] + 1 {
            j += 1;
        }
        if parts.len() == max {
            parts.push(format!("… ({} more)", items.len() - i));
            break;
        }
        parts.push(if i == j {
            items[i].to_string()
        } else {
            format!("{}-{}", items[i], items[j])
        });
        i = j + 1;
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_compress_and_cut() {
        assert_eq!(ranges(&[0, 1, 2, 5, 7, 8], 10), "0-2, 5, 7-8");
        assert_eq!(ranges(&[], 10), "");
        assert_eq!(ranges(&[1, 3, 5, 7], 2), "1, 3, … (2 more)");
    }

    #[test]
    fn missing_reads_markers() {
        let tmp = tempfile::tempdir().unwrap();
        let l = Layout::new(tmp.path());
        write_shared(&l.marker(0, 1), b"{}").unwrap();
        write_shared(&l.marker(0, 3), b"{}").unwrap();
        fs::write(l.done_dir(0).join(".00002.json.tmp"), b"").unwrap();
        assert_eq!(l.missing(0, 4), [0, 2]);
        assert_eq!(l.missing(1, 2), [0, 1]);
    }
}
