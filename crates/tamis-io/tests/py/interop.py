"""Checks that Python tools read what tamis-io writes, and writes a file for tamis-io to read.

usage: interop.py read PARQUET JSONL_GZ   -> prints one JSON summary line
       interop.py write OUT.parquet        -> writes a Hugging Face-style parquet file
"""
import json
import sys


def read(parquet_path, jsonl_path):
    import pyarrow.parquet as pq
    import datasets

    table = pq.read_table(parquet_path)
    ds = datasets.load_dataset("parquet", data_files=parquet_path, split="train")
    js = datasets.load_dataset("json", data_files=jsonl_path, split="train")
    row = ds[0]
    print(json.dumps({
        "columns": table.column_names,
        "types": [str(t) for t in table.schema.types],
        "rows": table.num_rows,
        "row_groups": pq.ParquetFile(parquet_path).num_row_groups,
        "compression": pq.ParquetFile(parquet_path).metadata.row_group(0).column(1).compression,
        "hf_rows": len(ds),
        "first": {"id": row["id"], "text": row["text"], "url": row["url"], "language_score": row["language_score"],
                  "metadata": json.loads(row["metadata"])},
        "json_rows": len(js),
        "json_first": {"id": js[0]["id"], "text": js[0]["text"], "metadata_url": js[0]["metadata"]["url"]},
    }))


def write(out):
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({
        "id": pa.array(["p0", "p1"], pa.large_string()),
        "text": pa.array(["Un texte.", "Zweiter Text."], pa.large_string()),
        "metadata": pa.array([{"url": "https://a.fr/", "dump": "CC-1", "n": 3}, {"url": None, "dump": "CC-2", "n": 4}]),
        "token_count": pa.array([2, 2], pa.int32()),
    })
    pq.write_table(table, out, compression="snappy" if False else "zstd")


if __name__ == "__main__":
    {"read": lambda: read(sys.argv[2], sys.argv[3]), "write": lambda: write(sys.argv[2])}[sys.argv[1]]()
