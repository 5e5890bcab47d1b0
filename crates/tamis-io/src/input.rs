//! Input discovery: files, folders and glob patterns into a sorted list of files.

use std::path::{Path, PathBuf};

use tamis_core::{Error, Result};

/// Expands input specifications into files, sorted and deduplicated.
///
/// Each spec is a file, a folder (all files under it, recursively, hidden
/// files and folders skipped) or a glob pattern (`*`, `?`, `[...]`, `**` for
/// any depth; hidden names match only a pattern that starts with a dot). A
/// spec that yields no file is an error naming it.
///
/// An object-storage URL (`s3://bucket/crawl/`, `gs://b/x/*.parquet`, see
/// [`crate::remote`]) is listed the same way (a prefix is a folder) and
/// yields the objects' URLs as `PathBuf`s, which [`crate::open_reader`]
/// opens; an `http(s)://` URL names one file.
pub fn expand_inputs(specs: &[String]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for spec in specs {
        let before = out.len();
        let path = Path::new(spec);
        if crate::remote::is_remote(spec) {
            #[cfg(feature = "remote")]
            out.extend(
                crate::remote::expand(spec)?
                    .into_iter()
                    .map(|(url, _)| PathBuf::from(url)),
            );
            #[cfg(not(feature = "remote"))]
            return Err(crate::remote::unsupported(spec));
        } else if path.is_file() {
            out.push(path.to_owned());
        } else if path.is_dir() {
            walk(path, &mut out, 0)
                .map_err(|e| Error::io(format!("cannot list input folder `{spec}`"), e))?;
        } else if spec.contains(['*', '?', '[']) {
            let opts = glob::MatchOptions {
                case_sensitive: true,
                require_literal_separator: true,
                require_literal_leading_dot: true,
            };
            let paths = glob::glob_with(spec, opts)
                .map_err(|e| Error::config(format!("bad input pattern `{spec}`: {e}")))?;
            for p in paths {
                let p = p.map_err(|e| {
                    Error::io(
                        format!("cannot read a path matching `{spec}`"),
                        std::io::Error::from(e),
                    )
                })?;
                if p.is_file() {
                    out.push(p);
                } else if p.is_dir() {
                    walk(&p, &mut out, 0)
                        .map_err(|e| Error::io(format!("cannot list `{}`", p.display()), e))?;
                }
            }
        } else {
            return Err(Error::config(format!("input `{spec}` does not exist")));
        }
        if out.len() == before {
            return Err(Error::config(format!("input `{spec}` matches no files")));
        }
    }
    for p in &mut out {
        if let Ok(rest) = p.strip_prefix(".") {
            if !rest.as_os_str().is_empty() {
                *p = rest.to_owned();
            }
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// The size of an input from [`expand_inputs`]: the file's length, or the
/// object's size as listed (`None` when unknown, e.g. an `http(s)://` URL).
pub fn input_size(path: &Path) -> Option<u64> {
    #[cfg(feature = "remote")]
    if let Some(url) = path.to_str().filter(|s| crate::remote::is_remote(s)) {
        return crate::remote::listed_size(url);
    }
    std::fs::metadata(path)
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len())
}

/// Appends the non-hidden files under `dir`, recursively.
fn walk(dir: &Path, out: &mut Vec<PathBuf>, depth: u32) -> std::io::Result<()> {
    if depth > 64 {
        return Ok(()); // a symlink loop
    }
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out, depth + 1)?;
        } else if path.is_file() {
            out.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_folders_globs() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path();
        for f in [
            "a.warc.gz",
            "b.jsonl",
            "sub/c.warc.gz",
            "sub/deep/d.warc.gz",
            ".hidden.warc.gz",
            "sub/.tmp.warc.gz",
            ".git/x.warc.gz",
        ] {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, b"x").unwrap();
        }
        let s = |p: &str| root.join(p).display().to_string();
        let rel = |v: Vec<PathBuf>| {
            v.iter()
                .map(|p| p.strip_prefix(root).unwrap().display().to_string())
                .collect::<Vec<_>>()
        };

        assert_eq!(
            rel(expand_inputs(&[s("")]).unwrap()),
            [
                "a.warc.gz",
                "b.jsonl",
                "sub/c.warc.gz",
                "sub/deep/d.warc.gz"
            ]
        );
        assert_eq!(
            rel(expand_inputs(&[s("*.warc.gz")]).unwrap()),
            ["a.warc.gz"]
        );
        assert_eq!(
            rel(expand_inputs(&[s("**/*.warc.gz")]).unwrap()),
            ["a.warc.gz", "sub/c.warc.gz", "sub/deep/d.warc.gz"]
        );
        assert_eq!(rel(expand_inputs(&[s("?.jsonl")]).unwrap()), ["b.jsonl"]);
        // Overlapping specs are deduplicated and sorted; explicit hidden files are kept.
        assert_eq!(
            rel(expand_inputs(&[
                s("sub"),
                s("b.jsonl"),
                s("sub/c.warc.gz"),
                s(".hidden.warc.gz")
            ])
            .unwrap()),
            [
                ".hidden.warc.gz",
                "b.jsonl",
                "sub/c.warc.gz",
                "sub/deep/d.warc.gz"
            ]
        );
        let e = expand_inputs(&[s("*.parquet")]).unwrap_err();
        assert!(e.to_string().contains("*.parquet` matches no files"), "{e}");
        let e = expand_inputs(&[s("missing.warc")]).unwrap_err();
        assert!(
            e.to_string().contains("missing.warc` does not exist"),
            "{e}"
        );
        std::fs::create_dir(root.join("empty")).unwrap();
        assert!(expand_inputs(&[s("empty")]).is_err());
    }
}
