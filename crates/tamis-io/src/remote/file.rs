//! A remote object as a blocking `Read + Seek` byte stream.
//!
//! A background task on the I/O runtime pulls the object's body and hands
//! the chunks to the reader through a bounded channel ([`PREFETCH_CHUNKS`]
//! chunks, a few MB at most), so network transfer overlaps with parsing and
//! memory stays bounded whatever the object's size. A body cut off mid-way
//! is resumed with a ranged request from the last byte received (up to
//! [`RETRIES`] times), pinned to the object's ETag so a concurrent overwrite
//! is an error rather than a mix of two versions. A seek (the gzip reader's
//! resync after a damaged member) restarts the stream at the new offset.

use std::io::{self, Read, Seek, SeekFrom};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures::stream::{BoxStream, StreamExt};
use object_store::path::Path as ObjPath;
use object_store::{GetOptions, GetRange, ObjectStore};
use tamis_core::Result;
use tokio::sync::mpsc;

use super::{block_on, describe, runtime, store_for, RemoteUrl, Scheme};

/// Chunks of the body buffered ahead of the reader.
const PREFETCH_CHUNKS: usize = 8;
/// Attempts to resume a body that broke off.
const RETRIES: u32 = 3;

/// One object, read front to back (seeks restart the transfer).
pub(crate) struct RemoteFile {
    obj: Arc<Obj>,
    /// Offset of the next byte `read` returns.
    pos: u64,
    /// Bytes received and not yet returned; they start at `pos`.
    chunk: Bytes,
    rx: Option<mpsc::Receiver<std::result::Result<Bytes, String>>>,
    task: Option<tokio::task::AbortHandle>,
    /// A stream error already returned; reads fail until a seek.
    failed: Option<String>,
}

/// What a transfer needs to (re)start.
struct Obj {
    url: String,
    scheme: Scheme,
    store: Arc<dyn ObjectStore>,
    path: ObjPath,
    size: u64,
    e_tag: Option<String>,
}

impl RemoteFile {
    /// Opens `url` (one request: its answer gives the size and starts the body).
    pub(crate) fn open(url: &str) -> Result<RemoteFile> {
        let parsed = RemoteUrl::parse(url)?;
        let (store, path) = store_for(&parsed)?;
        let (s, p, u) = (store.clone(), path.clone(), url.to_owned());
        let scheme = parsed.scheme;
        let res = block_on(async move {
            s.get_opts(&p, GetOptions::default())
                .await
                .map_err(|e| describe(scheme, &u, "read", &e))
        })?;
        let obj = Arc::new(Obj {
            url: url.to_owned(),
            scheme,
            store,
            path,
            size: res.meta.size,
            e_tag: res.meta.e_tag.clone(),
        });
        let mut f = RemoteFile {
            obj,
            pos: 0,
            chunk: Bytes::new(),
            rx: None,
            task: None,
            failed: None,
        };
        f.start(Some(res.into_stream()))?;
        Ok(f)
    }

    /// Starts the transfer task at `self.pos` (with `body` if already requested).
    fn start(
        &mut self,
        body: Option<BoxStream<'static, object_store::Result<Bytes>>>,
    ) -> Result<()> {
        let (tx, rx) = mpsc::channel(PREFETCH_CHUNKS);
        let task = runtime()?.spawn(pump(self.obj.clone(), body, self.pos, tx));
        self.rx = Some(rx);
        self.task = Some(task.abort_handle());
        Ok(())
    }

    fn stop(&mut self) {
        if let Some(t) = self.task.take() {
            t.abort();
        }
        self.rx = None;
        self.chunk = Bytes::new();
    }
}

impl Drop for RemoteFile {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Sends the body from `pos` to the end through `tx`, resuming a broken
/// transfer with ranged requests; the channel closes at the end (or with
/// an `Err` message on failure).
async fn pump(
    obj: Arc<Obj>,
    mut body: Option<BoxStream<'static, object_store::Result<Bytes>>>,
    mut pos: u64,
    tx: mpsc::Sender<std::result::Result<Bytes, String>>,
) {
    let mut retries = 0;
    while pos < obj.size {
        let mut stream = match body.take() {
            Some(s) => s,
            None => {
                let opts = GetOptions {
                    range: Some(GetRange::Offset(pos)),
                    if_match: obj.e_tag.clone(),
                    ..GetOptions::default()
                };
                match obj.store.get_opts(&obj.path, opts).await {
                    Ok(r) => r.into_stream(),
                    Err(e) => {
                        let _ = tx
                            .send(Err(describe(obj.scheme, &obj.url, "read", &e).to_string()))
                            .await;
                        return;
                    }
                }
            }
        };
        let broke = loop {
            match stream.next().await {
                Some(Ok(b)) => {
                    pos += b.len() as u64;
                    if tx.send(Ok(b)).await.is_err() {
                        return; // the reader is gone
                    }
                }
                Some(Err(e)) => break describe(obj.scheme, &obj.url, "read", &e).to_string(),
                None if pos < obj.size => {
                    break format!(
                        "{}: the transfer ended at byte {pos} of {}",
                        obj.url, obj.size
                    )
                }
                None => return,
            }
        };
        retries += 1;
        if retries > RETRIES {
            let _ = tx
                .send(Err(format!(
                    "{broke} (gave up after {RETRIES} resumed attempts)"
                )))
                .await;
            return;
        }
        tokio::time::sleep(Duration::from_millis(200 << retries)).await;
    }
}

impl Read for RemoteFile {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        loop {
            if !self.chunk.is_empty() {
                let n = self.chunk.len().min(out.len());
                out[..n].copy_from_slice(&self.chunk[..n]);
                let _ = self.chunk.split_to(n);
                self.pos += n as u64;
                return Ok(n);
            }
            if let Some(msg) = &self.failed {
                return Err(io::Error::other(msg.clone()));
            }
            if self.pos >= self.obj.size || out.is_empty() {
                return Ok(0);
            }
            if self.rx.is_none() {
                self.start(None).map_err(io::Error::other)?;
            }
            let Some(rx) = self.rx.as_mut() else {
                return Ok(0);
            };
            match futures::executor::block_on(rx.recv()) {
                Some(Ok(b)) => self.chunk = b,
                Some(Err(msg)) => {
                    self.stop();
                    self.failed = Some(msg.clone());
                    return Err(io::Error::other(msg));
                }
                None => {
                    self.stop();
                    let msg = format!(
                        "{}: the transfer stopped at byte {} of {}",
                        self.obj.url, self.pos, self.obj.size
                    );
                    self.failed = Some(msg.clone());
                    return Err(io::Error::new(io::ErrorKind::UnexpectedEof, msg));
                }
            }
        }
    }
}

impl Seek for RemoteFile {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let target = match to {
            SeekFrom::Start(p) => Some(p),
            SeekFrom::End(d) => self.obj.size.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        let target = target.ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                "seek before the start of the object",
            )
        })?;
        if target == self.pos {
            return Ok(target);
        }
        self.failed = None;
        let ahead = target
            .checked_sub(self.pos)
            .filter(|&d| d < self.chunk.len() as u64);
        match ahead {
            // Inside the chunk in hand: no new request.
            Some(d) => {
                let _ = self.chunk.split_to(d as usize);
            }
            None => self.stop(),
        }
        self.pos = target;
        Ok(target)
    }
}
