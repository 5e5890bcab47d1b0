//! Prints what happened to one document (what `tamis inspect OUT ID` does):
//! `cargo run -p tamis-report --example inspect -- OUT ID`.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [out, id] = args.as_slice() else {
        eprintln!("usage: inspect OUT ID");
        std::process::exit(2);
    };
    match tamis_report::inspect(std::path::Path::new(out), id) {
        Ok(text) => print!("{text}"),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
