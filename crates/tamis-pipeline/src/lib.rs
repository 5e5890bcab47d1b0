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
*/
#![deny(missing_docs)]

mod config;
mod presets;
mod progress;
mod runner;

pub use crate::config::{InputConfig, OutputConfig, PipelineConfig, StepConfig};
pub use crate::presets::{preset, presets, Preset};
pub use crate::progress::ProgressMode;
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
