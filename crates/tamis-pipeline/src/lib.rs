/*!
Pipelines: configuration, the local multi-pass runner, presets, and the
registry of every step tamis ships.

```no_run
use tamis_pipeline::{registry, PipelineConfig, Pipeline, RunOptions};

let mut config = PipelineConfig::from_toml(tamis_pipeline::preset("default").unwrap().toml).unwrap();
config.input.paths = vec!["crawl/2024-10.warc.gz".into()];
config.output.path = "out".into();
let stats = Pipeline::build(config, &registry()).unwrap().run(&RunOptions::default()).unwrap();
assert!(stats.is_balanced());
```

# Running in pieces (Slurm arrays, Ray, any scheduler)

A run is a [`TaskGraph`] of idempotent [`Task`]s that any process on any
machine sharing the output folder can run:

```text
Shard{0, s} (every s) → ReducePart{0, q} (every q) → ReduceMerge{0}
  → Shard{1, s} → … → Shard{last, s} → Finish
```

1. [`Pipeline::prepare`] once (or, with `resume`, from every process):
   records the configuration and the [`Plan`] (input files in shard order,
   number of passes, reduce parts) in `OUT/.tamis/`.
2. [`Pipeline::ready_tasks`] says which tasks may run now;
   [`Pipeline::run_task`] runs one (under a lock: several processes may
   claim the same task, it runs once; a committed task is skipped).
3. Or [`Pipeline::drive`] runs the ready tasks of a [`Scope`] (everything,
   one partition, everything but the raw-input pass) until the run is
   finished or it must wait for other processes. [`Pipeline::run`] is
   `prepare` + `drive(Scope::All)`.

Workers that only know the output folder use [`Pipeline::from_output`].
[`Pipeline::status`] says what is committed. The result is the same files
and the same counts as a one-machine run.

```no_run
use tamis_pipeline::{registry, Pipeline, PipelineConfig, RunOptions, Task};

# let config = PipelineConfig::default();
let p = Pipeline::build(config, &registry()).unwrap();
let opts = RunOptions::default();
p.prepare(&opts).unwrap();
loop {
    let ready = p.ready_tasks(tamis_pipeline::Scope::All).unwrap();
    if ready.is_empty() {
        break;
    }
    for task in ready {
        p.run_task(task, &opts).unwrap(); // fan these out
    }
}
```
*/
#![deny(missing_docs)]

mod config;
mod files;
mod graph;
mod layout;
mod lock;
mod manifest;
mod plan;
mod presets;
mod progress;
mod runner;
mod shard_input;
mod tasks;

pub use crate::config::{
    InputConfig, OutputConfig, PipelineConfig, StepConfig, DEFAULT_SHARD_BYTES,
};
pub use crate::files::{run_to_files, FilesRun};
pub use crate::graph::{Drive, DriveEnd, Scope, Task, TaskGraph, TaskOutcome, POLL};
pub use crate::plan::{group_inputs, Plan, ReduceOutcome, Status};
pub use crate::presets::{preset, presets, Preset};
pub use crate::progress::{
    json_log, log_error, log_event, log_info, log_warning, set_json_log, warn_if_no_records,
    ProgressMode,
};
pub use crate::runner::{Pipeline, RunOptions};

/// Every step type tamis ships, by name.
pub fn registry() -> tamis_core::Registry {
    let mut r = tamis_core::Registry::new();
    register_all(&mut r);
    r
}

fn register_all(r: &mut tamis_core::Registry) {
    tamis_extract::register(r);
    tamis_lang::register(r);
    tamis_filters::register(r);
    tamis_tokens::register(r);
    tamis_dedup::register(r);
}
