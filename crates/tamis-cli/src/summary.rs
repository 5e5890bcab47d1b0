//! The one-screen summary printed at the end of a run.

use std::path::Path;

use tamis_core::Stats;

pub fn print(stats: &Stats, out: &Path) {
    let balanced = stats.is_balanced();
    let fields = serde_json::json!({
        "output": out.display().to_string(),
        "balanced": balanced,
        "stats": stats,
    });
    if tamis_pipeline::log_event("summary", fields) {
        return;
    }
    eprintln!(
        "\ntamis: {} records from {} file(s) ({}) in {:.1} s",
        stats.records_read,
        stats.shards,
        human_bytes(stats.input_bytes),
        stats.wall_seconds
    );
    if stats.read_errors > 0 {
        let reasons: Vec<String> = stats
            .read_error_reasons
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        eprintln!(
            "  unreadable records: {} ({})",
            stats.read_errors,
            reasons.join(", ")
        );
    }
    eprintln!(
        "  {:<22} {:>8} {:>8} {:>8} {:>6} {:>8}  top drop reasons",
        "step", "in", "kept", "dropped", "errors", "time"
    );
    if !stats.read_removed.is_empty() {
        // Records the readers removed (binary files): a `read` row.
        let dropped: u64 = stats.read_removed.values().sum();
        let reasons: Vec<String> = stats
            .read_removed
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        eprintln!(
            "  {:<22} {:>8} {:>8} {:>8} {:>6} {:>8}  {}",
            "read",
            stats.records_read,
            stats
                .records_read
                .saturating_sub(dropped + stats.read_errors),
            dropped,
            stats.read_errors,
            "",
            reasons.join(", ")
        );
    }
    for s in &stats.steps {
        let mut reasons: Vec<(&String, &u64)> = s.drops.iter().collect();
        reasons.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let top: Vec<String> = reasons
            .iter()
            .take(3)
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        eprintln!(
            "  {:<22} {:>8} {:>8} {:>8} {:>6} {:>7.2}s  {}",
            s.name,
            s.docs_in,
            s.docs_kept,
            s.docs_dropped,
            s.docs_errored,
            s.seconds,
            top.join(", ")
        );
    }
    if !stats.read_warnings.is_empty() {
        let w: Vec<String> = stats
            .read_warnings
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        eprintln!(
            "  {:<22} {} (records recovered and read)",
            "read",
            w.join(", ")
        );
    }
    for s in stats.steps.iter().filter(|s| !s.errors.is_empty()) {
        let c: Vec<String> = s.errors.iter().map(|(k, v)| format!("{k} {v}")).collect();
        eprintln!(
            "  {:<22} errors: {} (see `tamis explain errors`)",
            s.name,
            c.join(", ")
        );
    }
    for s in stats.steps.iter().filter(|s| !s.counters.is_empty()) {
        let c: Vec<String> = s.counters.iter().map(|(k, v)| format!("{k} {v}")).collect();
        eprintln!("  {:<22} {}", s.name, c.join(", "));
    }
    let balanced = if balanced {
        "every record accounted for"
    } else {
        "WARNING: accounting mismatch"
    };
    // A `tokens` step at the end counted the kept documents' tokens.
    let tokens = stats
        .steps
        .last()
        .and_then(|s| s.counters.get("tokens"))
        .map_or_else(String::new, |t| format!(", {t} tokens"));
    eprintln!(
        "  kept {} documents ({} of text{tokens}), removed {}, errors {} — {balanced}",
        stats.kept,
        human_bytes(stats.kept_bytes),
        stats.removed,
        stats.read_errors + stats.step_errors
    );
    eprintln!(
        "  output: {}/kept/  removed/  errors/  stats.json",
        out.display()
    );
    eprintln!(
        "  next:   tamis report {0}   (HTML report)   tamis inspect {0} ID",
        out.display()
    );
}

fn human_bytes(n: u64) -> String {
    match n {
        0..=9_999 => format!("{n} B"),
        10_000..=9_999_999 => format!("{:.1} kB", n as f64 / 1e3),
        10_000_000..=9_999_999_999 => format!("{:.1} MB", n as f64 / 1e6),
        _ => format!("{:.2} GB", n as f64 / 1e9),
    }
}
