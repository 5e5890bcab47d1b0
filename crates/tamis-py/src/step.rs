//! `tamis.Step`: one per-document step applied to a batch in memory.
//!
//! A batch is a list of datatrove-style dicts, a list of datatrove
//! `Document`s, or a pyarrow `Table`/`RecordBatch` (see [`crate::arrow`]).
//! `process` returns `(kept, removed)` in the input's form; removed
//! documents say why (`metadata["removed_by"] = {"step", "reason",
//! "signals"}` for dicts and Documents, `removed_*` columns for tables).
//! The documents are processed in parallel with the GIL released.
//!
//! Corpus-wide steps (`exact`, `lines`, `minhash`) need every document of
//! the corpus and several passes; they run through `tamis.run`, not here.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::OnceLock;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};
use rayon::prelude::*;
use serde_json::{Map, Value};
use tamis_core::{BuiltStep, Document, ErrorCode, Outcome, Registry, RemovedBy, Step, StepContext};

use crate::convert;
use crate::error::to_py_err;

/// Reason given to documents a step could not process; the error's
/// [`ErrorCode`] and message are its `code` and `message` signals.
pub const STEP_ERROR: &str = "step_error";

/// The registry of every step tamis ships, built once.
pub fn registry() -> &'static Registry {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    REGISTRY.get_or_init(tamis_pipeline::registry)
}

/// One per-document step, built from its type name and options.
#[pyclass(module = "tamis._tamis", name = "Step", frozen)]
pub struct PyStep {
    name: String,
    kind: String,
    step: Box<dyn Step>,
}

/// What happened to one document of a batch.
pub enum Fate {
    /// Kept (maybe changed).
    Keep,
    /// Removed, with the reason.
    Removed(RemovedBy),
}

#[pymethods]
impl PyStep {
    /// Builds step `type` (see `tamis.steps()`) with its options as keyword
    /// arguments, e.g. `Step("gopher_quality", min_doc_words=50)`. `name`
    /// is what `removed_by["step"]` reports (default: the type).
    #[new]
    #[pyo3(signature = (kind, /, *, name = None, **options))]
    fn new(
        kind: &str,
        name: Option<String>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Self> {
        let config = match options {
            Some(o) => convert::to_json(o.as_any())?,
            None => Value::Object(Map::new()),
        };
        match registry().build(kind, config).map_err(to_py_err)? {
            BuiltStep::Doc(step) => Ok(PyStep { name: name.unwrap_or_else(|| kind.to_owned()), kind: kind.to_owned(), step }),
            BuiltStep::Corpus(_) => Err(PyValueError::new_err(format!(
                "`{}` is a corpus-wide step (it compares documents across the whole corpus in several passes); \
                 it cannot run on one batch: use tamis.run(...) with a pipeline that contains it",
                kind
            ))),
        }
    }

    /// The step's name (reported in `removed_by["step"]`).
    #[getter]
    fn name(&self) -> &str {
        &self.name
    }

    /// The step's type.
    #[getter]
    #[pyo3(name = "type")]
    fn kind(&self) -> &str {
        &self.kind
    }

    /// Runs the step on a batch; returns `(kept, removed)` in the input's form.
    fn process<'py>(
        &self,
        py: Python<'py>,
        docs: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        if crate::arrow::is_arrow(docs)? {
            let (kept, removed) =
                crate::arrow::process(py, docs, &|batch: &mut [Document]| self.run_batch(batch))?;
            return PyTuple::new(py, [kept, removed]);
        }
        let items: Vec<Bound<'py, PyAny>> = docs.try_iter()?.collect::<PyResult<_>>()?;
        let mut batch = items
            .iter()
            .enumerate()
            .map(|(i, d)| convert::document_from_py(d, i))
            .collect::<PyResult<Vec<_>>>()?;
        let fates = py.detach(|| self.run_batch(&mut batch));
        let kept = PyList::empty(py);
        let removed = PyList::empty(py);
        for ((item, mut doc), fate) in items.iter().zip(batch).zip(fates) {
            let out = match fate {
                Fate::Keep => &kept,
                Fate::Removed(r) => {
                    doc.removed_by = Some(r);
                    &removed
                }
            };
            if item.cast::<PyDict>().is_ok() {
                out.append(convert::document_to_py(py, &doc)?)?;
            } else {
                convert::update_object(py, item, &doc)?;
                out.append(item)?;
            }
        }
        PyTuple::new(py, [kept.into_any(), removed.into_any()])
    }

    /// Runs the step on a batch and returns only the kept documents.
    fn __call__<'py>(
        &self,
        py: Python<'py>,
        docs: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.process(py, docs)?.get_item(0)
    }

    fn __repr__(&self) -> String {
        if self.name == self.kind {
            format!("Step({:?})", self.kind)
        } else {
            format!("Step({:?}, name={:?})", self.kind, self.name)
        }
    }
}

impl PyStep {
    /// Runs the step on every document in parallel; a document the step
    /// cannot process (a panic inside the step is an `internal` error)
    /// becomes a `step_error` removal of that document only, with the error's
    /// `code` and `message` as signals.
    fn run_batch(&self, docs: &mut [Document]) -> Vec<Fate> {
        docs.par_iter_mut()
            .map(|doc| {
                let mut cx = StepContext::default();
                let outcome = catch_unwind(AssertUnwindSafe(|| self.step.process(doc, &mut cx)))
                    .unwrap_or_else(|_| {
                        Outcome::error(
                            ErrorCode::Internal,
                            format!("internal error in step {}", self.name),
                        )
                    });
                match outcome {
                    Outcome::Keep => Fate::Keep,
                    Outcome::Drop(d) => Fate::Removed(RemovedBy::from_drop(self.name.clone(), d)),
                    Outcome::Error(e) => {
                        let mut signals = Map::new();
                        signals.insert("code".into(), Value::from(e.code.as_str()));
                        signals.insert("message".into(), Value::String(e.message));
                        Fate::Removed(RemovedBy {
                            step: self.name.clone(),
                            reason: STEP_ERROR.into(),
                            signals,
                        })
                    }
                }
            })
            .collect()
    }
}
