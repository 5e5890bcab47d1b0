"""Shared fixtures: the example crawl, split copies of it, a Ray cluster address.

A test whose environment is missing (a Python module, the S3 server, the Ray
cluster) skips, unless a TAMIS_REQUIRE_* variable says that environment must
be there (`.ci/run` sets them): then it fails, so that a CI whose setup broke
cannot pass tests it did not run.
  TAMIS_REQUIRE_PY=1   every module the tests import (pyarrow, datatrove, ...)
  TAMIS_REQUIRE_S3=1   TAMIS_S3_ENDPOINT and boto3 (.ci/setup-s3.sh)
  TAMIS_REQUIRE_RAY=1  TAMIS_RAY_ADDRESS (.ci/setup-ray.sh)
"""

from __future__ import annotations

import gzip
import importlib
import os
import zlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "crawl" / "example.warc.gz"


def required(what: str = "PY") -> bool:
    """Whether TAMIS_REQUIRE_<what>=1: a missing environment fails the test."""
    return os.environ.get(f"TAMIS_REQUIRE_{what}") == "1"


def need(module: str, what: str = "PY"):
    """Imports `module`; without it the test skips, or fails when
    TAMIS_REQUIRE_<what>=1."""
    if required(what):
        try:
            return importlib.import_module(module)
        except ImportError as e:
            pytest.fail(f"cannot import {module} and TAMIS_REQUIRE_{what}=1: {e}")
    return pytest.importorskip(module)


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
        if required("RAY"):
            pytest.fail("TAMIS_RAY_ADDRESS is not set (TAMIS_REQUIRE_RAY=1): .ci/setup-ray.sh starts the cluster")
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
