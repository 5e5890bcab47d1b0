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

pub fn explain(name: &str) -> Result<ExitCode> {
    let reg = tamis_pipeline::registry();
    match reg.get(name) {
        Some(s) => {
            println!("{}\n\n{}", s.name, s.doc.trim());
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
    tamis_pipeline::log_info(&format!("wrote {}", path.display()));
    Ok(ExitCode::SUCCESS)
}

pub fn inspect(out: &std::path::Path, id: &str) -> Result<ExitCode> {
    print!("{}", tamis_report::inspect(out, id)?);
    Ok(ExitCode::SUCCESS)
}
