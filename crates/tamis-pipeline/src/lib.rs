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

[`Pipeline::run`] is a loop over public, idempotent task calls that any
process on any machine sharing the output folder can make:

1. [`Pipeline::prepare`] once (or, with `resume`, from every process):
   records the configuration and the [`Plan`] (input files in shard order,
   number of passes) in `OUT/.tamis/`.
2. For each pass `p` in `0..plan.passes`:
   - if `p > 0`, [`Pipeline::reduce`]`(p - 1)` once, after every task of
     pass `p - 1` is committed (it checks, and names missing shards);
   - [`Pipeline::run_shard`]`(p, s)` for every shard `s`: independent of
     each other, any order, any machine.
3. [`Pipeline::finish`]: sums the committed task stats into
   `OUT/stats.json` and removes intermediate data.

Workers that only know the output folder use [`Pipeline::from_output`].
[`Pipeline::status`] says what is committed. The result is the same files
and the same counts as a one-machine run.

```no_run
use tamis_pipeline::{registry, Pipeline, PipelineConfig, RunOptions};

# let config = PipelineConfig::default();
let p = Pipeline::build(config, &registry()).unwrap();
let opts = RunOptions::default();
let plan = p.prepare(&opts).unwrap();
for pass in 0..plan.passes {
    if pass > 0 {
        p.reduce(pass - 1, &opts).unwrap(); // one task
    }
    for shard in 0..plan.num_shards() {
        p.run_shard(pass, shard, &opts).unwrap(); // fan these out
    }
}
let stats = p.finish(&opts).unwrap();
```
*/
#![deny(missing_docs)]

mod config;
mod layout;
mod lock;
mod plan;
mod presets;
mod progress;
mod runner;
mod tasks;

pub use crate::config::{InputConfig, OutputConfig, PipelineConfig, StepConfig};
pub use crate::plan::{Plan, ReduceOutcome, Status};
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
    tamis_dedup::register(r);
}
