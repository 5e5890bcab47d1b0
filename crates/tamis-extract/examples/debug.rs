//! Prints tamis's output and selection path for one page (`.html` or `.html.gz`).
use std::io::Read;

fn main() {
    let p = std::env::args().nth(1).expect("path");
    let raw = std::fs::read(&p).expect("read");
    let html = if p.ends_with(".gz") {
        let mut v = Vec::new();
        flate2::read::GzDecoder::new(&raw[..])
            .read_to_end(&mut v)
            .expect("gunzip");
        v
    } else {
        raw
    };
    let opts = tamis_extract::ExtractOptions::default();
    println!("{}", tamis_extract::debug_candidates(&html, &opts));
    let e = tamis_extract::extract(&html, None, None, &opts).expect("extract");
    println!(
        "title={:?} date={:?} author={:?}\n----\n{}",
        e.title, e.date, e.author, e.text
    );
}
