"""Type stubs for ``tamis._tamis``, the compiled core of the ``tamis`` package."""

import os
from typing import Any, Mapping, Sequence, TypeVar, Union

_PathLike = Union[str, "os.PathLike[str]"]
_Batch = TypeVar("_Batch")

__version__: str

def steps() -> list[dict[str, str]]:
    """The step types tamis ships: ``[{"name", "summary", "doc"}, ...]``."""

def presets() -> list[dict[str, str]]:
    """The built-in presets: ``[{"name", "summary", "toml"}, ...]``."""

def resolve_config(
    input: _PathLike | Sequence[_PathLike] | None = None,
    output: _PathLike | None = None,
    preset: str | None = None,
    config: _PathLike | str | Mapping[str, Any] | None = None,
) -> str:
    """Resolves a pipeline (preset, TOML file or string, or dict; inputs and output
    override the configuration's) to JSON, building it once to check every step.

    Raises ``ValueError`` for an unknown preset or step, bad options or no input."""

class Step:
    """One per-document step (filter or transform) applied to batches in memory.

    ``Step("gopher_quality", min_doc_words=50)``; ``name`` is what removed documents
    report as ``removed_by["step"]``. Corpus-wide steps (``exact``, ``lines``,
    ``minhash``) raise ``ValueError``: they need :func:`tamis.run`.
    """

    def __init__(self, type: str, /, *, name: str | None = None, **options: Any) -> None: ...
    @property
    def name(self) -> str:
        """The step's name (``removed_by["step"]``)."""
    @property
    def type(self) -> str:
        """The step's type."""
    def process(self, docs: _Batch) -> tuple[_Batch, _Batch]:
        """Runs the step on a batch; returns ``(kept, removed)`` in the input's form.

        ``docs``: a list of dicts ``{"id", "text", "metadata"}`` (new dicts are returned;
        removed ones carry ``metadata["removed_by"] = {"step", "reason", "signals"}``),
        a list of objects with ``text``/``id``/``metadata`` attributes such as datatrove
        ``Document``\\ s (changed in place and returned), or a pyarrow ``Table`` /
        ``RecordBatch`` with a string ``text`` column (removed rows get ``removed_step``,
        ``removed_reason`` and ``removed_signals`` columns). A document the step cannot
        process is removed with reason ``step_error`` and signals ``{"code", "message"}``
        (``code`` as in ``tamis explain errors``, e.g. ``internal``). The GIL is released while the
        documents are processed in parallel."""
    def __call__(self, docs: _Batch) -> _Batch:
        """``process(docs)[0]``: the kept documents only."""

class Pipeline:
    """A whole pipeline, built from :func:`resolve_config`'s JSON.

    ``run`` runs it on this machine; ``prepare``, ``run_shard``, ``reduce_part``, ``reduce``, ``status``
    and ``finish`` are the idempotent task calls an external scheduler (the Ray executor)
    makes, from any process that sees the output folder at the same path."""

    def __init__(self, config_json: str) -> None: ...
    @staticmethod
    def from_output(output: _PathLike) -> "Pipeline":
        """The pipeline of the run recorded in an output folder (by ``prepare``)."""
    @property
    def config_json(self) -> str: ...
    @property
    def output(self) -> str: ...
    @property
    def passes(self) -> int:
        """One plus one per corpus-wide step."""
    def run(self, threads: int = 0, resume: bool = False, progress: bool = False) -> dict[str, Any]:
        """Runs every pass on this machine (``threads``: 0 = all cores); returns the stats."""
    def prepare(self, resume: bool = False) -> dict[str, Any]:
        """Prepares the output folder; returns the plan
        ``{"inputs": [...], "input_bytes": [...], "shard_first": [...], "passes": int,
        "corpus_steps": [...], "reduce_parts": [int per corpus step]}``; shard ``s`` reads
        ``inputs[shard_first[s]:shard_first[s + 1]]`` (small files share a shard)."""
    def run_shard(self, pass_index: int, shard: int, threads: int = 1) -> dict[str, Any]:
        """Runs task (pass, shard) unless committed; returns its stats."""
    def reduce_parts(self, corpus_index: int) -> int:
        """The number of parts (hash ranges, LSH bands) of corpus step ``corpus_index``'s reduce."""
    def reduce_part(self, corpus_index: int, part: int, threads: int = 1) -> None:
        """Runs one part of the reduce of corpus step ``corpus_index`` unless committed
        (after every task of that pass); parts are independent of each other."""
    def reduce(self, corpus_index: int, threads: int = 1) -> None:
        """Runs the reduce of corpus step ``corpus_index`` (after every task of that pass):
        the parts not committed yet, then the merge."""
    def status(self) -> dict[str, Any]:
        """What is committed: ``{"missing": [[shard, ...] per pass], "reduced": [bool, ...],
        "reduce_parts_missing": [[part, ...] per corpus step]}``."""
    def finish(self, keep_work: bool = False) -> dict[str, Any]:
        """Sums the committed task stats into ``OUT/stats.json`` and returns them."""
