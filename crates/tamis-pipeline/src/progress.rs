//! Progress reporting: an indicatif bar on a terminal, periodic log lines
//! otherwise (plain or JSON), nothing with `--quiet`; and the one place that
//! writes messages on stderr ([`log_info`], [`log_warning`], [`log_error`],
//! [`log_event`]), so that `--log-format json` ([`set_json_log`]) makes
//! every stderr line a JSON object.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How the runner reports progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ProgressMode {
    /// A bar when stderr is a terminal, plain log lines otherwise.
    #[default]
    Auto,
    /// Plain log lines on stderr every few seconds.
    Log,
    /// JSON log lines on stderr every few seconds.
    Json,
    /// Nothing.
    Quiet,
}

/// Whether messages are JSON objects (`--log-format json`), for the process.
static JSON_LOG: AtomicBool = AtomicBool::new(false);

/// Makes every message this process writes on stderr through this module
/// (progress lines, reduce notes, [`log_info`], [`log_warning`],
/// [`log_error`], [`log_event`]) one JSON object per line: `{"level",
/// "event", "message", ...}`.
pub fn set_json_log(on: bool) {
    JSON_LOG.store(on, Ordering::Relaxed);
}

/// Whether [`set_json_log`] is on.
pub fn json_log() -> bool {
    JSON_LOG.load(Ordering::Relaxed)
}

/// One line on stderr, whole (one `write_all` of a locked stderr, so lines
/// from several threads do not interleave); a closed stderr is ignored.
fn write_line(line: &str) {
    use std::io::Write;
    let mut buf = String::with_capacity(line.len() + 1);
    buf.push_str(line);
    buf.push('\n');
    let _ = std::io::stderr().lock().write_all(buf.as_bytes());
}

/// One JSON message line: `{"level", "event", "message"}` plus `fields`
/// (an object; other values are ignored).
fn json_line(level: &str, event: &str, message: Option<&str>, fields: serde_json::Value) {
    let mut o = serde_json::Map::new();
    o.insert("level".into(), level.into());
    o.insert("event".into(), event.into());
    if let Some(m) = message {
        o.insert("message".into(), m.into());
    }
    if let serde_json::Value::Object(f) = fields {
        o.extend(f);
    }
    write_line(&serde_json::Value::Object(o).to_string());
}

/// An informational message: `tamis: MESSAGE`, or
/// `{"level":"info","event":"message","message":...}`.
pub fn log_info(message: &str) {
    if json_log() {
        json_line("info", "message", Some(message), serde_json::Value::Null);
    } else {
        write_line(&format!("tamis: {message}"));
    }
}

/// A warning (the run goes on): `tamis: warning: MESSAGE`, or
/// `{"level":"warning","event":"warning","message":...}`.
pub fn log_warning(message: &str) {
    if json_log() {
        json_line("warning", "warning", Some(message), serde_json::Value::Null);
    } else {
        write_line(&format!("tamis: warning: {message}"));
    }
}

/// The error that ends the program, with its causes: `tamis: error:
/// MESSAGE` and one `  caused by: CAUSE` line each, or
/// `{"level":"error","event":"error","message":...,"causes":[...]}`.
pub fn log_error(message: &str, causes: &[String]) {
    if json_log() {
        json_line(
            "error",
            "error",
            Some(message),
            serde_json::json!({ "causes": causes }),
        );
    } else {
        write_line(&format!("tamis: error: {message}"));
        for c in causes {
            write_line(&format!("  caused by: {c}"));
        }
    }
}

/// A structured event for JSON logs (`{"level":"info","event":EVENT,
/// ...fields}`); returns `false`, writing nothing, when logs are plain
/// text, so that the caller prints its own text form.
pub fn log_event(event: &str, fields: serde_json::Value) -> bool {
    if !json_log() {
        return false;
    }
    json_line("info", event, None, fields);
    true
}

/// A runner note such as `reduce: exact (merge)`: `[tamis] EVENT: MESSAGE`,
/// or JSON when `mode` or the process says so; nothing when quiet.
pub(crate) fn note(mode: ProgressMode, event: &str, message: &str) {
    match mode {
        ProgressMode::Quiet => {}
        ProgressMode::Json => json_line("info", event, Some(message), serde_json::Value::Null),
        _ if json_log() => json_line("info", event, Some(message), serde_json::Value::Null),
        _ => write_line(&format!("[tamis] {event}: {message}")),
    }
}

/// Warns when a run read no record at all: its inputs exist (a missing
/// input is an error before the run) but are empty or hold nothing the
/// reader takes as a document. Returns whether it warned.
pub fn warn_if_no_records(stats: &tamis_core::Stats, inputs: &[String]) -> bool {
    if stats.records_read > 0 {
        return false;
    }
    let skipped: u64 = stats.skipped.values().sum();
    let why = if skipped > 0 {
        format!(
            "they hold only records the reader skips ({})",
            stats
                .skipped
                .iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    } else {
        "they are empty".to_owned()
    };
    log_warning(&format!(
        "no records read from {} input file(s) ({}): {why}; the output has no documents",
        stats.shards,
        inputs.join(", ")
    ));
    true
}

/// Shared counters for one pass, read by the display.
pub(crate) struct Progress {
    docs: AtomicU64,
    bytes: AtomicU64,
    done: Arc<AtomicBool>,
    bar: Option<ProgressBar>,
    logger: Mutex<Option<std::thread::JoinHandle<()>>>,
}

impl Progress {
    /// Starts reporting a pass over `total_bytes` of input (0 if unknown).
    pub(crate) fn start(mode: ProgressMode, label: String, total_bytes: u64) -> Arc<Progress> {
        let done = Arc::new(AtomicBool::new(false));
        let use_bar = mode == ProgressMode::Auto && std::io::stderr().is_terminal();
        let bar = use_bar.then(|| {
            let pb = ProgressBar::with_draw_target(Some(total_bytes.max(1)), ProgressDrawTarget::stderr_with_hz(5));
            let style = ProgressStyle::with_template(
                "{prefix} [{elapsed_precise}] {wide_bar} {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar());
            pb.set_style(style);
            pb.set_prefix(label.clone());
            pb.enable_steady_tick(Duration::from_millis(200));
            pb
        });
        let p = Arc::new(Progress {
            docs: AtomicU64::new(0),
            bytes: AtomicU64::new(0),
            done: done.clone(),
            bar,
            logger: Mutex::new(None),
        });
        if matches!(mode, ProgressMode::Log | ProgressMode::Json)
            || (mode == ProgressMode::Auto && !use_bar)
        {
            let json = mode == ProgressMode::Json || json_log();
            let weak = Arc::downgrade(&p);
            let handle = std::thread::spawn(move || {
                let start = Instant::now();
                let mut last = Instant::now();
                while !done.load(Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_millis(100));
                    if last.elapsed() < Duration::from_secs(5) {
                        continue;
                    }
                    last = Instant::now();
                    let Some(p) = weak.upgrade() else { break };
                    p.log_line(&label, start.elapsed().as_secs_f64(), json);
                }
            });
            if let Ok(mut g) = p.logger.lock() {
                *g = Some(handle);
            }
        }
        p
    }

    fn log_line(&self, label: &str, secs: f64, json: bool) {
        let docs = self.docs.load(Ordering::Relaxed);
        let bytes = self.bytes.load(Ordering::Relaxed);
        let secs = secs.max(1e-9);
        if json {
            json_line(
                "info",
                "progress",
                None,
                serde_json::json!({"pass": label, "docs": docs, "bytes": bytes,
                    "docs_per_sec": (docs as f64 / secs).round(), "mb_per_sec": (bytes as f64 / secs / 1e6 * 10.0).round() / 10.0}),
            );
        } else {
            write_line(&format!(
                "[tamis] {label}: {docs} docs, {:.0} docs/s, {:.1} MB/s",
                docs as f64 / secs,
                bytes as f64 / secs / 1e6
            ));
        }
    }

    /// Adds processed documents and consumed input bytes.
    pub(crate) fn add(&self, docs: u64, bytes: u64) {
        let d = self.docs.fetch_add(docs, Ordering::Relaxed) + docs;
        self.bytes.fetch_add(bytes, Ordering::Relaxed);
        if let Some(bar) = &self.bar {
            bar.inc(bytes);
            let secs = bar.elapsed().as_secs_f64().max(1e-9);
            bar.set_message(format!("{d} docs, {:.0} docs/s", d as f64 / secs));
        }
    }

    /// Stops the display.
    pub(crate) fn finish(&self) {
        self.done.store(true, Ordering::Relaxed);
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        if let Ok(mut g) = self.logger.lock() {
            if let Some(h) = g.take() {
                let _ = h.join();
            }
        }
    }
}
