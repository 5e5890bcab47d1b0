//! Putting removed lines back among the kept ones, for display.
//!
//! Line-level steps record the lines they removed in `tamis_history`. When
//! they also record where (`removed_at`: indices in the step's input), the
//! text each step saw can be rebuilt exactly, newest step first, and shown
//! as a diff. Without positions the removed lines are listed before the kept
//! text, and the view says so.

use crate::record::Record;

/// One displayed line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ViewLine {
    /// The step that removed it, or `None` for a line still in the text.
    pub removed_by: Option<String>,
    /// The line.
    pub text: String,
}

/// The document's lines with the removed ones put back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LineView {
    /// The lines, in order.
    pub lines: Vec<ViewLine>,
    /// Whether removed lines sit where they were (every step recorded
    /// positions that fit); otherwise they come first, in step order.
    pub exact: bool,
}

impl LineView {
    /// Builds the view for a record's current text and history.
    pub(crate) fn build(record: &Record) -> LineView {
        let kept = || {
            record.doc.text.split('\n').map(|l| ViewLine {
                removed_by: None,
                text: l.to_owned(),
            })
        };
        if let Some(lines) = rebuild_exact(record, kept().collect()) {
            return LineView { lines, exact: true };
        }
        let mut lines: Vec<ViewLine> = record
            .doc
            .history
            .iter()
            .flat_map(|e| {
                e.removed_lines.iter().map(|l| ViewLine {
                    removed_by: Some(e.step.clone()),
                    text: l.clone(),
                })
            })
            .collect();
        lines.extend(kept());
        LineView {
            lines,
            exact: false,
        }
    }

    /// Number of removed lines in the view.
    pub(crate) fn removed_count(&self) -> usize {
        self.lines.iter().filter(|l| l.removed_by.is_some()).count()
    }

    /// The lines to show: every removed line with `context` kept lines
    /// around it, at most `max_lines` in all; `None` marks an elision.
    pub(crate) fn excerpt(&self, context: usize, max_lines: usize) -> Vec<Option<&ViewLine>> {
        let n = self.lines.len();
        let mut show = vec![false; n];
        for (i, l) in self.lines.iter().enumerate() {
            if l.removed_by.is_some() {
                let lo = i.saturating_sub(context);
                let hi = (i + context + 1).min(n);
                show[lo..hi].iter_mut().for_each(|s| *s = true);
            }
        }
        if !show.iter().any(|s| *s) {
            show.iter_mut()
                .take(context.max(1) * 2)
                .for_each(|s| *s = true);
        }
        let mut out = Vec::new();
        let mut shown = 0;
        let mut gap = false;
        for (i, l) in self.lines.iter().enumerate() {
            if !show[i] {
                gap = true;
                continue;
            }
            if shown == max_lines {
                out.push(None);
                return out;
            }
            if gap {
                out.push(None);
            }
            gap = false;
            out.push(Some(l));
            shown += 1;
        }
        if gap {
            out.push(None);
        }
        out
    }
}

/// A bounded extract of a [`LineView`] kept in memory for a sample.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LineExcerpt {
    /// Whether removed lines sit where they were.
    pub exact: bool,
    /// Removed lines in the whole document.
    pub removed: usize,
    /// The lines shown (each cut to a maximum length); `None` marks an elision.
    pub lines: Vec<Option<ViewLine>>,
}

impl LineView {
    /// Keeps only what a sample shows, so memory does not depend on document size.
    pub(crate) fn to_excerpt(
        &self,
        context: usize,
        max_lines: usize,
        max_line_chars: usize,
    ) -> LineExcerpt {
        let lines = self
            .excerpt(context, max_lines)
            .into_iter()
            .map(|l| {
                l.map(|l| ViewLine {
                    removed_by: l.removed_by.clone(),
                    text: crate::record::truncate_chars(&l.text, max_line_chars),
                })
            })
            .collect();
        LineExcerpt {
            exact: self.exact,
            removed: self.removed_count(),
            lines,
        }
    }
}

/// Re-inserts each step's removed lines at their recorded positions, last
/// step first; `None` if a step did not record positions or they do not fit.
fn rebuild_exact(record: &Record, mut lines: Vec<ViewLine>) -> Option<Vec<ViewLine>> {
    let events: Vec<_> = record
        .events()
        .filter(|(e, _)| !e.removed_lines.is_empty())
        .collect();
    if events.is_empty() {
        return None;
    }
    for (event, at) in events.into_iter().rev() {
        let at = at?;
        if at.len() != event.removed_lines.len() || at.windows(2).any(|w| w[0] >= w[1]) {
            return None;
        }
        for (&i, text) in at.iter().zip(&event.removed_lines) {
            if i > lines.len() {
                return None;
            }
            lines.insert(
                i,
                ViewLine {
                    removed_by: Some(event.step.clone()),
                    text: text.clone(),
                },
            );
        }
    }
    Some(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(json: &str) -> Record {
        Record::parse(json.as_bytes(), || "x".into()).unwrap()
    }

    fn render(v: &LineView) -> Vec<String> {
        v.lines
            .iter()
            .map(|l| {
                format!(
                    "{}{}",
                    if l.removed_by.is_some() { "-" } else { " " },
                    l.text
                )
            })
            .collect()
    }

    #[test]
    fn positions_put_lines_back_across_two_steps() {
        // Original: A nav B footer C ad ; step1 removed "nav"(1) and "footer"(3);
        // step2 saw A B C ad and removed "ad"(3).
        let r = record(
            r#"{"id":"d","text":"A\nB\nC","metadata":{"tamis_history":[
            {"step":"s1","removed_lines":["nav","footer"],"removed_at":[1,3]},
            {"step":"s2","removed_lines":["ad"],"removed_at":[3]}]}}"#,
        );
        let v = LineView::build(&r);
        assert!(v.exact);
        assert_eq!(render(&v), [" A", "-nav", " B", "-footer", " C", "-ad"]);
        assert_eq!(v.lines[5].removed_by.as_deref(), Some("s2"));
        assert_eq!(v.removed_count(), 3);
    }

    #[test]
    fn without_positions_removed_lines_come_first() {
        let r = record(
            r#"{"id":"d","text":"A\nB","metadata":{"tamis_history":[{"step":"s1","removed_lines":["nav"]}]}}"#,
        );
        let v = LineView::build(&r);
        assert!(!v.exact);
        assert_eq!(render(&v), ["-nav", " A", " B"]);
    }

    #[test]
    fn bad_positions_fall_back() {
        let r = record(
            r#"{"id":"d","text":"A","metadata":{"tamis_history":[{"step":"s1","removed_lines":["x"],"removed_at":[7]}]}}"#,
        );
        assert!(!LineView::build(&r).exact);
    }

    #[test]
    fn excerpt_keeps_context_and_marks_gaps() {
        let text: Vec<String> = (0..20).map(|i| format!("l{i}")).collect();
        let json = serde_json::json!({"id":"d","text": text.join("\n"),
            "metadata":{"tamis_history":[{"step":"s","removed_lines":["gone"],"removed_at":[10]}]}});
        let v = LineView::build(&record(&json.to_string()));
        let ex = v.excerpt(1, 50);
        let shown: Vec<String> = ex
            .iter()
            .map(|l| l.map_or("…".to_owned(), |l| l.text.clone()))
            .collect();
        assert_eq!(shown, ["…", "l9", "gone", "l10", "…"]);
        assert_eq!(v.excerpt(1, 2).len(), 4); // gap, 2 lines, cut marker
    }
}
