//! Parquet output: zstd-compressed, columns `id` and `text` (utf8),
//! `metadata` (utf8: the JSON object of the document's metadata, which
//! varies per document), plus `url`, `language` (utf8, nullable) and
//! `language_score` (float64, nullable) for convenient filtering with
//! Hugging Face `datasets`, pandas or DuckDB. Row groups hold at most 10,000
//! rows or ~128 MB; rows are handed to the encoder in batches of 1,000 rows
//! or ~32 MB of text, so memory stays bounded.

use std::fs::File;
use std::io::BufWriter;
use std::sync::Arc;

use arrow_array::builder::{Float64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;
use tamis_core::{Document, Error, Result};

const BATCH_ROWS: usize = 1000;
const BATCH_BYTES: usize = 32 << 20;
const GROUP_ROWS: usize = 10_000;
const GROUP_BYTES: usize = 128 << 20;

/// The columns of a tamis Parquet file.
pub(crate) fn schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("id", DataType::Utf8, false),
        Field::new("text", DataType::Utf8, false),
        Field::new("metadata", DataType::Utf8, false),
        Field::new("url", DataType::Utf8, true),
        Field::new("language", DataType::Utf8, true),
        Field::new("language_score", DataType::Float64, true),
    ]))
}

/// An open Parquet file being written.
pub(crate) struct ParquetSink {
    writer: ArrowWriter<BufWriter<File>>,
    schema: SchemaRef,
    id: StringBuilder,
    text: StringBuilder,
    metadata: StringBuilder,
    url: StringBuilder,
    language: StringBuilder,
    score: Float64Builder,
    rows: usize,
    bytes: usize,
}

fn pq_err(e: parquet::errors::ParquetError) -> Error {
    Error::new(tamis_core::ErrorKind::Io, format!("parquet: {e}"))
}

impl ParquetSink {
    pub(crate) fn new(file: File) -> Result<ParquetSink> {
        let level = ZstdLevel::try_new(3).map_err(pq_err)?;
        let props = WriterProperties::builder()
            .set_compression(Compression::ZSTD(level))
            .set_max_row_group_row_count(Some(GROUP_ROWS))
            .set_max_row_group_bytes(Some(GROUP_BYTES))
            .set_created_by("tamis".into())
            .build();
        let schema = schema();
        let writer = ArrowWriter::try_new(
            BufWriter::with_capacity(1 << 20, file),
            schema.clone(),
            Some(props),
        )
        .map_err(pq_err)?;
        Ok(ParquetSink {
            writer,
            schema,
            id: StringBuilder::new(),
            text: StringBuilder::new(),
            metadata: StringBuilder::new(),
            url: StringBuilder::new(),
            language: StringBuilder::new(),
            score: Float64Builder::new(),
            rows: 0,
            bytes: 0,
        })
    }

    /// Adds a document; `value` is its `to_json` form (for the metadata column).
    pub(crate) fn push(&mut self, doc: &Document, value: &serde_json::Value) -> Result<()> {
        let meta = value
            .get("metadata")
            .map(|m| m.to_string())
            .unwrap_or_else(|| "{}".into());
        self.bytes += doc.id.len() + doc.text.len() + meta.len();
        self.id.append_value(&doc.id);
        self.text.append_value(&doc.text);
        self.metadata.append_value(meta);
        self.url.append_option(doc.url.as_deref());
        self.language.append_option(doc.language.as_deref());
        self.score.append_option(doc.language_score);
        self.rows += 1;
        if self.rows >= BATCH_ROWS || self.bytes >= BATCH_BYTES {
            self.flush_batch()?;
        }
        Ok(())
    }

    fn flush_batch(&mut self) -> Result<()> {
        if self.rows == 0 {
            return Ok(());
        }
        let cols: Vec<ArrayRef> = vec![
            Arc::new(self.id.finish()),
            Arc::new(self.text.finish()),
            Arc::new(self.metadata.finish()),
            Arc::new(self.url.finish()),
            Arc::new(self.language.finish()),
            Arc::new(self.score.finish()),
        ];
        let batch = RecordBatch::try_new(self.schema.clone(), cols)
            .map_err(|e| Error::data(format!("parquet batch: {e}")))?;
        self.writer.write(&batch).map_err(pq_err)?;
        self.rows = 0;
        self.bytes = 0;
        Ok(())
    }

    /// Writes the footer and makes the file durable.
    pub(crate) fn finish(mut self) -> Result<()> {
        self.flush_batch()?;
        // `into_inner` writes the footer.
        let buf = self.writer.into_inner().map_err(pq_err)?;
        let file = buf
            .into_inner()
            .map_err(|e| Error::io("cannot flush parquet file", e.into_error()))?;
        file.sync_all()
            .map_err(|e| Error::io("cannot sync parquet file", e))?;
        Ok(())
    }
}
