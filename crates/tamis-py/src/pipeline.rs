//! Whole pipelines from Python: configuration and the local run.
//!
//! `resolve_config` turns what `tamis.run` accepts (a preset name, a TOML
//! file or string, a dict; inputs and output) into one JSON string that
//! every worker of a distributed run rebuilds the same pipeline from.

use std::path::PathBuf;

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};
use serde_json::Value;
use tamis_io::remote::RemoteOutput;
use tamis_pipeline::{Pipeline, PipelineConfig, ProgressMode, RunOptions, Scope, Task};

use crate::convert;
use crate::error::to_py_err;
use crate::step::registry;

/// Resolves a pipeline configuration to JSON (see `tamis.run` for the arguments).
#[pyfunction]
#[pyo3(signature = (input = None, output = None, preset = None, config = None))]
pub fn resolve_config(
    input: Option<&Bound<'_, PyAny>>,
    output: Option<&Bound<'_, PyAny>>,
    preset: Option<&str>,
    config: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let mut c = match (preset, config) {
        (Some(_), Some(_)) => {
            return Err(PyValueError::new_err("give `preset` or `config`, not both"))
        }
        (Some(name), None) => preset_config(name)?,
        (None, Some(cfg)) => config_from_py(cfg)?,
        (None, None) => preset_config("default")?,
    };
    if let Some(input) = input {
        c.input.paths = paths_from_py(input)?;
    }
    if let Some(output) = output {
        c.output.path = PathBuf::from(fspath(output)?);
    }
    c.validate().map_err(to_py_err)?;
    // Build once here so that unknown steps and bad options fail at the call.
    Pipeline::build(c.clone(), registry()).map_err(to_py_err)?;
    serde_json::to_string(&c).map_err(|e| PyValueError::new_err(e.to_string()))
}

fn preset_config(name: &str) -> PyResult<PipelineConfig> {
    let p = tamis_pipeline::preset(name).ok_or_else(|| {
        let known: Vec<&str> = tamis_pipeline::presets().iter().map(|p| p.name).collect();
        PyValueError::new_err(format!("no preset `{name}` (known: {})", known.join(", ")))
    })?;
    PipelineConfig::from_toml(p.toml).map_err(to_py_err)
}

/// A dict, a TOML string, or the path of a TOML/JSON pipeline file.
fn config_from_py(cfg: &Bound<'_, PyAny>) -> PyResult<PipelineConfig> {
    if cfg.cast::<PyDict>().is_ok() {
        let mut v = convert::to_json(cfg)?;
        // `steps` reads better in Python; the file form says `[[step]]`.
        if let Value::Object(o) = &mut v {
            if let Some(s) = o.remove("steps") {
                if o.contains_key("step") {
                    return Err(PyValueError::new_err("config has both `step` and `steps`"));
                }
                o.insert("step".into(), s);
            }
        }
        return serde_json::from_value(v)
            .map_err(|e| PyValueError::new_err(format!("invalid pipeline: {e}")));
    }
    let text = fspath(cfg)?;
    let path = PathBuf::from(&text);
    let looks_like_toml =
        text.contains('\n') || text.contains('=') || text.trim_start().starts_with('[');
    if !looks_like_toml || path.is_file() {
        if !path.is_file() {
            return Err(PyValueError::new_err(format!(
                "config file not found: {text}"
            )));
        }
        return PipelineConfig::from_file(&path).map_err(to_py_err);
    }
    PipelineConfig::from_toml(&text).map_err(to_py_err)
}

/// `str` or `os.PathLike` → string.
fn fspath(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(s.to_str()?.to_owned());
    }
    let os = obj.py().import("os")?;
    let p = os.call_method1("fspath", (obj,)).map_err(|_| {
        PyTypeError::new_err(format!(
            "expected a str or os.PathLike, got {}",
            obj.get_type()
                .name()
                .map(|n| n.to_string())
                .unwrap_or_default()
        ))
    })?;
    p.extract::<String>()
}

/// One path or a list/tuple of them.
fn paths_from_py(obj: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    if obj.cast::<PyList>().is_ok() || obj.cast::<PyTuple>().is_ok() {
        return obj.try_iter()?.map(|p| fspath(&p?)).collect();
    }
    Ok(vec![fspath(obj)?])
}

/// A pipeline built from a resolved configuration (`resolve_config`).
#[pyclass(module = "tamis._tamis", name = "Pipeline", frozen)]
pub struct PyPipeline {
    pub(crate) pipeline: Pipeline,
    pub(crate) config_json: String,
}

#[pymethods]
impl PyPipeline {
    /// Builds the pipeline from the JSON `resolve_config` returned.
    #[new]
    fn new(config_json: &str) -> PyResult<Self> {
        let c: PipelineConfig = serde_json::from_str(config_json)
            .map_err(|e| PyValueError::new_err(format!("invalid pipeline: {e}")))?;
        let pipeline = Pipeline::build(c, registry()).map_err(to_py_err)?;
        Ok(PyPipeline {
            pipeline,
            config_json: config_json.to_owned(),
        })
    }

    /// The configuration as JSON.
    #[getter]
    fn config_json(&self) -> &str {
        &self.config_json
    }

    /// The output folder.
    #[getter]
    fn output(&self) -> String {
        self.pipeline.config().output.path.display().to_string()
    }

    /// Number of passes (one plus one per corpus-wide step).
    #[getter]
    fn passes(&self) -> usize {
        self.pipeline.passes()
    }

    /// Runs the whole pipeline on this machine (threads: 0 = all cores)
    /// with the GIL released; returns the stats (as in `OUT/stats.json`).
    /// A non-empty output folder is refused unless `resume` or `overwrite`.
    #[pyo3(signature = (threads = 0, resume = false, progress = false, overwrite = false, keep_work = false))]
    fn run<'py>(
        &self,
        py: Python<'py>,
        threads: usize,
        resume: bool,
        progress: bool,
        overwrite: bool,
        keep_work: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let opts = RunOptions {
            threads,
            resume,
            overwrite,
            keep_work,
            progress: if progress {
                ProgressMode::Auto
            } else {
                ProgressMode::Quiet
            },
            ..RunOptions::default()
        };
        // An object-storage output (s3://, gs://, az://): run into a local
        // staging folder, then publish, as `tamis run` does.
        let out = self.pipeline.config().output.path.clone();
        let remote = py
            .detach(|| RemoteOutput::stage_if_remote(&out, None))
            .map_err(to_py_err)?;
        let stats = match &remote {
            None => py.detach(|| self.pipeline.run(&opts)).map_err(to_py_err)?,
            Some(r) => {
                let mut c = self.pipeline.config().clone();
                c.output.path = r.local_dir().to_owned();
                let staged = Pipeline::build(c, registry()).map_err(to_py_err)?;
                // the staging folder is tamis's own: replace it unless resuming
                let opts = RunOptions {
                    overwrite: !resume,
                    ..opts
                };
                py.detach(|| -> tamis_core::Result<_> {
                    let stats = staged.run(&opts)?;
                    r.publish()?;
                    Ok(stats)
                })
                .map_err(to_py_err)?
            }
        };
        stats_to_py(py, &stats)
    }

    // The task calls (see tamis_pipeline's "Running in pieces"): idempotent,
    // callable from any process that sees the output folder at the same path.

    /// The pipeline of the run recorded in an output folder (by `prepare`).
    #[staticmethod]
    fn from_output(output: &Bound<'_, PyAny>) -> PyResult<Self> {
        let out = PathBuf::from(fspath(output)?);
        let pipeline = Pipeline::from_output(&out, registry()).map_err(to_py_err)?;
        let config_json = serde_json::to_string(pipeline.config())
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        Ok(PyPipeline {
            pipeline,
            config_json,
        })
    }

    /// Prepares the output folder (a non-empty one is refused unless `resume`,
    /// which keeps its run, or `overwrite`, which replaces what tamis wrote
    /// there); returns the plan
    /// `{"inputs", "input_bytes", "shard_first", "passes", "corpus_steps", "reduce_parts"}`
    /// (shard `s` reads `inputs[shard_first[s]:shard_first[s + 1]]`).
    #[pyo3(signature = (resume = false, overwrite = false))]
    fn prepare<'py>(
        &self,
        py: Python<'py>,
        resume: bool,
        overwrite: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let out = self
            .pipeline
            .config()
            .output
            .path
            .to_string_lossy()
            .into_owned();
        if tamis_io::remote::is_remote(&out) {
            return Err(PyValueError::new_err(format!(
                "the task calls (and the Ray executor) need an output folder every worker shares, not {out}; \
                 object storage outputs work with executor=\"local\" or `tamis run`"
            )));
        }
        let opts = RunOptions {
            overwrite,
            ..task_options(0, resume)
        };
        let plan = py
            .detach(|| self.pipeline.prepare(&opts))
            .map_err(to_py_err)?;
        to_py_value(py, &plan)
    }

    /// Runs task (`pass_index`, `shard`) unless it is committed; returns its stats.
    #[pyo3(signature = (pass_index, shard, threads = 1))]
    fn run_shard<'py>(
        &self,
        py: Python<'py>,
        pass_index: usize,
        shard: u32,
        threads: usize,
    ) -> PyResult<Bound<'py, PyAny>> {
        let opts = task_options(threads, true);
        let stats = py
            .detach(|| self.pipeline.run_shard(pass_index, shard, &opts))
            .map_err(to_py_err)?;
        stats_to_py(py, &stats)
    }

    /// Runs the reduce of corpus step `corpus_index` (every task of pass
    /// `corpus_index` must be committed): the parts not committed yet, then
    /// the merge; does nothing if it is committed.
    #[pyo3(signature = (corpus_index, threads = 1))]
    fn reduce(&self, py: Python<'_>, corpus_index: usize, threads: usize) -> PyResult<()> {
        let opts = task_options(threads, true);
        py.detach(|| self.pipeline.reduce(corpus_index, &opts))
            .map_err(to_py_err)
    }

    /// Runs part `part` of corpus step `corpus_index`'s reduce (one hash range
    /// or LSH band; every task of pass `corpus_index` must be committed); does
    /// nothing if it is committed. Parts are independent of each other;
    /// `reduce` then only merges.
    #[pyo3(signature = (corpus_index, part, threads = 1))]
    fn reduce_part(
        &self,
        py: Python<'_>,
        corpus_index: usize,
        part: u32,
        threads: usize,
    ) -> PyResult<()> {
        let opts = task_options(threads, true);
        py.detach(|| self.pipeline.reduce_part(corpus_index, part, &opts))
            .map_err(to_py_err)
    }

    /// Every task of the prepared run, each after those it waits for, as
    /// dicts: `{"kind": "shard", "pass": p, "shard": s}`,
    /// `{"kind": "reduce_part", "corpus": i, "part": q}`,
    /// `{"kind": "reduce_merge", "corpus": i}`, `{"kind": "finish"}`.
    fn tasks<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let graph = py
            .detach(|| self.pipeline.task_graph())
            .map_err(to_py_err)?;
        to_py_value(py, &graph.tasks())
    }

    /// The tasks `task` waits for directly.
    fn dependencies<'py>(
        &self,
        py: Python<'py>,
        task: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let task = task_from_py(task)?;
        let graph = py
            .detach(|| self.pipeline.task_graph())
            .map_err(to_py_err)?;
        to_py_value(py, &graph.dependencies(task))
    }

    /// The tasks that may run now (not committed, everything they wait for
    /// committed). Empty once the run is finished. `partition=(i, n)` limits
    /// the shard tasks to partition i of n, as `tamis run --shard i/n`.
    #[pyo3(signature = (partition = None))]
    fn ready_tasks<'py>(
        &self,
        py: Python<'py>,
        partition: Option<(u32, u32)>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let scope = match partition {
            None => Scope::All,
            Some((index, count)) if count > 0 && index < count => Scope::Partition { index, count },
            Some((index, count)) => {
                return Err(PyValueError::new_err(format!(
                    "partition ({index}, {count}): expected (i, n) with 0 <= i < n"
                )))
            }
        };
        let ready = py
            .detach(|| self.pipeline.ready_tasks(scope))
            .map_err(to_py_err)?;
        to_py_value(py, &ready)
    }

    /// Runs one task (a dict from `ready_tasks`) on `threads` threads unless
    /// it is committed; returns `{"outcome": "done" | "already_done" |
    /// "busy" | "not_ready", ...}` ("busy": another process runs it, with
    /// `holder`; "not_ready": with `waiting_for`, the tasks it waits for).
    /// The finish task takes `keep_work`.
    #[pyo3(signature = (task, threads = 1, keep_work = false))]
    fn run_task<'py>(
        &self,
        py: Python<'py>,
        task: &Bound<'py, PyAny>,
        threads: usize,
        keep_work: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let task = task_from_py(task)?;
        let opts = RunOptions {
            keep_work,
            ..task_options(threads, true)
        };
        let outcome = py
            .detach(|| self.pipeline.run_task(task, &opts))
            .map_err(to_py_err)?;
        to_py_value(py, &outcome)
    }

    /// The number of parts of corpus step `corpus_index`'s reduce.
    fn reduce_parts(&self, corpus_index: usize) -> PyResult<u32> {
        self.pipeline.reduce_parts(corpus_index).map_err(to_py_err)
    }

    /// What is committed: `{"missing": [[shard, ...] per pass], "reduced": [bool per corpus step],
    /// "reduce_parts_missing": [[part, ...] per corpus step]}`.
    fn status<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let status = py.detach(|| self.pipeline.status()).map_err(to_py_err)?;
        to_py_value(py, &status)
    }

    /// Sums the committed task stats into `OUT/stats.json` and returns them
    /// (fails, naming what is missing, unless every task and reduce is committed).
    #[pyo3(signature = (keep_work = false))]
    fn finish<'py>(&self, py: Python<'py>, keep_work: bool) -> PyResult<Bound<'py, PyAny>> {
        let opts = RunOptions {
            keep_work,
            ..task_options(0, true)
        };
        let stats = py
            .detach(|| self.pipeline.finish(&opts))
            .map_err(to_py_err)?;
        stats_to_py(py, &stats)
    }
}

/// A task dict (`{"kind": "shard", "pass": 0, "shard": 3}`) → a task.
fn task_from_py(task: &Bound<'_, PyAny>) -> PyResult<Task> {
    serde_json::from_value(convert::to_json(task)?).map_err(|e| {
        PyValueError::new_err(format!(
            "not a task: {e} (expected a dict from Pipeline.ready_tasks(), e.g. {{\"kind\": \"shard\", \"pass\": 0, \"shard\": 3}})"
        ))
    })
}

fn task_options(threads: usize, resume: bool) -> RunOptions {
    RunOptions {
        threads,
        resume,
        progress: ProgressMode::Quiet,
        ..RunOptions::default()
    }
}

fn to_py_value<'py, T: serde::Serialize>(py: Python<'py>, v: &T) -> PyResult<Bound<'py, PyAny>> {
    let v = serde_json::to_value(v).map_err(|e| PyValueError::new_err(e.to_string()))?;
    convert::to_py(py, &v)
}

/// Stats as the dict `OUT/stats.json` holds.
pub fn stats_to_py<'py>(py: Python<'py>, stats: &tamis_core::Stats) -> PyResult<Bound<'py, PyAny>> {
    to_py_value(py, stats)
}
