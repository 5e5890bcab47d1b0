//! Object storage: `s3://`, `gs://`, `az://` and `http(s)://` inputs and
//! outputs, through the [`object_store`](https://docs.rs/object_store) crate.
//!
//! Inputs need no special call: [`expand_inputs`](crate::expand_inputs)
//! lists a URL prefix or glob (`s3://bucket/crawl/`, `s3://bucket/crawl/*.warc.gz`)
//! and returns the objects' URLs (as `PathBuf`s, sorted), and
//! [`open_reader`](crate::open_reader) streams an object: WARC, JSONL and
//! text are read as a byte stream (a few MB prefetched, never the whole
//! object), Parquet with ranged reads of one row group at a time.
//!
//! Outputs are written to a local staging folder, then uploaded by
//! [`RemoteOutput::publish`]: data files first, `stats.json` last, multipart
//! for big files, files already there with the same size skipped (so a
//! resumed run uploads only what is new).
//!
//! Configuration comes from the environment variables that `object_store`'s
//! builders read (`AmazonS3Builder::from_env` and friends):
//!
//! | store | variables |
//! |-------|-----------|
//! | `s3://bucket/key` | `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, `AWS_REGION` / `AWS_DEFAULT_REGION`, `AWS_ENDPOINT_URL` / `AWS_ENDPOINT` (S3-compatible servers), `AWS_ALLOW_HTTP=true` (plain-http endpoints) |
//! | `gs://bucket/key` | `GOOGLE_SERVICE_ACCOUNT` (key file path) or `GOOGLE_SERVICE_ACCOUNT_KEY` (JSON), else the metadata server |
//! | `az://container/key` | `AZURE_STORAGE_ACCOUNT_NAME` and `AZURE_STORAGE_ACCOUNT_KEY`, or `AZURE_STORAGE_CLIENT_ID` / `_SECRET` / `TENANT_ID` |
//! | `http(s)://host/path` | none (read-only, one URL per file: no listing) |
//!
//! Built without the `remote` cargo feature, URLs are recognized
//! ([`is_remote`]) but opening one is an error that says so.

// Without the feature, only URL recognition and the error saying so are used.
#![cfg_attr(not(feature = "remote"), allow(dead_code))]

use std::path::Path;

use tamis_core::{Error, Result};

#[cfg(feature = "remote")]
mod file;
#[cfg(feature = "remote")]
mod list;
mod output;
#[cfg(feature = "remote")]
pub(crate) mod parquet_object;
#[cfg(feature = "remote")]
mod store;

#[cfg(feature = "remote")]
pub(crate) use file::RemoteFile;
#[cfg(feature = "remote")]
pub(crate) use list::{expand, listed_size};
pub use output::{PublishStats, RemoteOutput};
#[cfg(feature = "remote")]
pub(crate) use store::{block_on, describe, runtime, store_for};

/// URL schemes handled here, lowercase.
const SCHEMES: &[(&str, Scheme)] = &[
    ("s3", Scheme::S3),
    ("s3a", Scheme::S3),
    ("gs", Scheme::Gcs),
    ("az", Scheme::Azure),
    ("abfs", Scheme::Azure),
    ("abfss", Scheme::Azure),
    ("azure", Scheme::Azure),
    ("adl", Scheme::Azure),
    ("http", Scheme::Http),
    ("https", Scheme::Http),
];

/// True when `spec` is an object-storage or HTTP URL (`s3://`, `s3a://`,
/// `gs://`, `az://`, `abfs(s)://`, `azure://`, `adl://`, `http(s)://`)
/// rather than a local path. Needs no network and no cargo feature.
///
/// ```
/// use tamis_io::remote::is_remote;
/// assert!(is_remote("s3://bucket/crawl/"));
/// assert!(is_remote("HTTPS://example.org/a.warc.gz"));
/// assert!(!is_remote("crawl/s3://x"));
/// assert!(!is_remote("/data/crawl"));
/// ```
pub fn is_remote(spec: &str) -> bool {
    scheme_of(spec).is_some()
}

/// [`is_remote`] for a path (URLs travel through the readers as `PathBuf`s).
pub(crate) fn is_remote_path(path: &Path) -> bool {
    path.to_str().is_some_and(is_remote)
}

fn scheme_of(spec: &str) -> Option<Scheme> {
    let (scheme, _) = spec.split_once("://")?;
    SCHEMES
        .iter()
        .find(|(s, _)| s.eq_ignore_ascii_case(scheme))
        .map(|&(_, k)| k)
}

/// A kind of store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scheme {
    S3,
    Gcs,
    Azure,
    Http,
}

impl Scheme {
    /// What to set when this store refuses us or cannot be reached.
    pub(crate) fn hint(self) -> &'static str {
        match self {
            Scheme::S3 => {
                "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials), \
                 AWS_REGION, and for an S3-compatible server AWS_ENDPOINT_URL (plus AWS_ALLOW_HTTP=true for http://)"
            }
            Scheme::Gcs => "set GOOGLE_SERVICE_ACCOUNT (path to a key file) or GOOGLE_SERVICE_ACCOUNT_KEY (the JSON key)",
            Scheme::Azure => {
                "set AZURE_STORAGE_ACCOUNT_NAME and AZURE_STORAGE_ACCOUNT_KEY \
                 (or AZURE_STORAGE_CLIENT_ID, AZURE_STORAGE_CLIENT_SECRET and AZURE_STORAGE_TENANT_ID)"
            }
            Scheme::Http => "check that the URL is right and the server is reachable",
        }
    }
}

/// A parsed object URL: the store it lives in and the key inside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RemoteUrl {
    pub scheme: Scheme,
    /// `scheme://authority`: one store per root (a bucket, a container, an HTTP origin).
    pub root: String,
    /// The key (object path) without a leading `/`; may end with `/` (a prefix).
    pub key: String,
}

impl RemoteUrl {
    /// Parses `spec`; errors name the URL and say what is wrong.
    pub(crate) fn parse(spec: &str) -> Result<RemoteUrl> {
        let scheme = scheme_of(spec)
            .ok_or_else(|| Error::config(format!("`{spec}` is not an object-storage URL")))?;
        let (prefix, rest) = spec.split_once("://").unwrap_or((spec, ""));
        let (authority, key) = rest.split_once('/').unwrap_or((rest, ""));
        if authority.is_empty() {
            let what = if scheme == Scheme::Http {
                "host"
            } else {
                "bucket"
            };
            return Err(Error::config(format!(
                "`{spec}`: no {what} name (expected {prefix}://{what}/path)"
            )));
        }
        if authority.contains(['*', '?', '[']) {
            return Err(Error::config(format!(
                "`{spec}`: patterns are allowed in the path, not in the {}",
                if scheme == Scheme::Http {
                    "host"
                } else {
                    "bucket name"
                }
            )));
        }
        if scheme == Scheme::Http && key.contains(['?', '#']) {
            return Err(Error::config(format!(
                "`{spec}`: query strings and fragments are not supported in http(s) inputs"
            )));
        }
        let root = format!("{}://{authority}", prefix.to_ascii_lowercase());
        Ok(RemoteUrl {
            scheme,
            root,
            key: key.to_owned(),
        })
    }

    /// The URL of `key` in the same store.
    pub(crate) fn with_key(&self, key: &str) -> String {
        format!("{}/{key}", self.root)
    }
}

/// The error for a URL when the crate is built without remote support.
#[cfg(not(feature = "remote"))]
pub(crate) fn unsupported(spec: &str) -> Error {
    Error::config(format!("`{spec}`: this build of tamis has no object-storage support (cargo feature `remote` of tamis-io is off)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognizes_urls() {
        for s in [
            "s3://b/k",
            "S3://b",
            "s3a://b/k",
            "gs://b/k",
            "az://c/k",
            "abfss://c@acct.dfs.core.windows.net/k",
            "http://h/x",
            "https://h:8080/x",
        ] {
            assert!(is_remote(s), "{s}");
        }
        for s in [
            "",
            "b/k",
            "/s3://b",
            "file:///tmp/x",
            "ftp://h/x",
            "s3:/b/k",
            "./s3://b",
            "C:\\data",
        ] {
            assert!(!is_remote(s), "{s}");
        }
        assert!(is_remote_path(Path::new("gs://b/x.parquet")));
        assert!(!is_remote_path(Path::new("x.parquet")));
    }

    #[test]
    fn parses_roots_and_keys() {
        let u = RemoteUrl::parse("S3://my-bucket/crawl/2024/a.warc.gz").unwrap();
        assert_eq!(
            (u.scheme, u.root.as_str(), u.key.as_str()),
            (Scheme::S3, "s3://my-bucket", "crawl/2024/a.warc.gz")
        );
        assert_eq!(u.with_key("x/y"), "s3://my-bucket/x/y");
        let u = RemoteUrl::parse("gs://b").unwrap();
        assert_eq!(
            (u.scheme, u.root.as_str(), u.key.as_str()),
            (Scheme::Gcs, "gs://b", "")
        );
        let u = RemoteUrl::parse("az://c/dir/").unwrap();
        assert_eq!((u.scheme, u.key.as_str()), (Scheme::Azure, "dir/"));
        let u = RemoteUrl::parse("http://127.0.0.1:8080/data/x.jsonl").unwrap();
        assert_eq!(
            (u.scheme, u.root.as_str(), u.key.as_str()),
            (Scheme::Http, "http://127.0.0.1:8080", "data/x.jsonl")
        );
    }

    #[test]
    fn parse_errors_name_the_url_and_the_problem() {
        let e = RemoteUrl::parse("s3:///key").unwrap_err().to_string();
        assert!(
            e.contains("`s3:///key`: no bucket name (expected s3://bucket/path)"),
            "{e}"
        );
        let e = RemoteUrl::parse("https:///x").unwrap_err().to_string();
        assert!(e.contains("no host name"), "{e}");
        let e = RemoteUrl::parse("s3://buck*/x").unwrap_err().to_string();
        assert!(e.contains("not in the bucket name"), "{e}");
        let e = RemoteUrl::parse("https://h/x?sig=1")
            .unwrap_err()
            .to_string();
        assert!(e.contains("query strings"), "{e}");
        assert!(RemoteUrl::parse("/local/path").is_err());
    }

    #[cfg(not(feature = "remote"))]
    #[test]
    fn urls_need_the_feature() {
        let e = crate::open_reader(
            Path::new("s3://b/x.jsonl"),
            &crate::ReaderOptions::default(),
        )
        .err()
        .unwrap()
        .to_string();
        assert!(e.contains("cargo feature `remote`"), "{e}");
        let e = crate::expand_inputs(&["gs://b/x/".to_owned()])
            .unwrap_err()
            .to_string();
        assert!(e.contains("cargo feature `remote`"), "{e}");
    }

    #[test]
    fn hints_name_the_variables() {
        assert!(Scheme::S3.hint().contains("AWS_ENDPOINT_URL"));
        assert!(Scheme::S3.hint().contains("AWS_ALLOW_HTTP=true"));
        assert!(Scheme::Gcs.hint().contains("GOOGLE_SERVICE_ACCOUNT"));
        assert!(Scheme::Azure.hint().contains("AZURE_STORAGE_ACCOUNT_KEY"));
    }
}
