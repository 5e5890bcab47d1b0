"""Conversion to and from datatrove's Document."""

from __future__ import annotations

import pytest

import tamis


def test_roundtrip() -> None:
    pytest.importorskip("datatrove")
    from datatrove.data import Document

    d = {"id": "x1", "text": "Bonjour.", "metadata": {"url": "https://a.b/", "language": "fr", "language_score": 0.9}}
    doc = tamis.to_datatrove(d)
    assert isinstance(doc, Document)
    assert (doc.id, doc.text, doc.metadata["language"]) == ("x1", "Bonjour.", "fr")
    assert tamis.from_datatrove(doc) == d
    # Lists, numeric ids, flat dicts.
    docs = tamis.to_datatrove([{"id": 3, "text": "a", "url": "u"}, d])
    assert docs[0].id == "3" and docs[0].metadata == {"url": "u"}
    assert tamis.from_datatrove(docs)[1] == d
    # The dicts tamis.Step returns convert as they are.
    (removed,) = tamis.Step("length", min_words=5).process([d])[1]
    back = tamis.to_datatrove(removed)
    assert back.metadata["removed_by"]["reason"] == "too_few_words"


def test_errors() -> None:
    pytest.importorskip("datatrove")
    with pytest.raises(ValueError, match="text"):
        tamis.to_datatrove({"id": "a"})
    with pytest.raises(TypeError):
        tamis.from_datatrove(object())
