//! Writes a realistic fake run output folder and its report (for the
//! screenshot in the docs): `cargo run -p tamis-report --example fake_out -- DIR [DOCS]`.

#[path = "../tests/fixture/mod.rs"]
mod fixture;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: fake_out DIR [DOCS]");
        std::process::exit(2);
    };
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(3000);
    let dir = std::path::PathBuf::from(dir);
    std::fs::create_dir_all(&dir).expect("create DIR");
    let stats = fixture::write_fake_out(&dir, n);
    println!(
        "wrote {} ({} records, {} kept)",
        dir.display(),
        stats.records_read,
        stats.kept
    );
}
