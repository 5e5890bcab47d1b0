//! Shared by the reader targets: the readers open paths, so each input is
//! written to one scratch file per process (in `$TMPDIR`) and read back.

use std::path::PathBuf;

use tamis_io::{open_reader, Format, ReadItem, ReaderOptions};

/// Reads `data` as a file of `format` (also its gzip form when it starts
/// with the gzip magic) and checks the reader's own promises.
pub fn read_all(data: &[u8], format: Format, ext: &str) {
    let path: PathBuf = std::env::temp_dir().join(format!("tamis-fuzz-{}.{ext}", std::process::id()));
    if std::fs::write(&path, data).is_err() {
        return;
    }
    // Small caps so the bounded-memory paths (record_too_large,
    // decompressed_too_large) are reached by small inputs too.
    let opts = ReaderOptions {
        format: Some(format),
        max_record_bytes: 1 << 16,
        max_decompressed_bytes: 1 << 22,
        ..ReaderOptions::default()
    };
    let Ok(reader) = open_reader(&path, &opts) else { return };
    let mut items = 0u64;
    for item in reader {
        items += 1;
        match item {
            ReadItem::Doc(d) => assert!(d.text.len() as u64 <= 1 << 22),
            ReadItem::Error(e) => assert!(!e.code.is_empty() && !e.reason.is_empty()),
            ReadItem::Removed(d) => assert!(d.removed_by.is_some() && d.text.is_empty()),
            ReadItem::Skipped(_) | ReadItem::Warning(_) => {}
        }
        // Every item consumes at least one decompressed byte, and those are
        // capped: more items than that means a loop. (Not the input size:
        // a few gzip bytes can inflate to many lines.)
        assert!(items <= opts.max_decompressed_bytes + 2, "reader yields more items than decompressed bytes");
    }
}
