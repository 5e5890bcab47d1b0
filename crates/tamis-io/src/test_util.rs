//! Helpers shared by the readers' unit tests.

use crate::reader::{open_reader, ReadItem, ReaderOptions};

/// Writes `bytes` to a temporary file called `name` and reads every item from it.
pub(crate) fn read_items(name: &str, bytes: &[u8], opts: &ReaderOptions) -> Vec<ReadItem> {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    open_reader(&p, opts).unwrap().collect()
}

/// `doc:<id>`, `err:<code>`, `skip:<why>`, `removed:<id>` or `warn:<code>` per item, with ids passed through `id`.
pub(crate) fn codes_by(items: &[ReadItem], id: impl Fn(&str) -> &str) -> Vec<String> {
    items
        .iter()
        .map(|i| match i {
            ReadItem::Doc(d) => format!("doc:{}", id(&d.id)),
            ReadItem::Error(e) => format!("err:{}", e.code),
            ReadItem::Skipped(s) => format!("skip:{s}"),
            ReadItem::Removed(d) => format!("removed:{}", id(&d.id)),
            ReadItem::Warning(w) => format!("warn:{w}"),
        })
        .collect()
}

/// [`codes_by`] with ids as they are.
pub(crate) fn codes(items: &[ReadItem]) -> Vec<String> {
    codes_by(items, |id| id)
}
