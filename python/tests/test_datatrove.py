"""Conversion to and from datatrove's Document."""

from __future__ import annotations

import pytest

import tamis
from conftest import need


def test_roundtrip() -> None:
    need("datatrove")
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
    need("datatrove")
    with pytest.raises(ValueError, match="text"):
        tamis.to_datatrove({"id": "a"})
    with pytest.raises(TypeError):
        tamis.from_datatrove(object())


def test_tamis_filter_in_a_datatrove_pipeline() -> None:
    need("datatrove")
    import pickle

    from datatrove.data import Document

    good = "The council met on Tuesday to discuss the bridge and the road that the farmers use. " * 6
    docs = [Document(text=good, id="a"), Document(text="Too short.", id="b"), Document(text=good + " Mail bob@corp.example.com", id="c")]
    block = tamis.TamisFilter("gopher_quality", batch_size=2)
    block = pickle.loads(pickle.dumps(block))  # datatrove's executors ship blocks by pickling
    kept = list(block.run(iter(docs)))
    assert [d.id for d in kept] == ["a", "c"]
    assert block.stats["dropped_gopher_short_doc"].total == 1
    assert docs[1].metadata["removed_by"]["reason"] == "gopher_short_doc"
    pii = list(tamis.TamisFilter("pii").run(iter(kept)))
    assert "bob@corp.example.com" not in pii[1].text
    with pytest.raises(ValueError, match="unknown field"):
        tamis.TamisFilter("length", min_wrds=3)
