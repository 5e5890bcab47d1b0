//! `tamis steps`, `tamis explain`, `tamis presets`.

use std::process::ExitCode;

use anyhow::Result;
use tamis_core::ErrorCode;

pub fn steps() -> Result<ExitCode> {
    let reg = tamis_pipeline::registry();
    for s in reg.iter() {
        println!("{:<20} {}", s.name, s.summary);
    }
    Ok(ExitCode::SUCCESS)
}

/// The topic `tamis explain errors` prints (not a step type).
pub const ERRORS_TOPIC: &str = "errors";

pub fn explain(name: &str, markdown: bool) -> Result<ExitCode> {
    if name == ERRORS_TOPIC {
        print!("{ERRORS_TOPIC}\n\n{}", errors_doc());
        return Ok(ExitCode::SUCCESS);
    }
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
            anyhow::bail!(
                "no step type `{name}` (known: {}; or `{ERRORS_TOPIC}` for the error codes)",
                names.join(", ")
            )
        }
    }
}

/// What is said about error records before the list of codes.
const ERRORS_INTRO: &str = "\
Every record that could not be read or processed is a line in `OUT/errors/`
(`file`, `id`, `step`, `code`, `reason`); the run goes on without it and
`stats.json` counts it (`--fail-fast` stops at the first one instead).

Read errors (`step` is `read`) are damaged input: a corrupt, truncated or
unparsable file or record (`gzip_corrupt`, `truncated`, `bad_json`,
`not_utf8`, `warc_bad_length`, `decompressed_too_large`, `open_failed`, ...;
see docs/io.md). Neither tamis nor the configuration is at fault: repair or
fetch the file again if you need its records. `stats.json` counts them per
code in `read_error_reasons`.

Step errors (`step` is a step's name) are documents a step could not
process. `stats.json` counts them per step and code (`steps[].errors`). A
document that is merely unusable content (empty, no main text, over a cap
the configuration sets) is not an error: it is a drop with a reason, in
`OUT/removed/`. The step error codes:
";

/// The text of `tamis explain errors` after its title: [`ERRORS_INTRO`], then
/// each [`ErrorCode`] with its description (the variant's doc comment), as a
/// Markdown list that docs/reliability.md includes verbatim.
pub fn errors_doc() -> String {
    let mut out = format!("{ERRORS_INTRO}\n");
    for &code in ErrorCode::ALL {
        let item = format!("- `{code}`: {}", code.description());
        for (i, line) in wrap(&item, 78).iter().enumerate() {
            out.push_str(if i == 0 { "" } else { "  " });
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Greedy word wrap at `width` columns (continuation lines are indented by
/// two spaces by the caller, so they get two columns less).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let room = if lines.is_empty() { width } else { width - 2 };
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > room {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
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
