//! Inline SVG charts: horizontal (stacked) bars and grouped columns.
//!
//! Plain SVG with CSS classes for colours, a `<title>` on every bar for a
//! hover tooltip, and a `role="img"` label; no script.

use crate::html::{esc, short, w};
use crate::record::truncate_chars;

/// One horizontal bar: stacked segments, a label on the left, a note on the right.
pub(crate) struct Bar {
    pub label: String,
    /// `(value, css class)`, drawn left to right.
    pub segments: Vec<(u64, &'static str)>,
    pub note: String,
    /// Tooltip.
    pub title: String,
}

/// Layout of a bar chart.
pub(crate) struct BarLayout {
    pub width: u32,
    pub label_width: u32,
    pub note_width: u32,
}

impl Default for BarLayout {
    fn default() -> Self {
        BarLayout {
            width: 560,
            label_width: 150,
            note_width: 120,
        }
    }
}

const ROW: u32 = 24;
const BAR: u32 = 14;
/// Average character width at the chart font size, for truncating labels.
const CHAR_W: f64 = 6.6;

/// Horizontal bars scaled to the largest total (or `max`).
pub(crate) fn hbars(
    out: &mut String,
    bars: &[Bar],
    layout: &BarLayout,
    max: Option<u64>,
    aria: &str,
) {
    let max = max
        .unwrap_or_else(|| {
            bars.iter()
                .map(|b| b.segments.iter().map(|s| s.0).sum::<u64>())
                .max()
                .unwrap_or(0)
        })
        .max(1);
    let height = ROW * bars.len() as u32 + 4;
    let x0 = layout.label_width + 8;
    let span = layout
        .width
        .saturating_sub(x0 + layout.note_width + 8)
        .max(10) as f64;
    let label_chars = ((layout.label_width as f64 / CHAR_W) as usize).max(4);
    w!(
        out,
        r#"<svg class="chart" viewBox="0 0 {} {height}" width="100%" role="img" aria-label="{}" preserveAspectRatio="xMinYMin meet">"#,
        layout.width,
        esc(aria)
    );
    for (i, b) in bars.iter().enumerate() {
        let y = i as u32 * ROW + 2;
        let ty = y + BAR / 2 + 5;
        w!(out, "<g><title>{}</title>", esc(&b.title));
        w!(
            out,
            r#"<rect class="track" x="{x0}" y="{}" width="{span:.1}" height="{BAR}" rx="2"/>"#,
            y + 3
        );
        let mut x = x0 as f64;
        for &(v, class) in &b.segments {
            if v == 0 {
                continue;
            }
            let wdt = (v as f64 / max as f64 * span).max(1.0);
            w!(
                out,
                r#"<rect class="{class}" x="{x:.1}" y="{}" width="{wdt:.1}" height="{BAR}" rx="2"/>"#,
                y + 3
            );
            x += wdt;
        }
        w!(
            out,
            r#"<text class="lbl" x="{}" y="{}" text-anchor="end">{}</text>"#,
            layout.label_width,
            ty + 2,
            esc(&truncate_chars(&b.label, label_chars))
        );
        w!(
            out,
            r#"<text class="note" x="{}" y="{}" text-anchor="end">{}</text>"#,
            layout.width - 2,
            ty + 2,
            esc(&b.note)
        );
        out.push_str("</g>");
    }
    out.push_str("</svg>");
}

/// One series of a column chart.
pub(crate) struct Series<'a> {
    pub name: &'a str,
    pub class: &'static str,
    pub values: Vec<u64>,
}

/// Grouped vertical columns with a y axis and x labels.
pub(crate) fn columns(
    out: &mut String,
    labels: &[String],
    series: &[Series<'_>],
    width: u32,
    height: u32,
    aria: &str,
) {
    let (left, bottom, top, right) = (46.0, 26.0, 10.0, 8.0);
    let plot_w = width as f64 - left - right;
    let plot_h = height as f64 - top - bottom;
    let raw_max = series
        .iter()
        .flat_map(|s| s.values.iter().copied())
        .max()
        .unwrap_or(0);
    let max = nice_ceiling(raw_max);
    let n = labels.len().max(1);
    let group = plot_w / n as f64;
    let bar_w = (group * 0.8 / series.len().max(1) as f64).max(1.0);
    w!(
        out,
        r#"<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" aria-label="{}">"#,
        esc(aria)
    );
    for k in 0..=4u64 {
        let v = max * k / 4;
        let y = top + plot_h - plot_h * k as f64 / 4.0;
        w!(
            out,
            r#"<line class="grid" x1="{left}" x2="{:.1}" y1="{y:.1}" y2="{y:.1}"/>"#,
            width as f64 - right
        );
        w!(
            out,
            r#"<text class="axis" x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            left - 6.0,
            y + 4.0,
            short(v)
        );
    }
    let every = n.div_ceil(14);
    for (i, label) in labels.iter().enumerate() {
        let gx = left + group * i as f64 + group * 0.1;
        for (j, s) in series.iter().enumerate() {
            let v = s.values.get(i).copied().unwrap_or(0);
            if v == 0 {
                continue;
            }
            let h = (v as f64 / max as f64 * plot_h).max(1.0);
            let x = gx + bar_w * j as f64;
            w!(
                out,
                r#"<rect class="{}" x="{x:.1}" y="{:.1}" width="{:.1}" height="{h:.1}"><title>{}: {} — {}</title></rect>"#,
                s.class,
                top + plot_h - h,
                (bar_w - 1.0).max(1.0),
                esc(s.name),
                esc(label),
                crate::html::int(v)
            );
        }
        if i % every == 0 {
            w!(
                out,
                r#"<text class="axis" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
                left + group * (i as f64 + 0.5),
                height as f64 - 8.0,
                esc(label)
            );
        }
    }
    w!(
        out,
        r#"<line class="axisline" x1="{left}" x2="{:.1}" y1="{:.1}" y2="{:.1}"/>"#,
        width as f64 - right,
        top + plot_h,
        top + plot_h
    );
    out.push_str("</svg>");
}

/// A round number at or above `n` (1, 2, 2.5, 5 × 10^k), for axes.
pub(crate) fn nice_ceiling(n: u64) -> u64 {
    if n <= 4 {
        return 4;
    }
    let mut base = 1u64;
    while base.saturating_mul(10) <= n {
        base *= 10;
    }
    for m in [10u64, 20, 25, 40, 50, 80, 100] {
        let c = base.saturating_mul(m) / 10;
        if c >= n && c % 4 == 0 {
            return c;
        }
    }
    base.saturating_mul(10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_axis_tops() {
        assert_eq!(nice_ceiling(0), 4);
        assert_eq!(nice_ceiling(7), 8);
        assert_eq!(nice_ceiling(37), 40);
        assert_eq!(nice_ceiling(101), 200);
        assert_eq!(nice_ceiling(2400), 2500);
    }

    #[test]
    fn bars_escape_labels_and_scale() {
        let mut s = String::new();
        let bars = vec![
            Bar {
                label: "<b>".into(),
                segments: vec![(10, "kept")],
                note: "10".into(),
                title: "t<".into(),
            },
            Bar {
                label: "b".into(),
                segments: vec![(5, "kept"), (5, "drop")],
                note: "".into(),
                title: "".into(),
            },
        ];
        hbars(&mut s, &bars, &BarLayout::default(), None, "a\"b");
        assert!(s.contains("&lt;b&gt;") && s.contains("t&lt;") && s.contains("a&quot;b"));
        assert!(!s.contains("<b>"));
        assert_eq!(s.matches("class=\"kept\"").count(), 2);
        let mut c = String::new();
        columns(
            &mut c,
            &["1".into(), "2".into()],
            &[Series {
                name: "x",
                class: "kept",
                values: vec![3, 0],
            }],
            400,
            200,
            "h",
        );
        assert_eq!(c.matches("<rect").count(), 1);
    }
}
