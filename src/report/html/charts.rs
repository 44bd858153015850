//! The charts of a report: reading an SVG chart from a folder (or drawing a compared
//! scenario's fan chart in a scratch folder), checking it is safe to inline, and placing
//! it in a numbered figure.
//!
//! Owns the rule that a chart is inlined only if it looks like what plotters writes (no
//! script, no link, no event attribute). Must not write into the results folder: a chart
//! that has to be drawn is drawn in a scratch folder that is then deleted.

use super::escape::esc;
use crate::plot;
use crate::results::names;
use std::fmt::Write as _;
use std::path::Path;

/// Reads `dir/file` and returns SVG text safe to inline, or why it is not shown.
pub(super) fn chart(dir: &Path, file: &str) -> Result<String, String> {
    match crate::files::read_to_string(&dir.join(file), &crate::files::RESULTS) {
        Ok(text) => inline_svg(&text).map_err(|why| format!("{file} {why}")),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(format!(
            "{file} is not in this folder: the batch was run with --no-plots, or the chart \
             was deleted. `leverage plot` on the folder draws it; then write the report again."
        )),
        Err(e) => Err(format!("{file} could not be read: {e}")),
    }
}

/// The scenario's fan chart: `stock_fan.svg` if its folder has one, otherwise drawn from
/// its `summary.json` and `monthly.csv` in a scratch folder.
pub(super) fn fan_for(dir: &Path) -> Result<String, String> {
    if dir.join(names::svg(names::STOCK_FAN)).exists() {
        return chart(dir, &names::svg(names::STOCK_FAN));
    }
    let scratch = tempfile::Builder::new()
        .prefix("leverage-report-")
        .tempdir()
        .map_err(|e| format!("no scratch folder to draw the fan chart in: {e}"))?;
    for f in [names::SUMMARY_JSON, names::MONTHLY_CSV] {
        std::fs::copy(dir.join(f), scratch.path().join(f))
            .map_err(|e| format!("cannot copy {f} to draw the fan chart: {e}"))?;
    }
    plot::draw_run(scratch.path()).map_err(|e| format!("the fan chart could not be drawn: {e}"))?;
    chart(scratch.path(), &names::svg(names::STOCK_FAN))
}

/// The root `<svg>` element of `text`, if it is safe to put in the page as it is: one
/// element, no script, no link to anything outside, no event handler.
fn inline_svg(text: &str) -> Result<String, &'static str> {
    let mut body = text.trim();
    if body.starts_with("<?xml") {
        let end = body.find("?>").ok_or("is not a complete SVG file")?;
        body = body[end + 2..].trim_start();
    }
    if !(body.starts_with("<svg") && body.ends_with("</svg>")) {
        return Err("is not an SVG chart written by leverage");
    }
    let lower = body.to_ascii_lowercase();
    const FORBIDDEN: [&str; 9] = [
        "<script",
        "<foreignobject",
        "<iframe",
        "<!",
        "href",
        "javascript:",
        "url(",
        "@import",
        "<style",
    ];
    if FORBIDDEN.iter().any(|f| lower.contains(f)) || has_event_attribute(&lower) {
        return Err("holds scripts or links and is not shown");
    }
    Ok(body.to_string())
}

/// Whether lower-case markup has an attribute such as ` onload=`.
fn has_event_attribute(lower: &str) -> bool {
    let b = lower.as_bytes();
    let mut i = 0;
    while let Some(off) = lower[i..].find("on") {
        let at = i + off;
        i = at + 2;
        if at == 0 || !b[at - 1].is_ascii_whitespace() {
            continue;
        }
        let mut j = at + 2;
        while j < b.len() && b[j].is_ascii_alphabetic() {
            j += 1;
        }
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        if j > at + 2 && j < b.len() && b[j] == b'=' {
            return true;
        }
    }
    false
}

/// Appends a numbered figure: the chart, or a notice in its place, and a caption.
pub(super) fn figure(
    out: &mut String,
    number: &mut u32,
    svg: &Result<String, String>,
    caption: &str,
) {
    *number += 1;
    out.push_str("<figure class=\"chart\">\n");
    match svg {
        Ok(svg) => {
            out.push_str(svg);
            out.push('\n');
        }
        Err(why) => {
            let _ = writeln!(
                out,
                "<div class=\"missing\"><strong>Chart not shown.</strong> {}</div>",
                esc(why)
            );
        }
    }
    let _ = writeln!(
        out,
        "<figcaption><span class=\"fig\">Figure {number}.</span> {caption}</figcaption>\n</figure>"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_svg_with_scripts_links_or_handlers() {
        let ok = r##"<svg width="10" height="10" xmlns="http://www.w3.org/2000/svg"><text>only one</text></svg>"##;
        assert!(inline_svg(ok).is_ok());
        for bad in [
            r#"<svg><script>alert(1)</script></svg>"#,
            r#"<svg><image href="http://x/y.png"/></svg>"#,
            r#"<svg><rect onload ="x()"/></svg>"#,
            r#"<html><svg></svg></html>"#,
        ] {
            assert!(inline_svg(bad).is_err(), "{bad}");
        }
    }
}
