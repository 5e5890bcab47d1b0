/*!
Reliability tooling for tamis: a deterministic corpus of broken crawl files
and a generator of clean multi-shard corpora with duplicates.

- [`write_corpus`] writes one file per kind of damage (truncated gzip, a
  corrupt gzip member mid-WARC, garbage, bad version lines, lying
  `Content-Length`s, missing separators, PNG/PDF labelled `text/html`,
  invalid UTF-8 and non-JSON lines, a 30 MB line, 100,000 nested tags, empty
  files and documents, a gzip bomb) and returns a [`Case`] per file: the
  read-error codes it must produce and the ids of the good records that
  must still be read.
- [`write_shards`] writes shards for crash/resume and determinism tests.
- The `tamis-make-broken DIR` binary writes the corpus to a folder.

```
use tamis_testkit::{write_corpus, CorpusOptions};

let dir = tempfile::tempdir()?;
let small = CorpusOptions { big_line_bytes: 10_000, nesting_depth: 100, bomb_bytes: 1 << 16 };
let cases = write_corpus(dir.path(), &small)?;
let corrupt = cases.iter().find(|c| c.file == "corrupt-member.warc.gz").unwrap();
assert_eq!(corrupt.good_ids.len(), 5);
assert!(corrupt.read_codes.contains(&"gzip_corrupt"));
# Ok::<(), std::io::Error>(())
```

`broken.rs` and `shards.rs` use only `std`, `flate2` and `serde_json`, so
`crates/tamis-cli/tests/reliability.rs` includes them with `#[path]` instead
of depending on this crate.
*/
#![deny(missing_docs)]

mod broken;
mod shards;

pub use crate::broken::{
    good_response, gzip_member, html_page, record_id, sentence_text, warc_record, warc_response,
    write_corpus, Case, CorpusOptions, Rng,
};
pub use crate::shards::write_shards;
