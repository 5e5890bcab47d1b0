"""The Ray executor: one Ray task per (pass, input shard) and per reduce part.

A pipeline with corpus-wide steps (``exact``, ``lines``, ``minhash``) runs in
passes: pass 0 reads the inputs through the per-document steps and writes
each shard's signals for the first corpus step; that step's *reduce* turns
every shard's signals into decisions; pass 1 applies them, and so on. Each
(pass, shard) is an independent, idempotent task of the Rust runner
(``tamis._tamis.Pipeline.run_shard``), so here it is a Ray task. Each reduce
is distributed by key: one Ray task per part (a hash range of the line or
text hashes, an LSH band of MinHash), spread over the nodes once every task of
its pass is committed, then one task that merges the parts' results (the
MinHash clustering, the per-shard decisions, the index update).

Requirement: the output folder (and the inputs) must be on a file system
every Ray node sees at the same path (NFS, Lustre, a shared disk...): the
tasks exchange their results through ``OUT/.tamis/``. Relative paths are
made absolute on the driver.

The result is the same as the local executor's: same kept and removed
documents in the same files, same statistics (except ``wall_seconds``).
"""

from __future__ import annotations

import json
import os
from collections import Counter
from typing import Any

import ray

from tamis._tamis import Pipeline

#: Diagnostics of the last :func:`run_ray` call in this process:
#: ``{"tasks": n, "nodes": {node_id: tasks_run_there}, "reduce_part_nodes": {node_id: parts_run_there}}``.
LAST_RUN: dict[str, Any] = {}

_PIPELINES: dict[str, Pipeline] = {}


def _pipeline(config_json: str) -> Pipeline:
    """The pipeline for a configuration, built once per worker process."""
    p = _PIPELINES.get(config_json)
    if p is None:
        p = Pipeline(config_json)
        _PIPELINES[config_json] = p
    return p


@ray.remote(max_retries=3)
def _shard_task(config_json: str, pass_index: int, shard: int, threads: int) -> tuple[dict[str, Any], str]:
    stats = _pipeline(config_json).run_shard(pass_index, shard, threads=threads)
    return stats, ray.get_runtime_context().get_node_id()


@ray.remote(max_retries=3)
def _reduce_part_task(config_json: str, corpus_index: int, part: int, threads: int) -> str:
    _pipeline(config_json).reduce_part(corpus_index, part, threads=threads)
    return ray.get_runtime_context().get_node_id()


@ray.remote(max_retries=3)
def _reduce_task(config_json: str, corpus_index: int, threads: int) -> str:
    _pipeline(config_json).reduce(corpus_index, threads=threads)
    return ray.get_runtime_context().get_node_id()


def _absolute(config_json: str) -> str:
    """The configuration with local input and output paths made absolute (workers
    do not share the driver's working directory)."""
    cfg = json.loads(config_json)

    def local(p: str) -> bool:
        return "://" not in p

    inp = cfg.setdefault("input", {})
    inp["paths"] = [os.path.abspath(p) if local(p) else p for p in inp.get("paths", [])]
    out = cfg.setdefault("output", {})
    path = str(out.get("path", "tamis-out"))
    out["path"] = os.path.abspath(path) if local(path) else path
    return json.dumps(cfg)


def _connect(address: str | None) -> None:
    if ray.is_initialized():
        return
    address = address or os.environ.get("TAMIS_RAY_ADDRESS") or os.environ.get("RAY_ADDRESS")
    if address:
        ray.init(address=address, log_to_driver=False)
    else:
        ray.init(log_to_driver=False, include_dashboard=False)


def run_ray(config_json: str, *, resume: bool = False, address: str | None = None, cpus_per_task: int = 1) -> dict[str, Any]:
    """Runs a resolved pipeline (``tamis.resolve_config``) on Ray; returns the stats.

    Connects to ``address`` (or ``$TAMIS_RAY_ADDRESS``, ``$RAY_ADDRESS``, else starts a
    local Ray) unless Ray is already initialised. ``prepare`` and ``finish`` run in this
    process; every (pass, shard) task, every reduce part and every merge runs as a Ray task asking for
    ``cpus_per_task`` CPUs (and using as many threads). Failed tasks are retried (the
    runner's tasks are idempotent: a committed task is not redone).
    """
    if cpus_per_task < 1:
        raise ValueError("cpus_per_task must be at least 1")
    config_json = _absolute(config_json)
    driver = Pipeline(config_json)
    _connect(address)  # before prepare: a wrong address must not clear OUT
    plan = driver.prepare(resume=resume)
    num_shards = len(plan["inputs"])
    nodes: Counter[str] = Counter()
    part_nodes: Counter[str] = Counter()
    tasks = 0
    # SPREAD: a pass's tasks go to every node, not first to the driver's.
    shard_task = _shard_task.options(num_cpus=cpus_per_task, scheduling_strategy="SPREAD")
    part_task = _reduce_part_task.options(num_cpus=cpus_per_task, scheduling_strategy="SPREAD")
    reduce_task = _reduce_task.options(num_cpus=cpus_per_task)
    reduce_parts = plan.get("reduce_parts") or [1] * (plan["passes"] - 1)
    for pass_index in range(plan["passes"]):
        if pass_index > 0:
            corpus_index = pass_index - 1
            parts = [part_task.remote(config_json, corpus_index, p, cpus_per_task) for p in range(reduce_parts[corpus_index])]
            for node in ray.get(parts):
                nodes[node] += 1
                part_nodes[node] += 1
                tasks += 1
            # every part is committed: this task only merges
            nodes[ray.get(reduce_task.remote(config_json, corpus_index, cpus_per_task))] += 1
            tasks += 1
        refs = [shard_task.remote(config_json, pass_index, s, cpus_per_task) for s in range(num_shards)]
        for _stats, node in ray.get(refs):
            nodes[node] += 1
            tasks += 1
    stats = driver.finish()
    LAST_RUN.clear()
    LAST_RUN.update({"tasks": tasks, "nodes": dict(nodes), "reduce_part_nodes": dict(part_nodes)})
    return stats
