"""Conversion between tamis documents (datatrove-style dicts) and datatrove's ``Document``.

tamis reads and writes documents as ``{"id": str, "text": str, "metadata": {...}}``
with ``url``, ``title``, ``language``, ``language_score``... inside ``metadata``:
the same shape datatrove's JSONL writer produces. datatrove is imported only
when a conversion to its ``Document`` is asked for.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any, Iterable, overload

if TYPE_CHECKING:  # pragma: no cover
    from datatrove.data import Document


def _document_class() -> Any:
    try:
        from datatrove.data import Document, Media
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("tamis.to_datatrove needs datatrove: pip install datatrove") from e
    return Document, Media


def _one_from(doc: Any) -> dict[str, Any]:
    if isinstance(doc, dict):
        return {"id": doc.get("id"), "text": doc["text"], "metadata": dict(doc.get("metadata") or {})}
    for attr in ("text", "id"):
        if not hasattr(doc, attr):
            raise TypeError(f"expected a datatrove Document, got {type(doc).__name__} (no `{attr}`)")
    d: dict[str, Any] = {"id": doc.id, "text": doc.text, "metadata": dict(getattr(doc, "metadata", None) or {})}
    media = getattr(doc, "media", None)
    if media:
        d["media"] = [dataclasses.asdict(m) if dataclasses.is_dataclass(m) else m for m in media]
    return d


def _one_to(d: Any) -> "Document":
    Document, Media = _document_class()
    if isinstance(d, Document):
        return d
    if not isinstance(d, dict):
        raise TypeError(f"expected a dict {{'id', 'text', 'metadata'}}, got {type(d).__name__}")
    if "text" not in d or not isinstance(d["text"], str):
        raise ValueError("document dict has no string `text`")
    meta = dict(d.get("metadata") or {})
    # Flat dicts (extra top-level keys) keep those keys in metadata, as tamis reads them.
    for k, v in d.items():
        if k not in ("id", "text", "metadata", "media"):
            meta.setdefault(k, v)
    media = [Media(**m) if isinstance(m, dict) else m for m in d.get("media") or []]
    doc_id = d.get("id")
    return Document(text=d["text"], id="" if doc_id is None else str(doc_id), media=media, metadata=meta)


@overload
def from_datatrove(doc: "Document") -> dict[str, Any]: ...
@overload
def from_datatrove(doc: Iterable["Document"]) -> list[dict[str, Any]]: ...
def from_datatrove(doc: Any) -> Any:
    """A datatrove ``Document`` (or a list of them) as tamis dicts.

    ``{"id", "text", "metadata"}``; the metadata dict is copied. Media (unused
    by datatrove's own steps) are kept under ``"media"`` as plain dicts when present.
    """
    if isinstance(doc, (list, tuple)):
        return [_one_from(x) for x in doc]
    return _one_from(doc)


@overload
def to_datatrove(d: dict[str, Any]) -> "Document": ...
@overload
def to_datatrove(d: Iterable[dict[str, Any]]) -> list["Document"]: ...
def to_datatrove(d: Any) -> Any:
    """A tamis dict (or a list of them) as datatrove ``Document``\\ s.

    ``removed_by``, ``language`` and every other tamis field stay in ``metadata``,
    where datatrove's own steps put their annotations.
    """
    if isinstance(d, (list, tuple)):
        return [_one_to(x) for x in d]
    return _one_to(d)
