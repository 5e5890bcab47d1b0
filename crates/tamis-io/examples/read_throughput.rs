//! Reads files and prints records and throughput:
//! `cargo run --release -p tamis-io --example read_throughput -- FILE... [--repeat N]`

use std::time::Instant;

use tamis_io::{open_reader, ReadItem, ReaderOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut repeat = 1;
    if let Some(i) = args.iter().position(|a| a == "--repeat") {
        repeat = args.get(i + 1).and_then(|n| n.parse().ok()).unwrap_or(1);
        args.drain(i..(i + 2).min(args.len()));
    }
    let files = tamis_io::expand_inputs(&args)?;
    let (mut docs, mut errors, mut skipped, mut bytes, mut payload) =
        (0u64, 0u64, 0u64, 0u64, 0u64);
    let t = Instant::now();
    for _ in 0..repeat {
        for f in &files {
            let mut r = open_reader(f, &ReaderOptions::default())?;
            for item in r.by_ref() {
                match item {
                    ReadItem::Doc(d) => {
                        docs += 1;
                        payload += d.text.len() as u64 + d.raw.map_or(0, |r| r.bytes.len() as u64);
                    }
                    ReadItem::Error(e) => {
                        errors += 1;
                        eprintln!(
                            "error: {} @{:?}: {} ({})",
                            e.file, e.offset, e.reason, e.code
                        );
                    }
                    ReadItem::Skipped(_) | ReadItem::Removed(_) => skipped += 1,
                    ReadItem::Warning(_) => {}
                }
            }
            bytes += r.bytes_read();
        }
    }
    let s = t.elapsed().as_secs_f64();
    println!(
        "{docs} docs, {errors} errors, {skipped} skipped; {:.1} MB read in {s:.3} s = {:.1} MB/s compressed, {:.1} MB/s payload, {:.0} docs/s",
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / s,
        payload as f64 / 1e6 / s,
        docs as f64 / s
    );
    Ok(())
}
