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
    /// Input files in sorted order.
    pub inputs: Vec<PathBuf>,
    /// Size of each input file in bytes (0 if unknown), to balance work.
    pub input_bytes: Vec<u64>,
    /// The first input of each shard: shard `s` reads
    /// `inputs[shard_first[s]..shard_first[s + 1]]`, consecutive small files
    /// grouped by [`group_inputs`]. Empty in plans recorded before grouping:
    /// then shard `s` reads `inputs[s]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shard_first: Vec<u32>,
    /// Passes: one plus one per corpus step. Pass `p > 0` needs reduce `p - 1`.
    pub passes: usize,
    /// Names of the corpus steps; reduce `i` is `corpus_steps[i]`'s.
    pub corpus_steps: Vec<String>,
    /// Per corpus step, the number of parts of its reduce (hash ranges, bands).
    #[serde(default)]
    pub reduce_parts: Vec<u32>,
}

impl Plan {
    /// Number of shards; shards are numbered `0..num_shards()`.
    pub fn num_shards(&self) -> u32 {
        if self.shard_first.is_empty() {
            self.inputs.len() as u32
        } else {
            self.shard_first.len() as u32
        }
    }

    /// The range of [`Plan::inputs`] that shard `s` reads (empty for a shard
    /// that does not exist).
    pub fn shard_range(&self, s: u32) -> std::ops::Range<usize> {
        let n = self.inputs.len();
        if self.shard_first.is_empty() {
            let s = (s as usize).min(n);
            return s..(s + 1).min(n);
        }
        let first = |k: usize| self.shard_first.get(k).map_or(n, |&f| (f as usize).min(n));
        let start = first(s as usize);
        start..first(s as usize + 1).max(start)
    }

    /// The input files shard `s` reads, in order.
    pub fn shard_inputs(&self, s: u32) -> &[PathBuf] {
        &self.inputs[self.shard_range(s)]
    }

    /// The bytes of input shard `s` reads (0 for files of unknown size).
    pub fn shard_bytes(&self, s: u32) -> u64 {
        self.input_bytes
            .get(self.shard_range(s))
            .map_or(0, |b| b.iter().sum())
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

/// Groups sorted input files into shards; returns the first input of each
/// shard (see [`Plan::shard_first`]).
///
/// A shard takes consecutive files until it holds `shard_bytes`, or a
/// sixteenth of all the input when that is less (so that a small job still
/// has shards to spread over processes and machines); a file of that size,
/// or of unknown size (`None`: a remote listing without sizes), is a shard
/// of its own. Small files then cost one task, one set of output files and
/// one commit per group instead of per file. The grouping depends on the
/// files and their sizes only (not on threads or partitions), and is
/// recorded in the plan, so `--resume` and `--shard I/N` see the same shards.
/// `shard_bytes = 0` keeps one shard per file.
pub fn group_inputs(sizes: &[Option<u64>], shard_bytes: u64) -> Vec<u32> {
    let total: u64 = sizes.iter().map(|s| s.unwrap_or(0)).sum();
    let target = shard_bytes.min(total / 16).max(1);
    let mut first = Vec::new();
    let mut held: Option<u64> = None; // bytes of the open group
    for (i, size) in sizes.iter().enumerate() {
        let alone = shard_bytes == 0 || !size.is_some_and(|b| b < target);
        if alone {
            first.push(i as u32);
            held = None;
            continue;
        }
        let b = size.unwrap_or(0);
        match held {
            Some(h) if h < target => held = Some(h + b),
            _ => {
                first.push(i as u32);
                held = Some(b);
            }
        }
    }
    first
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
            shard_first: Vec::new(),
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

    #[test]
    fn small_files_are_grouped_and_large_ones_stand_alone() {
        let kb = |k: u64| Some(k << 10);
        // 40 files of 1 KiB, one of 1 MiB, 3 of 1 KiB: a sixteenth of the
        // total (67 KiB) is the target; the 40 fit in one group, the big
        // file stands alone, the last three start a new group.
        let mut sizes = vec![kb(1); 40];
        sizes.push(kb(1024));
        sizes.extend(vec![kb(1); 3]);
        let first = group_inputs(&sizes, 32 << 20);
        assert_eq!(first, [0, 40, 41]);
        // The cap: groups close once they hold shard_bytes.
        let first = group_inputs(&vec![kb(1); 64], 4 << 10);
        assert_eq!(first, (0..16).map(|g| g * 4).collect::<Vec<u32>>());
        // A sixteenth of the total: a handful of files stay one per shard.
        assert_eq!(group_inputs(&[kb(5), kb(7), kb(6)], 32 << 20), [0, 1, 2]);
        // Unknown sizes stand alone; shard_bytes = 0 groups nothing.
        assert_eq!(group_inputs(&[None, None], 32 << 20), [0, 1]);
        assert_eq!(group_inputs(&[kb(1); 5], 0), [0, 1, 2, 3, 4]);
        assert!(group_inputs(&[], 32 << 20).is_empty());
    }

    #[test]
    fn shards_read_their_group_of_inputs() {
        let mut plan = Plan {
            inputs: (0..5).map(|i| format!("f{i}").into()).collect(),
            input_bytes: vec![1, 2, 3, 4, 5],
            shard_first: vec![0, 3, 4],
            passes: 1,
            corpus_steps: Vec::new(),
            reduce_parts: Vec::new(),
        };
        assert_eq!(plan.num_shards(), 3);
        assert_eq!(plan.shard_range(0), 0..3);
        assert_eq!(plan.shard_range(2), 4..5);
        assert_eq!(plan.shard_bytes(0), 6);
        assert!(plan.shard_inputs(3).is_empty());
        plan.shard_first.clear(); // a plan recorded before grouping
        assert_eq!(plan.num_shards(), 5);
        assert_eq!(plan.shard_inputs(4), [PathBuf::from("f4")]);
        assert!(plan.shard_inputs(5).is_empty());
    }
}
