//! What a run wrote in the output folder, so that a new run replaces only
//! that: a user's own files in OUT (even in `OUT/kept/`) are never deleted.
//!
//! Each shard task records the result files it wrote
//! (`OUT/.tamis/done/pass{p}/{shard}.files`) just before its marker; the
//! finish writes their union and `stats.json` to `OUT/.tamis/manifest`.
//! A fresh run into a folder that is not empty is refused unless asked to
//! overwrite; overwriting deletes the listed files, the temporary files of
//! interrupted tasks, a `report.html` made by `tamis report`, and
//! `OUT/.tamis/` (tamis's own folder).

use std::collections::BTreeSet;
use std::fs;
use std::path::{Component, Path, PathBuf};

use tamis_core::{Error, Result};

use crate::layout::Layout;
use crate::plan::Plan;

/// The names in `out` (not recursive, sorted); without `.tamis` if
/// `skip_meta`. A missing folder has none.
pub(crate) fn entries(out: &Path, skip_meta: bool) -> Vec<String> {
    let Ok(rd) = fs::read_dir(out) else {
        return Vec::new();
    };
    let mut names: Vec<String> = rd
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !(skip_meta && n == ".tamis"))
        .collect();
    names.sort();
    names
}

/// `a, b, c and 4 more`.
pub(crate) fn show(names: &[String]) -> String {
    const MAX: usize = 5;
    let mut s = names
        .iter()
        .take(MAX)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > MAX {
        s.push_str(&format!(" and {} more", names.len() - MAX));
    }
    s
}

/// The error for a fresh run into a folder that holds `entries`.
pub(crate) fn refusal(layout: &Layout, entries: &[String]) -> Error {
    let out = layout.out().display();
    let what = if layout.run_file().exists() {
        if layout.stats().exists() {
            "a finished tamis run".to_owned()
        } else {
            "an unfinished tamis run".to_owned()
        }
    } else {
        format!("files tamis did not write ({})", show(entries))
    };
    Error::config(format!(
        "the output folder {out} is not empty: it holds {what}. Nothing was changed. \
         Use --resume (Python: resume=True) to finish the run there, \
         --overwrite (overwrite=True, or `overwrite = true` under [output]) to replace what tamis wrote \
         there (files you added are kept), or choose another output folder"
    ))
}

/// Every file of OUT the run recorded (relative paths), for the manifest:
/// the task records' union and `stats.json`.
fn recorded_files(layout: &Layout) -> BTreeSet<PathBuf> {
    let mut files = BTreeSet::new();
    let done = layout.meta().join("done");
    if let Ok(rd) = fs::read_dir(&done) {
        for pass in rd.flatten() {
            let Ok(tasks) = fs::read_dir(pass.path()) else {
                continue;
            };
            for t in tasks.flatten() {
                if !t.file_name().to_string_lossy().ends_with(".files") {
                    continue;
                }
                if let Ok(text) = fs::read_to_string(t.path()) {
                    files.extend(text.lines().filter(|l| !l.is_empty()).map(PathBuf::from));
                }
            }
        }
    }
    files
}

/// Writes `OUT/.tamis/manifest`: every file the finished run wrote in OUT.
pub(crate) fn write(layout: &Layout, plan: &Plan) -> Result<()> {
    let mut files = BTreeSet::new();
    for pass in 0..plan.passes {
        for shard in 0..plan.num_shards() {
            let path = layout.task_files(pass, shard);
            let text = fs::read_to_string(&path)
                .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
            files.extend(text.lines().filter(|l| !l.is_empty()).map(PathBuf::from));
        }
    }
    files.insert(PathBuf::from("stats.json"));
    let mut text = String::new();
    for f in &files {
        text.push_str(&f.to_string_lossy());
        text.push('\n');
    }
    tamis_io::write_atomic(&layout.manifest(), text.as_bytes())
}

/// A path inside OUT: relative, no `..`.
fn inside(rel: &Path) -> bool {
    !rel.as_os_str().is_empty() && rel.components().all(|c| matches!(c, Component::Normal(_)))
}

/// `00012_…`: the name of a file a shard task writes.
fn shard_file_name(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() > 6 && b[..5].iter().all(u8::is_ascii_digit) && b[5] == b'_'
}

/// Deletes what an earlier tamis run wrote in OUT, and only that (see the
/// module doc). Files nobody recorded stay.
pub(crate) fn clear(layout: &Layout) -> Result<()> {
    let out = layout.out();
    let mut files = BTreeSet::new();
    if let Ok(text) = fs::read_to_string(layout.manifest()) {
        files.extend(text.lines().filter(|l| !l.is_empty()).map(PathBuf::from));
    }
    let recorded = recorded_files(layout);
    let old_run = layout.run_file().exists() && files.is_empty() && recorded.is_empty();
    files.extend(recorded);
    let results = [layout.kept(), layout.removed(), layout.errors()];
    for dir in &results {
        let Ok(rd) = fs::read_dir(dir) else { continue };
        for e in rd.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            // temporary files of interrupted tasks (`.00012_…`), and the
            // shard files of a run recorded before manifests existed
            let temp = name.strip_prefix('.').is_some_and(shard_file_name);
            if temp || (old_run && shard_file_name(&name)) {
                if let Ok(rel) = e.path().strip_prefix(out) {
                    files.insert(rel.to_owned());
                }
            }
        }
    }
    if old_run {
        files.insert(PathBuf::from("stats.json"));
    }
    for rel in &files {
        if !inside(rel) {
            return Err(Error::data(format!(
                "{}: lists `{}`, which is not inside the output folder; delete the folder's files yourself",
                layout.manifest().display(),
                rel.display()
            )));
        }
        let path = out.join(rel);
        match fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(format!("cannot remove {}", path.display()), e)),
        }
    }
    let report = out.join("report.html");
    if fs::read(&report).is_ok_and(|b| {
        let head = &b[..b.len().min(4096)];
        String::from_utf8_lossy(head).contains("<meta name=\"generator\" content=\"tamis-report")
    }) {
        fs::remove_file(&report)
            .map_err(|e| Error::io(format!("cannot remove {}", report.display()), e))?;
    }
    let meta = layout.meta();
    if meta.exists() {
        fs::remove_dir_all(&meta)
            .map_err(|e| Error::io(format!("cannot remove {}", meta.display()), e))?;
    }
    for dir in &results {
        // only if empty: a user's file keeps its folder
        let _ = fs::remove_dir(dir);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_paths() {
        assert!(shard_file_name("00012_00000.jsonl.gz"));
        assert!(shard_file_name("00012_p0_00000.jsonl.gz"));
        assert!(!shard_file_name("0012_00000.jsonl.gz"));
        assert!(!shard_file_name("notes.txt"));
        assert!(inside(Path::new("kept/00000_00000.jsonl.gz")));
        assert!(!inside(Path::new("../x")));
        assert!(!inside(Path::new("/etc/passwd")));
        assert!(!inside(Path::new("")));
        let many: Vec<String> = (0..7).map(|i| format!("f{i}")).collect();
        assert_eq!(show(&many), "f0, f1, f2, f3, f4 and 2 more");
    }
}
