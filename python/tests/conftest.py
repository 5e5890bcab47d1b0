"""Shared fixtures: the example crawl, split copies of it, a Ray cluster address."""

from __future__ import annotations

import gzip
import os
import zlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "crawl" / "example.warc.gz"


def required() -> bool:
    return os.environ.get("TAMIS_REQUIRE_PY") == "1"


@pytest.fixture(scope="session")
def example_crawl() -> Path:
    assert EXAMPLE.is_file(), f"missing {EXAMPLE}"
    return EXAMPLE


@pytest.fixture(scope="session")
def split_crawl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example crawl as 4 WARC files (4 shards), cut at record boundaries
    (each record is one gzip member)."""
    data = EXAMPLE.read_bytes()
    members = []
    pos = 0
    while pos < len(data):
        d = zlib.decompressobj(31)
        d.decompress(data[pos:])
        end = len(data) - len(d.unused_data)
        members.append(data[pos:end])
        pos = end
    out = tmp_path_factory.mktemp("split")
    n = 4
    for i in range(n):
        chunk = members[i * len(members) // n : (i + 1) * len(members) // n]
        (out / f"part-{i}.warc.gz").write_bytes(b"".join(chunk))
    return out


@pytest.fixture(scope="session")
def ray_address() -> str:
    addr = os.environ.get("TAMIS_RAY_ADDRESS")
    if not addr:
        if required():
            pytest.fail("TAMIS_RAY_ADDRESS is not set (TAMIS_REQUIRE_PY=1): .ci/setup-ray.sh starts the cluster")
        pytest.skip("skipped: TAMIS_RAY_ADDRESS not set (no Ray cluster)")
    return addr


def read_output(out: Path, sub: str) -> list[str]:
    """Every line of OUT/<sub>/*, files in name order."""
    lines: list[str] = []
    for f in sorted((out / sub).glob("*")):
        if f.name.startswith("."):
            continue
        raw = f.read_bytes()
        if f.suffix == ".gz":
            raw = gzip.decompress(raw)
        lines.extend(raw.decode("utf-8").splitlines())
    return lines
