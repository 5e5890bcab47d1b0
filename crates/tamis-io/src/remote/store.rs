//! One store per bucket (built once from the environment, shared by every
//! reader so connections are pooled), the small tokio runtime that drives
//! their requests, and errors that say which URL failed and what to set.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex, OnceLock};

use object_store::path::Path as ObjPath;
use object_store::ObjectStore;
use tamis_core::{Error, ErrorKind, Result};

use super::{RemoteUrl, Scheme};

/// Worker threads of the I/O runtime: requests are I/O-bound, and the
/// readers' CPU work (decompression, parsing) stays on the caller's threads.
const IO_THREADS: usize = 2;

/// The runtime that runs every request (created on first use).
pub(crate) fn runtime() -> Result<&'static tokio::runtime::Runtime> {
    static RT: OnceLock<std::result::Result<tokio::runtime::Runtime, String>> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(IO_THREADS)
            .thread_name("tamis-io-net")
            .enable_all()
            .build()
            .map_err(|e| e.to_string())
    })
    .as_ref()
    .map_err(|e| {
        Error::new(
            ErrorKind::Other,
            format!("cannot start the object-storage I/O runtime: {e}"),
        )
    })
}

/// Runs `fut` on the I/O runtime and waits for it from this (blocking)
/// thread. Works from any thread, even one inside another async runtime
/// (it blocks that thread, it does not panic).
pub(crate) fn block_on<T: Send + 'static>(
    fut: impl Future<Output = Result<T>> + Send + 'static,
) -> Result<T> {
    let handle = runtime()?.spawn(fut);
    futures::executor::block_on(handle)
        .map_err(|e| Error::new(ErrorKind::Other, format!("object-storage task failed: {e}")))?
}

/// The store for `url`'s bucket (cached) and the object path of its key.
pub(crate) fn store_for(url: &RemoteUrl) -> Result<(Arc<dyn ObjectStore>, ObjPath)> {
    static STORES: OnceLock<Mutex<HashMap<String, Arc<dyn ObjectStore>>>> = OnceLock::new();
    let path = object_path(url)?;
    let mut cache = STORES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    if let Some(s) = cache.get(&url.root) {
        return Ok((s.clone(), path));
    }
    let store = build(url)?;
    cache.insert(url.root.clone(), store.clone());
    Ok((store, path))
}

/// The object path of a key (a trailing `/` is dropped: prefixes are per segment).
pub(crate) fn object_path(url: &RemoteUrl) -> Result<ObjPath> {
    let key = url.key.trim_end_matches('/');
    // Keys listed from a store are already in object_store's encoding; keys
    // typed by people may contain characters it escapes.
    ObjPath::parse(key).or_else(|_| Ok(ObjPath::from(key)))
}

fn build(url: &RemoteUrl) -> Result<Arc<dyn ObjectStore>> {
    use object_store::{aws, azure, gcp, http, ClientOptions};
    let built: object_store::Result<Arc<dyn ObjectStore>> = match url.scheme {
        Scheme::S3 => aws::AmazonS3Builder::from_env()
            .with_url(&url.root)
            .build()
            .map(|s| Arc::new(s) as _),
        Scheme::Gcs => gcp::GoogleCloudStorageBuilder::from_env()
            .with_url(&url.root)
            .build()
            .map(|s| Arc::new(s) as _),
        Scheme::Azure => azure::MicrosoftAzureBuilder::from_env()
            .with_url(&url.root)
            .build()
            .map(|s| Arc::new(s) as _),
        Scheme::Http => http::HttpBuilder::new()
            .with_url(&url.root)
            .with_client_options(ClientOptions::new().with_allow_http(true))
            .build()
            .map(|s| Arc::new(s) as _),
    };
    built.map_err(|e| {
        Error::config(format!(
            "cannot set up the store for {}: {e}; {}",
            url.root,
            url.scheme.hint()
        ))
    })
}

/// A clear error for a failed `what` (`read`, `list`, `upload`, ...) on `url`.
pub(crate) fn describe(scheme: Scheme, url: &str, what: &str, e: &object_store::Error) -> Error {
    use object_store::Error as E;
    let msg = match e {
        E::NotFound { .. } => format!("{url}: no such object (or bucket)"),
        E::PermissionDenied { .. } | E::Unauthenticated { .. } => {
            format!(
                "{url}: {what} refused: {}; {}",
                root_cause(e),
                scheme.hint()
            )
        }
        E::Precondition { .. } => {
            format!("{url}: the object changed while it was being read; read it again")
        }
        _ => format!("{url}: {what} failed: {}; {}", root_cause(e), scheme.hint()),
    };
    Error::new(ErrorKind::Io, msg)
}

/// The error chain in one line, without repeating messages that contain each other.
fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut cur = Some(e);
    while let Some(err) = cur {
        let s = err.to_string();
        if !parts.iter().any(|p| p.contains(&s)) {
            parts.push(s);
        }
        cur = err.source();
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_say_what_to_set() {
        let nf = object_store::Error::NotFound {
            path: "k".into(),
            source: "404".into(),
        };
        let e = describe(Scheme::S3, "s3://b/k", "read", &nf).to_string();
        assert_eq!(e, "s3://b/k: no such object (or bucket)");
        let pd = object_store::Error::PermissionDenied {
            path: "k".into(),
            source: "403 Forbidden".into(),
        };
        let e = describe(Scheme::Gcs, "gs://b/k", "read", &pd).to_string();
        assert!(e.starts_with("gs://b/k: read refused: "), "{e}");
        assert!(
            e.contains("403 Forbidden") && e.contains("GOOGLE_SERVICE_ACCOUNT"),
            "{e}"
        );
        let g = object_store::Error::Generic {
            store: "S3",
            source: "connection refused".into(),
        };
        let e = describe(Scheme::S3, "s3://b/", "list", &g).to_string();
        assert!(
            e.contains("s3://b/: list failed: ")
                && e.contains("connection refused")
                && e.contains("AWS_ENDPOINT_URL"),
            "{e}"
        );
    }

    #[test]
    fn stores_are_built_without_network_and_cached() {
        // Building a store reads the environment but sends no request.
        let u = RemoteUrl::parse("s3://tamis-unit-bucket/a/b.jsonl").unwrap();
        let (s1, p) = store_for(&u).unwrap();
        assert_eq!(p.as_ref(), "a/b.jsonl");
        let (s2, _) = store_for(&RemoteUrl::parse("s3://tamis-unit-bucket/c").unwrap()).unwrap();
        assert!(Arc::ptr_eq(&s1, &s2), "one store per bucket");
        let (_, p) = store_for(&RemoteUrl::parse("http://127.0.0.1:9/x/y z.txt").unwrap()).unwrap();
        assert_eq!(p.as_ref(), "x/y z.txt");
        let (_, p) = store_for(&RemoteUrl::parse("gs://b/dir/").unwrap()).unwrap_or_else(|e| {
            // Without Google credentials in the environment the builder may still succeed; a failure must name the variables.
            assert!(e.to_string().contains("GOOGLE_SERVICE_ACCOUNT"), "{e}");
            (
                Arc::new(object_store::memory::InMemory::new()),
                ObjPath::from("dir"),
            )
        });
        assert_eq!(p.as_ref(), "dir");
    }

    #[test]
    fn block_on_returns_values_and_errors() {
        assert_eq!(block_on(async { Ok(41 + 1) }).unwrap(), 42);
        let e = block_on(async { Err::<(), _>(Error::data("nope")) }).unwrap_err();
        assert_eq!(e.to_string(), "nope");
    }
}
