//! Parquet objects, read with ranged requests: the footer first, then one
//! row group's column chunks at a time (so memory per open object is one
//! row group's compressed columns, whatever the object's size). Requests
//! run on the I/O runtime; decoding stays on the caller's thread.

use std::ops::Range;
use std::sync::Arc;

use arrow_array::RecordBatch;
use arrow_schema::{ArrowError, SchemaRef};
use bytes::Bytes;
use futures::future::BoxFuture;
use futures::{FutureExt, StreamExt};
use object_store::path::Path as ObjPath;
use object_store::{ObjectStore, ObjectStoreExt};
use parquet::arrow::arrow_reader::ArrowReaderOptions;
use parquet::arrow::async_reader::{AsyncFileReader, ParquetRecordBatchStream, SpawnedReader};
use parquet::arrow::ParquetRecordBatchStreamBuilder;
use parquet::errors::ParquetError;
use parquet::file::metadata::{ParquetMetaData, ParquetMetaDataReader};
use tamis_core::{Error, Result};

use super::{block_on, describe, runtime, store_for, RemoteUrl, Scheme};

/// Bytes read from the end of the object at first: the footer and, usually,
/// the whole metadata in one request.
const FOOTER_HINT: usize = 64 << 10;

type Stream = ParquetRecordBatchStream<SpawnedReader<ObjectReader>>;

/// Ranged reads of one object, for the async Parquet reader.
#[derive(Clone, Debug)]
struct ObjectReader {
    store: Arc<dyn ObjectStore>,
    path: ObjPath,
    url: Arc<str>,
    scheme: Scheme,
    size: u64,
}

impl ObjectReader {
    fn error(&self, e: &object_store::Error) -> ParquetError {
        ParquetError::External(Box::new(describe(self.scheme, &self.url, "read", e)))
    }
}

impl AsyncFileReader for ObjectReader {
    fn get_bytes(&mut self, range: Range<u64>) -> BoxFuture<'_, parquet::errors::Result<Bytes>> {
        async move {
            self.store
                .get_range(&self.path, range)
                .await
                .map_err(|e| self.error(&e))
        }
        .boxed()
    }

    fn get_byte_ranges(
        &mut self,
        ranges: Vec<Range<u64>>,
    ) -> BoxFuture<'_, parquet::errors::Result<Vec<Bytes>>> {
        // object_store merges nearby ranges (a row group's column chunks) into few requests.
        async move {
            self.store
                .get_ranges(&self.path, &ranges)
                .await
                .map_err(|e| self.error(&e))
        }
        .boxed()
    }

    fn get_metadata<'a>(
        &'a mut self,
        _options: Option<&'a ArrowReaderOptions>,
    ) -> BoxFuture<'a, parquet::errors::Result<Arc<ParquetMetaData>>> {
        async move {
            let size = self.size;
            let meta = ParquetMetaDataReader::new()
                .with_prefetch_hint(Some(FOOTER_HINT))
                .load_and_finish(self, size)
                .await?;
            Ok(Arc::new(meta))
        }
        .boxed()
    }
}

/// The record batches of a remote Parquet object.
pub(crate) struct RemoteBatches {
    stream: Stream,
}

/// What opening a Parquet object gives: its batches, schema, row count and size.
pub(crate) struct Opened {
    pub batches: RemoteBatches,
    pub schema: SchemaRef,
    pub rows: u64,
    pub size: u64,
}

/// Opens the Parquet object at `url` (its footer is read now).
pub(crate) fn open(url: &str, batch_rows: usize) -> Result<Opened> {
    let parsed = RemoteUrl::parse(url)?;
    let (store, path) = store_for(&parsed)?;
    let (s, p, u, scheme) = (store.clone(), path.clone(), url.to_owned(), parsed.scheme);
    let size = block_on(async move {
        s.head(&p)
            .await
            .map(|m| m.size)
            .map_err(|e| describe(scheme, &u, "read", &e))
    })?;
    let reader = ObjectReader {
        store,
        path,
        url: url.into(),
        scheme,
        size,
    };
    let reader = SpawnedReader::new(reader, runtime()?.handle().clone());
    let not_parquet =
        |e: &dyn std::fmt::Display| Error::data(format!("{url}: not a readable parquet file: {e}"));
    let builder = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        futures::executor::block_on(ParquetRecordBatchStreamBuilder::new(reader))
    }))
    .map_err(|_| not_parquet(&"the parquet decoder panicked"))?
    .map_err(|e| not_parquet(&e))?;
    let rows = builder.metadata().file_metadata().num_rows().max(0) as u64;
    let schema = builder.schema().clone();
    let stream = builder
        .with_batch_size(batch_rows)
        .build()
        .map_err(|e| Error::data(format!("{url}: {e}")))?;
    Ok(Opened {
        batches: RemoteBatches { stream },
        schema,
        rows,
        size,
    })
}

impl Iterator for RemoteBatches {
    type Item = std::result::Result<RecordBatch, ArrowError>;

    fn next(&mut self) -> Option<Self::Item> {
        futures::executor::block_on(self.stream.next())
            .map(|r| r.map_err(|e| ArrowError::ExternalError(Box::new(e))))
    }
}
