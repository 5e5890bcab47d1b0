/*!
The run report and `inspect`: what a tamis run did, at a glance and per document.

A finished run leaves `OUT/stats.json` and the documents in `OUT/kept/`,
`OUT/removed/` and `OUT/errors/` (JSON Lines, plain, `.gz` or `.zst`).
[`write_report`] reads them once, streaming, and writes `OUT/report.html`:
one self-contained page (inline CSS and SVG, no script, no network) with the
document and byte funnel per step, drops per reason, languages, length
histograms, top sites, duplicate clusters, sample documents per drop reason
(removed lines struck through among the kept ones) and errors.
[`inspect`] tells the story of one document: each step in pipeline order,
passed / removed here (reason and signal values) / errored / not reached, and
the lines line-level steps removed, as a diff.

Memory does not grow with the corpus: counters, fixed histograms, bounded
top-k tables ([`ReportOptions::max_tracked_keys`]) and the first few samples
per reason.

```
use std::fs;
use tamis_core::{Document, Stats, StepStats};

let out = tempfile::tempdir()?;
let mut stats = Stats { records_read: 1, kept: 1, ..Stats::default() };
stats.steps.push(StepStats { name: "len".into(), kind: "min_length".into(), docs_in: 1, docs_kept: 1, ..StepStats::default() });
fs::write(out.path().join("stats.json"), serde_json::to_vec(&stats)?)?;
fs::create_dir(out.path().join("kept"))?;
let doc = Document::new("doc-1", "Hello <world>.");
fs::write(out.path().join("kept/00000_00000.jsonl"), format!("{}\n", doc.to_json(false)))?;

let page = tamis_report::write_report(out.path())?;
assert!(fs::read_to_string(page)?.contains("<section id=\"funnel\">"));
let story = tamis_report::inspect(out.path(), "doc-1")?;
assert!(story.contains("KEPT"));
assert!(tamis_report::inspect(out.path(), "nope").is_err());
# Ok::<(), Box<dyn std::error::Error>>(())
```
*/
#![deny(missing_docs)]

mod charts;
mod files;
mod html;
mod inspect;
mod lines;
mod record;
mod report;
mod summary;

pub use crate::inspect::inspect;
pub use crate::report::{render_report, write_report, write_report_with};
pub use crate::summary::ReportOptions;
