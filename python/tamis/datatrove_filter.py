"""A tamis step as a datatrove pipeline block (imports datatrove).

``TamisFilter("gopher_quality", min_doc_words=50)`` drops into a datatrove pipeline
where a datatrove filter would go: documents are processed in batches by tamis (in
Rust, in parallel, GIL released), dropped ones are counted per reason in datatrove's
stats (``dropped_<reason>``) and written to ``exclusion_writer`` if given, with
``metadata["removed_by"]`` saying why. Transforms (``pii``, ``language``) change the
documents in place and keep them.

The block pickles as its step type and options, so datatrove's multi-process and
Slurm executors can ship it.
"""

from __future__ import annotations

from typing import Any

from datatrove.data import Document
from datatrove.pipeline.filters.base_filter import BaseFilter
from datatrove.pipeline.writers.disk_base import DiskWriter

from tamis._tamis import Step


class TamisFilter(BaseFilter):
    """A tamis per-document step (see ``tamis.steps()``) as a datatrove filter."""

    name = "🦀 tamis"

    def __init__(
        self,
        type: str,
        *,
        name: str | None = None,
        exclusion_writer: DiskWriter | None = None,
        batch_size: int = 1000,
        **options: Any,
    ) -> None:
        super().__init__(exclusion_writer=exclusion_writer, batch_size=batch_size)
        self._spec = (type, name, options)
        self._step = Step(type, name=name, **options)  # bad options fail here, not in a worker
        self.name = f"🦀 tamis {self._step.name}"

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_step", None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        type_, name, options = self._spec
        self._step = Step(type_, name=name, **options)

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        return self.filter_batch([doc])[0]

    def filter_batch(self, batch: list[Document]) -> list[bool | tuple[bool, str]]:
        _kept, removed = self._step.process(batch)
        why = {id(d): d.metadata["removed_by"]["reason"] for d in removed}
        return [(False, why[id(d)]) if id(d) in why else True for d in batch]
