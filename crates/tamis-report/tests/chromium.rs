//! Renders the report in headless Chromium (Debian's `chromium` package) and
//! fails on console errors (script errors, blocked loads, CSP violations).
//! Skipped when `/usr/bin/chromium` is missing, unless
//! `TAMIS_REQUIRE_CHROMIUM=1` (CI sets it).

mod fixture;

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn chromium() -> Option<PathBuf> {
    let path =
        PathBuf::from(std::env::var_os("CHROMIUM").unwrap_or_else(|| "/usr/bin/chromium".into()));
    if path.exists() {
        return Some(path);
    }
    if std::env::var("TAMIS_REQUIRE_CHROMIUM").as_deref() == Ok("1") {
        panic!(
            "{} not found and TAMIS_REQUIRE_CHROMIUM=1 (apt-get install chromium)",
            path.display()
        );
    }
    eprintln!(
        "skipped: {} not found (set TAMIS_REQUIRE_CHROMIUM=1 to fail instead)",
        path.display()
    );
    None
}

/// Runs `chromium --dump-dom` on a file; returns (DOM, stderr).
fn render(chromium: &Path, page: &Path) -> (String, String) {
    let scratch = tempfile::tempdir().unwrap();
    let (out, err) = (scratch.path().join("stdout"), scratch.path().join("stderr"));
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!(
            "--user-data-dir={}",
            scratch.path().join("profile").display()
        ))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(File::create(&out).unwrap())
        .stderr(File::create(&err).unwrap())
        .spawn()
        .expect("start chromium");
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "chromium did not finish in 120 s; stderr:\n{}",
                fs::read_to_string(&err).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let dom = fs::read_to_string(&out).unwrap();
    let stderr = fs::read_to_string(&err).unwrap();
    assert!(status.success(), "chromium failed ({status}):\n{stderr}");
    (dom, stderr)
}

/// Console messages and uncaught errors in Chromium's log.
fn console_errors(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.contains("CONSOLE") || l.contains("Uncaught") || l.contains("Refused to"))
        .collect()
}

#[test]
fn report_renders_without_console_errors() {
    let Some(chromium) = chromium() else { return };
    let out = tempfile::tempdir().unwrap();
    fixture::write_fake_out(out.path(), 300);
    let page = tamis_report::write_report(out.path()).unwrap();
    let (dom, stderr) = render(&chromium, &page);
    let errors = console_errors(&stderr);
    assert!(errors.is_empty(), "console errors:\n{}", errors.join("\n"));
    // The page parsed as intended: every section, the hostile document as text.
    for id in [
        "overview",
        "funnel",
        "drops",
        "languages",
        "lengths",
        "sites",
        "duplicates",
        "samples",
        "line-edits",
        "errors",
    ] {
        assert!(
            dom.contains(&format!("<section id=\"{id}\">")),
            "section {id} missing from the DOM"
        );
    }
    assert!(
        dom.contains("&lt;script&gt;alert('xss')&lt;/script&gt;"),
        "escaped text missing from the DOM"
    );
    assert!(!dom.contains("<script"), "a script element reached the DOM");
    assert!(dom.matches("<svg").count() >= 10, "charts missing");
}

#[test]
fn console_error_detection_works() {
    let Some(chromium) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("bad.html");
    fs::write(&page, "<!DOCTYPE html><html><body><p>x</p><script>throw new Error('boom-7')</script></body></html>").unwrap();
    let (_, stderr) = render(&chromium, &page);
    let errors = console_errors(&stderr);
    assert!(
        errors.iter().any(|l| l.contains("boom-7")),
        "chromium's log did not show the error:\n{stderr}"
    );
}
