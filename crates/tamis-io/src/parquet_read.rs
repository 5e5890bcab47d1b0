//! Parquet input, read one batch of rows at a time (memory is bounded by a
//! row group's column chunks, never the whole file). Remote objects are read
//! with ranged requests (see `remote/parquet_object.rs`).
//!
//! The `text_key` column is the text and `id_key` the id (string or
//! integer; when absent, `{file_stem}/{row}`). A `metadata` column, either a
//! struct or a JSON-object string (as tamis writes it), becomes the
//! metadata; every other column is added to it too (strings, numbers,
//! booleans, lists and structs as JSON; other types as their display
//! string). Codes: `no_text` (no such column, or a null/non-string value),
//! `parquet_corrupt` (a batch cannot be decoded; the rest of the file is
//! skipped).

use std::fs::File;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, Int64Type, UInt64Type};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{ArrowError, DataType, SchemaRef};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use serde_json::{Map, Value};
use tamis_core::{Document, Error, Result};

use crate::reader::{stem, ReadItem, ReaderOptions, RecordError};

const BATCH_ROWS: usize = 1024;

/// Yields the rows of a Parquet file as documents.
pub(crate) struct ParquetDocs {
    batches: Option<Batches>,
    file: String,
    stem: String,
    text_key: String,
    id_key: String,
    /// The current batch, converted column by column.
    columns: Vec<(String, Vec<Option<Value>>)>,
    batch_row: usize,
    batch_len: usize,
    row: u64,
    total_rows: u64,
    file_len: u64,
    count: Arc<AtomicU64>,
    /// An error to report once (e.g. the text column is missing).
    failure: Option<RecordError>,
}

/// Record batches from a local file or a remote object.
type Batches = Box<dyn Iterator<Item = std::result::Result<RecordBatch, ArrowError>> + Send>;

/// Opens the batches of `path` (a file, or an object URL): batches, schema, rows, size in bytes.
fn open_batches(path: &Path, file_name: &str) -> Result<(Batches, SchemaRef, u64, u64)> {
    #[cfg(feature = "remote")]
    if crate::remote::is_remote_path(path) {
        let o = crate::remote::parquet_object::open(file_name, BATCH_ROWS)?;
        return Ok((Box::new(o.batches), o.schema, o.rows, o.size));
    }
    #[cfg(not(feature = "remote"))]
    if crate::remote::is_remote_path(path) {
        return Err(crate::remote::unsupported(file_name));
    }
    let f = File::open(path).map_err(|e| Error::io(format!("cannot open {file_name}"), e))?;
    let file_len = f.metadata().map(|m| m.len()).unwrap_or(0);
    let builder = ParquetRecordBatchReaderBuilder::try_new(f)
        .map_err(|e| Error::data(format!("{file_name}: not a readable parquet file: {e}")))?;
    let total_rows = builder.metadata().file_metadata().num_rows().max(0) as u64;
    let schema = builder.schema().clone();
    let batches = builder
        .with_batch_size(BATCH_ROWS)
        .build()
        .map_err(|e| Error::data(format!("{file_name}: {e}")))?;
    Ok((Box::new(batches), schema, total_rows, file_len))
}

impl ParquetDocs {
    pub(crate) fn open(path: &Path, opts: &ReaderOptions) -> Result<(ParquetDocs, Arc<AtomicU64>)> {
        let file_name = path.display().to_string();
        let (batches, schema, total_rows, file_len) = open_batches(path, &file_name)?;
        let has_text = schema.fields().iter().any(|f| f.name() == &opts.text_key);
        let count = Arc::new(AtomicU64::new(0));
        let failure = (!has_text).then(|| RecordError {
            file: file_name.clone(),
            offset: None,
            id: None,
            line: None,
            reason: format!("no column `{}` (text_key) in the file", opts.text_key),
            code: "no_text",
        });
        let docs = ParquetDocs {
            batches: if has_text { Some(batches) } else { None },
            file: file_name,
            stem: stem(path),
            text_key: opts.text_key.clone(),
            id_key: opts.id_key.clone(),
            columns: Vec::new(),
            batch_row: 0,
            batch_len: 0,
            row: 0,
            total_rows,
            file_len,
            count: count.clone(),
            failure,
        };
        Ok((docs, count))
    }

    fn load(&mut self, batch: &RecordBatch) {
        self.columns.clear();
        for (field, col) in batch.schema().fields().iter().zip(batch.columns()) {
            self.columns.push((field.name().clone(), to_json(col)));
        }
        self.batch_row = 0;
        self.batch_len = batch.num_rows();
    }

    fn row_doc(&mut self) -> ReadItem {
        let i = self.batch_row;
        let mut obj = Map::with_capacity(self.columns.len());
        for (name, values) in &mut self.columns {
            let Some(v) = values.get_mut(i).and_then(Option::take) else {
                continue;
            };
            let v = match (name.as_str(), v) {
                ("metadata", Value::String(s)) => match serde_json::from_str::<Value>(&s) {
                    Ok(o @ Value::Object(_)) => o,
                    _ => Value::String(s),
                },
                (_, v) => v,
            };
            obj.insert(name.clone(), v);
        }
        let row = self.row;
        let id = obj
            .get(&self.id_key)
            .and_then(|v| v.as_str().map(str::to_owned));
        match Document::from_json(Value::Object(obj), &self.text_key, &self.id_key, || {
            format!("{}/{row}", self.stem)
        }) {
            Ok(doc) => ReadItem::Doc(doc),
            Err(e) => ReadItem::Error(RecordError {
                file: self.file.clone(),
                offset: Some(row),
                id,
                line: None,
                reason: format!("row {row}: {}", e.message()),
                code: "no_text",
            }),
        }
    }
}

impl Iterator for ParquetDocs {
    type Item = ReadItem;

    fn next(&mut self) -> Option<ReadItem> {
        if let Some(f) = self.failure.take() {
            return Some(ReadItem::Error(f));
        }
        while self.batch_row >= self.batch_len {
            let batches = self.batches.as_mut()?;
            // The decoder is third-party code fed with untrusted bytes: a
            // panic in it must not take the worker down.
            let next = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| batches.next()))
                .unwrap_or_else(|_| {
                    Some(Err(arrow_schema::ArrowError::ExternalError(
                        "parquet decoder panicked".into(),
                    )))
                });
            match next? {
                Ok(batch) => self.load(&batch),
                Err(e) => {
                    self.batches = None;
                    self.count.store(self.file_len, Ordering::Relaxed);
                    return Some(ReadItem::Error(RecordError {
                        file: self.file.clone(),
                        offset: Some(self.row),
                        id: None,
                        line: None,
                        reason: format!(
                            "cannot decode rows from {}: {e}; rest of file skipped",
                            self.row
                        ),
                        code: "parquet_corrupt",
                    }));
                }
            }
        }
        let item = self.row_doc();
        self.batch_row += 1;
        self.row += 1;
        if self.total_rows > 0 {
            let done = (self.file_len as u128 * self.row as u128 / self.total_rows as u128) as u64;
            self.count.store(done, Ordering::Relaxed);
        }
        Some(item)
    }
}

/// Converts a column into JSON values, one per row (`None` for null).
fn to_json(col: &ArrayRef) -> Vec<Option<Value>> {
    let n = col.len();
    let valid = |i: usize| col.is_valid(i);
    match col.data_type() {
        DataType::Null => vec![None; n],
        DataType::Utf8 => {
            let a = col.as_string::<i32>();
            (0..n)
                .map(|i| valid(i).then(|| Value::String(a.value(i).to_owned())))
                .collect()
        }
        DataType::LargeUtf8 => {
            let a = col.as_string::<i64>();
            (0..n)
                .map(|i| valid(i).then(|| Value::String(a.value(i).to_owned())))
                .collect()
        }
        DataType::Utf8View => {
            let a = col.as_string_view();
            (0..n)
                .map(|i| valid(i).then(|| Value::String(a.value(i).to_owned())))
                .collect()
        }
        DataType::Boolean => {
            let a = col.as_boolean();
            (0..n)
                .map(|i| valid(i).then(|| Value::Bool(a.value(i))))
                .collect()
        }
        DataType::UInt64 => {
            let a = col.as_primitive::<UInt64Type>();
            (0..n)
                .map(|i| valid(i).then(|| Value::from(a.value(i))))
                .collect()
        }
        DataType::Int8
        | DataType::Int16
        | DataType::Int32
        | DataType::Int64
        | DataType::UInt8
        | DataType::UInt16
        | DataType::UInt32 => match arrow_cast::cast(col, &DataType::Int64) {
            Ok(c) => {
                let a = c.as_primitive::<Int64Type>();
                (0..n)
                    .map(|i| a.is_valid(i).then(|| Value::from(a.value(i))))
                    .collect()
            }
            Err(_) => vec![None; n],
        },
        DataType::Float16 | DataType::Float32 | DataType::Float64 => {
            match arrow_cast::cast(col, &DataType::Float64) {
                Ok(c) => {
                    let a = c.as_primitive::<Float64Type>();
                    (0..n)
                        .map(|i| {
                            a.is_valid(i).then(|| {
                                serde_json::Number::from_f64(a.value(i))
                                    .map_or(Value::Null, Value::Number)
                            })
                        })
                        .collect()
                }
                Err(_) => vec![None; n],
            }
        }
        DataType::Struct(fields) => {
            let s = col.as_struct();
            let mut children: Vec<Vec<Option<Value>>> = s.columns().iter().map(to_json).collect();
            (0..n)
                .map(|i| {
                    valid(i).then(|| {
                        let mut o = Map::new();
                        for (f, c) in fields.iter().zip(children.iter_mut()) {
                            if let Some(v) = c.get_mut(i).and_then(Option::take) {
                                o.insert(f.name().clone(), v);
                            }
                        }
                        Value::Object(o)
                    })
                })
                .collect()
        }
        DataType::List(_) => {
            let l = col.as_list::<i32>();
            (0..n)
                .map(|i| valid(i).then(|| list(&l.value(i))))
                .collect()
        }
        DataType::LargeList(_) => {
            let l = col.as_list::<i64>();
            (0..n)
                .map(|i| valid(i).then(|| list(&l.value(i))))
                .collect()
        }
        _ => match arrow_cast::cast(col, &DataType::Utf8) {
            Ok(c) => to_json(&c),
            Err(_) => vec![None; n],
        },
    }
}

fn list(values: &ArrayRef) -> Value {
    Value::Array(
        to_json(values)
            .into_iter()
            .map(|v| v.unwrap_or(Value::Null))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reader::open_reader;
    use arrow_array::builder::{Int32Builder, ListBuilder, StringBuilder};
    use arrow_array::{Float32Array, Int64Array, StringArray, StructArray};
    use arrow_schema::{Field, Fields, Schema};
    use parquet::arrow::ArrowWriter;

    use crate::test_util::codes;

    /// A file shaped like a Hugging Face dataset: `content`, an integer id,
    /// a struct `metadata`, extra columns of several types.
    #[test]
    fn foreign_files_with_struct_metadata() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("hf.parquet");
        let meta_fields = Fields::from(vec![
            Field::new("source", DataType::Utf8, true),
            Field::new("score", DataType::Float32, true),
        ]);
        let meta = StructArray::new(
            meta_fields.clone(),
            vec![
                Arc::new(StringArray::from(vec![Some("web"), None, Some("x")])),
                Arc::new(Float32Array::from(vec![Some(0.5), Some(1.0), None])),
            ],
            None,
        );
        let mut tags = ListBuilder::new(Int32Builder::new());
        tags.append_value([Some(1), Some(2)]);
        tags.append_null();
        tags.append_value([]);
        let mut content = StringBuilder::new();
        content.append_value("premier");
        content.append_value("deuxième");
        content.append_null();
        let schema = Arc::new(Schema::new(vec![
            Field::new("uid", DataType::Int64, false),
            Field::new("content", DataType::Utf8, true),
            Field::new("metadata", DataType::Struct(meta_fields), true),
            Field::new("tags", tags.finish().data_type().clone(), true),
            Field::new("url", DataType::Utf8, true),
        ]));
        let mut tags = ListBuilder::new(Int32Builder::new());
        tags.append_value([Some(1), Some(2)]);
        tags.append_null();
        tags.append_value([]);
        let batch = RecordBatch::try_new(
            schema.clone(),
            vec![
                Arc::new(Int64Array::from(vec![10, 11, 12])),
                Arc::new(content.finish()),
                Arc::new(meta),
                Arc::new(tags.finish()),
                Arc::new(StringArray::from(vec![Some("https://a.fr/x"), None, None])),
            ],
        )
        .unwrap();
        let mut w = ArrowWriter::try_new(File::create(&p).unwrap(), schema, None).unwrap();
        w.write(&batch).unwrap();
        w.close().unwrap();

        let opts = ReaderOptions {
            text_key: "content".into(),
            id_key: "uid".into(),
            ..ReaderOptions::default()
        };
        let r = open_reader(&p, &opts).unwrap();
        let it: Vec<ReadItem> = r.collect();
        assert_eq!(codes(&it), ["doc:10", "doc:11", "err:no_text"]);
        let ReadItem::Doc(d) = &it[0] else { panic!() };
        assert_eq!(d.text, "premier");
        assert_eq!(d.url.as_deref(), Some("https://a.fr/x"));
        assert_eq!(d.metadata["source"], "web");
        assert_eq!(d.metadata["score"], 0.5);
        assert_eq!(d.metadata["tags"], serde_json::json!([1, 2]));
        let ReadItem::Doc(d) = &it[1] else { panic!() };
        assert!(d.metadata.get("tags").is_none() && d.metadata.get("source").is_none());
        assert_eq!(d.position.ordinal, 1);

        // Without the text column: one error, then nothing.
        let it: Vec<ReadItem> = open_reader(&p, &ReaderOptions::default())
            .unwrap()
            .collect();
        assert_eq!(codes(&it), ["err:no_text"]);
    }

    #[test]
    fn corrupt_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("bad.parquet");
        std::fs::write(&p, b"PAR1 this is not parquet PAR1").unwrap();
        assert!(
            open_reader(&p, &ReaderOptions::default()).is_err(),
            "unreadable footer: cannot open at all"
        );
        // Damaged data pages: error records, no panic.
        let good = dir.path().join("good.parquet");
        let mut w = crate::ShardWriter::new(
            dir.path(),
            "g",
            &crate::WriterOptions {
                format: crate::OutputFormat::Parquet,
                ..Default::default()
            },
        )
        .unwrap();
        for i in 0..3000 {
            w.write(&Document::new(
                format!("{i}"),
                format!("texte {i} ").repeat(20),
            ))
            .unwrap();
        }
        let files = w.finish().unwrap();
        std::fs::rename(&files[0], &good).unwrap();
        let mut bytes = std::fs::read(&good).unwrap();
        let n = bytes.len();
        for b in &mut bytes[n / 3..n / 3 + 200] {
            *b = !*b;
        }
        std::fs::write(&p, &bytes).unwrap();
        if let Ok(r) = open_reader(&p, &ReaderOptions::default()) {
            let it: Vec<ReadItem> = r.collect();
            assert!(it.len() <= 3000);
        }
    }
}
