//! The persistent index for incremental deduplication: a folder of
//! generations, switched atomically.
//!
//! ```text
//! INDEX/CURRENT          the name of the live generation (replaced by rename)
//! INDEX/gen-000003/      one complete generation: meta.json + sorted run files
//! ```
//! A reduce writes the next generation next to the live one and syncs it;
//! only when the whole run has succeeded does the step's `commit` rename a
//! new `CURRENT` over the old (atomic on POSIX file systems) and delete the
//! other generations. A crash at any point leaves either the old or the new
//! index live, never a mix; a run that fails leaves the old one, so running
//! it again does not meet its own documents in the index.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tamis_core::{Error, Result};

use crate::runs::{create_dir, read_small, write_small};

/// What a generation holds, checked when it is opened again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct IndexMeta {
    /// `exact` or `minhash`.
    pub kind: String,
    /// The parameters that make entries comparable (hash, shingles, bands).
    pub params: String,
    /// Documents in the index.
    pub docs: u64,
    /// Generation number.
    pub generation: u64,
    /// `exact`: the entries are split into this many hash-range files
    /// (`hashes/p0000.run`, …), one per reduce part that wrote them; none:
    /// one `hashes.run` (indexes written before the reduce was partitioned).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partitions: Option<u32>,
}

fn name_of(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// An index and the generation a run deduplicates against (none: empty index).
pub(crate) type IndexBase = (Index, Option<(PathBuf, IndexMeta)>);

/// An index folder.
pub(crate) struct Index {
    root: PathBuf,
}

impl Index {
    pub(crate) fn new(root: &Path) -> Index {
        Index {
            root: root.to_owned(),
        }
    }

    /// The live generation's folder and metadata, if there is one. Fails when
    /// it was written by another step kind or with other parameters.
    pub(crate) fn current(&self, kind: &str, params: &str) -> Result<Option<(PathBuf, IndexMeta)>> {
        let cur = self.root.join("CURRENT");
        if !cur.exists() {
            return Ok(None);
        }
        let name = read_small(&cur)?;
        let dir = self.root.join(name.trim());
        let meta: IndexMeta = serde_json::from_str(&read_small(&dir.join("meta.json"))?)
            .map_err(|e| Error::data(format!("index {}: bad meta.json: {e}", dir.display())))?;
        if meta.kind != kind || meta.params != params {
            return Err(Error::config(format!(
                "index {} was built by `{}` with {}; this step is `{kind}` with {params}: use another index_path",
                self.root.display(),
                meta.kind,
                meta.params
            )));
        }
        Ok(Some((dir, meta)))
    }

    /// The generation this run deduplicates against: the live one the first
    /// time (recorded in `work_dir/index_base`), the recorded one when the
    /// reduce runs again in the same work folder.
    pub(crate) fn base_for_run(
        &self,
        work_dir: &Path,
        kind: &str,
        params: &str,
    ) -> Result<Option<(PathBuf, IndexMeta)>> {
        let marker = work_dir.join("index_base");
        if marker.exists() {
            let recorded = read_small(&marker)?;
            let recorded = recorded.trim();
            if recorded == "none" {
                return Ok(None);
            }
            let dir = self.root.join(recorded);
            let meta: IndexMeta = serde_json::from_str(&read_small(&dir.join("meta.json"))?).map_err(|e| {
                Error::data(format!(
                    "index generation {recorded}, the base of this run, is unreadable ({e}); use a new work folder"
                ))
            })?;
            if meta.kind != kind || meta.params != params {
                return Err(Error::config(format!(
                    "index {} was built with other parameters",
                    self.root.display()
                )));
            }
            return Ok(Some((dir, meta)));
        }
        let cur = self.current(kind, params)?;
        let name = match &cur {
            Some((dir, _)) => dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            None => "none".to_owned(),
        };
        write_small(&marker, &name)?;
        Ok(cur)
    }

    /// A fresh folder for the next generation (numbered after every existing one).
    pub(crate) fn next_generation(&self, base: Option<&IndexMeta>) -> Result<(PathBuf, u64)> {
        let mut generation = base.map_or(1, |m| m.generation + 1);
        while self.root.join(format!("gen-{generation:06}")).exists() {
            generation += 1;
        }
        let dir = self.root.join(format!("gen-{generation:06}"));
        create_dir(&dir)?;
        Ok((dir, generation))
    }

    /// Finishes generation `dir` (its `meta.json`) and records it as this
    /// run's pending generation (`work_dir/index_pending`), without making it
    /// live: [`Index::publish`] does that when the whole run has succeeded.
    pub(crate) fn stage(&self, work_dir: &Path, dir: &Path, meta: &IndexMeta) -> Result<()> {
        let json = serde_json::to_string_pretty(meta).map_err(|e| Error::data(e.to_string()))?;
        write_small(&dir.join("meta.json"), &json)?;
        write_small(&work_dir.join("index_pending"), &name_of(dir))
    }

    /// Makes this run's pending generation live (a new `CURRENT`, renamed
    /// over the old), then removes every other generation but the run's base
    /// (older ones, and those staged by runs that failed). Idempotent; nothing to do when the
    /// run staged nothing.
    pub(crate) fn publish(&self, work_dir: &Path) -> Result<()> {
        let pending = work_dir.join("index_pending");
        if !pending.exists() {
            return Ok(());
        }
        let name = read_small(&pending)?.trim().to_owned();
        if !self.root.join(&name).join("meta.json").exists() {
            return Err(Error::data(format!(
                "index {}: generation {name}, staged by this run, is missing: run the deduplication again",
                self.root.display()
            )));
        }
        let current = self.root.join("CURRENT");
        if read_small(&current)
            .ok()
            .map(|c| c.trim().to_owned())
            .as_deref()
            != Some(name.as_str())
        {
            write_small(&current, &name)?;
        }
        // this run's base stays until the next publish: a reduce run again in
        // the same work folder (a resumed or repeated run) still reads it
        let base = read_small(&work_dir.join("index_base"))
            .ok()
            .map(|b| b.trim().to_owned());
        if let Ok(entries) = fs::read_dir(&self.root) {
            for e in entries.flatten() {
                let n = e.file_name().to_string_lossy().into_owned();
                if n.starts_with("gen-") && n != name && Some(&n) != base.as_ref() {
                    let _ = fs::remove_dir_all(e.path());
                }
            }
        }
        Ok(())
    }
}
