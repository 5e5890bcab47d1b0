//! Python objects ↔ JSON values ↔ tamis documents.
//!
//! Everything crosses the boundary as a `serde_json::Value` first: that is
//! the form the rest of tamis already reads (pipeline files, step options,
//! documents in datatrove's `{"id", "text", "metadata"}` shape).

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value};
use tamis_core::Document;

/// Nesting deeper than this is refused (it also stops self-referencing dicts).
const MAX_DEPTH: usize = 64;

/// Converts a Python value (dicts, lists, str, int, float, bool, None, and
/// anything with `__index__`/`__float__`, e.g. numpy scalars) to JSON.
/// Other objects become their `str()`; NaN and infinities become `null`.
pub fn to_json(obj: &Bound<'_, PyAny>) -> PyResult<Value> {
    to_json_at(obj, 0)
}

fn to_json_at(obj: &Bound<'_, PyAny>, depth: usize) -> PyResult<Value> {
    if depth > MAX_DEPTH {
        return Err(PyValueError::new_err(format!(
            "value nested deeper than {MAX_DEPTH} levels (or self-referencing)"
        )));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(s.to_str()?.to_owned()));
    }
    if obj.cast::<PyInt>().is_ok() {
        return int_to_json(obj);
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return Ok(float_to_json(f.value()));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut m = Map::with_capacity(d.len());
        for (k, v) in d.iter() {
            let key = match k.cast::<PyString>() {
                Ok(s) => s.to_str()?.to_owned(),
                Err(_) => k.str()?.to_str()?.to_owned(),
            };
            m.insert(key, to_json_at(&v, depth + 1)?);
        }
        return Ok(Value::Object(m));
    }
    if let Ok(l) = obj.cast::<PyList>() {
        return l
            .iter()
            .map(|v| to_json_at(&v, depth + 1))
            .collect::<PyResult<Vec<_>>>()
            .map(Value::Array);
    }
    if let Ok(t) = obj.cast::<PyTuple>() {
        return t
            .iter()
            .map(|v| to_json_at(&v, depth + 1))
            .collect::<PyResult<Vec<_>>>()
            .map(Value::Array);
    }
    // numpy and friends: integers expose __index__, floats __float__.
    if obj.hasattr("__index__")? {
        if let Ok(i) = obj.call_method0("__index__") {
            return int_to_json(&i);
        }
    }
    if obj.hasattr("__float__")? {
        if let Ok(f) = obj
            .call_method0("__float__")
            .and_then(|f| f.extract::<f64>())
        {
            return Ok(float_to_json(f));
        }
    }
    if obj.hasattr("isoformat")? {
        if let Ok(s) = obj
            .call_method0("isoformat")
            .and_then(|s| s.extract::<String>())
        {
            return Ok(Value::String(s));
        }
    }
    Ok(Value::String(obj.str()?.to_str()?.to_owned()))
}

fn int_to_json(obj: &Bound<'_, PyAny>) -> PyResult<Value> {
    if let Ok(i) = obj.extract::<i64>() {
        return Ok(Value::Number(i.into()));
    }
    if let Ok(u) = obj.extract::<u64>() {
        return Ok(Value::Number(u.into()));
    }
    // Beyond 64 bits: keep the digits rather than lose precision.
    Ok(Value::String(obj.str()?.to_str()?.to_owned()))
}

fn float_to_json(f: f64) -> Value {
    Number::from_f64(f).map_or(Value::Null, Value::Number)
}

/// Converts a JSON value to Python (objects become dicts).
pub fn to_py<'py>(py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                PyFloat::new(py, n.as_f64().unwrap_or(f64::NAN)).into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(a) => PyList::new(
            py,
            a.iter()
                .map(|x| to_py(py, x))
                .collect::<PyResult<Vec<_>>>()?,
        )?
        .into_any(),
        Value::Object(o) => map_to_py(py, o)?.into_any(),
    })
}

/// Converts a JSON object to a Python dict.
pub fn map_to_py<'py>(py: Python<'py>, m: &Map<String, Value>) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    for (k, v) in m {
        d.set_item(k, to_py(py, v)?)?;
    }
    Ok(d)
}

/// Reads a document from a datatrove-style dict (`text` required, `id`
/// optional, `metadata` merged with any other top-level keys) or from any
/// object with `text`, `id` and `metadata` attributes (datatrove's
/// `Document`). `index` names documents without an id (`"batch/{index}"`).
pub fn document_from_py(obj: &Bound<'_, PyAny>, index: usize) -> PyResult<Document> {
    let value = if obj.cast::<PyDict>().is_ok() {
        to_json(obj)?
    } else if obj.hasattr("text")? {
        let mut m = Map::with_capacity(3);
        m.insert("text".into(), to_json(&obj.getattr("text")?)?);
        if let Ok(id) = obj.getattr("id") {
            m.insert("id".into(), to_json(&id)?);
        }
        if let Ok(meta) = obj.getattr("metadata") {
            m.insert("metadata".into(), to_json(&meta)?);
        }
        Value::Object(m)
    } else {
        return Err(PyTypeError::new_err(format!(
            "document {index}: expected a dict {{\"id\", \"text\", \"metadata\"}} or an object with a `text` attribute, got {}",
            obj.get_type().name()?
        )));
    };
    Document::from_json(value, "text", "id", || format!("batch/{index}"))
        .map_err(|e| PyValueError::new_err(format!("document {index}: {e}")))
}

/// The datatrove-style dict of a document (`removed_by` inside `metadata` when set).
pub fn document_to_py<'py>(py: Python<'py>, doc: &Document) -> PyResult<Bound<'py, PyAny>> {
    to_py(py, &doc.to_json(false))
}

/// Writes a document's text and metadata back onto an object with `text`
/// and `metadata` attributes (datatrove's `Document` is changed in place,
/// as datatrove's own steps do).
pub fn update_object(py: Python<'_>, obj: &Bound<'_, PyAny>, doc: &Document) -> PyResult<()> {
    let Value::Object(mut o) = doc.to_json(false) else {
        return Ok(());
    };
    obj.setattr("text", PyString::new(py, &doc.text))?;
    if let Some(Value::Object(meta)) = o.remove("metadata") {
        obj.setattr("metadata", map_to_py(py, &meta)?)?;
    }
    Ok(())
}
