//! The one scheduler: a run as a graph of tasks, which of them are ready,
//! and a driver that runs the ready ones.
//!
//! Every way of running a pipeline goes through here: [`Pipeline::run`]
//! drives the whole graph on this machine; `tamis run --shard I/N` drives
//! [`Scope::Partition`] and `tamis merge` [`Scope::Merge`]; the Ray executor
//! asks [`Pipeline::ready_tasks`] what may run and sends each task to a
//! worker, which calls [`Pipeline::run_task`]. None of them decides the
//! order of passes, reduces and the finish by itself.
//!
//! ```text
//! Shard{0, s} (every s) → ReducePart{0, q} (every q) → ReduceMerge{0}
//!   → Shard{1, s} → … → Shard{last, s} → Finish
//! ```
//!
//! A task is committed once (its marker; see `layout.rs`), and runs under a
//! lock file, so several processes may claim the same task: one runs it,
//! the others are told it is busy or done. Committed tasks are skipped, so
//! driving the graph again after a crash resumes it.

use std::fs;
use std::thread;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use tamis_core::{Error, Result, Stats};

use crate::plan::{Plan, ReduceOutcome, Status};
use crate::runner::{resolve_threads, Exec};
use crate::tasks::Finished;
use crate::{Pipeline, RunOptions};

/// How long [`Pipeline::drive`] waits before looking again when the tasks
/// it could run are held by other processes.
pub const POLL: Duration = Duration::from_secs(2);

/// One unit of work of a run. As JSON (and in Python):
/// `{"kind": "shard", "pass": 0, "shard": 3}`,
/// `{"kind": "reduce_part", "corpus": 0, "part": 5}`,
/// `{"kind": "reduce_merge", "corpus": 0}`, `{"kind": "finish"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Task {
    /// Pass `pass` over input shard `shard`.
    Shard {
        /// The pass (0 reads the input files).
        pass: usize,
        /// The shard (index in [`Plan::inputs`]).
        shard: u32,
    },
    /// Part `part` (a hash range or LSH band) of corpus step `corpus`'s reduce.
    ReducePart {
        /// Index of the corpus step (reduce `corpus` sits between pass
        /// `corpus` and pass `corpus + 1`).
        corpus: usize,
        /// The part, of `0..plan.reduce_parts[corpus]`.
        part: u32,
    },
    /// The merge of corpus step `corpus`'s reduce; commits the reduce.
    ReduceMerge {
        /// Index of the corpus step.
        corpus: usize,
    },
    /// Sums the task stats into `OUT/stats.json`, writes the manifest,
    /// publishes corpus indexes and removes the work files.
    Finish,
}

impl std::fmt::Display for Task {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Task::Shard { pass, shard } => write!(f, "pass {pass} of shard {shard}"),
            Task::ReducePart { corpus, part } => {
                write!(f, "part {part} of reduce {corpus}")
            }
            Task::ReduceMerge { corpus } => write!(f, "merge of reduce {corpus}"),
            Task::Finish => f.write_str("finish"),
        }
    }
}

/// The tasks of a run and what each waits for, from its [`Plan`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskGraph {
    plan: Plan,
}

impl TaskGraph {
    /// The graph of `plan`.
    pub fn new(plan: Plan) -> TaskGraph {
        TaskGraph { plan }
    }

    /// The plan the graph is made of.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    fn parts(&self, corpus: usize) -> u32 {
        self.plan
            .reduce_parts
            .get(corpus)
            .copied()
            .unwrap_or(1)
            .max(1)
    }

    /// Every task, in an order that respects the dependencies (each task
    /// after every task it waits for).
    pub fn tasks(&self) -> Vec<Task> {
        let n = self.plan.num_shards();
        let mut out = Vec::new();
        for pass in 0..self.plan.passes {
            if pass > 0 {
                let corpus = pass - 1;
                out.extend((0..self.parts(corpus)).map(|part| Task::ReducePart { corpus, part }));
                out.push(Task::ReduceMerge { corpus });
            }
            out.extend((0..n).map(|shard| Task::Shard { pass, shard }));
        }
        out.push(Task::Finish);
        out
    }

    /// Whether `task` belongs to this run.
    pub fn contains(&self, task: Task) -> bool {
        match task {
            Task::Shard { pass, shard } => {
                pass < self.plan.passes && shard < self.plan.num_shards()
            }
            Task::ReducePart { corpus, part } => {
                corpus + 1 < self.plan.passes && part < self.parts(corpus)
            }
            Task::ReduceMerge { corpus } => corpus + 1 < self.plan.passes,
            Task::Finish => true,
        }
    }

    /// The tasks `task` waits for directly: a shard task of pass `p > 0`
    /// waits for the merge of reduce `p - 1`; a reduce part for every shard
    /// task of its pass; a merge for its parts; the finish for every shard
    /// task of the last pass.
    pub fn dependencies(&self, task: Task) -> Vec<Task> {
        let shards =
            |pass: usize| (0..self.plan.num_shards()).map(move |shard| Task::Shard { pass, shard });
        match task {
            Task::Shard { pass: 0, .. } => Vec::new(),
            Task::Shard { pass, .. } => vec![Task::ReduceMerge { corpus: pass - 1 }],
            Task::ReducePart { corpus, .. } => shards(corpus).collect(),
            Task::ReduceMerge { corpus } => (0..self.parts(corpus))
                .map(|part| Task::ReducePart { corpus, part })
                .collect(),
            Task::Finish => shards(self.plan.passes - 1).collect(),
        }
    }

    fn check(&self, task: Task) -> Result<()> {
        if self.contains(task) {
            return Ok(());
        }
        Err(Error::config(format!(
            "no task `{task}` in this run ({} shards, {} passes, reduce parts {:?})",
            self.plan.num_shards(),
            self.plan.passes,
            self.plan.reduce_parts
        )))
    }
}

/// Which tasks a process runs when it drives the graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every task (one machine: [`Pipeline::run`]).
    All,
    /// Partition `index` of `count` (`tamis run --shard I/N`): the shard
    /// tasks, of every pass, of the shards `s % count == index`; then any
    /// reduce part (its own `part % count == index` first, then those no
    /// other partition has taken), the merges and the finish.
    Partition {
        /// 0-based partition number.
        index: u32,
        /// Number of partitions.
        count: u32,
    },
    /// Every task but those of pass 0 (`tamis merge`: it never reads the
    /// raw inputs).
    Merge,
}

impl Scope {
    fn covers(self, task: Task) -> bool {
        match (self, task) {
            (Scope::All, _) => true,
            (Scope::Merge, Task::Shard { pass, .. }) => pass > 0,
            (Scope::Merge, _) => true,
            (Scope::Partition { index, count }, Task::Shard { shard, .. }) => {
                count > 0 && shard % count == index
            }
            (Scope::Partition { .. }, _) => true,
        }
    }

    /// Tasks this scope takes before others that are ready (its share of
    /// the reduce parts).
    fn prefers(self, task: Task) -> bool {
        match (self, task) {
            (Scope::Partition { index, count }, Task::ReducePart { part, .. }) => {
                count > 0 && part % count == index
            }
            _ => true,
        }
    }
}

/// The result of [`Pipeline::run_task`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum TaskOutcome {
    /// This call ran the task and committed it.
    Done,
    /// It was committed before (by this or another process); nothing done.
    AlreadyDone,
    /// Tasks it waits for are not committed yet (listed).
    NotReady {
        /// The uncommitted tasks it waits for.
        waiting_for: Vec<Task>,
    },
    /// Another process holds the task's lock right now.
    Busy {
        /// Who holds it (process id and host).
        holder: String,
    },
}

/// How [`Pipeline::drive`] ended.
#[derive(Debug, Clone, PartialEq)]
pub enum DriveEnd {
    /// The run is finished: its stats (as in `OUT/stats.json`).
    Finished(Stats),
    /// Nothing in scope can run before tasks outside it are committed (by
    /// other processes): `on`, the first task of the scope that waits, and
    /// the uncommitted tasks it waits for.
    Waiting {
        /// The first task in scope that cannot run yet.
        on: Task,
        /// What it waits for (uncommitted, outside the scope).
        missing: Vec<Task>,
    },
    /// The tasks that could run are held by other processes (only without
    /// `wait`).
    Busy {
        /// A task another process runs.
        task: Task,
        /// Who runs it.
        holder: String,
    },
}

/// What one [`Pipeline::drive`] call did and how it ended.
#[derive(Debug, Clone, PartialEq)]
pub struct Drive {
    /// Summed stats of the shard tasks this call ran.
    pub ran_stats: Stats,
    /// The tasks this call ran (and committed), in order.
    pub ran: Vec<Task>,
    /// How it ended.
    pub end: DriveEnd,
}

/// What is committed, read once from the output folder.
struct Snapshot {
    status: Status,
    finished: bool,
}

impl Snapshot {
    fn committed(&self, task: Task) -> bool {
        match task {
            Task::Shard { pass, shard } => self
                .status
                .missing
                .get(pass)
                .is_some_and(|m| m.binary_search(&shard).is_err()),
            Task::ReducePart { corpus, part } => {
                self.status.reduced.get(corpus).copied().unwrap_or(false)
                    || self
                        .status
                        .reduce_parts_missing
                        .get(corpus)
                        .is_some_and(|m| !m.contains(&part))
            }
            Task::ReduceMerge { corpus } => {
                self.status.reduced.get(corpus).copied().unwrap_or(false)
            }
            Task::Finish => self.finished,
        }
    }

    /// The uncommitted tasks `task` waits for.
    fn blocking(&self, graph: &TaskGraph, task: Task) -> Vec<Task> {
        match task {
            // the common, large cases without listing every dependency
            Task::ReducePart { corpus: pass, .. } => shard_tasks(pass, &self.status.missing[pass]),
            Task::Finish => {
                let last = graph.plan.passes - 1;
                shard_tasks(last, &self.status.missing[last])
            }
            _ => graph
                .dependencies(task)
                .into_iter()
                .filter(|&t| !self.committed(t))
                .collect(),
        }
    }
}

fn shard_tasks(pass: usize, shards: &[u32]) -> Vec<Task> {
    shards
        .iter()
        .map(|&shard| Task::Shard { pass, shard })
        .collect()
}

impl Pipeline {
    /// The task graph of the run prepared in the output folder (from its
    /// recorded plan; see [`Pipeline::prepare`]).
    pub fn task_graph(&self) -> Result<TaskGraph> {
        Ok(TaskGraph::new(self.recorded_plan()?))
    }

    fn snapshot(&self) -> Result<Snapshot> {
        Ok(Snapshot {
            status: self.status()?,
            finished: self.finished(),
        })
    }

    /// Whether `task` is committed.
    pub fn is_committed(&self, task: Task) -> Result<bool> {
        let graph = self.task_graph()?;
        graph.check(task)?;
        Ok(self.snapshot()?.committed(task))
    }

    /// The tasks of `scope` that may run now: not committed, every task
    /// they wait for committed. In graph order, except that a partition's
    /// own reduce parts come before the others. (Whether another process
    /// holds one is found out by running it: [`Pipeline::run_task`].)
    pub fn ready_tasks(&self, scope: Scope) -> Result<Vec<Task>> {
        let graph = self.task_graph()?;
        let snap = self.snapshot()?;
        Ok(ready(&graph, &snap, scope))
    }

    /// Runs one task unless it is committed, another process holds it, or a
    /// task it waits for is not committed (each an outcome, not an error).
    /// Shard tasks and reduce parts use `opts.threads` threads (0 = all
    /// cores). Safe to call from many processes at once: the task runs once.
    pub fn run_task(&self, task: Task, opts: &RunOptions) -> Result<TaskOutcome> {
        let graph = self.task_graph()?;
        graph.check(task)?;
        let snap = self.snapshot()?;
        if snap.committed(task) {
            return Ok(TaskOutcome::AlreadyDone);
        }
        let waiting_for = snap.blocking(&graph, task);
        if !waiting_for.is_empty() {
            return Ok(TaskOutcome::NotReady { waiting_for });
        }
        let plan = graph.plan();
        Ok(match task {
            Task::Shard { pass, shard } => {
                let exec = Exec::new(opts.threads)?;
                let run = self.run_shards_with(&exec, plan, pass, &[shard], opts)?;
                match run.busy.into_iter().next() {
                    Some((_, holder)) => TaskOutcome::Busy { holder },
                    // committed by another claimer between our look and its lock
                    None if run.ran.is_empty() => TaskOutcome::AlreadyDone,
                    None => TaskOutcome::Done,
                }
            }
            Task::ReducePart { corpus, part } => {
                from_reduce(self.try_reduce_part(corpus, part, opts)?, pass_of(corpus))
            }
            Task::ReduceMerge { corpus } => self.try_merge(corpus, opts)?,
            Task::Finish => match self.finish_claim(plan, opts, None)? {
                Finished::Now(_) => TaskOutcome::Done,
                Finished::Before(_) => TaskOutcome::AlreadyDone,
                Finished::Busy => TaskOutcome::Busy {
                    holder: "another process finishing the run".to_owned(),
                },
            },
        })
    }

    /// Runs the ready tasks of `scope` on this machine until the run is
    /// finished or nothing in scope can run; the one loop behind
    /// [`Pipeline::run`], `tamis run --shard I/N` and `tamis merge`.
    ///
    /// The ready shard tasks of a pass run in parallel on `opts.threads`
    /// threads (0 = all cores), the ready parts of a reduce likewise, then
    /// its merge. When every task that could run is held by another process,
    /// it waits ([`POLL`]) and looks again if `wait`, else it returns
    /// [`DriveEnd::Busy`]. Requires [`Pipeline::prepare`] on OUT.
    pub fn drive(&self, scope: Scope, opts: &RunOptions, wait: bool) -> Result<Drive> {
        let started = Instant::now();
        let graph = self.task_graph()?;
        let plan = graph.plan().clone();
        let exec = Exec::new(opts.threads)?;
        let threads = exec.threads;
        let mut ran = Vec::new();
        let mut ran_stats = self.empty_stats();
        let mut waited_for = None;
        loop {
            let snap = self.snapshot()?;
            let ready = ready(&graph, &snap, scope);
            let Some(&first) = ready.first() else {
                if snap.finished {
                    let stats = self.finished_stats()?;
                    return Ok(Drive {
                        ran_stats,
                        ran,
                        end: DriveEnd::Finished(stats),
                    });
                }
                let (on, missing) = graph
                    .tasks()
                    .into_iter()
                    .filter(|&t| scope.covers(t) && !snap.committed(t))
                    .map(|t| (t, snap.blocking(&graph, t)))
                    .find(|(_, m)| !m.is_empty())
                    .ok_or_else(|| {
                        Error::data(format!(
                            "{}: no task is ready and none waits: the run's records are inconsistent",
                            self.output_dir().display()
                        ))
                    })?;
                return Ok(Drive {
                    ran_stats,
                    ran,
                    end: DriveEnd::Waiting { on, missing },
                });
            };
            let mut progressed = false;
            let mut busy: Option<(Task, String)> = None;
            match first {
                Task::Shard { pass, .. } => {
                    let shards: Vec<u32> = ready
                        .iter()
                        .filter_map(|t| match *t {
                            Task::Shard { pass: p, shard } if p == pass => Some(shard),
                            _ => None,
                        })
                        .collect();
                    let run = self.run_shards_with(&exec, &plan, pass, &shards, opts)?;
                    ran_stats += &run.ran_stats;
                    ran.extend(run.ran.iter().map(|&shard| Task::Shard { pass, shard }));
                    // committed here or by another claimer: either way, on
                    progressed = run.busy.len() < shards.len();
                    busy = run
                        .busy
                        .into_iter()
                        .next()
                        .map(|(shard, h)| (Task::Shard { pass, shard }, h));
                }
                Task::ReducePart { corpus, .. } => {
                    let parts: Vec<u32> = ready
                        .iter()
                        .filter_map(|t| match *t {
                            Task::ReducePart { corpus: c, part } if c == corpus => Some(part),
                            _ => None,
                        })
                        .collect();
                    let outcomes = self.try_reduce_parts(
                        corpus,
                        &parts,
                        &RunOptions {
                            threads,
                            ..opts.clone()
                        },
                    )?;
                    for (&part, o) in parts.iter().zip(outcomes) {
                        let task = Task::ReducePart { corpus, part };
                        match o {
                            ReduceOutcome::Done => {
                                ran.push(task);
                                progressed = true;
                            }
                            ReduceOutcome::AlreadyDone => progressed = true,
                            ReduceOutcome::Busy { holder } => busy = Some((task, holder)),
                            ReduceOutcome::NotReady { .. } => {}
                        }
                    }
                }
                Task::ReduceMerge { corpus } => {
                    let o = self.try_merge(
                        corpus,
                        &RunOptions {
                            threads,
                            ..opts.clone()
                        },
                    )?;
                    match o {
                        TaskOutcome::Done => {
                            ran.push(first);
                            progressed = true;
                        }
                        TaskOutcome::AlreadyDone => progressed = true,
                        TaskOutcome::Busy { holder } => busy = Some((first, holder)),
                        TaskOutcome::NotReady { .. } => {}
                    }
                }
                Task::Finish => {
                    let wall = (scope == Scope::All).then(|| started.elapsed().as_secs_f64());
                    let (now, stats) = match self.finish_claim(&plan, opts, wall)? {
                        Finished::Now(stats) => (true, Some(stats)),
                        Finished::Before(stats) => (false, Some(stats)),
                        Finished::Busy => (false, None),
                    };
                    match stats {
                        Some(stats) => {
                            if now {
                                ran.push(first);
                            }
                            return Ok(Drive {
                                ran_stats,
                                ran,
                                end: DriveEnd::Finished(stats),
                            });
                        }
                        None => {
                            busy = Some((first, "another process finishing the run".to_owned()))
                        }
                    }
                }
            }
            if progressed {
                continue;
            }
            match busy {
                Some((task, holder)) if !wait => {
                    return Ok(Drive {
                        ran_stats,
                        ran,
                        end: DriveEnd::Busy { task, holder },
                    })
                }
                Some((task, holder)) => {
                    if opts.progress != crate::ProgressMode::Quiet && waited_for != Some(task) {
                        crate::progress::log_info(&format!(
                            "waiting: {task} is running in {holder}"
                        ));
                    }
                    waited_for = Some(task);
                    thread::sleep(POLL);
                }
                None => {
                    return Err(Error::data(format!(
                        "{}: {first} was ready but could not run",
                        self.output_dir().display()
                    )))
                }
            }
        }
    }

    /// The merge of reduce `corpus` alone (its parts must be committed),
    /// under the reduce's lock.
    fn try_merge(&self, corpus: usize, opts: &RunOptions) -> Result<TaskOutcome> {
        let plan = self.recorded()?;
        let graph = TaskGraph::new((*plan).clone());
        let snap = self.snapshot()?;
        let task = Task::ReduceMerge { corpus };
        if snap.committed(task) {
            return Ok(TaskOutcome::AlreadyDone);
        }
        let waiting_for = snap.blocking(&graph, task);
        if !waiting_for.is_empty() {
            return Ok(TaskOutcome::NotReady { waiting_for });
        }
        let layout = self.layout();
        let lock = match crate::tasks::acquire(
            &layout.reduce_lock(corpus),
            &layout.reduce_marker(corpus),
        )? {
            Ok(lock) => lock,
            Err(o) => return Ok(from_reduce(o, pass_of(corpus))),
        };
        self.reduce_merge_now(
            corpus,
            plan.num_shards(),
            resolve_threads(opts.threads),
            opts,
        )?;
        lock.complete()?;
        Ok(TaskOutcome::Done)
    }

    /// The run was finished: `OUT/stats.json` and the manifest are there
    /// and every task is committed.
    pub(crate) fn finished(&self) -> bool {
        let layout = self.layout();
        layout.manifest().exists()
            && layout.stats().exists()
            && self.status().is_ok_and(|s| s.is_complete())
    }

    /// The stats a finished run wrote.
    pub(crate) fn finished_stats(&self) -> Result<Stats> {
        let path = self.layout().stats();
        let bytes =
            fs::read(&path).map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
        serde_json::from_slice(&bytes)
            .map_err(|e| Error::data(format!("{}: unreadable stats: {e}", path.display())))
    }
}

/// Pass whose shard tasks reduce `corpus` waits for.
fn pass_of(corpus: usize) -> usize {
    corpus
}

fn from_reduce(o: ReduceOutcome, pass: usize) -> TaskOutcome {
    match o {
        ReduceOutcome::Done => TaskOutcome::Done,
        ReduceOutcome::AlreadyDone => TaskOutcome::AlreadyDone,
        ReduceOutcome::NotReady { missing } => TaskOutcome::NotReady {
            waiting_for: shard_tasks(pass, &missing),
        },
        ReduceOutcome::Busy { holder } => TaskOutcome::Busy { holder },
    }
}

fn ready(graph: &TaskGraph, snap: &Snapshot, scope: Scope) -> Vec<Task> {
    let plan = graph.plan();
    let mut out = Vec::new();
    for pass in 0..plan.passes {
        if pass > 0 {
            let corpus = pass - 1;
            if !snap.status.pass_complete(corpus) {
                break;
            }
            if !snap.status.reduced[corpus] {
                let missing = &snap.status.reduce_parts_missing[corpus];
                if missing.is_empty() {
                    out.push(Task::ReduceMerge { corpus });
                } else {
                    let parts = missing
                        .iter()
                        .map(|&part| Task::ReducePart { corpus, part });
                    let (mine, others): (Vec<Task>, Vec<Task>) =
                        parts.partition(|&t| scope.prefers(t));
                    out.extend(mine);
                    out.extend(others);
                }
                return out;
            }
        }
        let missing = &snap.status.missing[pass];
        if !missing.is_empty() {
            out.extend(
                shard_tasks(pass, missing)
                    .into_iter()
                    .filter(|&t| scope.covers(t)),
            );
            return out;
        }
    }
    if !snap.finished {
        out.push(Task::Finish);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(shards: u32, parts: &[u32]) -> Plan {
        Plan {
            inputs: (0..shards).map(|i| format!("f{i}").into()).collect(),
            input_bytes: vec![0; shards as usize],
            shard_first: Vec::new(),
            passes: parts.len() + 1,
            corpus_steps: (0..parts.len()).map(|i| format!("c{i}")).collect(),
            reduce_parts: parts.to_vec(),
        }
    }

    #[test]
    fn tasks_come_after_their_dependencies() {
        let g = TaskGraph::new(plan(3, &[2, 1]));
        let tasks = g.tasks();
        assert_eq!(tasks.len(), 3 * 3 + 2 + 1 + 1 + 1 + 1);
        for (i, &t) in tasks.iter().enumerate() {
            assert!(g.contains(t), "{t}");
            for d in g.dependencies(t) {
                let at = tasks.iter().position(|&x| x == d).unwrap();
                assert!(at < i, "{t} at {i} depends on {d} at {at}");
            }
        }
        assert_eq!(
            g.dependencies(Task::Shard { pass: 1, shard: 2 }),
            [Task::ReduceMerge { corpus: 0 }]
        );
        assert_eq!(
            g.dependencies(Task::ReduceMerge { corpus: 0 }),
            [
                Task::ReducePart { corpus: 0, part: 0 },
                Task::ReducePart { corpus: 0, part: 1 }
            ]
        );
        assert!(!g.contains(Task::ReducePart { corpus: 0, part: 2 }));
        assert!(!g.contains(Task::Shard { pass: 3, shard: 0 }));
        assert_eq!(g.dependencies(Task::Finish).len(), 3);
    }

    #[test]
    fn tasks_are_json_objects_with_a_kind() {
        let t = Task::ReducePart { corpus: 1, part: 4 };
        let j = serde_json::to_string(&t).unwrap();
        assert_eq!(j, r#"{"kind":"reduce_part","corpus":1,"part":4}"#);
        assert_eq!(serde_json::from_str::<Task>(&j).unwrap(), t);
        assert_eq!(
            serde_json::from_str::<Task>(r#"{"kind":"finish"}"#).unwrap(),
            Task::Finish
        );
        assert!(serde_json::from_str::<Task>(r#"{"kind":"shard","pass":0}"#).is_err());
    }

    #[test]
    fn readiness_follows_what_is_committed() {
        let g = TaskGraph::new(plan(4, &[3]));
        let snap = |missing: Vec<Vec<u32>>, reduced: bool, parts: Vec<u32>| Snapshot {
            status: Status {
                missing,
                reduced: vec![reduced],
                reduce_parts_missing: vec![parts],
            },
            finished: false,
        };
        let s = snap(
            vec![vec![0, 1, 2, 3], vec![0, 1, 2, 3]],
            false,
            vec![0, 1, 2],
        );
        assert_eq!(ready(&g, &s, Scope::All), shard_tasks(0, &[0, 1, 2, 3]));
        let part = Scope::Partition { index: 1, count: 2 };
        assert_eq!(ready(&g, &s, part), shard_tasks(0, &[1, 3]));
        assert!(ready(&g, &s, Scope::Merge).is_empty());
        // partition 1's shards committed: it waits for the others
        let s = snap(vec![vec![0, 2], vec![0, 1, 2, 3]], false, vec![0, 1, 2]);
        assert!(ready(&g, &s, part).is_empty());
        assert_eq!(
            s.blocking(&g, Task::ReducePart { corpus: 0, part: 0 }),
            shard_tasks(0, &[0, 2])
        );
        // pass 0 complete: the parts, partition 1's own first
        let s = snap(vec![vec![], vec![0, 1, 2, 3]], false, vec![0, 1, 2]);
        assert_eq!(
            ready(&g, &s, part),
            [
                Task::ReducePart { corpus: 0, part: 1 },
                Task::ReducePart { corpus: 0, part: 0 },
                Task::ReducePart { corpus: 0, part: 2 }
            ]
        );
        let s = snap(vec![vec![], vec![0, 1, 2, 3]], false, vec![]);
        assert_eq!(ready(&g, &s, part), [Task::ReduceMerge { corpus: 0 }]);
        let s = snap(vec![vec![], vec![1]], true, vec![]);
        assert_eq!(ready(&g, &s, Scope::Merge), shard_tasks(1, &[1]));
        assert!(ready(&g, &s, Scope::Partition { index: 0, count: 2 }).is_empty());
        let mut s = snap(vec![vec![], vec![]], true, vec![]);
        assert_eq!(ready(&g, &s, part), [Task::Finish]);
        s.finished = true;
        assert!(ready(&g, &s, Scope::All).is_empty());
    }
}
