//! Steps on pyarrow tables, through the Arrow C data interface.
//!
//! The table's buffers are imported without a copy (`__arrow_c_stream__`).
//! Each row becomes a [`Document`]: `text` (required, a string column) is
//! copied into it because steps own and may rewrite their text; `id` (string
//! or integer, optional) and every other scalar or struct column become its
//! fields and metadata, exactly as the keys of a datatrove dict would (so
//! `url` and `language` columns, or a `metadata` struct column holding them,
//! are seen by the steps that need them). Columns of other types (binary,
//! timestamps, dictionaries) are not shown to steps but are passed through.
//!
//! Output: the kept rows of every input column (Arrow's `filter` kernel),
//! with `text` rebuilt from the processed documents in the input's string
//! type, plus `url`, `title`, `author`, `date`, `language`, `language_score`
//! columns for those fields a step set or changed (added at the end, or
//! replacing a top-level column of that name). The removed table holds the
//! removed rows as they came in plus `removed_step`, `removed_reason` and
//! `removed_signals` (a JSON string). Other metadata a step adds is only
//! returned by the list-of-dicts form.

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Float32Type, Float64Type, Int16Type, Int32Type, Int64Type, Int8Type, UInt16Type, UInt32Type,
    UInt64Type, UInt8Type,
};
use arrow_array::{
    Array, ArrayRef, BooleanArray, Float64Array, LargeStringArray, RecordBatch, StringArray,
    StringViewArray,
};
use arrow_pyarrow::{FromPyArrow, IntoPyArrow, Table, ToPyArrow};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use serde_json::{Map, Number, Value};
use tamis_core::Document;

use crate::step::Fate;

/// True for pyarrow tables, record batches and other Arrow stream exporters.
pub fn is_arrow(obj: &Bound<'_, PyAny>) -> PyResult<bool> {
    Ok(obj.hasattr("__arrow_c_stream__")? || obj.hasattr("__arrow_c_array__")?)
}

/// The typed document fields written back as columns when a step changes them.
const FIELDS: [&str; 6] = [
    "url",
    "title",
    "author",
    "date",
    "language",
    "language_score",
];

fn field_value(doc: &Document, i: usize) -> Option<Value> {
    let s = |v: &Option<String>| v.as_ref().map(|s| Value::String(s.clone()));
    match i {
        0 => s(&doc.url),
        1 => s(&doc.title),
        2 => s(&doc.author),
        3 => s(&doc.date),
        4 => s(&doc.language),
        _ => doc
            .language_score
            .and_then(Number::from_f64)
            .map(Value::Number),
    }
}

/// One input batch after the step ran.
struct Done {
    batch: RecordBatch,
    docs: Vec<Document>,
    fates: Vec<Fate>,
    /// Which of [`FIELDS`] a step changed in this batch.
    changed: [bool; 6],
}

/// Runs `run` over the rows of an Arrow object; returns `(kept, removed)`
/// as pyarrow objects of the input's kind (`RecordBatch` in, `RecordBatch`
/// out; a `Table` otherwise).
pub fn process<'py>(
    py: Python<'py>,
    obj: &Bound<'py, PyAny>,
    run: &(dyn Fn(&mut [Document]) -> Vec<Fate> + Sync),
) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>)> {
    let pa = py.import("pyarrow")?;
    let is_batch = obj.is_instance(&pa.getattr("RecordBatch")?)?;
    let (batches, schema) = if is_batch {
        let b = RecordBatch::from_pyarrow_bound(obj)?;
        let s = b.schema();
        (vec![b], s)
    } else {
        Table::from_pyarrow_bound(obj)?.into_inner()
    };
    let text_at = schema.index_of("text").map_err(|_| {
        PyValueError::new_err(format!(
            "the table has no `text` column (columns: {})",
            column_names(&schema)
        ))
    })?;
    if !matches!(
        schema.field(text_at).data_type(),
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
    ) {
        return Err(PyValueError::new_err(format!(
            "column `text` is {}, not a string column",
            schema.field(text_at).data_type()
        )));
    }
    let (kept, removed) = py
        .detach(|| -> Result<(Vec<RecordBatch>, Vec<RecordBatch>), String> {
            let mut done = Vec::with_capacity(batches.len());
            let mut first_row = 0usize;
            for batch in batches {
                let mut docs = documents(&batch, text_at, first_row)?;
                first_row += batch.num_rows();
                let before: Vec<[Option<Value>; 6]> = docs
                    .iter()
                    .map(|d| std::array::from_fn(|i| field_value(d, i)))
                    .collect();
                let fates = run(&mut docs);
                let mut changed = [false; 6];
                for (d, b) in docs.iter().zip(&before) {
                    for (i, c) in changed.iter_mut().enumerate() {
                        *c |= field_value(d, i) != b[i];
                    }
                }
                done.push(Done {
                    batch,
                    docs,
                    fates,
                    changed,
                });
            }
            let mut changed = [false; 6];
            for d in &done {
                for (c, x) in changed.iter_mut().zip(d.changed) {
                    *c |= x;
                }
            }
            let (kept_schema, removed_schema) = output_schemas(&schema, text_at, &changed);
            let mut kept = Vec::with_capacity(done.len());
            let mut removed = Vec::with_capacity(done.len());
            for d in &done {
                let (k, r) = split(d, text_at, &changed, &kept_schema, &removed_schema)
                    .map_err(|e| e.to_string())?;
                kept.push(k);
                removed.push(r);
            }
            if kept.is_empty() {
                kept.push(RecordBatch::new_empty(kept_schema));
                removed.push(RecordBatch::new_empty(removed_schema));
            }
            Ok((kept, removed))
        })
        .map_err(PyValueError::new_err)?;
    Ok((
        to_python(py, kept, is_batch)?,
        to_python(py, removed, is_batch)?,
    ))
}

fn to_python(
    py: Python<'_>,
    batches: Vec<RecordBatch>,
    is_batch: bool,
) -> PyResult<Bound<'_, PyAny>> {
    let schema = batches
        .first()
        .map(|b| b.schema())
        .unwrap_or_else(|| Arc::new(Schema::empty()));
    if is_batch {
        let b = arrow_select::concat::concat_batches(&schema, &batches)
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        return b.to_pyarrow(py);
    }
    Table::try_new(batches, schema)
        .map_err(|e| PyValueError::new_err(e.to_string()))?
        .into_pyarrow(py)
}

fn column_names(schema: &Schema) -> String {
    schema
        .fields()
        .iter()
        .map(|f| f.name().as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads the rows of a batch as documents.
fn documents(
    batch: &RecordBatch,
    text_at: usize,
    first_row: usize,
) -> Result<Vec<Document>, String> {
    let schema = batch.schema();
    let text = batch.column(text_at);
    let others: Vec<(usize, &str)> = schema
        .fields()
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != text_at)
        .map(|(i, f)| (i, f.name().as_str()))
        .collect();
    let mut docs = Vec::with_capacity(batch.num_rows());
    for row in 0..batch.num_rows() {
        let Some(t) = string_at(text.as_ref(), row) else {
            return Err(format!("row {}: `text` is null", first_row + row));
        };
        let mut obj = Map::with_capacity(others.len() + 1);
        obj.insert("text".into(), Value::String(t.to_owned()));
        for &(i, name) in &others {
            if let Some(v) = value_at(batch.column(i).as_ref(), row, 0) {
                obj.insert(name.to_owned(), v);
            }
        }
        let doc = Document::from_json(Value::Object(obj), "text", "id", || {
            format!("row/{}", first_row + row)
        })
        .map_err(|e| format!("row {}: {e}", first_row + row))?;
        docs.push(doc);
    }
    Ok(docs)
}

fn string_at(a: &dyn Array, row: usize) -> Option<&str> {
    if a.is_null(row) {
        return None;
    }
    if let Some(s) = a.as_string_opt::<i32>() {
        return Some(s.value(row));
    }
    if let Some(s) = a.as_string_opt::<i64>() {
        return Some(s.value(row));
    }
    a.as_string_view_opt().map(|s| s.value(row))
}

/// The JSON value of one cell, for the types steps can use; `None` for
/// nulls and for types that are passed through unseen.
fn value_at(a: &dyn Array, row: usize, depth: usize) -> Option<Value> {
    if a.is_null(row) || depth > 16 {
        return None;
    }
    fn num<N: Into<Number>>(n: N) -> Option<Value> {
        Some(Value::Number(n.into()))
    }
    let float = |f: f64| Number::from_f64(f).map(Value::Number);
    match a.data_type() {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => {
            string_at(a, row).map(|s| Value::String(s.to_owned()))
        }
        DataType::Boolean => a.as_boolean_opt().map(|b| Value::Bool(b.value(row))),
        DataType::Int8 => num(a.as_primitive_opt::<Int8Type>()?.value(row)),
        DataType::Int16 => num(a.as_primitive_opt::<Int16Type>()?.value(row)),
        DataType::Int32 => num(a.as_primitive_opt::<Int32Type>()?.value(row)),
        DataType::Int64 => num(a.as_primitive_opt::<Int64Type>()?.value(row)),
        DataType::UInt8 => num(a.as_primitive_opt::<UInt8Type>()?.value(row)),
        DataType::UInt16 => num(a.as_primitive_opt::<UInt16Type>()?.value(row)),
        DataType::UInt32 => num(a.as_primitive_opt::<UInt32Type>()?.value(row)),
        DataType::UInt64 => num(a.as_primitive_opt::<UInt64Type>()?.value(row)),
        DataType::Float32 => float(a.as_primitive_opt::<Float32Type>()?.value(row) as f64),
        DataType::Float64 => float(a.as_primitive_opt::<Float64Type>()?.value(row)),
        DataType::Struct(fields) => {
            let s = a.as_struct_opt()?;
            let mut m = Map::with_capacity(fields.len());
            for (f, col) in fields.iter().zip(s.columns()) {
                if let Some(v) = value_at(col.as_ref(), row, depth + 1) {
                    m.insert(f.name().clone(), v);
                }
            }
            Some(Value::Object(m))
        }
        DataType::List(_) => {
            let l = a.as_list_opt::<i32>()?.value(row);
            Some(Value::Array(
                (0..l.len())
                    .map(|i| value_at(l.as_ref(), i, depth + 1).unwrap_or(Value::Null))
                    .collect(),
            ))
        }
        DataType::LargeList(_) => {
            let l = a.as_list_opt::<i64>()?.value(row);
            Some(Value::Array(
                (0..l.len())
                    .map(|i| value_at(l.as_ref(), i, depth + 1).unwrap_or(Value::Null))
                    .collect(),
            ))
        }
        _ => None,
    }
}

/// Schemas of the kept and removed tables.
fn output_schemas(
    input: &SchemaRef,
    text_at: usize,
    changed: &[bool; 6],
) -> (SchemaRef, SchemaRef) {
    let mut kept: Vec<Arc<Field>> = input.fields().iter().cloned().collect();
    for (i, name) in FIELDS.iter().enumerate() {
        if !changed[i] {
            continue;
        }
        let ty = if i == 5 {
            DataType::Float64
        } else {
            DataType::Utf8
        };
        let f = Arc::new(Field::new(*name, ty, true));
        match input.index_of(name) {
            Ok(at) if at != text_at => kept[at] = f,
            _ => kept.push(f),
        }
    }
    let mut removed: Vec<Arc<Field>> = input
        .fields()
        .iter()
        .filter(|f| !f.name().starts_with("removed_"))
        .cloned()
        .collect();
    for name in ["removed_step", "removed_reason", "removed_signals"] {
        removed.push(Arc::new(Field::new(name, DataType::Utf8, true)));
    }
    (Arc::new(Schema::new(kept)), Arc::new(Schema::new(removed)))
}

/// Builds the kept and removed batches of one processed input batch.
fn split(
    d: &Done,
    text_at: usize,
    changed: &[bool; 6],
    kept_schema: &SchemaRef,
    removed_schema: &SchemaRef,
) -> Result<(RecordBatch, RecordBatch), ArrowError> {
    let keep: BooleanArray = d
        .fates
        .iter()
        .map(|f| Some(matches!(f, Fate::Keep)))
        .collect();
    let drop: BooleanArray = d
        .fates
        .iter()
        .map(|f| Some(!matches!(f, Fate::Keep)))
        .collect();
    let input = d.batch.schema();

    // Kept: the input columns filtered, text rebuilt, changed fields set.
    let kept_docs: Vec<&Document> = d
        .docs
        .iter()
        .zip(&d.fates)
        .filter(|(_, f)| matches!(f, Fate::Keep))
        .map(|(x, _)| x)
        .collect();
    let mut columns: Vec<ArrayRef> = Vec::with_capacity(kept_schema.fields().len());
    for (i, col) in d.batch.columns().iter().enumerate() {
        if i == text_at {
            let texts = kept_docs.iter().map(|x| x.text.as_str());
            columns.push(match input.field(i).data_type() {
                DataType::LargeUtf8 => Arc::new(LargeStringArray::from_iter_values(texts)),
                DataType::Utf8View => Arc::new(StringViewArray::from_iter_values(texts)),
                _ => Arc::new(StringArray::from_iter_values(texts)),
            });
        } else {
            columns.push(arrow_select::filter::filter(col.as_ref(), &keep)?);
        }
    }
    for (i, name) in FIELDS.iter().enumerate() {
        if !changed[i] {
            continue;
        }
        let array: ArrayRef = if i == 5 {
            Arc::new(
                kept_docs
                    .iter()
                    .map(|x| x.language_score)
                    .collect::<Float64Array>(),
            )
        } else {
            Arc::new(
                kept_docs
                    .iter()
                    .map(|x| match field_value(x, i) {
                        Some(Value::String(s)) => Some(s),
                        _ => None,
                    })
                    .collect::<StringArray>(),
            )
        };
        match input.index_of(name) {
            Ok(at) if at != text_at => columns[at] = array,
            _ => columns.push(array),
        }
    }
    let kept = RecordBatch::try_new(kept_schema.clone(), columns)?;

    // Removed: the input rows as they came, plus why.
    let mut columns: Vec<ArrayRef> = Vec::with_capacity(removed_schema.fields().len());
    for (f, col) in input.fields().iter().zip(d.batch.columns()) {
        if !f.name().starts_with("removed_") {
            columns.push(arrow_select::filter::filter(col.as_ref(), &drop)?);
        }
    }
    let reasons: Vec<&tamis_core::RemovedBy> = d
        .fates
        .iter()
        .filter_map(|f| match f {
            Fate::Removed(r) => Some(r),
            Fate::Keep => None,
        })
        .collect();
    columns.push(Arc::new(
        reasons
            .iter()
            .map(|r| Some(r.step.as_str()))
            .collect::<StringArray>(),
    ));
    columns.push(Arc::new(
        reasons
            .iter()
            .map(|r| Some(r.reason.as_str()))
            .collect::<StringArray>(),
    ));
    columns.push(Arc::new(
        reasons
            .iter()
            .map(|r| Some(Value::Object(r.signals.clone()).to_string()))
            .collect::<StringArray>(),
    ));
    let removed = RecordBatch::try_new(removed_schema.clone(), columns)?;
    Ok((kept, removed))
}
