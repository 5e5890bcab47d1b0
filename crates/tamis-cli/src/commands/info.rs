//! `tamis steps`, `tamis explain`, `tamis presets`.

use std::process::ExitCode;

use anyhow::Result;

pub fn steps() -> Result<ExitCode> {
    let reg = tamis_pipeline::registry();
    for s in reg.iter() {
        println!("{:<20} {}", s.name, s.summary);
    }
    Ok(ExitCode::SUCCESS)
}

pub fn explain(name: &str, markdown: bool) -> Result<ExitCode> {
    let reg = tamis_pipeline::registry();
    match reg.get(name) {
        Some(s) => {
            if markdown {
                print!("{}", s.explain_markdown());
            } else {
                print!("{}", s.explain());
            }
            Ok(ExitCode::SUCCESS)
        }
        None => {
            let names: Vec<&str> = reg.iter().map(|s| s.name).collect();
            anyhow::bail!("no step type `{name}` (known: {})", names.join(", "))
        }
    }
}

pub fn presets() -> Result<ExitCode> {
    for p in tamis_pipeline::presets() {
        println!("{:<10} {}", p.name, p.summary);
    }
    Ok(ExitCode::SUCCESS)
}

pub fn report(out: &std::path::Path) -> Result<ExitCode> {
    let path = tamis_report::write_report(out)?;
    eprintln!("tamis: wrote {}", path.display());
    Ok(ExitCode::SUCCESS)
}

pub fn inspect(out: &std::path::Path, id: &str) -> Result<ExitCode> {
    print!("{}", tamis_report::inspect(out, id)?);
    Ok(ExitCode::SUCCESS)
}
