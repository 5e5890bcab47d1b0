//! The WARC reader (plain or gzip, any damage) never panics, never loops,
//! and stays within its caps.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| common::read_all(data, tamis_io::Format::Warc, "warc"));
