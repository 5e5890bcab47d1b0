//! Writes `OUT/report.html` (what `tamis report OUT` does):
//! `cargo run -p tamis-report --example report -- OUT`.

fn main() {
    let Some(out) = std::env::args().nth(1) else {
        eprintln!("usage: report OUT");
        std::process::exit(2);
    };
    match tamis_report::write_report(std::path::Path::new(&out)) {
        Ok(p) => println!("{}", p.display()),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
