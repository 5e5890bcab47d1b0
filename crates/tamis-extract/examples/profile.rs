//! Extracts every page under a folder of `.html.gz` files `--rounds` times
//! (pages preloaded and decompressed first), for profilers:
//!
//! ```text
//! cargo build --release -p tamis-extract --example profile
//! perf record -g target/release/examples/profile ../shared/data/extraction/wcxb-dev/html --rounds 3
//! ```

use std::io::Read;
use std::time::Instant;

/// CPU time of this thread in seconds (Linux), so that a busy machine
/// does not skew the rate.
fn thread_cpu() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns / 1e9)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("usage: profile DIR [--rounds N]");
    let rounds: usize = match (args.next().as_deref(), args.next()) {
        (Some("--rounds"), Some(n)) => n.parse().expect("--rounds N"),
        _ => 1,
    };
    let mut pages = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".html.gz"))
        .collect();
    paths.sort();
    for p in paths {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(std::fs::File::open(&p).expect("page"))
            .read_to_end(&mut out)
            .expect("gzip");
        pages.push(out);
    }
    let opts = tamis_extract::ExtractOptions::default();
    let c0 = thread_cpu();
    let t0 = Instant::now();
    let mut chars = 0usize;
    for _ in 0..rounds {
        for html in &pages {
            if let Ok(e) = tamis_extract::extract(html, Some("text/html"), None, &opts) {
                chars += e.text.len();
            }
        }
    }
    let secs = t0.elapsed().as_secs_f64();
    let cpu = thread_cpu() - c0;
    let n = (pages.len() * rounds) as f64;
    eprintln!(
        "{} pages × {rounds}: {:.1} pages per CPU-second ({:.1} per wall second; {chars} bytes of text)",
        pages.len(),
        n / cpu.max(1e-9),
        n / secs
    );
}
