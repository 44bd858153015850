//! The page skeleton both reports share: the inline CSS, the document around a body,
//! the cards of headline numbers, definition lists, the reading note and caveat, the
//! scenario text section, the SHA-256 line of provenance, and the footer.
//!
//! Owns what makes the page self-contained and printable (no script, font, image or link
//! leaves it). Must not know which report it is in: the run and comparison pages pass it
//! their content.

use super::escape::{css_string, esc};
use super::inputs::RunFolder;
use crate::results::VERSION;
use std::fmt::Write as _;

/// The page's whole style sheet, inline: for the screen and for print (page margins,
/// page breaks before major sections, charts kept whole).
const CSS: &str = r#"
:root { --ink: #1c1c1e; --muted: #5b5f66; --rule: #cfd3d8; --light: #eef1f4; --accent: #0b4f8a; --warn: #8a4b00; }
* { box-sizing: border-box; }
html { background: #e9ebee; }
body { margin: 0; color: var(--ink); font-family: Charter, "Bitstream Charter", "Sitka Text", Cambria, Georgia, "Times New Roman", serif; font-size: 11pt; line-height: 1.5; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
main { max-width: 200mm; margin: 24px auto; padding: 16mm 17mm 14mm; background: #fff; box-shadow: 0 1px 6px rgba(0,0,0,.18); }
h1, h2, h3, .kicker, .meta, .cards, table, figcaption, dl, .note, .missing, footer, .toc { font-family: "Helvetica Neue", Helvetica, Arial, "Liberation Sans", "DejaVu Sans", sans-serif; }
.kicker { margin: 0 0 4px; font-size: 8.5pt; letter-spacing: .08em; text-transform: uppercase; color: var(--accent); font-weight: 600; }
h1 { margin: 0 0 6px; font-size: 22pt; line-height: 1.2; font-weight: 700; }
h1 .what { display: block; font-size: 12.5pt; font-weight: 400; color: var(--muted); margin-top: 4px; }
.lede { font-size: 13pt; margin: 6px 0 8px; }
.meta { font-size: 9pt; color: var(--muted); margin: 0 0 14px; padding-bottom: 10px; border-bottom: 2px solid var(--ink); }
h2 { font-size: 14pt; margin: 22px 0 8px; padding-bottom: 3px; border-bottom: 1px solid var(--rule); break-after: avoid; page-break-after: avoid; }
h3 { font-size: 11.5pt; margin: 16px 0 6px; break-after: avoid; page-break-after: avoid; }
p { margin: 6px 0; }
ul.findings { padding-left: 18px; margin: 6px 0; }
ul.findings li { margin: 4px 0; }
.cards { display: flex; flex-wrap: wrap; gap: 8px; margin: 12px 0 8px; break-inside: avoid; page-break-inside: avoid; }
.card { flex: 1 1 0; min-width: 36mm; background: var(--light); border-top: 3px solid var(--accent); padding: 7px 10px 8px; }
.card .v { font-size: 17pt; font-weight: 700; line-height: 1.15; }
.card .k { font-size: 8.5pt; color: var(--muted); line-height: 1.3; margin-top: 3px; }
.intro { break-after: avoid; page-break-after: avoid; }
td.u, .nw { white-space: nowrap; }
.note { font-size: 8.5pt; color: var(--muted); }
.caveat { font-size: 9.5pt; color: var(--muted); border-left: 3px solid var(--rule); padding: 2px 0 2px 10px; margin: 10px 0; }
.warn { color: var(--warn); font-weight: 600; }
figure.chart { margin: 12px 0 16px; break-inside: avoid; page-break-inside: avoid; }
figure.chart svg { display: block; width: 100%; max-width: 100%; height: auto; border: 1px solid var(--light); }
figcaption { font-size: 9pt; color: var(--muted); margin-top: 4px; }
figcaption .fig { font-weight: 700; color: var(--ink); }
.missing { border: 1px dashed var(--warn); color: var(--warn); background: #fff8ef; padding: 18px 14px; font-size: 9.5pt; }
table { width: 100%; border-collapse: collapse; font-size: 8.5pt; margin: 8px 0; }
th, td { text-align: right; padding: 3px 6px; border-bottom: 1px solid var(--light); vertical-align: top; }
th { border-bottom: 1.5px solid var(--ink); font-weight: 600; vertical-align: bottom; }
th:first-child, td:first-child, td.l, th.l { text-align: left; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
td .label { font-weight: 600; }
td code { font-size: 7.5pt; color: var(--muted); }
td .def { display: block; color: var(--muted); font-size: 7.5pt; line-height: 1.3; }
td .ci { display: block; color: var(--muted); font-size: 7.5pt; white-space: nowrap; }
td.num { white-space: nowrap; font-variant-numeric: tabular-nums; }
td.sig { font-weight: 700; }
td.na { color: var(--muted); text-align: center; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 3px 14px; font-size: 9pt; margin: 8px 0; }
dt { color: var(--muted); }
dd { margin: 0; overflow-wrap: anywhere; }
dd code, p code { font-size: 8.5pt; }
pre { font-family: "DejaVu Sans Mono", Menlo, Consolas, "Liberation Mono", monospace; font-size: 7.5pt; line-height: 1.35; background: #f7f8fa; border: 1px solid var(--light); padding: 8px 10px; white-space: pre-wrap; overflow-wrap: anywhere; }
footer { margin-top: 24px; padding-top: 6px; border-top: 1px solid var(--rule); font-size: 8pt; color: var(--muted); }
.toc { font-size: 9pt; color: var(--muted); margin: 4px 0 0; }
.toc a { color: var(--accent); text-decoration: none; }
@page { margin: 15mm 14mm 16mm; }
@media print {
  html { background: none; }
  body { font-size: 10.5pt; }
  main { max-width: none; margin: 0; padding: 0; box-shadow: none; }
  section.major { break-before: page; page-break-before: always; }
  figure.chart svg { border: none; width: 165mm; max-width: 100%; margin: 0 auto; }
  figcaption { max-width: 165mm; margin-left: auto; margin-right: auto; }
  .toc { display: none; }
  a { color: inherit; text-decoration: none; }
}
"#;

/// The whole document around `body`.
pub(super) fn document(title: &str, running_head: &str, body: &str) -> String {
    let mut out = String::with_capacity(body.len() + CSS.len() + 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(
        out,
        "<meta name=\"generator\" content=\"leverage {VERSION}\">"
    );
    let _ = writeln!(out, "<title>{}</title>", esc(title));
    out.push_str("<style>");
    out.push_str(CSS);
    // Page numbers and the running head, where the browser draws page margin boxes.
    let _ = writeln!(
        out,
        "@page {{ @bottom-left {{ content: \"{}\"; font: 8pt sans-serif; color: #5b5f66; }} \
         @bottom-right {{ content: \"Page \" counter(page) \" of \" counter(pages); font: 8pt \
         sans-serif; color: #5b5f66; }} }}",
        css_string(running_head)
    );
    out.push_str("</style>\n</head>\n<body>\n<main>\n");
    out.push_str(body);
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// The cards of headline numbers.
pub(super) fn cards(out: &mut String, cards: &[(String, String)]) {
    if cards.is_empty() {
        return;
    }
    out.push_str("<div class=\"cards\">\n");
    for (value, key) in cards {
        let _ = writeln!(
            out,
            "<div class=\"card\"><div class=\"v\">{value}</div><div class=\"k\">{key}</div></div>"
        );
    }
    out.push_str("</div>\n");
}

/// A `<dl>` of provenance, values already HTML.
pub(super) fn definition_list(out: &mut String, items: &[(&str, String)]) {
    out.push_str("<dl>\n");
    for (k, v) in items {
        let _ = writeln!(out, "<dt>{}</dt><dd>{v}</dd>", esc(k));
    }
    out.push_str("</dl>\n");
}

/// What a run is and how to read the numbers: the same for both reports.
pub(super) const READING: &str = "A <em>run</em> is one simulated history of the scenario, month by \
    month: arrests, sentences, releases, offers, deals, sanctions and events drawn at random \
    from the scenario's assumptions. Medians and ranges (p05 to p95, which holds 90% of \
    runs) describe how histories differ. The 95% confidence intervals of means measure only \
    the Monte Carlo error of the mean, which shrinks with more runs; they say nothing about \
    whether the assumptions are right.";

/// That the numbers are model outputs under stated assumptions, not forecasts: the same
/// for both reports.
pub(super) const CAVEAT: &str = "These are outputs of a model under the scenario's stated assumptions, \
    not forecasts. Figures marked as assumptions in the scenario file are the first to vary \
    before relying on a result.";

/// The scenario's text in a `<pre>`, or a notice that the folder has none.
pub(super) fn scenario_text(b: &mut String, f: &RunFolder, file: &str) {
    match &f.scenario_text {
        Some(text) => {
            let _ = writeln!(
                b,
                "<p>The scenario as simulated: every assumption, with its source or marked as \
                 an assumption in its comments. {}</p>",
                match f.scenario_matches() {
                    Some(true) =>
                        "Its SHA-256 matches the one recorded with the results.".to_string(),
                    _ => format!(
                        "<span class=\"warn\">Its SHA-256 differs from the one recorded with \
                         the results: {} was edited after the batch, and the text below is \
                         not what was simulated.</span>",
                        esc(file)
                    ),
                }
            );
            let _ = writeln!(b, "<pre>{}</pre>", esc(text.trim_end()));
        }
        None => {
            let _ = writeln!(
                b,
                "<div class=\"missing\">{} is not in this folder (results of an older \
                 leverage), so the scenario text cannot be shown. Its file and SHA-256 are \
                 under Provenance.</div>",
                esc(file)
            );
        }
    }
}

/// A recorded SHA-256 as HTML, with whether the folder's `scenario.toml` matches it
/// (`None`: the folder has none to check).
pub(super) fn sha_line(sha: &str, matches: Option<bool>) -> String {
    let mut v = format!("<code>{}</code>", esc(sha));
    match matches {
        Some(true) => v.push_str(" (scenario.toml in the folder matches)"),
        Some(false) => {
            v.push_str(" <span class=\"warn\">(scenario.toml in the folder does not match)</span>")
        }
        None => v.push_str(" (no scenario.toml in the folder to check)"),
    }
    v
}

/// The footer: which leverage wrote the page, and that it loads nothing from elsewhere.
pub(super) fn footer(b: &mut String) {
    let _ = writeln!(
        b,
        "<footer>Written by leverage {VERSION} from the saved results in this folder. \
         Self-contained: no scripts, fonts or images are loaded from elsewhere.</footer>"
    );
}
