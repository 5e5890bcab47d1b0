"""tamis.run with an object-storage output, against the S3-compatible server .ci/setup-s3.sh starts."""

from __future__ import annotations

import gzip
import os
import uuid
from pathlib import Path

import pytest

import tamis
from conftest import need, read_output, required


@pytest.fixture(scope="module")
def s3():
    endpoint = os.environ.get("TAMIS_S3_ENDPOINT")
    if not endpoint:
        if required("S3"):
            pytest.fail("TAMIS_S3_ENDPOINT is not set (TAMIS_REQUIRE_S3=1): .ci/setup-s3.sh starts the server")
        pytest.skip("skipped: TAMIS_S3_ENDPOINT not set")
    boto3 = need("boto3", "S3")
    return boto3.client("s3", endpoint_url=endpoint)


def test_s3_output_equals_local_output(s3, example_crawl: Path, tmp_path: Path) -> None:
    bucket = f"py-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=bucket)
    local = tmp_path / "local"
    expected = tamis.run(input=str(example_crawl), output=local, preset="default")
    stats = tamis.run(input=str(example_crawl), output=f"s3://{bucket}/out", preset="default")
    assert stats["kept"] == expected["kept"] and stats["removed"] == expected["removed"]
    keys = sorted(o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix="out/")["Contents"])
    assert "out/stats.json" in keys
    kept: list[str] = []
    for k in keys:
        if k.startswith("out/kept/"):
            body = s3.get_object(Bucket=bucket, Key=k)["Body"].read()
            kept.extend(gzip.decompress(body).decode("utf-8").splitlines())
    assert kept == read_output(local, "kept")


def test_task_calls_refuse_an_object_storage_output(example_crawl: Path) -> None:
    config = tamis.resolve_config(input=str(example_crawl), output="s3://some-bucket/out", preset="default")
    with pytest.raises(ValueError, match="every worker shares"):
        tamis._tamis.Pipeline(config).prepare()
