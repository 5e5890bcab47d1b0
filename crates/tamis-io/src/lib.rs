/*!
Streaming readers and crash-safe writers for tamis.

Readers turn input files into a stream of [`ReadItem`]s: documents, records
the reader removes (a file whose bytes are not text: `not_text`), records
skipped on purpose, warnings (damage recovered from, e.g. `warc_recovered`)
and error records. [`expand_inputs`] finds the input
files, [`open_reader`] opens one (format from the name, else from the first
bytes; gzip and zstd detected by magic bytes). Formats: WARC/WET (plain or
gzip, with recovery from damaged records and gzip members), JSON Lines
(plain, gzip, zstd), Parquet, and one-document-per-file text and HTML.
Memory per reader is bounded: records above
[`ReaderOptions::max_record_bytes`] are streamed past, decompression is
capped by [`ReaderOptions::max_decompressed_bytes`].

Inputs may also be object-storage URLs (`s3://`, `gs://`, `az://`,
`http(s)://`): [`expand_inputs`] lists them and [`open_reader`] streams
them; [`remote::RemoteOutput`] stages an output folder locally and
publishes it to a bucket (cargo feature `remote`, on by default).

[`ShardWriter`] writes documents into rotating `{prefix}_{part:05}.{ext}`
files (JSONL, gzip, zstd or Parquet), each under a temporary name until it is
complete; [`read_documents`] reads them back.

```
use tamis_core::Document;
use tamis_io::{open_reader, read_documents, ReadItem, ReaderOptions, ShardWriter, WriterOptions};

let dir = tempfile::tempdir()?;
let input = dir.path().join("in.jsonl");
std::fs::write(&input, "{\"id\": \"a\", \"text\": \"Bonjour.\"}\nnot json\n")?;

let mut writer = ShardWriter::new(&dir.path().join("out"), "kept", &WriterOptions::default())?;
for item in open_reader(&input, &ReaderOptions::default())? {
    match item {
        ReadItem::Doc(doc) => writer.write(&doc)?,
        ReadItem::Error(e) => assert_eq!(e.code, "bad_json"),
        ReadItem::Removed(_) | ReadItem::Skipped(_) | ReadItem::Warning(_) => {}
    }
}
let files = writer.finish()?;
assert!(files[0].ends_with("kept_00000.jsonl.gz"));
let back: Vec<ReadItem> = read_documents(&files[0])?.collect();
assert!(matches!(&back[..], [ReadItem::Doc(d)] if d.text == "Bonjour."));
# Ok::<(), Box<dyn std::error::Error>>(())
```
*/
#![deny(missing_docs)]

mod arc;
mod gzip;
mod http;
mod input;
mod jsonl;
mod parquet_read;
mod parquet_write;
mod reader;
pub mod remote;
mod single;
mod sniff;
mod stream;
#[cfg(test)]
mod test_util;
mod warc;
mod writer;

pub use crate::input::{expand_inputs, input_size};
pub use crate::reader::{
    open_reader, read_documents, Format, ReadItem, ReaderOptions, RecordError, RecordReader,
    READ_STEP,
};
pub use crate::writer::{OutputFormat, ShardWriter, WriterOptions};
pub use tamis_core::write_atomic;
