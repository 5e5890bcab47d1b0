//! Input discovery in object storage: a URL names one object, a prefix
//! (`s3://b/crawl/`, or `s3://b/crawl` when no such object exists) or a
//! glob (`s3://b/crawl/*/*.warc.gz`, `**` for any depth).

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use futures::TryStreamExt;
use object_store::path::Path as ObjPath;
use object_store::ObjectStoreExt;
use tamis_core::{Error, Result};

use super::{block_on, describe, store_for, RemoteUrl, Scheme};

/// The objects `spec` names, as `(url, size)` sorted by URL. Hidden names
/// (a path segment starting with `.`) are skipped in listings, as in local
/// folders. An `http(s)://` URL is taken as one file, unchecked (HTTP has
/// no listing).
pub(crate) fn expand(spec: &str) -> Result<Vec<(String, Option<u64>)>> {
    let url = RemoteUrl::parse(spec)?;
    let glob_at = url.key.find(['*', '?', '[']);
    if url.scheme == Scheme::Http {
        if glob_at.is_some() || url.key.is_empty() || url.key.ends_with('/') {
            return Err(Error::config(format!(
                "`{spec}`: http(s) inputs must name files (HTTP servers cannot be listed)"
            )));
        }
        return Ok(vec![(spec.to_owned(), None)]);
    }
    let (store, _) = store_for(&url)?;
    let mut found = match glob_at {
        Some(i) => {
            // List under the literal directory part, then match the pattern.
            let dir = url.key[..i].rfind('/').map_or("", |j| &url.key[..j]);
            let opts = glob::MatchOptions {
                case_sensitive: true,
                require_literal_separator: true,
                require_literal_leading_dot: true,
            };
            let pattern = glob::Pattern::new(&url.key)
                .map_err(|e| Error::config(format!("bad input pattern `{spec}`: {e}")))?;
            list(&url, spec, dir, false)?
                .into_iter()
                .filter(|(key, _)| pattern.matches_with(key, opts))
                .collect()
        }
        None if url.key.is_empty() || url.key.ends_with('/') => list(&url, spec, &url.key, true)?,
        None => {
            let (s, path, u) = (
                store.clone(),
                ObjPath::parse(&url.key).unwrap_or_else(|_| ObjPath::from(url.key.as_str())),
                spec.to_owned(),
            );
            let scheme = url.scheme;
            let head = block_on(async move {
                match s.head(&path).await {
                    Ok(meta) => Ok(Some(meta.size)),
                    Err(object_store::Error::NotFound { .. }) => Ok(None),
                    Err(e) => Err(describe(scheme, &u, "lookup", &e)),
                }
            })?;
            match head {
                Some(size) => vec![(url.key.clone(), Some(size))],
                // Not an object: a folder-like prefix?
                None => list(&url, spec, &url.key, true)?,
            }
        }
    };
    if found.is_empty() {
        return Err(Error::config(format!("input `{spec}` matches no objects")));
    }
    found.sort();
    let found: Vec<(String, Option<u64>)> = found
        .into_iter()
        .map(|(key, size)| (url.with_key(&key), size))
        .collect();
    let mut sizes = SIZES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    for (u, size) in &found {
        if let Some(n) = size {
            sizes.insert(u.clone(), *n);
        }
    }
    Ok(found)
}

/// Sizes of the objects listed so far, by URL (for progress totals).
static SIZES: OnceLock<Mutex<HashMap<String, u64>>> = OnceLock::new();

/// The size of an object found by [`expand`], if it was listed.
pub(crate) fn listed_size(url: &str) -> Option<u64> {
    SIZES
        .get()?
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get(url)
        .copied()
}

/// Every object under the `dir` prefix (recursively; hidden ones only if
/// `!skip_hidden`): `(key, size)`.
fn list(
    url: &RemoteUrl,
    spec: &str,
    dir: &str,
    skip_hidden: bool,
) -> Result<Vec<(String, Option<u64>)>> {
    let (store, _) = store_for(url)?;
    let dir = dir.trim_end_matches('/');
    let prefix = if dir.is_empty() {
        None
    } else {
        Some(ObjPath::parse(dir).unwrap_or_else(|_| ObjPath::from(dir)))
    };
    let (scheme, u) = (url.scheme, spec.to_owned());
    let metas = block_on(async move {
        store
            .list(prefix.as_ref())
            .try_collect::<Vec<_>>()
            .await
            .map_err(|e| describe(scheme, &u, "list", &e))
    })?;
    let rel_start = if dir.is_empty() { 0 } else { dir.len() + 1 };
    Ok(metas
        .into_iter()
        .filter(|m| {
            !skip_hidden
                || !m
                    .location
                    .as_ref()
                    .get(rel_start..)
                    .unwrap_or("")
                    .split('/')
                    .any(|seg| seg.starts_with('.'))
        })
        .map(|m| (m.location.as_ref().to_owned(), Some(m.size)))
        .collect())
}
