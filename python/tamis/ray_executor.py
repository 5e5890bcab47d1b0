"""The Ray executor: every ready task of the run's task graph becomes a Ray task.

The Rust side decides what may run: ``Pipeline.ready_tasks()`` returns the
tasks whose dependencies are committed (the shard tasks of a pass, the parts
of a corpus step's reduce once every shard of its pass is committed, the
merge once every part is, the finish last); this driver sends each to a Ray
worker, which runs it with ``Pipeline.run_task(task)``, and asks again as
results come back. It holds no pass/reduce sequencing of its own, so it runs
exactly what ``tamis run`` and ``tamis run --shard I/N`` run. Tasks are
idempotent and run under a lock: a retried or duplicated task runs once.

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
import time
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


#: How long a worker waits before reporting that another process holds its task.
_BUSY_WAIT_SECONDS = 1.0
#: How many times in a row the driver looks again when the tasks it ran do not show as committed.
_MAX_STALLS = 30


@ray.remote(max_retries=3)
def _task(config_json: str, task: dict[str, Any], threads: int) -> tuple[dict[str, Any], str]:
    outcome = _pipeline(config_json).run_task(task, threads=threads)
    if outcome["outcome"] == "busy":
        time.sleep(_BUSY_WAIT_SECONDS)  # the driver asks again; don't spin
    return outcome, ray.get_runtime_context().get_node_id()


def _key(task: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(sorted(task.items()))


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


def run_ray(
    config_json: str,
    *,
    resume: bool = False,
    overwrite: bool = False,
    keep_work: bool = False,
    address: str | None = None,
    cpus_per_task: int = 1,
) -> dict[str, Any]:
    """Runs a resolved pipeline (``tamis.resolve_config``) on Ray; returns the stats.

    Connects to ``address`` (or ``$TAMIS_RAY_ADDRESS``, ``$RAY_ADDRESS``, else starts a
    local Ray) unless Ray is already initialised. ``prepare`` (which refuses a non-empty
    output folder unless ``resume`` or ``overwrite``) and the finish run in this process;
    every shard task, reduce part and merge runs as a Ray task asking for ``cpus_per_task``
    CPUs (and using as many threads). Failed tasks are retried (the runner's tasks are
    idempotent: a committed task is not redone).
    """
    if cpus_per_task < 1:
        raise ValueError("cpus_per_task must be at least 1")
    config_json = _absolute(config_json)
    driver = Pipeline(config_json)
    _connect(address)  # before prepare: a wrong address must not touch OUT
    driver.prepare(resume=resume, overwrite=overwrite)
    nodes: Counter[str] = Counter()
    part_nodes: Counter[str] = Counter()
    tasks = 0
    # SPREAD: a pass's tasks go to every node, not first to the driver's.
    remote = _task.options(num_cpus=cpus_per_task, scheduling_strategy="SPREAD")
    pending: dict[Any, dict[str, Any]] = {}
    submitted: set[tuple[Any, ...]] = set()
    stalls = 0
    while True:
        ready = driver.ready_tasks()
        if not ready and not pending:
            break  # finished (the finish task is run below, in this process)
        for task in ready:
            if task["kind"] == "finish" or _key(task) in submitted:
                continue
            pending[remote.remote(config_json, task, cpus_per_task)] = task
            submitted.add(_key(task))
        if not pending:
            if any(t["kind"] == "finish" for t in ready):
                outcome = driver.run_task({"kind": "finish"}, threads=cpus_per_task, keep_work=keep_work)
                if outcome["outcome"] == "busy":
                    time.sleep(_BUSY_WAIT_SECONDS)
                continue
            # every ready task ran, yet the output folder does not show it
            # committed (a shared file system's cache): look again, a few times
            stalls += 1
            if stalls > _MAX_STALLS:
                raise RuntimeError(f"tamis: tasks ran but are not committed in the output folder: {driver.status()}")
            time.sleep(_BUSY_WAIT_SECONDS)
            submitted.clear()
            continue
        stalls = 0
        done, _ = ray.wait(list(pending), num_returns=1)
        for ref in done:
            task = pending.pop(ref)
            outcome, node = ray.get(ref)
            if outcome["outcome"] in ("busy", "not_ready"):
                submitted.discard(_key(task))  # another process has it: ask again later
                continue
            tasks += 1
            nodes[node] += 1
            if task["kind"] == "reduce_part":
                part_nodes[node] += 1
    stats = driver.finish(keep_work=keep_work)  # the stats written by the finish task
    LAST_RUN.clear()
    LAST_RUN.update({"tasks": tasks, "nodes": dict(nodes), "reduce_part_nodes": dict(part_nodes)})
    return stats
