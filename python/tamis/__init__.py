"""tamis: turn raw web crawls into clean, deduplicated, language-tagged text corpora.

The work happens in Rust (``tamis._tamis``); this package is its Python face:

- :func:`run` runs a whole pipeline (a preset or your TOML/dict) on files, on
  this machine or on a Ray cluster, and returns the run's statistics;
- :class:`Step` applies one per-document step (a filter or a transform) to a
  batch in memory: a list of datatrove-style dicts, a list of datatrove
  ``Document``\\ s, or a pyarrow ``Table``/``RecordBatch``;
- :func:`from_datatrove` / :func:`to_datatrove` convert documents, and
  :class:`TamisFilter` puts a tamis step into a datatrove pipeline.

Example::

    import tamis
    stats = tamis.run(input="crawl/*.warc.gz", output="out", preset="fineweb")
    print(stats["kept"], "documents kept")

    step = tamis.Step("gopher_quality", min_doc_words=50)
    kept, removed = step.process([{"id": "1", "text": "too short"}])
    print(removed[0]["metadata"]["removed_by"]["reason"])   # gopher_short_doc
"""

from __future__ import annotations

import os
from typing import Any, Literal, Mapping, Sequence, Union

from tamis._tamis import Pipeline, Step, __version__, presets, resolve_config, steps
from tamis.convert import from_datatrove, to_datatrove

__all__ = [
    "Pipeline",
    "Step",
    "TamisFilter",
    "__version__",
    "from_datatrove",
    "presets",
    "run",
    "steps",
    "to_datatrove",
]

PathLike = Union[str, "os.PathLike[str]"]


def __getattr__(name: str) -> Any:
    # tamis.TamisFilter (a datatrove block) imports datatrove only when asked for.
    if name == "TamisFilter":
        from tamis.datatrove_filter import TamisFilter

        return TamisFilter
    raise AttributeError(f"module 'tamis' has no attribute {name!r}")


def run(
    input: PathLike | Sequence[PathLike] | None = None,
    output: PathLike | None = None,
    preset: str | None = None,
    config: PathLike | str | Mapping[str, Any] | None = None,
    executor: Literal["local", "ray"] = "local",
    threads: int = 0,
    resume: bool = False,
    *,
    overwrite: bool = False,
    keep_work: bool = False,
    progress: bool = False,
    ray_address: str | None = None,
    cpus_per_task: int = 1,
) -> dict[str, Any]:
    """Runs a pipeline and returns its statistics (the dict written to ``OUT/stats.json``).

    Args:
        input: input files, folders or globs (WARC/WET, JSONL, Parquet, HTML...);
            replaces the configuration's ``[input] paths``. Each file is one shard.
        output: the output folder (``kept/``, ``removed/``, ``errors/``, ``stats.json``);
            replaces the configuration's ``[output] path``.
        preset: a built-in recipe (see :func:`presets`); the default is ``"default"``.
        config: instead of a preset, a pipeline: the path of a TOML (or ``.json``)
            file, a TOML string, or a dict of the same shape
            (``{"input": {...}, "output": {...}, "steps": [{"type": ..., ...}]}``).
        executor: ``"local"`` (every core of this machine) or ``"ray"`` (one Ray task per
            input shard and pass; the output folder must be on a file system every
            Ray node sees at the same path).
        threads: threads (local: for the whole run; ray: ignored, see ``cpus_per_task``);
            0 = all cores.
        resume: finish an interrupted run in the same output folder, skipping what it
            committed (the configuration must be the same).
        overwrite: replace the run in an output folder that is not empty: delete the files
            an earlier tamis run wrote there (files you added stay). Without it (or
            ``resume``), a non-empty output folder is refused with a ``ValueError``.
        keep_work: keep the work files (``OUT/.tamis/work``, ``OUT/.tamis/pass*``) after a
            successful run; they are removed otherwise.
        progress: show progress on stderr (local executor).
        ray_address: the Ray cluster to connect to when Ray is not initialised yet
            (default: ``$TAMIS_RAY_ADDRESS``, then ``$RAY_ADDRESS``, then a local Ray).
        cpus_per_task: CPUs each Ray task asks for (threads it uses within its shard).

    Raises:
        ValueError: an unknown preset or step, a bad option, no input, a non-empty output
            folder without ``resume`` or ``overwrite``.
        OSError: an output folder that cannot be written.
    """
    cfg = resolve_config(input=input, output=output, preset=preset, config=config)
    if executor == "local":
        return Pipeline(cfg).run(
            threads=threads, resume=resume, progress=progress, overwrite=overwrite, keep_work=keep_work
        )
    if executor == "ray":
        try:
            from tamis.ray_executor import run_ray
        except ModuleNotFoundError as e:
            if e.name != "ray":
                raise
            raise ImportError("executor='ray' needs Ray: pip install 'ray'") from e

        return run_ray(
            cfg,
            resume=resume,
            overwrite=overwrite,
            keep_work=keep_work,
            address=ray_address,
            cpus_per_task=cpus_per_task,
        )
    raise ValueError(f"unknown executor {executor!r}: use 'local' or 'ray'")
