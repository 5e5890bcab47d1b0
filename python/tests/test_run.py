"""tamis.run: the local executor, and the Ray executor against a real cluster."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import tamis
from conftest import read_output


def comparable(stats: dict) -> dict:
    """Stats without timings."""
    s = dict(stats)
    s.pop("wall_seconds", None)
    s["steps"] = [{k: v for k, v in step.items() if k != "seconds"} for step in s["steps"]]
    return s


def test_local_default_preset(example_crawl: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    stats = tamis.run(input=str(example_crawl), output=out)
    assert stats["kept"] > 0 and stats["removed"] > 0
    assert stats["records_read"] == stats["kept"] + stats["removed"] + stats["read_errors"] + stats["step_errors"]
    assert json.loads((out / "stats.json").read_text()) == stats
    assert len(read_output(out, "kept")) == stats["kept"]
    assert [s["type"] for s in stats["steps"]][:2] == ["extract", "exact"]


def test_config_forms(example_crawl: Path, tmp_path: Path) -> None:
    toml = '[output]\nformat = "jsonl"\n[[step]]\ntype = "extract"\n[[step]]\ntype = "length"\nmin_words = 50\n'
    a = tamis.run(input=[example_crawl], output=tmp_path / "a", config=toml, threads=1)
    (tmp_path / "p.toml").write_text(toml)
    b = tamis.run(input=example_crawl, output=tmp_path / "b", config=tmp_path / "p.toml")
    c = tamis.run(
        input=str(example_crawl),
        output=str(tmp_path / "c"),
        config={"output": {"format": "jsonl"}, "steps": [{"type": "extract"}, {"type": "length", "min_words": 50}]},
    )
    assert comparable(a) == comparable(b) == comparable(c)
    assert a["steps"][1]["drops"].get("too_few_words", 0) > 0
    assert read_output(tmp_path / "a", "kept") == read_output(tmp_path / "c", "kept")


def test_bad_calls_raise(example_crawl: Path, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no preset `nope`"):
        tamis.run(input=str(example_crawl), output=tmp_path / "o", preset="nope")
    with pytest.raises(ValueError, match="not both"):
        tamis.run(input=str(example_crawl), output=tmp_path / "o", preset="default", config={})
    with pytest.raises(ValueError, match="no input"):
        tamis.run(output=tmp_path / "o", config={"steps": [{"type": "extract"}]})
    with pytest.raises(ValueError, match="unknown step type"):
        tamis.run(input=str(example_crawl), output=tmp_path / "o", config={"steps": [{"type": "nope"}]})
    with pytest.raises(ValueError, match="config file not found"):
        tamis.run(input=str(example_crawl), output=tmp_path / "o", config="missing.toml")
    with pytest.raises(ValueError, match="unknown executor"):
        tamis.run(input=str(example_crawl), output=tmp_path / "o", executor="dask")
    with pytest.raises((ValueError, OSError)):
        tamis.run(input=str(tmp_path / "does-not-exist.warc.gz"), output=tmp_path / "o")


def test_unreadable_input_is_recorded_not_fatal(tmp_path: Path) -> None:
    bad = tmp_path / "bad.warc.gz"
    bad.write_bytes(b"this is not a WARC file at all")
    stats = tamis.run(input=str(bad), output=tmp_path / "o", config={"steps": [{"type": "extract"}]})
    assert stats["kept"] == 0 and stats["read_errors"] >= 1


def test_ray_matches_local(ray_address: str, split_crawl: Path, example_crawl: Path, tmp_path: Path) -> None:
    """The default preset (three corpus-wide steps: four passes) on four shards: the
    Ray executor on a two-node cluster writes the same documents as the local one."""
    import ray

    from tamis import ray_executor

    # Workers import the same tamis as this process (tests/python.rs runs the suite
    # against the module cargo just built, from a temporary folder on PYTHONPATH).
    here = str(Path(tamis.__file__).resolve().parents[1])
    runtime_env = None if "site-packages" in here else {"env_vars": {"PYTHONPATH": here}}
    ray.init(address=ray_address, log_to_driver=False, runtime_env=runtime_env)
    try:
        alive = [n for n in ray.nodes() if n["Alive"]]
        for i, input_ in enumerate((str(split_crawl), str(example_crawl))):
            local_out, ray_out = tmp_path / f"local{i}", tmp_path / f"ray{i}"
            local = tamis.run(input=input_, output=local_out, threads=2)
            remote = tamis.run(input=input_, output=ray_out, executor="ray")
            assert comparable(remote) == comparable(local)
            for sub in ("kept", "removed"):
                assert read_output(ray_out, sub) == read_output(local_out, sub), sub
            assert remote["kept"] > 0
        # The split crawl's run used every node: 4 shards x 4 passes, and the three
        # reduces distributed by key (exact: 16 hash ranges, lines: 16, minhash: one
        # part per band, 14), each followed by its merge.
        first = tamis.run(input=str(split_crawl), output=tmp_path / "again", executor="ray")
        assert ray_executor.LAST_RUN["tasks"] == 4 * 4 + (16 + 1) + (16 + 1) + (14 + 1)
        assert sum(ray_executor.LAST_RUN["reduce_part_nodes"].values()) == 16 + 16 + 14
        if len(alive) >= 2:
            assert len(ray_executor.LAST_RUN["nodes"]) >= 2, ray_executor.LAST_RUN
            assert len(ray_executor.LAST_RUN["reduce_part_nodes"]) >= 2, ray_executor.LAST_RUN
        # Resuming a finished run redoes nothing and gives the same stats.
        kept = read_output(tmp_path / "again", "kept")
        again = tamis.run(input=str(split_crawl), output=tmp_path / "again", executor="ray", resume=True)
        assert comparable(again) == comparable(first)
        assert read_output(tmp_path / "again", "kept") == kept
        # An error inside a Ray task reaches the caller as the same Python exception type.
        cfg = ray_executor._absolute(tamis.resolve_config(input=str(split_crawl), output=str(tmp_path / "again")))
        with pytest.raises(ValueError, match="no task `pass 99 of shard 0`"):
            ray.get(ray_executor._task.remote(cfg, {"kind": "shard", "pass": 99, "shard": 0}, 1))
        # A bad input fails in the driver, before any task, with a Python exception.
        with pytest.raises((ValueError, OSError)):
            tamis.run(input=str(tmp_path / "nope" / "*.warc.gz"), output=tmp_path / "bad", executor="ray")
    finally:
        ray.shutdown()


def test_task_api_by_hand(split_crawl: Path, tmp_path: Path) -> None:
    """The calls the Ray driver makes, in this process: same result as run()."""
    local = tamis.run(input=str(split_crawl), output=tmp_path / "local", threads=1)
    p = tamis.Pipeline(tamis.resolve_config(input=str(split_crawl), output=str(tmp_path / "tasks")))
    plan = p.prepare()
    assert plan["passes"] == p.passes == 4 and len(plan["inputs"]) == 4
    assert plan["shard_first"] == [0, 1, 2, 3]  # four large-enough files: a shard each
    assert plan["corpus_steps"] == ["exact", "lines", "minhash"]
    with pytest.raises(ValueError, match="cannot reduce"):
        p.reduce(0)
    with pytest.raises(ValueError, match="cannot reduce"):
        p.reduce_part(0, 3)
    with pytest.raises(ValueError, match="no part 16"):
        p.reduce_part(0, 16)
    assert plan["reduce_parts"] == [16, 16, 14] == [p.reduce_parts(i) for i in range(3)]
    for pass_index in range(plan["passes"]):
        if pass_index > 0:
            corpus_index = pass_index - 1
            # the parts first, in any order, each from a fresh pipeline (another worker)
            for part in reversed(range(plan["reduce_parts"][corpus_index])):
                tamis.Pipeline.from_output(tmp_path / "tasks").reduce_part(corpus_index, part)
                missing = p.status()["reduce_parts_missing"][corpus_index]
                assert missing == list(range(part)), missing
            assert not p.status()["reduced"][corpus_index]
            p.reduce(corpus_index)  # merges
            assert p.status()["reduced"][corpus_index]
        for shard in reversed(range(len(plan["shard_first"]))):  # any order
            p.run_shard(pass_index, shard)
        assert p.status()["missing"][pass_index] == []
    stats = tamis.Pipeline.from_output(tmp_path / "tasks").finish()
    assert comparable(stats) == comparable(local)
    assert read_output(tmp_path / "tasks", "kept") == read_output(tmp_path / "local", "kept")


def test_ready_tasks_drive_a_run(split_crawl: Path, tmp_path: Path) -> None:
    """What the Ray driver does, in this process: ask for the ready tasks, run them."""
    local = tamis.run(input=str(split_crawl), output=tmp_path / "local", threads=1)
    p = tamis.Pipeline(tamis.resolve_config(input=str(split_crawl), output=str(tmp_path / "graph")))
    p.prepare()
    tasks = p.tasks()
    assert len(tasks) == 4 * 4 + (16 + 1) + (16 + 1) + (14 + 1) + 1
    assert tasks[-1] == {"kind": "finish"}
    assert p.ready_tasks() == [{"kind": "shard", "pass": 0, "shard": s} for s in range(4)]
    assert p.ready_tasks(partition=(1, 2)) == [{"kind": "shard", "pass": 0, "shard": s} for s in (1, 3)]
    assert p.dependencies({"kind": "reduce_merge", "corpus": 0}) == [
        {"kind": "reduce_part", "corpus": 0, "part": q} for q in range(16)
    ]
    early = p.run_task({"kind": "reduce_merge", "corpus": 0})
    assert early["outcome"] == "not_ready" and len(early["waiting_for"]) == 16
    with pytest.raises(ValueError, match="not a task"):
        p.run_task({"kind": "shard", "pass": 0})
    ran = []
    while ready := p.ready_tasks():
        for task in ready:
            assert p.run_task(task)["outcome"] == "done"
            ran.append(task)
    assert ran == tasks
    assert p.run_task({"kind": "finish"})["outcome"] == "already_done"
    assert comparable(p.finish()) == comparable(local)
    assert read_output(tmp_path / "graph", "kept") == read_output(tmp_path / "local", "kept")


def test_non_empty_output_is_refused_and_overwrite_keeps_user_files(example_crawl: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = tamis.run(input=str(example_crawl), output=out)
    assert not (out / ".tamis" / "work").exists(), "work files go after a successful run"
    (out / "kept" / "mine.txt").write_text("my notes")
    with pytest.raises(ValueError, match="is not empty: it holds a finished tamis run"):
        tamis.run(input=str(example_crawl), output=out)
    again = tamis.run(input=str(example_crawl), output=out, overwrite=True, keep_work=True)
    assert comparable(again) == comparable(first)
    assert (out / "kept" / "mine.txt").read_text() == "my notes"
    assert (out / ".tamis" / "work").is_dir(), "keep_work=True keeps them"
    assert "stats.json" in (out / ".tamis" / "manifest").read_text().split()
