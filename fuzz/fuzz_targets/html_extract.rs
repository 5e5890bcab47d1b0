//! The HTML extractor never panics on any bytes, with or without a declared
//! content type, in both favor modes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tamis_extract::{extract, ExtractOptions, Favor};

fuzz_target!(|data: &[u8]| {
    let (flags, html) = data.split_first().map_or((0u8, data), |(f, rest)| (*f, rest));
    let mut opts = ExtractOptions::default();
    opts.favor = match flags % 3 {
        0 => Favor::Balanced,
        1 => Favor::Precision,
        _ => Favor::Recall,
    };
    let ct = if flags & 4 == 0 { None } else { Some("text/html; charset=windows-1252") };
    let url = if flags & 8 == 0 { None } else { Some("https://example.org/a/b.html") };
    let _ = extract(html, ct, url, &opts);
});
