/*!
`tamis._tamis`: the compiled part of the `tamis` Python package.

The package (`python/tamis/`, built by maturin from the repository's
`pyproject.toml`) wraps this module:

- [`pipeline::resolve_config`] and [`pipeline::PyPipeline`] (`tamis.run` with
  the local executor: the whole multi-pass run in Rust, GIL released);
- [`step::PyStep`] (`tamis.Step`: one per-document step on a batch of
  datatrove dicts, datatrove `Document`s or a pyarrow table);
- the per-task calls the Ray driver (`python/tamis/ray_executor.py`) makes.

```text
>>> import tamis
>>> stats = tamis.run(input="crawl/", output="out", preset="fineweb")
>>> kept, removed = tamis.Step("gopher_quality").process([{"id": "a", "text": "..."}])
>>> removed[0]["metadata"]["removed_by"]["reason"]
'gopher_short_doc'
```

The library has no Rust tests of its own (a test executable would have to
link libpython); `tests/python.rs` runs the Python test-suite instead.
*/
#![deny(missing_docs)]

mod arrow;
mod convert;
mod error;
mod pipeline;
mod step;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

pub use crate::pipeline::{resolve_config, PyPipeline};
pub use crate::step::PyStep;

/// The step types tamis ships: a list of `{"name", "summary", "doc"}`
/// (`doc` as `tamis explain` prints it, options included).
#[pyfunction]
fn steps(py: Python<'_>) -> PyResult<Bound<'_, PyList>> {
    let list = PyList::empty(py);
    for info in step::registry().iter() {
        let d = PyDict::new(py);
        d.set_item("name", info.name)?;
        d.set_item("summary", info.summary)?;
        d.set_item("doc", info.explain())?;
        list.append(d)?;
    }
    Ok(list)
}

/// The built-in presets: a list of `{"name", "summary", "toml"}`.
#[pyfunction]
fn presets(py: Python<'_>) -> PyResult<Bound<'_, PyList>> {
    let list = PyList::empty(py);
    for p in tamis_pipeline::presets() {
        let d = PyDict::new(py);
        d.set_item("name", p.name)?;
        d.set_item("summary", p.summary)?;
        d.set_item("toml", p.toml)?;
        list.append(d)?;
    }
    Ok(list)
}

/// The module `tamis._tamis`.
#[pymodule]
fn _tamis(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(steps, m)?)?;
    m.add_function(wrap_pyfunction!(presets, m)?)?;
    m.add_function(wrap_pyfunction!(pipeline::resolve_config, m)?)?;
    m.add_class::<PyStep>()?;
    m.add_class::<PyPipeline>()?;
    Ok(())
}
