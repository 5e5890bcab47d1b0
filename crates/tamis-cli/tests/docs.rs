//! The documentation says what the program does: the README's quick-start
//! summary is what `tamis run` prints, docs/steps.md is what `tamis explain`
//! prints, and every TOML block and `tamis ...` command line in README.md,
//! docs/*.md and `tamis explain` output parses (and, where it needs nothing
//! but the bundled example crawl, runs).

mod common;

use std::path::{Path, PathBuf};

use common::{command, ok, stderr, tamis};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(repo().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// README.md and every docs/*.md, as (path, text).
fn doc_files() -> Vec<(String, String)> {
    let mut files = vec![("README.md".to_owned(), read("README.md"))];
    let mut names: Vec<String> = std::fs::read_dir(repo().join("docs"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .collect();
    names.sort();
    for n in names {
        let rel = format!("docs/{n}");
        let text = read(&rel);
        files.push((rel, text));
    }
    files
}

/// The fenced blocks of a Markdown text: (info string, body, line number).
fn fenced_blocks(text: &str) -> Vec<(String, String, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(String, String, usize)> = None;
    for (i, line) in text.lines().enumerate() {
        let fence = line.trim_start().strip_prefix("```");
        match (open.take(), fence) {
            (None, Some(info)) => open = Some((info.trim().to_owned(), String::new(), i + 1)),
            (None, None) => {}
            (Some(block), Some(_)) => out.push(block),
            (Some((info, mut body, at)), None) => {
                body.push_str(line);
                body.push('\n');
                open = Some((info, body, at));
            }
        }
    }
    out
}

/// Words of a shell command line: quotes group, `#` starts a comment.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut has = false;
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => cur.push(c),
            None if c == '\'' || c == '"' => {
                quote = Some(c);
                has = true;
            }
            None if c == '#' && !has => break,
            None if c.is_whitespace() => {
                if has {
                    words.push(std::mem::take(&mut cur));
                    has = false;
                }
            }
            None => {
                cur.push(c);
                has = true;
            }
        }
    }
    if has {
        words.push(cur);
    }
    words
}

/// A summary line with its measured parts (times, throughput) blanked and
/// its spacing collapsed.
fn normalise(line: &str) -> String {
    let words: Vec<&str> = line.split_whitespace().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        let is_num = |s: &str| s.contains('.') && s.parse::<f64>().is_ok();
        if is_num(w) && words.get(i + 1) == Some(&"s") {
            out.push("TIME".to_owned());
            i += 2;
            continue;
        }
        if w.strip_suffix('s').is_some_and(is_num) {
            out.push("TIME".to_owned());
        } else {
            out.push(w.to_owned());
        }
        i += 1;
    }
    out.join(" ")
}

#[test]
fn normalise_blanks_only_the_measured_parts() {
    assert_eq!(
        normalise("tamis: 47 records from 1 file(s) (349.1 kB) in 0.8 s"),
        "tamis: 47 records from 1 file(s) (349.1 kB) in TIME"
    );
    assert_eq!(
        normalise("  exact     47    46   1   0    0.01s  exact_duplicate 1"),
        "exact 47 46 1 0 TIME exact_duplicate 1"
    );
    assert_ne!(
        normalise("kept 29 documents"),
        normalise("kept 30 documents")
    );
    assert_eq!(
        shell_words("tamis run --input 'crawl/*.warc.gz' -o out   # comment"),
        ["tamis", "run", "--input", "crawl/*.warc.gz", "-o", "out"]
    );
}

/// The README's quick-start block is what `tamis run` prints on the example
/// crawl, but for times.
#[test]
fn readme_quick_start_summary_is_what_tamis_run_prints() {
    let readme = read("README.md");
    let block = fenced_blocks(&readme)
        .into_iter()
        .map(|(_, body, _)| body)
        .find(|b| b.contains("records from") && b.contains("every record accounted for"))
        .expect("README.md has no quick-start summary block");
    let tmp = tempfile::tempdir().unwrap();
    let out = ok(tmp.path(), &["run"]);
    let err = stderr(&out);
    let start = err
        .lines()
        .position(|l| l.starts_with("tamis: ") && l.contains("records from"))
        .unwrap_or_else(|| panic!("no summary in:\n{err}"));
    let printed: Vec<String> = err.lines().skip(start).map(normalise).collect();
    let documented: Vec<String> = block.lines().map(normalise).collect();
    assert_eq!(
        documented,
        printed,
        "README.md's quick-start summary differs from what `tamis run` prints; put this in README.md:\n{}",
        err.lines().skip(start).collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn step_reference_in_docs_is_current() {
    let tmp = tempfile::tempdir().unwrap();
    let reference = read("docs/steps.md");
    let steps = String::from_utf8(ok(tmp.path(), &["steps"]).stdout).unwrap();
    for line in steps.lines() {
        let name = line.split_whitespace().next().unwrap();
        let section =
            String::from_utf8(ok(tmp.path(), &["explain", "--markdown", name]).stdout).unwrap();
        assert!(
            reference.contains(&section),
            "docs/steps.md is out of date for `{name}`: run scripts/gen-step-reference.sh"
        );
    }
    // Nothing else is documented there: a removed step leaves no section.
    let sections = reference.matches("\n## ").count();
    assert_eq!(
        sections,
        steps.lines().count(),
        "docs/steps.md has stale sections"
    );
}

/// Every option in `tamis explain` comes from the step's configuration
/// struct: a typed row with its documentation.
#[test]
fn explain_lists_every_option_with_its_documentation() {
    for info in tamis_pipeline::registry().iter() {
        let options = (info.options)();
        assert!(!options.is_empty(), "{} has no options listed", info.name);
        for o in options {
            assert!(
                !o.doc.is_empty(),
                "option `{}` of `{}` has no /// documentation",
                o.name,
                info.name
            );
            assert!(
                !o.kind.is_empty() && o.kind != "value",
                "{} {}",
                info.name,
                o.name
            );
        }
        assert!(
            !info.doc.contains("\nOptions:"),
            "the prose doc of `{}` lists options by hand; they come from its config struct",
            info.name
        );
    }
}

/// Parses a pipeline and builds every step, so unknown step types and
/// options are errors. A step that reads files named in its options (word
/// lists, block lists) may fail on the missing file, not on its options.
fn check_pipeline(toml: &str, origin: &str) {
    let config = tamis_pipeline::PipelineConfig::from_toml(toml)
        .unwrap_or_else(|e| panic!("{origin}: the TOML does not parse as a pipeline: {e}\n{toml}"));
    let registry = tamis_pipeline::registry();
    for s in &config.steps {
        if let Err(e) = registry.build(&s.kind, serde_json::Value::Object(s.options.clone())) {
            let msg = e.to_string();
            assert!(
                !msg.contains("invalid configuration") && !msg.contains("unknown step type"),
                "{origin}: step `{}`: {msg}\n{toml}",
                s.kind
            );
        }
    }
}

/// A TOML snippet as a pipeline: a full file, a bare `[[step]]` list, or the
/// `[input]`/`[output]` part alone.
fn as_pipeline(snippet: &str) -> String {
    let mut text = snippet.to_owned();
    if !text.contains("[input]") {
        text = format!("[input]\npaths = [\"in.jsonl\"]\n{text}");
    }
    text
}

#[test]
fn every_toml_example_parses() {
    let mut checked = 0;
    for (path, text) in doc_files() {
        for (info, body, line) in fenced_blocks(&text) {
            if info != "toml" {
                continue;
            }
            assert!(
                !body.contains("[[steps]]"),
                "{path}:{line}: `[[steps]]` is not a pipeline section; it is `[[step]]`"
            );
            check_pipeline(&as_pipeline(&body), &format!("{path}:{line}"));
            checked += 1;
        }
    }
    // The examples in `tamis explain STEP` (indented under "Example:").
    for info in tamis_pipeline::registry().iter() {
        let doc = info.explain();
        let Some(at) = doc.find("Example:\n") else {
            panic!("`tamis explain {}` has no example", info.name)
        };
        let example: String = doc[at + "Example:\n".len()..]
            .lines()
            .take_while(|l| l.starts_with("  ") || l.is_empty())
            .map(|l| format!("{}\n", l.trim_start()))
            .collect();
        assert!(
            example.contains(&format!("type = \"{}\"", info.name)),
            "the example of `{}` does not use it:\n{example}",
            info.name
        );
        check_pipeline(
            &as_pipeline(&example),
            &format!("tamis explain {}", info.name),
        );
        checked += 1;
    }
    let steps = tamis_pipeline::registry().iter().count();
    assert!(
        checked > steps,
        "only {checked} TOML examples found (the docs' and one per step)"
    );
}

/// `tamis ...` lines of shell blocks in README.md and docs/*.md.
fn shell_examples() -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for (path, text) in doc_files() {
        for (info, body, line) in fenced_blocks(&text) {
            if !matches!(info.as_str(), "" | "sh" | "bash" | "shell" | "console") {
                continue;
            }
            for (k, l) in body.lines().enumerate() {
                let l = l.trim_start().trim_start_matches("$ ");
                if !l.starts_with("tamis ") || l.ends_with('\\') || l.contains('|') {
                    continue;
                }
                let words = shell_words(l);
                out.push((format!("{path}:{}", line + k + 1), words));
            }
        }
    }
    out
}

/// Every documented command line is accepted by the argument parser; those
/// that need nothing but the program (`steps`, `explain`, `presets`, `init`)
/// run.
#[test]
fn every_tamis_command_line_in_the_docs_parses() {
    let examples = shell_examples();
    assert!(
        examples.len() > 20,
        "only {} command lines found",
        examples.len()
    );
    let registry = tamis_pipeline::registry();
    let tmp = tempfile::tempdir().unwrap();
    for (origin, words) in &examples {
        // A shell variable stands for a number of cores in these examples.
        let args: Vec<&str> = words[1..]
            .iter()
            .map(|w| if w.starts_with('$') { "2" } else { w.as_str() })
            .collect();
        let out = command()
            .args(&args)
            .env("TAMIS_PARSE_ONLY", "1")
            .current_dir(tmp.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{origin}: `{}` is not a valid command line:\n{}",
            words.join(" "),
            stderr(&out)
        );
        let runnable = match args.first().copied() {
            Some("steps") | Some("presets") => true,
            Some("explain") => args
                .iter()
                .skip(1)
                .all(|a| a.starts_with('-') || registry.get(a).is_some()),
            Some("init") => true,
            _ => false,
        };
        if runnable {
            // Each in a fresh folder: `init` does not overwrite a file.
            let dir = tempfile::tempdir().unwrap();
            let out = tamis(dir.path(), &args);
            assert!(
                out.status.success(),
                "{origin}: `{}` failed:\n{}",
                words.join(" "),
                stderr(&out)
            );
        }
    }
}
