//! The JSONL reader (plain, gzip or zstd, any bytes) never panics or loops.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| common::read_all(data, tamis_io::Format::Jsonl, "jsonl"));
