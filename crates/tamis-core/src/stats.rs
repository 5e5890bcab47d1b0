//! Run statistics: per step and overall, gathered per worker and merged.

use std::collections::BTreeMap;
use std::ops::AddAssign;

use serde::{Deserialize, Serialize};

/// A plain counter map (reason → count).
pub type Counter = BTreeMap<String, u64>;

/// What one step did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StepStats {
    /// The step's name in the pipeline.
    pub name: String,
    /// The step's type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Documents that reached the step.
    pub docs_in: u64,
    /// Documents it kept.
    pub docs_kept: u64,
    /// Documents it dropped.
    pub docs_dropped: u64,
    /// Documents it could not process.
    pub docs_errored: u64,
    /// Text bytes of the documents that reached it.
    pub bytes_in: u64,
    /// Text bytes of the documents it kept (after changes).
    pub bytes_out: u64,
    /// Drops per reason code.
    pub drops: Counter,
    /// Errors per [`ErrorCode`](crate::ErrorCode) (its snake_case name).
    #[serde(default)]
    pub errors: Counter,
    /// Extra counts the step reported (e.g. `emails_redacted`).
    pub counters: Counter,
    /// Time spent in the step, in seconds (summed over threads).
    pub seconds: f64,
}

impl AddAssign<&StepStats> for StepStats {
    fn add_assign(&mut self, o: &StepStats) {
        if self.name.is_empty() {
            self.name.clone_from(&o.name);
            self.kind.clone_from(&o.kind);
        }
        self.docs_in += o.docs_in;
        self.docs_kept += o.docs_kept;
        self.docs_dropped += o.docs_dropped;
        self.docs_errored += o.docs_errored;
        self.bytes_in += o.bytes_in;
        self.bytes_out += o.bytes_out;
        add_counter(&mut self.drops, &o.drops);
        add_counter(&mut self.errors, &o.errors);
        add_counter(&mut self.counters, &o.counters);
        self.seconds += o.seconds;
    }
}

fn add_counter(a: &mut Counter, b: &Counter) {
    for (k, v) in b {
        *a.entry(k.clone()).or_insert(0) += v;
    }
}

/// Whole-run statistics, written to `OUT/stats.json`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    /// Input files (shards).
    pub shards: u64,
    /// Records read from the inputs (documents plus records that errored while reading).
    pub records_read: u64,
    /// Input bytes read (compressed size on disk).
    pub input_bytes: u64,
    /// Records that could not be read (they are in `OUT/errors/`).
    pub read_errors: u64,
    /// Read errors per reason.
    pub read_error_reasons: Counter,
    /// Records skipped on purpose by readers (e.g. WARC `request` records).
    pub skipped: Counter,
    /// Records the readers read and removed, per reason (`not_text`: a file
    /// whose bytes are not text). Counted in `removed`; written to
    /// `OUT/removed/` with `removed_by.step` = `read`.
    #[serde(default)]
    pub read_removed: Counter,
    /// Problems the readers recovered from, per code (`warc_recovered`: a
    /// WARC record with a slightly wrong length; `warc_truncated`: a record
    /// cut by the end of its file, kept partial). The records were read.
    #[serde(default)]
    pub read_warnings: Counter,
    /// Documents written to `OUT/kept/`.
    pub kept: u64,
    /// Documents written to `OUT/removed/`.
    pub removed: u64,
    /// Documents that errored in a step (in `OUT/errors/`).
    pub step_errors: u64,
    /// Text bytes of kept documents.
    pub kept_bytes: u64,
    /// Per-step statistics, in pipeline order.
    pub steps: Vec<StepStats>,
    /// Wall-clock time of the run, in seconds.
    pub wall_seconds: f64,
}

impl Stats {
    /// Records read = kept + removed + errored (read or step): nothing lost.
    pub fn is_balanced(&self) -> bool {
        self.records_read == self.kept + self.removed + self.read_errors + self.step_errors
    }
}

impl AddAssign<&Stats> for Stats {
    fn add_assign(&mut self, o: &Stats) {
        self.shards += o.shards;
        self.records_read += o.records_read;
        self.input_bytes += o.input_bytes;
        self.read_errors += o.read_errors;
        add_counter(&mut self.read_error_reasons, &o.read_error_reasons);
        add_counter(&mut self.skipped, &o.skipped);
        add_counter(&mut self.read_removed, &o.read_removed);
        add_counter(&mut self.read_warnings, &o.read_warnings);
        self.kept += o.kept;
        self.removed += o.removed;
        self.step_errors += o.step_errors;
        self.kept_bytes += o.kept_bytes;
        if self.steps.len() < o.steps.len() {
            self.steps.resize(o.steps.len(), StepStats::default());
        }
        for (a, b) in self.steps.iter_mut().zip(&o.steps) {
            *a += b;
        }
        self.wall_seconds = self.wall_seconds.max(o.wall_seconds);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_adds_and_balances() {
        let mut a = Stats {
            records_read: 3,
            kept: 1,
            removed: 1,
            read_errors: 1,
            ..Stats::default()
        };
        a.steps.push(StepStats {
            name: "x".into(),
            docs_in: 2,
            ..StepStats::default()
        });
        a.steps[0].drops.insert("r".into(), 1);
        a.steps[0].errors.insert("io".into(), 1);
        let b = a.clone();
        a += &b;
        assert_eq!(a.records_read, 6);
        assert_eq!(a.steps[0].docs_in, 4);
        assert_eq!(a.steps[0].drops["r"], 2);
        assert_eq!(a.steps[0].errors["io"], 2);
        assert!(a.is_balanced());
        a.kept += 1;
        assert!(!a.is_balanced());
    }

    #[test]
    fn stats_without_error_codes_still_load() {
        // stats.json and task markers written before `errors` existed.
        let s: StepStats = serde_json::from_str(
            r#"{"name":"x","type":"x","docs_in":1,"docs_kept":1,"docs_dropped":0,
                "docs_errored":0,"bytes_in":1,"bytes_out":1,"drops":{},"counters":{},"seconds":0.0}"#,
        )
        .unwrap();
        assert!(s.errors.is_empty());
    }
}
