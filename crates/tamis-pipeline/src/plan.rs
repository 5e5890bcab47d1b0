//! The work of a run, as an external scheduler sees it: input shards,
//! passes, and which tasks are committed.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// The tasks of a run: `passes × num_shards()` shard tasks and one reduce
/// between consecutive passes, each split into `reduce_parts[i]` part tasks
/// (independent of each other) and a merge. Recorded in `OUT/.tamis/plan.json` by
/// [`crate::Pipeline::prepare`], so every process of a run uses the same
/// shard numbering even if a glob would expand differently later.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    /// Input files in shard order (sorted): shard `s` reads `inputs[s]`.
    pub inputs: Vec<PathBuf>,
    /// Size of each input file in bytes (0 if unknown), to balance work.
    pub input_bytes: Vec<u64>,
    /// Passes: one plus one per corpus step. Pass `p > 0` needs reduce `p - 1`.
    pub passes: usize,
    /// Names of the corpus steps; reduce `i` is `corpus_steps[i]`'s.
    pub corpus_steps: Vec<String>,
    /// Per corpus step, the number of parts of its reduce (hash ranges, bands).
    #[serde(default)]
    pub reduce_parts: Vec<u32>,
}

impl Plan {
    /// Number of shards (input files); shards are numbered `0..num_shards()`.
    pub fn num_shards(&self) -> u32 {
        self.inputs.len() as u32
    }

    /// The shards of partition `index` of `count` (0-based): those with
    /// `shard % count == index`. Every shard is in exactly one partition.
    pub fn partition(&self, index: u32, count: u32) -> Vec<u32> {
        if count == 0 {
            return Vec::new();
        }
        (0..self.num_shards())
            .filter(|s| s % count == index)
            .collect()
    }
}

/// What is committed in an output folder (see [`crate::Pipeline::status`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Status {
    /// Per pass, the shards whose task is not committed yet (sorted).
    pub missing: Vec<Vec<u32>>,
    /// Per corpus step, whether its reduce is committed.
    pub reduced: Vec<bool>,
    /// Per corpus step, the parts of its reduce not committed yet (empty once
    /// the reduce is).
    #[serde(default)]
    pub reduce_parts_missing: Vec<Vec<u32>>,
}

impl Status {
    /// Every task of `pass` is committed.
    pub fn pass_complete(&self, pass: usize) -> bool {
        self.missing.get(pass).is_some_and(Vec::is_empty)
    }
    /// Every task and reduce is committed: [`crate::Pipeline::finish`] can run.
    pub fn is_complete(&self) -> bool {
        self.missing.iter().all(Vec::is_empty) && self.reduced.iter().all(|r| *r)
    }

    /// What is left, for people: "pass 0: shards 3, 7-9 (4 of 16) not
    /// committed; reduce of `minhash` not run". Empty when complete.
    pub fn describe(&self, plan: &Plan) -> String {
        let mut parts = Vec::new();
        for (p, missing) in self.missing.iter().enumerate() {
            if !missing.is_empty() {
                parts.push(format!(
                    "pass {p}: shards {} ({} of {}) not committed",
                    crate::layout::ranges(missing, 20),
                    missing.len(),
                    plan.num_shards()
                ));
            }
        }
        for (i, done) in self.reduced.iter().enumerate() {
            if !done {
                let name = plan.corpus_steps.get(i).map_or("?", String::as_str);
                let total = plan.reduce_parts.get(i).copied().unwrap_or(1);
                let missing = self
                    .reduce_parts_missing
                    .get(i)
                    .map_or(total as usize, Vec::len);
                if total > 1 && missing < total as usize {
                    parts.push(format!(
                        "reduce of `{name}` not merged ({missing} of {total} parts not run: {})",
                        crate::layout::ranges(&self.reduce_parts_missing[i], 20)
                    ));
                } else {
                    parts.push(format!("reduce of `{name}` not run"));
                }
            }
        }
        parts.join("; ")
    }
}

/// The result of [`crate::Pipeline::try_reduce`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReduceOutcome {
    /// This call ran the reduce and committed it.
    Done,
    /// It was committed before (by this or another process); nothing done.
    AlreadyDone,
    /// Some shard tasks of the pass before are not committed (listed).
    NotReady {
        /// Shards whose task of the preceding pass is missing.
        missing: Vec<u32>,
    },
    /// Another process is running this reduce right now.
    Busy {
        /// Who holds the lock (process id and host).
        holder: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partitions_cover_every_shard_once() {
        let plan = Plan {
            inputs: (0..10).map(|i| format!("f{i}").into()).collect(),
            input_bytes: vec![0; 10],
            passes: 2,
            corpus_steps: vec!["exact".into()],
            reduce_parts: vec![1],
        };
        let mut all: Vec<u32> = (0..3).flat_map(|i| plan.partition(i, 3)).collect();
        assert_eq!(plan.partition(1, 3), [1, 4, 7]);
        all.sort();
        assert_eq!(all, (0..10).collect::<Vec<_>>());
        assert!(plan.partition(11, 16).is_empty());
    }
}
