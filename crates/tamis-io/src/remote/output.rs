//! Remote outputs: a run writes to a local staging folder, then
//! [`RemoteOutput::publish`] uploads it.
//!
//! Publishing uploads `kept/`, `removed/` and `errors/` (skipping files the
//! store already has with the same size, so a resumed run uploads only what
//! is new), deletes objects under those three prefixes that the staging
//! folder no longer has (a fresh run replaces the previous output, as it
//! does locally), then uploads `report.html` if present and `stats.json`
//! last: a `stats.json` in the store means the output above it is complete.
//! Files above [`MULTIPART_BYTES`] go up as multipart uploads of that part
//! size. `.tamis/` (resume markers, intermediate data) stays local.

use std::path::{Path, PathBuf};

use tamis_core::{Error, Result};

use super::{RemoteUrl, Scheme};

/// Files larger than this are uploaded in parts of this size.
pub const MULTIPART_BYTES: usize = 8 << 20;
/// Files uploaded at the same time.
#[cfg(feature = "remote")]
const PARALLEL_UPLOADS: usize = 4;
/// Parts of one file in flight at the same time.
#[cfg(feature = "remote")]
const PARALLEL_PARTS: usize = 2;

/// Folders of the output that are published, and mirrored.
const DATA_DIRS: &[&str] = &["kept", "removed", "errors"];
/// Single files published after the data, in this order (`stats.json` last).
const LAST_FILES: &[&str] = &["report.html", "stats.json"];

/// An output URL and the local folder a run writes it to before publishing.
///
/// ```no_run
/// use tamis_io::remote::RemoteOutput;
///
/// let url = "s3://bucket/out";
/// let out = RemoteOutput::stage(url, &RemoteOutput::default_staging_dir(url))?;
/// // ... run the pipeline with `out.local_dir()` as its output folder ...
/// let done = out.publish()?;
/// eprintln!("uploaded {} files ({} bytes), {} already there", done.uploaded_files, done.uploaded_bytes, done.skipped_files);
/// # Ok::<(), tamis_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct RemoteOutput {
    url: String,
    local: PathBuf,
}

/// What [`RemoteOutput::publish`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PublishStats {
    /// Files uploaded.
    pub uploaded_files: u64,
    /// Bytes uploaded.
    pub uploaded_bytes: u64,
    /// Files the store already had with the same size.
    pub skipped_files: u64,
    /// Stale objects deleted under `kept/`, `removed/` and `errors/`.
    pub deleted_files: u64,
}

impl RemoteOutput {
    /// Prepares publishing to `url` from `staging_dir` (created if needed).
    /// Checks the URL, the store configuration and that the bucket can be
    /// listed, so a run does not find out at the end that it cannot publish.
    pub fn stage(url: &str, staging_dir: &Path) -> Result<RemoteOutput> {
        let parsed = RemoteUrl::parse(url)?;
        if parsed.scheme == Scheme::Http {
            return Err(Error::config(format!(
                "`{url}`: http(s) URLs are read-only; write outputs to s3://, gs:// or az://"
            )));
        }
        #[cfg(not(feature = "remote"))]
        return Err(super::unsupported(&format!(
            "{url} (staging in {})",
            staging_dir.display()
        )));
        #[cfg(feature = "remote")]
        {
            imp::check(&parsed, url)?;
            std::fs::create_dir_all(staging_dir).map_err(|e| {
                Error::io(
                    format!("cannot create staging folder {}", staging_dir.display()),
                    e,
                )
            })?;
            Ok(RemoteOutput {
                url: url.trim_end_matches('/').to_owned(),
                local: staging_dir.to_owned(),
            })
        }
    }

    /// For a run's output path: `None` when `output` is a local path, else
    /// the output staged in `work_dir` (default: [`Self::default_staging_dir`]).
    /// The run then writes to [`Self::local_dir`] and calls [`Self::publish`].
    pub fn stage_if_remote(output: &Path, work_dir: Option<&Path>) -> Result<Option<RemoteOutput>> {
        let Some(url) = output.to_str().filter(|s| super::is_remote(s)) else {
            return Ok(None);
        };
        let staging =
            work_dir.map_or_else(|| RemoteOutput::default_staging_dir(url), Path::to_owned);
        RemoteOutput::stage(url, &staging).map(Some)
    }

    /// A staging folder for `url` under the system temp folder (`$TMPDIR`),
    /// the same for the same URL, so `--resume` finds what an interrupted
    /// run staged: `$TMPDIR/tamis-stage/<bucket>-<hash of the URL>`.
    pub fn default_staging_dir(url: &str) -> PathBuf {
        let url = url.trim_end_matches('/');
        let bucket = url
            .split_once("://")
            .map_or(url, |(_, r)| r.split('/').next().unwrap_or(r));
        let safe: String = bucket
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .take(40)
            .collect();
        std::env::temp_dir()
            .join("tamis-stage")
            .join(format!("{safe}-{:016x}", fnv1a(url.as_bytes())))
    }

    /// The output URL (without a trailing `/`).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The local folder the run writes to.
    pub fn local_dir(&self) -> &Path {
        &self.local
    }

    /// Uploads the staged output (see the module doc for what and in which
    /// order). Safe to call again after a failure: it goes on where it stopped.
    pub fn publish(&self) -> Result<PublishStats> {
        #[cfg(not(feature = "remote"))]
        return Err(super::unsupported(&self.url));
        #[cfg(feature = "remote")]
        imp::publish(self)
    }
}

/// The files to publish: `(relative key, local path, size)` of the data
/// folders (hidden names skipped: unfinished `.tmp` files), sorted.
fn data_files(local: &Path) -> Result<Vec<(String, PathBuf, u64)>> {
    fn walk(dir: &Path, rel: &str, out: &mut Vec<(String, PathBuf, u64)>) -> Result<()> {
        let rd = match std::fs::read_dir(dir) {
            Ok(rd) => rd,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(Error::io(format!("cannot list {}", dir.display()), e)),
        };
        for entry in rd {
            let entry =
                entry.map_err(|e| Error::io(format!("cannot list {}", dir.display()), e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let path = entry.path();
            let key = format!("{rel}/{name}");
            let meta = entry
                .metadata()
                .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
            if meta.is_dir() {
                walk(&path, &key, out)?;
            } else if meta.is_file() {
                out.push((key, path, meta.len()));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    for d in DATA_DIRS {
        walk(&local.join(d), d, &mut out)?;
    }
    out.sort();
    Ok(out)
}

/// FNV-1a, 64 bits: a stable name for a staging folder.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(feature = "remote")]
mod imp {
    use std::collections::{HashMap, HashSet};
    use std::sync::Arc;

    use futures::{StreamExt, TryStreamExt};
    use object_store::path::Path as ObjPath;
    use object_store::{ObjectStore, ObjectStoreExt, PutPayload, WriteMultipart};
    use tokio::io::AsyncReadExt;

    use super::*;
    use crate::remote::{block_on, describe, store_for};

    /// The store and the output prefix; one cheap listing proves access.
    pub(super) fn check(url: &RemoteUrl, spec: &str) -> Result<()> {
        let (store, prefix) = store_for(url)?;
        let (scheme, u) = (url.scheme, spec.to_owned());
        block_on(async move {
            let prefix = (!prefix.as_ref().is_empty()).then_some(prefix);
            store
                .list_with_delimiter(prefix.as_ref())
                .await
                .map(|_| ())
                .map_err(|e| describe(scheme, &u, "list", &e))
        })
    }

    pub(super) fn publish(out: &RemoteOutput) -> Result<PublishStats> {
        let url = RemoteUrl::parse(&out.url)?;
        let (store, prefix) = store_for(&url)?;
        let files = data_files(&out.local)?;
        let key = |rel: &str| {
            if prefix.as_ref().is_empty() {
                ObjPath::from(rel)
            } else {
                ObjPath::from(format!("{}/{rel}", prefix.as_ref()))
            }
        };
        let mut stats = PublishStats::default();

        // What the store has under the data folders.
        let mut remote: HashMap<String, u64> = HashMap::new();
        for d in DATA_DIRS {
            let (s, p, scheme, u) = (
                store.clone(),
                key(d),
                url.scheme,
                format!("{}/{d}/", out.url),
            );
            let metas = block_on(async move {
                s.list(Some(&p))
                    .try_collect::<Vec<_>>()
                    .await
                    .map_err(|e| describe(scheme, &u, "list", &e))
            })?;
            for m in metas {
                remote.insert(m.location.as_ref().to_owned(), m.size);
            }
        }

        // Upload what is new or changed.
        let mut todo = Vec::new();
        for (rel, path, size) in &files {
            if remote.get(key(rel).as_ref()) == Some(size) {
                stats.skipped_files += 1;
            } else {
                todo.push((format!("{}/{rel}", out.url), key(rel), path.clone(), *size));
            }
        }
        stats.uploaded_files += todo.len() as u64;
        stats.uploaded_bytes += todo.iter().map(|t| t.3).sum::<u64>();
        let (s, scheme) = (store.clone(), url.scheme);
        block_on(async move {
            futures::stream::iter(todo)
                .map(|(u, k, p, _)| {
                    let s = s.clone();
                    async move { upload(s, scheme, &u, &k, &p).await }
                })
                .buffer_unordered(PARALLEL_UPLOADS)
                .try_collect::<Vec<()>>()
                .await
                .map(|_| ())
        })?;

        // Delete what the new output does not have.
        let keep: HashSet<String> = files
            .iter()
            .map(|(rel, _, _)| key(rel).as_ref().to_owned())
            .collect();
        let stale: Vec<ObjPath> = remote
            .keys()
            .filter(|k| !keep.contains(*k))
            .map(|k| ObjPath::from(k.as_str()))
            .collect();
        stats.deleted_files = stale.len() as u64;
        for p in stale {
            let (s, scheme, u) = (
                store.clone(),
                url.scheme,
                format!("{}/{}", url.root, p.as_ref()),
            );
            block_on(async move {
                match s.delete(&p).await {
                    Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
                    Err(e) => Err(describe(scheme, &u, "delete", &e)),
                }
            })?;
        }

        // The report, then stats.json: its presence marks a complete output.
        for name in LAST_FILES {
            let path = out.local.join(name);
            let Ok(meta) = std::fs::metadata(&path) else {
                continue;
            };
            let (s, scheme, u, k) = (
                store.clone(),
                url.scheme,
                format!("{}/{name}", out.url),
                key(name),
            );
            block_on(async move { upload(s, scheme, &u, &k, &path).await })?;
            stats.uploaded_files += 1;
            stats.uploaded_bytes += meta.len();
        }
        Ok(stats)
    }

    /// Uploads one file: one request when small, else a multipart upload.
    async fn upload(
        store: Arc<dyn ObjectStore>,
        scheme: Scheme,
        url: &str,
        key: &ObjPath,
        path: &Path,
    ) -> Result<()> {
        let local_err = |e| {
            Error::io(
                format!("cannot read {} to upload it to {url}", path.display()),
                e,
            )
        };
        let mut file = tokio::fs::File::open(path).await.map_err(local_err)?;
        let mut buf = Vec::with_capacity(MULTIPART_BYTES);
        fill(&mut file, &mut buf, MULTIPART_BYTES)
            .await
            .map_err(local_err)?;
        if buf.len() < MULTIPART_BYTES {
            store
                .put(key, PutPayload::from(buf))
                .await
                .map_err(|e| describe(scheme, url, "upload", &e))?;
            return Ok(());
        }
        let upload = store
            .put_multipart(key)
            .await
            .map_err(|e| describe(scheme, url, "upload", &e))?;
        let mut w = WriteMultipart::new_with_chunk_size(upload, MULTIPART_BYTES);
        let result = async {
            while !buf.is_empty() {
                w.wait_for_capacity(PARALLEL_PARTS)
                    .await
                    .map_err(|e| describe(scheme, url, "upload", &e))?;
                w.write(&buf);
                buf.clear();
                fill(&mut file, &mut buf, MULTIPART_BYTES)
                    .await
                    .map_err(local_err)?;
            }
            Ok(())
        }
        .await;
        match result {
            Ok(()) => w
                .finish()
                .await
                .map(|_| ())
                .map_err(|e| describe(scheme, url, "upload", &e)),
            Err(e) => {
                let _ = w.abort().await;
                Err(e)
            }
        }
    }

    /// Reads up to `n` bytes into `buf` (fewer only at the end of the file).
    async fn fill(file: &mut tokio::fs::File, buf: &mut Vec<u8>, n: usize) -> std::io::Result<()> {
        while buf.len() < n {
            let mut chunk = (&mut *file).take((n - buf.len()) as u64);
            if chunk.read_to_end(buf).await? == 0 {
                break;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staging_dirs_are_stable_and_distinct() {
        let a = RemoteOutput::default_staging_dir("s3://my.bucket/out");
        assert_eq!(
            a,
            RemoteOutput::default_staging_dir("s3://my.bucket/out/"),
            "same URL, same folder"
        );
        assert_ne!(a, RemoteOutput::default_staging_dir("s3://my.bucket/out2"));
        let name = a.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.starts_with("my_bucket-") && name.len() == "my_bucket-".len() + 16,
            "{name}"
        );
        assert!(a.starts_with(std::env::temp_dir()));
    }

    #[test]
    fn local_outputs_are_not_staged() {
        assert!(RemoteOutput::stage_if_remote(Path::new("out/dir"), None)
            .unwrap()
            .is_none());
        assert!(RemoteOutput::stage_if_remote(Path::new("https://h/out"), None).is_err());
    }

    #[test]
    fn http_outputs_are_refused() {
        let d = tempfile::tempdir().unwrap();
        let e = RemoteOutput::stage("https://example.org/out", d.path())
            .unwrap_err()
            .to_string();
        assert!(e.contains("read-only"), "{e}");
        let e = RemoteOutput::stage("s3:///out", d.path())
            .unwrap_err()
            .to_string();
        assert!(e.contains("no bucket name"), "{e}");
    }

    #[test]
    fn data_files_skip_hidden_and_other_folders() {
        let d = tempfile::tempdir().unwrap();
        for f in [
            "kept/00000_00000.jsonl.gz",
            "kept/.00001_00000.jsonl.gz.tmp",
            "errors/00000_p0_00000.jsonl.gz",
            ".tamis/done/pass0/00000.json",
            "stats.json",
            "other/x",
        ] {
            let p = d.path().join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, b"abc").unwrap();
        }
        let rels: Vec<String> = data_files(d.path())
            .unwrap()
            .into_iter()
            .map(|(r, _, n)| format!("{r}:{n}"))
            .collect();
        assert_eq!(
            rels,
            [
                "errors/00000_p0_00000.jsonl.gz:3",
                "kept/00000_00000.jsonl.gz:3"
            ]
        );
    }
}
