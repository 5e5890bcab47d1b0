//! The records of one input shard: its files (one, or several small ones
//! grouped by [`crate::plan::group_inputs`]) read one after the other as a
//! single stream, with record ordinals counted across the whole shard.
//!
//! A file that cannot be opened is one `open_failed` error record and the
//! shard goes on with the next file: one bad file never costs the others.

use std::path::PathBuf;

use tamis_core::display_chain;
use tamis_io::{ReadItem, ReaderOptions, RecordError, RecordReader};

/// Reads the files of a shard in order.
pub(crate) struct ShardReader {
    files: Vec<PathBuf>,
    opts: ReaderOptions,
    /// Index of the next file to open.
    next: usize,
    current: Option<Box<dyn RecordReader>>,
    /// Records (documents, removed, errors) of the files before the current one.
    base: u64,
    /// Records of the current file so far.
    count: u64,
    /// Bytes read from the files before the current one.
    done_bytes: u64,
}

impl ShardReader {
    pub(crate) fn new(files: &[PathBuf], opts: &ReaderOptions) -> ShardReader {
        ShardReader {
            files: files.to_vec(),
            opts: opts.clone(),
            next: 0,
            current: None,
            base: 0,
            count: 0,
            done_bytes: 0,
        }
    }

    /// Index (in this shard's files) of the file the last item came from.
    pub(crate) fn file_index(&self) -> usize {
        self.next.saturating_sub(1)
    }

    /// Closes the current file and opens the next; an open failure becomes
    /// the error record returned.
    fn advance(&mut self) -> Option<Option<ReadItem>> {
        if let Some(r) = self.current.take() {
            self.done_bytes += r.bytes_read();
            self.base += self.count;
            self.count = 0;
        }
        let path = self.files.get(self.next)?.clone();
        self.next += 1;
        match tamis_io::open_reader(&path, &self.opts) {
            Ok(r) => {
                self.current = Some(r);
                Some(None)
            }
            Err(e) => {
                self.base += 1;
                Some(Some(ReadItem::Error(RecordError {
                    file: path.display().to_string(),
                    offset: None,
                    id: None,
                    line: None,
                    reason: display_chain(&e),
                    code: "open_failed",
                })))
            }
        }
    }
}

impl Iterator for ShardReader {
    type Item = ReadItem;

    fn next(&mut self) -> Option<ReadItem> {
        loop {
            let item = match self.current.as_mut() {
                Some(r) => r.next(),
                None => None,
            };
            let Some(mut item) = item else {
                match self.advance()? {
                    Some(open_failed) => return Some(open_failed),
                    None => continue,
                }
            };
            match &mut item {
                ReadItem::Doc(d) | ReadItem::Removed(d) => {
                    d.position.ordinal += self.base;
                    self.count += 1;
                }
                ReadItem::Error(_) => self.count += 1,
                ReadItem::Skipped(_) | ReadItem::Warning(_) => {}
            }
            return Some(item);
        }
    }
}

impl RecordReader for ShardReader {
    fn bytes_read(&self) -> u64 {
        self.done_bytes + self.current.as_ref().map_or(0, |r| r.bytes_read())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(items: impl Iterator<Item = ReadItem>) -> Vec<(String, u64)> {
        items
            .filter_map(|i| match i {
                ReadItem::Doc(d) => Some((d.text, d.position.ordinal)),
                ReadItem::Error(e) => Some((format!("error {}", e.code), u64::MAX)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn files_read_in_order_with_ordinals_across_the_shard() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.jsonl");
        let b = dir.path().join("b.jsonl");
        let missing = dir.path().join("gone.jsonl");
        std::fs::write(&a, "{\"text\":\"one\"}\n{\"text\":\"two\"}\n").unwrap();
        std::fs::write(&b, "{\"text\":\"three\"}\n").unwrap();
        let files = [a, missing, b];
        let r = ShardReader::new(&files, &ReaderOptions::default());
        let got = docs(r);
        assert_eq!(
            got,
            [
                ("one".to_owned(), 0),
                ("two".to_owned(), 1),
                ("error open_failed".to_owned(), u64::MAX),
                ("three".to_owned(), 3),
            ]
        );
    }
}
