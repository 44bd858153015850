//! `report.html`: a self-contained briefing of a results folder, for reading on screen or
//! printing to PDF.
//!
//! [`write_run_report`] reads a `leverage run` folder and [`write_compare_report`] a
//! `leverage compare` folder. Both read only saved files (through the readers of
//! [`crate::plot::data`] where they fit), never simulate, and write one HTML file with its
//! CSS inline and its charts inlined as SVG text: no script, no font, no image and no link
//! leaves the file, so the PDF a reader prints is the page they saw.
//!
//! Everything that comes from a file is escaped before it enters the page, and an SVG chart
//! is inlined only if it looks like what plotters writes (no script, no link, no event
//! attribute); otherwise the page says why the chart is not shown. The output depends on
//! the folder's contents only (no time, no absolute path), so the same folder gives the
//! same bytes.

use super::fmt;
use crate::plot::{self, Histogram, Monthly, PlotError, RunSummary};
use crate::results::MetricSummary;
use crate::results::comparison::{ComparisonFile, PairedDifference};
use crate::results::names;
use crate::results::{VERSION, metric_unit, write_atomic};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Why a report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// An input file is missing or unreadable.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// An input file is not what leverage writes.
    #[error("{}: {message}", path.display())]
    Parse { path: PathBuf, message: String },
    /// `report.html` could not be saved.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl From<PlotError> for ReportError {
    fn from(e: PlotError) -> Self {
        match e {
            PlotError::Read { path, source } => ReportError::Read { path, source },
            PlotError::Parse { path, message } => ReportError::Parse { path, message },
            PlotError::Draw { path, message } => ReportError::Parse {
                path,
                message: format!("cannot draw: {message}"),
            },
            PlotError::Write { path, source } => ReportError::Write { path, source },
        }
    }
}

/// Reads a `leverage run` folder (`summary.json`, `monthly.csv`, `histograms.json`,
/// `scenario.toml`, and the `*.svg` charts in it if present) and writes `DIR/report.html`
/// atomically. Returns its path.
///
/// `summary.json` and `monthly.csv` must be there; without `histograms.json`,
/// `scenario.toml` or a chart, the report says in place what is missing.
pub fn write_run_report(dir: &Path) -> Result<PathBuf, ReportError> {
    let folder = RunFolder::read(dir)?;
    let html = run_page(&folder, dir);
    save(dir, &html)
}

/// Reads a `leverage compare` folder (`comparison.json`, the `compare_*.svg` charts and
/// each scenario's folder) and writes `DIR/report.html` atomically. Returns its path.
///
/// Scenario folders hold no charts of their own, so each scenario's fan chart is drawn
/// from its `summary.json` and `monthly.csv` in a scratch folder that is then deleted;
/// nothing but `report.html` is written into `dir`.
pub fn write_compare_report(dir: &Path) -> Result<PathBuf, ReportError> {
    let path = dir.join(names::COMPARISON_JSON);
    let list = plot::read_comparison(&path)?;
    let text = plot::data::read(&path)?;
    let file: ComparisonFile = serde_json::from_str(&text).map_err(|e| ReportError::Parse {
        path: path.clone(),
        message: format!("not a leverage comparison.json: {e}"),
    })?;
    let mut scenarios = Vec::with_capacity(list.len());
    for (entry, s) in list.iter().zip(&file.scenarios) {
        let folder = RunFolder::read(&entry.dir)?;
        let fan = fan_for(&entry.dir);
        scenarios.push(Compared {
            name: s.name.clone(),
            dir_name: s.dir.clone(),
            path: s.path.clone(),
            sha256: s.sha256.clone(),
            folder,
            fan,
        });
    }
    let html = compare_page(&file, &scenarios, dir);
    save(dir, &html)
}

fn save(dir: &Path, html: &str) -> Result<PathBuf, ReportError> {
    let path = dir.join(names::REPORT_HTML);
    write_atomic(&path, html.as_bytes()).map_err(|source| ReportError::Write {
        path: path.clone(),
        source,
    })?;
    Ok(path)
}

// ---------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------

/// One results folder, read.
struct RunFolder {
    summary: RunSummary,
    monthly: Monthly,
    histograms: Option<Vec<Histogram>>,
    /// `scenario.toml`, if the folder has it.
    scenario_text: Option<String>,
    description: Option<String>,
}

impl RunFolder {
    fn read(dir: &Path) -> Result<Self, ReportError> {
        let summary_path = dir.join(names::SUMMARY_JSON);
        let summary = plot::read_summary(&summary_path)?;
        let monthly = plot::read_monthly(&dir.join(names::MONTHLY_CSV))?;
        let histograms = plot::read_histograms(&dir.join(names::HISTOGRAMS_JSON))?;
        let toml_path = dir.join(names::SCENARIO_TOML);
        let scenario_text = read_optional(&toml_path)?;
        let description = scenario_text.as_deref().and_then(|t| {
            let table: toml::Table = toml::from_str(t).ok()?;
            let d = table.get("description")?.as_str()?.trim();
            (!d.is_empty()).then(|| d.to_string())
        });
        Ok(RunFolder {
            summary,
            monthly,
            histograms,
            scenario_text,
            description,
        })
    }

    fn metric(&self, name: &str) -> Option<MetricSummary> {
        self.summary.metric(name)
    }

    /// Share of runs whose stock fell below the target.
    fn share_reached_target(&self) -> Option<f64> {
        self.summary.share_never_reached_target.map(|s| 1.0 - s)
    }

    /// Share of runs with at least one deal.
    fn share_with_deal(&self) -> Option<f64> {
        self.summary.share_no_deal.map(|s| 1.0 - s)
    }

    /// Whether `scenario.toml` hashes to the SHA-256 recorded in `summary.json`.
    fn scenario_matches(&self) -> Option<bool> {
        self.scenario_text
            .as_deref()
            .map(|t| crate::scenario::sha256_hex(t.as_bytes()) == self.summary.sha256)
    }

    /// Metric names in report order: the per-run metrics, the optional ones, then any
    /// others the file has, by name.
    fn metric_names(&self) -> Vec<String> {
        ordered_names(self.summary.metrics.keys())
    }
}

/// `names` in report order: the per-run metrics, then the optional ones, then the rest.
fn ordered_names<'a>(names: impl Iterator<Item = &'a String>) -> Vec<String> {
    let rank = crate::results::metrics::rank;
    let mut out: Vec<String> = names.cloned().collect();
    out.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.cmp(b)));
    out
}

/// A file's text, `None` if it does not exist.
fn read_optional(path: &Path) -> Result<Option<String>, ReportError> {
    match crate::files::read_to_string(path, &crate::files::RESULTS) {
        Ok(t) => Ok(Some(t)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(ReportError::Read {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// One scenario of a comparison with its folder read.
struct Compared {
    name: String,
    dir_name: String,
    path: String,
    sha256: String,
    folder: RunFolder,
    /// The fan chart's SVG, or why there is none.
    fan: Result<String, String>,
}

// ---------------------------------------------------------------------------------------
// Charts
// ---------------------------------------------------------------------------------------

/// Reads `dir/file` and returns SVG text safe to inline, or why it is not shown.
fn chart(dir: &Path, file: &str) -> Result<String, String> {
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
fn fan_for(dir: &Path) -> Result<String, String> {
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
fn figure(out: &mut String, number: &mut u32, svg: &Result<String, String>, caption: &str) {
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

// ---------------------------------------------------------------------------------------
// Words and numbers
// ---------------------------------------------------------------------------------------

/// HTML-escapes text from a file.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Text for a CSS string: anything but letters, digits, spaces and `-_.` as an escape,
/// so that no file can close the string or the `<style>` element.
fn css_string(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.') {
            out.push(c);
        } else {
            let _ = write!(out, "\\{:x} ", c as u32);
        }
    }
    out
}

/// A count for people: whole numbers without decimals, others as [`fmt`].
fn num(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        let s = fmt(v.round());
        s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
    } else {
        fmt(v)
    }
}

/// A difference with its sign: `+12.3`, `-4`, `0`.
fn signed(v: f64) -> String {
    let s = num(v);
    if v > 0.0 && s != "0" && s != "0.0" {
        format!("+{s}")
    } else {
        s
    }
}

/// A share of runs in words that never round a rare event to nothing.
fn pct(share: f64) -> String {
    if share <= 0.0 {
        "0%".into()
    } else if share >= 1.0 {
        "100%".into()
    } else if share < 0.005 {
        "under 1%".into()
    } else if share > 0.995 {
        "over 99%".into()
    } else {
        format!("{:.0}%", 100.0 * share)
    }
}

/// An amount with its unit, for sentences: "524 people", "USD 8,053 m".
fn amount(v: f64, unit: &str) -> String {
    match unit {
        "USD m" => format!("USD {}&nbsp;m", num(v)),
        "USD m eq." => format!("USD {}&nbsp;m equivalent", num(v)),
        "count" => num(v),
        u => format!("{} {}", num(v), esc(u)),
    }
}

/// The unit as the table shows it.
fn unit_label(unit: &str) -> &str {
    match unit {
        "USD m eq." => "USD m equiv.",
        u => u,
    }
}

/// A metric's short label and its definition (from `docs/model.md`, section 9).
fn metric_info(name: &str) -> (String, &'static str) {
    crate::results::metric_label(name)
}

/// A metric's cell: its label, its name as in the files, and its definition.
fn metric_cell(name: &str) -> String {
    let (label, definition) = metric_info(name);
    let mut cell = format!(
        "<span class=\"label\">{}</span> <code>{}</code>",
        esc(&label),
        esc(name)
    );
    if !definition.is_empty() {
        let _ = write!(cell, "<span class=\"def\">{}</span>", esc(definition));
    }
    cell
}

/// A metric's label in lower case, for the middle of a sentence.
fn label_lower(name: &str) -> String {
    let (label, _) = metric_info(name);
    let mut chars = label.chars();
    match chars.next() {
        // Keep "US", "EU" and the like as they are.
        Some(c) if !chars.clone().next().is_some_and(|d| d.is_uppercase()) => {
            c.to_lowercase().chain(chars).collect()
        }
        _ => label,
    }
}

/// "baseline" for a bundled scenario, the path otherwise, quoted for a shell if needed.
fn scenario_argument(path: &str) -> String {
    if let Some(name) = path
        .strip_prefix("<embedded>/")
        .and_then(|p| p.strip_suffix(".toml"))
    {
        return name.to_string();
    }
    if !path.is_empty()
        && path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-/+".contains(c))
    {
        path.to_string()
    } else {
        format!("'{}'", path.replace('\'', r"'\''"))
    }
}

// ---------------------------------------------------------------------------------------
// Page
// ---------------------------------------------------------------------------------------

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
fn document(title: &str, running_head: &str, body: &str) -> String {
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
fn cards(out: &mut String, cards: &[(String, String)]) {
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
fn definition_list(out: &mut String, items: &[(&str, String)]) {
    out.push_str("<dl>\n");
    for (k, v) in items {
        let _ = writeln!(out, "<dt>{}</dt><dd>{v}</dd>", esc(k));
    }
    out.push_str("</dl>\n");
}

/// What a run is and how to read the numbers: the same for both reports.
const READING: &str = "A <em>run</em> is one simulated history of the scenario, month by \
    month: arrests, sentences, releases, offers, deals, sanctions and events drawn at random \
    from the scenario's assumptions. Medians and ranges (p05 to p95, which holds 90% of \
    runs) describe how histories differ. The 95% confidence intervals of means measure only \
    the Monte Carlo error of the mean, which shrinks with more runs; they say nothing about \
    whether the assumptions are right.";

const CAVEAT: &str = "These are outputs of a model under the scenario's stated assumptions, \
    not forecasts. Figures marked as assumptions in the scenario file are the first to vary \
    before relying on a result.";

// ---------------------------------------------------------------------------------------
// Run report
// ---------------------------------------------------------------------------------------

fn run_page(f: &RunFolder, dir: &Path) -> String {
    let s = &f.summary;
    let mut b = String::new();
    let name = esc(&s.scenario);
    let runs = num(s.runs as f64);

    // Title.
    b.push_str("<header>\n<p class=\"kicker\">Simulation briefing · political prisoners and sanctions in Belarus</p>\n");
    let _ = writeln!(
        b,
        "<h1>Scenario “{name}”<span class=\"what\">{}</span></h1>",
        match &f.description {
            Some(d) => esc(d),
            None => "No description: scenario.toml is not in this folder.".to_string(),
        }
    );
    let _ = writeln!(
        b,
        "<p class=\"meta\">{runs} runs · {} months, {} · seed {} · leverage {}</p>",
        s.horizon_months,
        esc(&s.period()),
        s.seed,
        esc(&s.version)
    );
    b.push_str("</header>\n");

    // What this shows.
    b.push_str("<section id=\"shows\">\n<h2>What this shows</h2>\n");
    let _ = writeln!(
        b,
        "<p>The simulator <em>leverage</em> played the scenario “{name}” {runs} times, each \
         over {} months from {} to {}, with master seed {} (the same seed gives the same \
         results, byte for byte). It models the Belarusian regime holding political \
         prisoners and Western governments (the US, the EU, Lithuania and Poland) using \
         sanctions and relief to obtain their release. {READING}</p>",
        s.horizon_months,
        s.start,
        s.end(),
        s.seed
    );
    b.push_str("</section>\n");

    // Key findings.
    b.push_str("<section id=\"findings\">\n<h2>Key findings</h2>\n");
    cards(&mut b, &run_cards(f));
    let findings = run_findings(f);
    if findings.is_empty() {
        b.push_str("<p>summary.json holds none of the headline metrics.</p>\n");
    } else {
        b.push_str("<ul class=\"findings\">\n");
        for line in findings {
            let _ = writeln!(b, "<li>{line}</li>");
        }
        b.push_str("</ul>\n");
    }
    let _ = writeln!(b, "<p class=\"caveat\">{CAVEAT}</p>");
    b.push_str("</section>\n");

    // Charts.
    let mut n = 0;
    b.push_str("<section id=\"charts\" class=\"major\">\n<h2>Charts</h2>\n");
    b.push_str("<h3>Political prisoners held, month by month</h3>\n");
    let target = match s.target_stock {
        Some(t) => format!(
            " The dashed line is the target of fewer than {}.",
            num(t as f64)
        ),
        None => String::new(),
    };
    figure(
        &mut b,
        &mut n,
        &chart(dir, &names::svg(names::STOCK_FAN)),
        &format!(
            "Political prisoners held at the end of each month. The line follows the median \
             over runs; the darker band holds the middle 50% of runs and the lighter band \
             90%.{target}"
        ),
    );
    b.push_str("<h3>Arrests and releases, month by month</h3>\n");
    figure(
        &mut b,
        &mut n,
        &chart(dir, &names::svg(names::ARRESTS_RELEASES)),
        "New political prisoners and prisoners released by the regime in each month, as \
         the mean over runs. Freed at the end of a sentence is not counted as a release.",
    );
    b.push_str("<h3>Distributions over runs</h3>\n");
    b.push_str(
        "<p class=\"intro\">Each histogram counts runs by a total over the whole period: how \
         often each outcome happens across the simulated histories.</p>\n",
    );
    for (metric, file) in histogram_files(f, dir) {
        let caption = match f.metric(&metric) {
            Some(m) => format!(
                "{} ({}) over the {runs} runs: median {}; {}.",
                esc(&metric_info(&metric).0),
                esc(unit_label(metric_unit(&metric))),
                num(m.p50),
                range_words(m.p05, m.p95)
            ),
            None => format!("{} over the {runs} runs.", esc(&metric_info(&metric).0)),
        };
        figure(&mut b, &mut n, &chart(dir, &file), &caption);
    }
    b.push_str("</section>\n");

    // Every metric.
    b.push_str("<section id=\"metrics\" class=\"major\">\n<h2>Every metric</h2>\n");
    let _ = writeln!(
        b,
        "<p>Totals per run over the {} months, summarised over the {runs} runs: the mean with \
         its 95% confidence interval, and the 5th, 50th (median) and 95th percentiles.</p>",
        s.horizon_months
    );
    metrics_table(&mut b, f);
    b.push_str("</section>\n");

    // Provenance, then the scenario text as an appendix.
    b.push_str("<section id=\"provenance\">\n<h2>Provenance</h2>\n");
    run_provenance(&mut b, f);
    b.push_str("</section>\n");
    b.push_str("<section id=\"scenario\" class=\"major\">\n<h2>Appendix: the scenario file</h2>\n");
    scenario_text(&mut b, f, names::SCENARIO_TOML);
    b.push_str("</section>\n");
    footer(&mut b);

    document(
        &format!("Scenario {} — leverage briefing", s.scenario),
        &format!("leverage · scenario {} · seed {}", s.scenario, s.seed),
        &b,
    )
}

/// The headline numbers of a run.
fn run_cards(f: &RunFolder) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(m) = f.metric("released") {
        out.push((
            num(m.p50),
            "prisoners released by the regime (median over runs)".into(),
        ));
    }
    if let Some(m) = f.metric("new_arrests") {
        out.push((num(m.p50), "people newly jailed (median)".into()));
    }
    if let Some(m) = f.metric("final_stock") {
        out.push((
            num(m.p50),
            format!(
                "held at the end of {} (median; 90% of runs {}–{})",
                f.summary.end(),
                num(m.p05),
                num(m.p95)
            ),
        ));
    }
    if let Some(d) = f.share_with_deal() {
        out.push((pct(d), "of runs with a release deal".into()));
    }
    out
}

/// Plain sentences from the numbers of one run folder.
fn run_findings(f: &RunFolder) -> Vec<String> {
    let s = &f.summary;
    let mut out = Vec::new();
    if let (Some(r), Some(a)) = (f.metric("released"), f.metric("new_arrests")) {
        let mut line = format!(
            "Over {} months ({}), a median of <strong>{} prisoners are released</strong> by \
             the regime and <strong>{} people newly jailed</strong>",
            s.horizon_months,
            esc(&s.period()),
            num(r.p50),
            num(a.p50)
        );
        if let Some(c) = f.metric("sentence_completions") {
            let _ = write!(
                line,
                "; {} more walk free at the end of their sentence",
                num(c.p50)
            );
        }
        if let Some(d) = f.metric("deaths_in_custody") {
            let _ = write!(line, " and {} die in custody", num(d.p50));
        }
        line.push_str(" (medians over runs).");
        out.push(line);
    }
    if let Some(fin) = f.metric("final_stock") {
        let start = f.metric("initial_stock").map(|m| m.p50);
        let mut line = match start {
            Some(i) => {
                let change = fin.p50 - i;
                let direction = if change.abs() < 0.5 {
                    "about the same".to_string()
                } else if change < 0.0 {
                    format!("{} fewer", num(-change))
                } else {
                    format!("{} more", num(change))
                };
                format!(
                    "The number of political prisoners goes from {} at the start to a median \
                     of <strong>{}</strong> at the end of {} ({direction})",
                    num(i),
                    num(fin.p50),
                    s.end()
                )
            }
            None => format!(
                "A median of <strong>{}</strong> political prisoners are held at the end of {}",
                num(fin.p50),
                s.end()
            ),
        };
        let _ = write!(
            line,
            "; in 90% of runs it ends between {} and {}.",
            num(fin.p05),
            num(fin.p95)
        );
        out.push(line);
    }
    if let Some(line) = monthly_finding(f) {
        out.push(line);
    }
    if let (Some(t), Some(reached)) = (s.target_stock, f.share_reached_target()) {
        let t = num(t as f64);
        let line = if reached <= 0.0 {
            format!("In <strong>no run</strong> does the number held fall below the target of {t}.")
        } else {
            let mut line = format!(
                "The number held falls below the target of {t} in <strong>{} of runs</strong>",
                pct(reached)
            );
            if let Some(m) = f.metric("months_to_target") {
                let _ = write!(
                    line,
                    "; where it does, after a median of {} months",
                    num(m.p50)
                );
            }
            line.push('.');
            line
        };
        out.push(line);
    }
    if let Some(dealt) = f.share_with_deal() {
        let line = if dealt <= 0.0 {
            "<strong>No run</strong> has a release deal between the regime and a Western \
             government: every release is the regime's own decision."
                .to_string()
        } else {
            let mut line = format!(
                "A release deal is made in <strong>{} of runs</strong>",
                pct(dealt)
            );
            if let Some(m) = f.metric("months_to_first_deal") {
                let _ = write!(
                    line,
                    "; the first comes after a median of {} months",
                    num(m.p50)
                );
            }
            if let Some(d) = f.metric("deals") {
                let _ = write!(line, ", and a run has {} deals on average", num(d.mean));
            }
            line.push('.');
            line
        };
        out.push(line);
    }
    if let (Some(c), Some(r)) = (f.metric("sanctions_cost"), f.metric("relief_granted")) {
        let relief = if r.mean == 0.0 && r.p95 == 0.0 {
            "receives no sanctions relief in any run".to_string()
        } else {
            format!(
                "receives a median of {} in sanctions relief",
                amount(r.p50, "USD m")
            )
        };
        out.push(format!(
            "Sanctions cost the regime a median of {} over the period, net of Russian \
             support; it {relief}.",
            amount(c.p50, "USD m")
        ));
    }
    out
}

/// The month-by-month picture from `monthly.csv`: the average flows in and out, and where
/// the median stock turns, if it turns.
fn monthly_finding(f: &RunFolder) -> Option<String> {
    let series = |name: &str| f.monthly.series.get(name).filter(|rows| !rows.is_empty());
    let average = |name: &str| {
        series(name).map(|rows| rows.iter().map(|r| r.mean).sum::<f64>() / rows.len() as f64)
    };
    let (arrests, released) = (average("arrests")?, average("released")?);
    let mut line = format!(
        "In an average month {} people are newly jailed and {} released by the regime",
        num(arrests),
        num(released)
    );
    if let Some(stock) = series("stock") {
        let (first, last) = (stock[0].p50, stock[stock.len() - 1].p50);
        let low = stock
            .iter()
            .min_by(|a, b| a.p50.total_cmp(&b.p50))
            .filter(|r| r.p50 < first.min(last) - 0.5);
        let high = stock
            .iter()
            .max_by(|a, b| a.p50.total_cmp(&b.p50))
            .filter(|r| r.p50 > first.max(last) + 0.5);
        if let Some(r) = low {
            let _ = write!(
                line,
                "; the median number held is lowest in {} ({}) and rises again after",
                r.calendar,
                num(r.p50)
            );
        } else if let Some(r) = high {
            let _ = write!(
                line,
                "; the median number held peaks in {} ({}) and falls after",
                r.calendar,
                num(r.p50)
            );
        }
    }
    line.push('.');
    Some(line)
}

/// "90% of runs between 3 and 7", or "at least 90% of runs at 524" when the two agree.
fn range_words(p05: f64, p95: f64) -> String {
    if num(p05) == num(p95) {
        format!("at least 90% of runs at {}", num(p05))
    } else {
        format!("90% of runs between {} and {}", num(p05), num(p95))
    }
}

/// The histogram charts of a folder: one per metric of `histograms.json` that has runs,
/// then any other `hist_*.svg` in the folder, by name.
fn histogram_files(f: &RunFolder, dir: &Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for h in f.histograms.iter().flatten() {
        if h.bins.iter().all(|b| b.2 <= 0.0) {
            continue;
        }
        out.push((h.metric.clone(), format!("hist_{}.svg", h.metric)));
    }
    let mut extra: Vec<(String, String)> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let file = e.file_name().to_str()?.to_string();
            let metric = file
                .strip_prefix("hist_")?
                .strip_suffix(".svg")?
                .to_string();
            Some((metric, file))
        })
        .filter(|(_, file)| !out.iter().any(|(_, f)| f == file))
        .collect();
    extra.sort();
    out.extend(extra);
    out
}

fn metrics_table(b: &mut String, f: &RunFolder) {
    b.push_str(
        "<table>\n<thead><tr><th>Metric</th><th class=\"l\">Unit</th><th>Mean</th>\
         <th>95% CI</th><th>p05</th><th>p50</th><th>p95</th></tr></thead>\n<tbody>\n",
    );
    for name in f.metric_names() {
        let unit = unit_label(metric_unit(&name));
        let _ = write!(
            b,
            "<tr><td>{}</td><td class=\"l u\">{}</td>",
            metric_cell(&name),
            esc(unit)
        );
        match f.metric(&name) {
            Some(m) => {
                let ci = m.ci95.map_or("–".to_string(), |[lo, hi]| {
                    format!("{} to {}", fmt(lo), fmt(hi))
                });
                let _ = writeln!(
                    b,
                    "<td class=\"num\">{}</td><td class=\"num\">{ci}</td><td class=\"num\">{}</td>\
                     <td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                    fmt(m.mean),
                    fmt(m.p05),
                    fmt(m.p50),
                    fmt(m.p95)
                );
            }
            None => {
                let _ = writeln!(
                    b,
                    "<td class=\"na\" colspan=\"5\">no run has this metric</td></tr>"
                );
            }
        }
    }
    b.push_str("</tbody>\n</table>\n");
    let mut notes = Vec::new();
    match f.share_reached_target() {
        Some(r) if r <= 0.0 => notes
            .push("<code>months_to_target</code> is empty: no run reached the target".to_string()),
        Some(r) => notes.push(format!(
            "<code>months_to_target</code> counts only the {} of runs in which the stock fell \
             below the target",
            pct(r)
        )),
        None => {}
    }
    match f.share_with_deal() {
        Some(d) if d <= 0.0 => {
            notes.push("<code>months_to_first_deal</code> is empty: no run had a deal".to_string())
        }
        Some(d) => notes.push(format!(
            "<code>months_to_first_deal</code> counts only the {} of runs with a deal",
            pct(d)
        )),
        None => {}
    }
    notes.push(
        "USD amounts are millions of US dollars, summed over months; payoffs are in \
         USD-million equivalents"
            .to_string(),
    );
    let _ = writeln!(b, "<p class=\"note\">{}.</p>", notes.join("; "));
}

/// The scenario's text in a `<pre>`, or a notice that the folder has none.
fn scenario_text(b: &mut String, f: &RunFolder, file: &str) {
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

fn sha_line(sha: &str, matches: Option<bool>) -> String {
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

fn run_provenance(b: &mut String, f: &RunFolder) {
    let s = &f.summary;
    let mut items = vec![
        ("Results made by", format!("leverage {}", esc(&s.version))),
        ("Scenario", esc(&s.scenario)),
        (
            "Scenario file",
            format!("<code>{}</code>", esc(&f.summary.path)),
        ),
        (
            "Scenario SHA-256",
            sha_line(&s.sha256, f.scenario_matches()),
        ),
        ("Master seed", s.seed.to_string()),
        ("Runs", num(s.runs as f64)),
        (
            "Period",
            format!("{} months, {}", s.horizon_months, esc(&s.period())),
        ),
    ];
    if let Some(t) = s.target_stock {
        items.push(("Target stock", format!("fewer than {}", num(t as f64))));
    }
    items.push((
        "Reproduce",
        format!(
            "<code>leverage run {} -n {} --seed {}</code>",
            esc(&scenario_argument(&f.summary.path)),
            s.runs,
            s.seed
        ),
    ));
    items.push((
        "Read from",
        "summary.json, monthly.csv, histograms.json, scenario.toml and the charts \
         (*.svg) in this folder"
            .into(),
    ));
    definition_list(b, &items);
}

fn footer(b: &mut String) {
    let _ = writeln!(
        b,
        "<footer>Written by leverage {VERSION} from the saved results in this folder. \
         Self-contained: no scripts, fonts or images are loaded from elsewhere.</footer>"
    );
}

// ---------------------------------------------------------------------------------------
// Compare report
// ---------------------------------------------------------------------------------------

fn compare_page(file: &ComparisonFile, scenarios: &[Compared], dir: &Path) -> String {
    let names: Vec<String> = scenarios.iter().map(|s| esc(&s.name)).collect();
    let reference = names.first().cloned().unwrap_or_default();
    let runs = num(file.runs as f64);
    let mut b = String::new();

    // Title.
    b.push_str("<header>\n<p class=\"kicker\">Simulation briefing · political prisoners and sanctions in Belarus</p>\n");
    let _ = writeln!(
        b,
        "<h1>{}<span class=\"what\">{} scenarios compared run by run on common random \
         numbers</span></h1>",
        names
            .iter()
            .map(|n| format!("“{n}”"))
            .collect::<Vec<_>>()
            .join(" vs "),
        scenarios.len()
    );
    b.push_str("<dl>\n");
    for s in scenarios {
        let _ = writeln!(
            b,
            "<dt>{}</dt><dd>{}</dd>",
            esc(&s.name),
            match &s.folder.description {
                Some(d) => esc(d),
                None => "no description (scenario.toml is not in its folder)".into(),
            }
        );
    }
    b.push_str("</dl>\n");
    let periods: Vec<String> = scenarios
        .iter()
        .map(|s| {
            format!(
                "{} months, {}",
                s.folder.summary.horizon_months,
                s.folder.summary.period()
            )
        })
        .collect();
    let same_period = periods.windows(2).all(|w| w[0] == w[1]);
    let _ = writeln!(
        b,
        "<p class=\"meta\">{runs} runs each · {} · seed {} · leverage {}</p>",
        if same_period {
            esc(periods.first().map_or("", String::as_str))
        } else {
            "periods differ".into()
        },
        file.seed,
        esc(&file.leverage_version)
    );
    b.push_str("</header>\n");

    // What this shows.
    b.push_str("<section id=\"shows\">\n<h2>What this shows</h2>\n");
    let period_words = if same_period {
        format!("over {}", esc(periods.first().map_or("", String::as_str)))
    } else {
        format!(
            "over their own periods ({})",
            scenarios
                .iter()
                .zip(&periods)
                .map(|(s, p)| format!("{}: {}", esc(&s.name), esc(p)))
                .collect::<Vec<_>>()
                .join("; ")
        )
    };
    let _ = writeln!(
        b,
        "<p>The simulator <em>leverage</em> played each scenario {runs} times {period_words}, \
         with master seed {}. Run <em>i</em> of every scenario draws the same arrests, \
         sentences and events (common random numbers), so a difference between scenarios \
         within a run comes from their policies and parameters, not from luck. “{reference}” \
         is the reference: every other scenario is compared with it run by run, and the \
         share of runs in which it does better is judged by the Western governments' stated \
         aim (more released; fewer held, newly jailed or dead). {READING}</p>",
        file.seed
    );
    b.push_str("</section>\n");

    // Key findings.
    b.push_str("<section id=\"findings\">\n<h2>Key findings</h2>\n");
    at_a_glance(&mut b, scenarios);
    let findings = compare_findings(file, scenarios);
    if !findings.is_empty() {
        b.push_str("<ul class=\"findings\">\n");
        for line in findings {
            let _ = writeln!(b, "<li>{line}</li>");
        }
        b.push_str("</ul>\n");
    }
    let _ = writeln!(b, "<p class=\"caveat\">{CAVEAT}</p>");
    b.push_str("</section>\n");

    // The comparison table.
    b.push_str("<section id=\"comparison\" class=\"major\">\n<h2>The comparison</h2>\n");
    let _ = writeln!(
        b,
        "<p>Means over {runs} runs with their 95% confidence intervals, and each scenario's \
         difference from “{reference}” run by run. <strong>Bold</strong> differences have a \
         95% interval that excludes zero. “Better in” is the share of paired runs in which \
         the scenario did better than the reference; “–” where neither direction is better \
         (a cost to one side that is a gain to the other).</p>"
    );
    let headline: Vec<String> = super::compare::HEADLINE
        .iter()
        .filter(|m| file.metrics.contains_key(m))
        .map(|m| m.to_string())
        .collect();
    comparison_table(&mut b, file, scenarios, &headline);
    b.push_str("</section>\n");

    // Charts.
    let mut n = 0;
    b.push_str("<section id=\"charts\" class=\"major\">\n<h2>Charts</h2>\n");
    b.push_str("<h3>Political prisoners held, scenarios together</h3>\n");
    figure(
        &mut b,
        &mut n,
        &chart(dir, &names::svg(names::COMPARE_STOCK)),
        "Each scenario's median number of political prisoners held at the end of each \
         month, with the middle 50% and 90% of its runs as bands.",
    );
    b.push_str("<h3>Totals over the period, side by side</h3>\n");
    for metric in plot::COMPARE_METRICS {
        let caption = format!(
            "{} per run, by scenario: the box holds the middle 50% of runs, the whiskers \
             90%, the bar marks the median.",
            esc(&metric_info(metric).0)
        );
        figure(
            &mut b,
            &mut n,
            &chart(dir, &format!("compare_{metric}.svg")),
            &caption,
        );
    }
    b.push_str("<h3>Each scenario on its own</h3>\n");
    for s in scenarios {
        let target = match s.folder.summary.target_stock {
            Some(t) => format!(
                " The dashed line is the target of fewer than {}.",
                num(t as f64)
            ),
            None => String::new(),
        };
        figure(
            &mut b,
            &mut n,
            &s.fan,
            &format!(
                "“{}”: political prisoners held at the end of each month; median run, middle \
                 50% and 90% of runs.{target}",
                esc(&s.name)
            ),
        );
    }
    b.push_str("</section>\n");

    // Every metric.
    b.push_str("<section id=\"metrics\" class=\"major\">\n<h2>Every metric compared</h2>\n");
    b.push_str(
        "<p>The same comparison for every metric in comparison.json. Totals per run over \
         the whole period.</p>\n",
    );
    let all = ordered_names(file.metrics.keys());
    comparison_table(&mut b, file, scenarios, &all);
    b.push_str("</section>\n");

    // Provenance, then the scenario texts as an appendix.
    b.push_str("<section id=\"provenance\">\n<h2>Provenance</h2>\n");
    b.push_str(
        "<table>\n<thead><tr><th>Scenario</th><th class=\"l\">File</th><th class=\"l\">SHA-256</th>\
         <th class=\"l\">Folder</th></tr></thead>\n<tbody>\n",
    );
    for s in scenarios {
        let sha = if s.sha256 == s.folder.summary.sha256 {
            sha_line(&s.sha256, s.folder.scenario_matches())
        } else {
            format!(
                "<code>{}</code> <span class=\"warn\">(its summary.json records {})</span>",
                esc(&s.sha256),
                esc(&s.folder.summary.sha256)
            )
        };
        let _ = writeln!(
            b,
            "<tr><td>{}</td><td class=\"l\"><code>{}</code></td><td class=\"l\">{sha}</td>\
             <td class=\"l\"><code>{}/</code></td></tr>",
            esc(&s.name),
            esc(&s.path),
            esc(&s.dir_name)
        );
    }
    b.push_str("</tbody>\n</table>\n");
    definition_list(
        &mut b,
        &[
            (
                "Results made by",
                format!("leverage {}", esc(&file.leverage_version)),
            ),
            ("Master seed", file.seed.to_string()),
            ("Runs of each scenario", runs.clone()),
            ("Reference", format!("“{reference}”")),
            (
                "Reproduce",
                format!(
                    "<code>leverage compare {} -n {} --seed {}</code>",
                    scenarios
                        .iter()
                        .map(|s| esc(&scenario_argument(&s.path)))
                        .collect::<Vec<_>>()
                        .join(" "),
                    file.runs,
                    file.seed
                ),
            ),
            (
                "Read from",
                "comparison.json, the compare_*.svg charts, and each scenario folder's \
                 summary.json, monthly.csv and scenario.toml"
                    .into(),
            ),
        ],
    );
    b.push_str("</section>\n");
    b.push_str(
        "<section id=\"scenario\" class=\"major\">\n<h2>Appendix: the scenario files</h2>\n",
    );
    for s in scenarios {
        let _ = writeln!(b, "<h3>“{}”</h3>", esc(&s.name));
        scenario_text(
            &mut b,
            &s.folder,
            &format!("{}/{}", s.dir_name, names::SCENARIO_TOML),
        );
    }
    b.push_str("</section>\n");
    footer(&mut b);

    let plain: Vec<&str> = scenarios.iter().map(|s| s.name.as_str()).collect();
    document(
        &format!("{} — leverage comparison", plain.join(" vs ")),
        &format!("leverage · {} · seed {}", plain.join(" vs "), file.seed),
        &b,
    )
}

/// A small table of each scenario's headline outcomes, from its own summary.json.
fn at_a_glance(b: &mut String, scenarios: &[Compared]) {
    b.push_str(
        "<table>\n<thead><tr><th>Scenario</th><th>Released (median)</th>\
         <th>Newly jailed (median)</th><th>Held at the end (median, 90% of runs)</th>\
         <th>Runs below target</th><th>Runs with a deal</th></tr></thead>\n<tbody>\n",
    );
    for s in scenarios {
        let f = &s.folder;
        let median = |m: &str| f.metric(m).map_or("–".to_string(), |v| num(v.p50));
        let held = f.metric("final_stock").map_or("–".to_string(), |v| {
            format!(
                "{}<span class=\"ci\">{} to {}</span>",
                num(v.p50),
                num(v.p05),
                num(v.p95)
            )
        });
        let target = match (f.share_reached_target(), f.summary.target_stock) {
            (Some(r), Some(t)) => format!(
                "{}<span class=\"ci\">below {}</span>",
                pct(r),
                num(t as f64)
            ),
            (Some(r), None) => pct(r),
            _ => "–".into(),
        };
        let _ = writeln!(
            b,
            "<tr><td><span class=\"label nw\">{}</span></td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{held}</td><td class=\"num\">{target}</td>\
             <td class=\"num\">{}</td></tr>",
            esc(&s.name),
            median("released"),
            median("new_arrests"),
            f.share_with_deal().map_or("–".to_string(), pct)
        );
    }
    b.push_str("</tbody>\n</table>\n");
}

/// Whether a difference's 95% interval excludes zero.
fn clear(d: &PairedDifference) -> bool {
    d.ci95[0] > 0.0 || d.ci95[1] < 0.0
}

/// Plain sentences on each scenario's differences from the reference.
fn compare_findings(file: &ComparisonFile, scenarios: &[Compared]) -> Vec<String> {
    let Some(reference) = scenarios.first() else {
        return Vec::new();
    };
    let r = esc(&reference.name);
    let mut out = Vec::new();
    for (k, s) in scenarios.iter().enumerate().skip(1) {
        let a = esc(&s.name);
        let mut same = Vec::new();
        let mut unclear = Vec::new();
        for metric in super::compare::HEADLINE {
            let Some(m) = file.metrics.get(metric) else {
                continue;
            };
            let Some(d) = m.differences.get(k - 1) else {
                continue;
            };
            let unit = m.unit.as_deref().unwrap_or_else(|| metric_unit(metric));
            if d.share_higher == 0.0 && d.share_lower == 0.0 {
                same.push(label_lower(metric));
            } else if clear(d) {
                let money = unit.starts_with("USD");
                let word = match (d.mean > 0.0, money) {
                    (true, true) => "higher",
                    (false, true) => "lower",
                    (true, false) => "more",
                    (false, false) => "fewer",
                };
                let mut line = format!(
                    "{}: <strong>{} {word}</strong> under “{a}” than under “{r}” on average \
                     (95% CI {} to {})",
                    esc(&metric_info(metric).0),
                    amount(d.mean.abs(), unit),
                    signed(d.ci95[0]),
                    signed(d.ci95[1])
                );
                if let Some(better) = d.share_better {
                    let _ = write!(
                        line,
                        "; “{a}” does better in {} of paired runs and worse in {}",
                        pct(better),
                        pct(if m.better.as_deref() == Some("lower") {
                            d.share_higher
                        } else {
                            d.share_lower
                        })
                    );
                }
                line.push('.');
                out.push(line);
            } else {
                unclear.push(format!(
                    "{} ({}, 95% CI {} to {})",
                    label_lower(metric),
                    signed(d.mean),
                    signed(d.ci95[0]),
                    signed(d.ci95[1])
                ));
            }
        }
        if !unclear.is_empty() {
            out.push(format!(
                "No clear difference between “{a}” and “{r}” in {}.",
                join_words(&unclear)
            ));
        }
        if !same.is_empty() {
            out.push(format!(
                "“{a}” and “{r}” are identical in every paired run on {}.",
                join_words(&same)
            ));
        }
    }
    out
}

/// "a, b and c".
fn join_words(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn comparison_table(
    b: &mut String,
    file: &ComparisonFile,
    scenarios: &[Compared],
    metrics: &[String],
) {
    let reference = scenarios.first().map(|s| esc(&s.name)).unwrap_or_default();
    b.push_str("<table>\n<thead><tr><th>Metric</th><th class=\"l\">Unit</th>");
    for s in scenarios {
        let _ = write!(
            b,
            "<th><span class=\"nw\">“{}”</span><br>mean (95% CI)</th>",
            esc(&s.name)
        );
    }
    for s in scenarios.iter().skip(1) {
        let _ = write!(
            b,
            "<th><span class=\"nw\">“{}”</span> − <span class=\"nw\">“{reference}”</span><br>\
             paired difference (95% CI)</th><th>Better in</th>",
            esc(&s.name)
        );
    }
    b.push_str("</tr></thead>\n<tbody>\n");
    for name in metrics {
        let Some(m) = file.metrics.get(name) else {
            continue;
        };
        let unit = m.unit.as_deref().unwrap_or_else(|| metric_unit(name));
        let _ = write!(
            b,
            "<tr><td>{}</td><td class=\"l u\">{}</td>",
            metric_cell(name),
            esc(unit_label(unit))
        );
        for k in 0..scenarios.len() {
            match m.scenarios.get(k).and_then(|p| p.summary) {
                Some(
                    v @ MetricSummary {
                        ci95: Some(ci95), ..
                    },
                ) => {
                    let _ = write!(
                        b,
                        "<td class=\"num\">{}<span class=\"ci\">{} to {}</span></td>",
                        fmt(v.mean),
                        fmt(ci95[0]),
                        fmt(ci95[1])
                    );
                }
                _ => b.push_str("<td class=\"na\">–</td>"),
            }
        }
        for k in 1..scenarios.len() {
            match m.differences.get(k - 1) {
                Some(d) => {
                    let _ = write!(
                        b,
                        "<td class=\"num{}\">{}<span class=\"ci\">{} to {}</span></td>\
                         <td class=\"num\">{}</td>",
                        if clear(d) { " sig" } else { "" },
                        signed(d.mean),
                        signed(d.ci95[0]),
                        signed(d.ci95[1]),
                        if d.share_higher == 0.0 && d.share_lower == 0.0 {
                            "–<span class=\"ci\">same in every run</span>".to_string()
                        } else {
                            d.share_better.map_or("–".to_string(), pct)
                        }
                    );
                }
                None => b.push_str("<td class=\"na\">–</td><td class=\"na\">–</td>"),
            }
        }
        b.push_str("</tr>\n");
    }
    b.push_str("</tbody>\n</table>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc(r#"<b>"a" & 'b'</b>"#),
            "&lt;b&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/b&gt;"
        );
    }

    #[test]
    fn css_strings_cannot_close_the_style_element() {
        let s = css_string("a\"</style><script>");
        assert!(!s.contains('"') && !s.contains('<') && !s.contains('>'));
    }

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

    #[test]
    fn shares_never_round_a_rare_event_away() {
        assert_eq!(pct(0.0), "0%");
        assert_eq!(pct(0.001), "under 1%");
        assert_eq!(pct(0.4567), "46%");
        assert_eq!(pct(0.999), "over 99%");
        assert_eq!(pct(1.0), "100%");
    }

    #[test]
    fn counts_drop_a_zero_decimal() {
        assert_eq!(num(524.0), "524");
        assert_eq!(num(10.07), "10.1");
        assert_eq!(num(3155.5), "3,156");
        assert_eq!(signed(3.0), "+3");
        assert_eq!(signed(-2.5), "-2.5");
        assert_eq!(signed(0.0), "0");
    }

    #[test]
    fn bundled_scenarios_reproduce_by_name() {
        assert_eq!(scenario_argument("<embedded>/baseline.toml"), "baseline");
        assert_eq!(
            scenario_argument("scenarios/cycle.toml"),
            "scenarios/cycle.toml"
        );
        assert_eq!(scenario_argument("my file.toml"), "'my file.toml'");
    }
}
