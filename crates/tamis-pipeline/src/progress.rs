//! Progress reporting: an indicatif bar on a terminal, periodic log lines
//! otherwise (plain or JSON), nothing with `--quiet`.

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
            let json = mode == ProgressMode::Json;
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
            eprintln!(
                "{}",
                serde_json::json!({"event": "progress", "pass": label, "docs": docs, "bytes": bytes,
                    "docs_per_sec": (docs as f64 / secs).round(), "mb_per_sec": (bytes as f64 / secs / 1e6 * 10.0).round() / 10.0})
            );
        } else {
            eprintln!(
                "[tamis] {label}: {docs} docs, {:.0} docs/s, {:.1} MB/s",
                docs as f64 / secs,
                bytes as f64 / secs / 1e6
            );
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
