"""tamis.Step on batches: lists of dicts, datatrove Documents, pyarrow tables."""

from __future__ import annotations

import json

import pytest

import tamis
from conftest import need

GOOD = (
    "The village council met on Tuesday evening to discuss the new bridge over the river. "
    "Most of the residents who came to the meeting said that they were in favour of the plan, "
    "but several farmers asked how the heavy trucks would reach their fields during the work. "
    "The engineer explained that a temporary road would be built along the eastern bank and "
    "that the old bridge would stay open until the new one is finished next spring. "
    "The council will vote on the budget at its next meeting in March."
)
SHORT = "Too short to be a document."


def docs() -> list[dict]:
    return [
        {"id": "good", "text": GOOD, "metadata": {"url": "https://example.org/a", "dump": "x"}},
        {"id": "short", "text": SHORT, "metadata": {}},
    ]


def test_list_of_dicts_keeps_and_removes_with_reason() -> None:
    step = tamis.Step("gopher_quality")
    kept, removed = step.process(docs())
    assert [d["id"] for d in kept] == ["good"]
    assert kept[0]["metadata"]["url"] == "https://example.org/a"
    assert kept[0]["metadata"]["dump"] == "x"
    assert [d["id"] for d in removed] == ["short"]
    why = removed[0]["metadata"]["removed_by"]
    assert why["step"] == "gopher_quality"
    assert why["reason"] == "gopher_short_doc"
    assert why["signals"]["n_non_symbol_words"] == 6 and why["signals"]["min_doc_words"] == 50
    # __call__ returns only the kept documents.
    assert [d["id"] for d in step(docs())] == ["good"]


def test_options_and_name() -> None:
    step = tamis.Step("length", name="tiny", min_words=3)
    assert (step.name, step.type) == ("tiny", "length")
    kept, removed = step.process([{"id": 1, "text": "one two"}, {"text": "one two three four"}])
    assert [d["id"] for d in kept] == ["batch/1"]  # no id: named by position
    assert removed[0]["id"] == "1"  # numeric ids become strings
    assert removed[0]["metadata"]["removed_by"] == {
        "step": "tiny",
        "reason": "too_few_words",
        "signals": removed[0]["metadata"]["removed_by"]["signals"],
    }


def test_transform_changes_text() -> None:
    kept, removed = tamis.Step("pii").process([{"id": "p", "text": "Write to jane.doe@company.net today."}])
    assert removed == []
    assert "jane.doe@company.net" not in kept[0]["text"]


def test_language_labels() -> None:
    (doc,) = tamis.Step("language", label_only=True)([{"id": "fr", "text": "Le conseil municipal s'est réuni mardi soir pour discuter du nouveau pont sur la rivière."}])
    assert doc["metadata"]["language"].startswith("fr")
    assert 0.0 < doc["metadata"]["language_score"] <= 1.0


def test_bad_inputs_raise_clear_errors() -> None:
    with pytest.raises(ValueError, match="unknown step type"):
        tamis.Step("no_such_step")
    with pytest.raises(ValueError, match="unknown field"):
        tamis.Step("gopher_quality", min_doc_wrds=3)
    with pytest.raises(ValueError, match="corpus-wide"):
        tamis.Step("minhash")
    step = tamis.Step("length", min_words=1)
    with pytest.raises(ValueError, match="document 1: missing text"):
        step.process([{"text": "ok"}, {"id": "x"}])
    with pytest.raises(TypeError, match="document 0"):
        step.process([42])
    with pytest.raises(TypeError):
        step.process(7)


def test_datatrove_documents_in_place() -> None:
    datatrove = need("datatrove")
    from datatrove.data import Document

    batch = [Document(text=GOOD, id="good", metadata={"url": "https://example.org/a"}), Document(text=SHORT, id="short")]
    kept, removed = tamis.Step("gopher_quality").process(batch)
    assert kept[0] is batch[0] and removed[0] is batch[1]
    assert isinstance(kept[0], Document)
    assert removed[0].metadata["removed_by"]["reason"] == "gopher_short_doc"
    assert kept[0].metadata["url"] == "https://example.org/a"
    del datatrove


def test_pyarrow_table() -> None:
    pa = need("pyarrow")
    table = pa.table(
        {
            "id": ["good", "short", "mail"],
            "text": [GOOD, SHORT, "Write to jane.doe@company.net today."],
            "n": [1, 2, 3],
            "blob": [b"a", b"b", b"c"],  # not shown to steps, passed through
        }
    )
    kept, removed = tamis.Step("gopher_quality").process(table)
    assert isinstance(kept, pa.Table) and isinstance(removed, pa.Table)
    assert kept.column("id").to_pylist() == ["good"]
    assert kept.column("blob").to_pylist() == [b"a"]
    assert kept.schema.field("text").type == pa.string()
    assert removed.column("id").to_pylist() == ["short", "mail"]
    assert removed.column("removed_step").to_pylist() == ["gopher_quality"] * 2
    assert removed.column("removed_reason").to_pylist()[0] == "gopher_short_doc"
    assert isinstance(json.loads(removed.column("removed_signals")[0].as_py()), dict)

    # A transform rewrites the text column in the input's string type.
    large = table.cast(pa.schema([("id", pa.string()), ("text", pa.large_string()), ("n", pa.int64()), ("blob", pa.binary())]))
    kept, removed = tamis.Step("pii")(large), None
    assert kept.schema.field("text").type == pa.large_string()
    assert "jane.doe@company.net" not in kept.column("text")[2].as_py()
    assert kept.column("n").to_pylist() == [1, 2, 3]


def test_pyarrow_record_batch_and_language_column() -> None:
    pa = need("pyarrow")
    batch = pa.record_batch({"text": ["Le conseil municipal s'est réuni mardi soir pour discuter du pont.", "The council met on Tuesday to discuss the bridge."]})
    kept = tamis.Step("language", label_only=True)(batch)
    assert isinstance(kept, pa.RecordBatch)
    langs = kept.column(kept.schema.get_field_index("language")).to_pylist()
    assert langs[0].startswith("fr") and langs[1].startswith("en")
    assert kept.schema.field("language_score").type == pa.float64()


def test_pyarrow_bad_tables() -> None:
    pa = need("pyarrow")
    step = tamis.Step("length", min_words=1)
    with pytest.raises(ValueError, match="no `text` column"):
        step.process(pa.table({"content": ["x"]}))
    with pytest.raises(ValueError, match="not a string column"):
        step.process(pa.table({"text": [1, 2]}))
    with pytest.raises(ValueError, match="row 1: `text` is null"):
        step.process(pa.table({"text": ["a", None]}))
    empty_kept, empty_removed = step.process(pa.table({"text": pa.array([], pa.string())}))
    assert empty_kept.num_rows == 0 and "removed_reason" in empty_removed.column_names


def test_listing() -> None:
    names = {s["name"] for s in tamis.steps()}
    assert {"extract", "gopher_quality", "minhash", "language"} <= names
    assert "default" in {p["name"] for p in tamis.presets()}


def test_document_a_step_cannot_process_is_a_step_error_with_its_code(tmp_path) -> None:
    (tmp_path / "en").write_text("badword\n")
    step = tamis.Step("c4_badwords", dir=str(tmp_path), fail_on_missing_language=True)
    batch = [
        {"id": "en", "text": "A clean English page.", "metadata": {"language": "en"}},
        {"id": "fr", "text": "Une page en français.", "metadata": {"language": "fr"}},
    ]
    kept, removed = step.process(batch)
    assert [d["id"] for d in kept] == ["en"]
    assert removed[0]["metadata"]["removed_by"] == {
        "step": "c4_badwords",
        "reason": "step_error",
        "signals": {
            "code": "resource",
            "message": "c4_badwords: no bad-words list for language `fr`",
        },
    }
