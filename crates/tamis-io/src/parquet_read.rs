//! Parquet input (placeholder until the Parquet reader lands).

use std::path::Path;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;

use tamis_core::{Error, Result};

use crate::reader::{ReadItem, ReaderOptions};

pub(crate) struct ParquetDocs;

impl ParquetDocs {
    pub(crate) fn open(path: &Path, _opts: &ReaderOptions) -> Result<(ParquetDocs, Arc<AtomicU64>)> {
        Err(Error::config(format!("{}: parquet input is not implemented yet", path.display())))
    }
}

impl Iterator for ParquetDocs {
    type Item = ReadItem;
    fn next(&mut self) -> Option<ReadItem> {
        None
    }
}
