//! Parquet output (placeholder until the Parquet writer lands).

use std::fs::File;

use tamis_core::{Document, Error, Result};

pub(crate) struct ParquetSink;

impl ParquetSink {
    pub(crate) fn new(_file: File) -> Result<ParquetSink> {
        Err(Error::config("parquet output is not implemented yet"))
    }
    pub(crate) fn push(&mut self, _doc: &Document, _value: &serde_json::Value) -> Result<()> {
        Ok(())
    }
    pub(crate) fn finish(self) -> Result<()> {
        Ok(())
    }
}
