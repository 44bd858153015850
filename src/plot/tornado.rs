//! Charts of a sensitivity analysis (`sensitivity.json`).
//!
//! `tornado_<metric>.{png,svg}`: the one-at-a-time effects, largest at the top (at most
//! [`MAX_ROWS`]). Each parameter's row has a bar from the metric's mean at the scenario
//! as given to its mean with the parameter at its low value, and one to its mean at the
//! high value, in two Okabe-Ito colours; a vertical line marks the scenario's value.
//! Parameters that left the mean unchanged are counted in a note, not drawn.
//!
//! `sobol_<metric>.{png,svg}` (when the analysis has Sobol indices): first-order and
//! total indices per parameter as paired horizontal bars with their bootstrap 95% CIs.
//!
//! Reads and draws only; never simulates.

use super::style::{self, DrawResult, LegendEntry, Swatch};
use super::style::{fit_px, parse_error};
use super::sweep::{fmt_num, metric_phrase, text_w};
use super::{ChartInfo, Figure, PlotError, emit};
use crate::results::names;
use crate::results::sensitivity::{
    EffectFile, OatMetricFile, SensitivityFile, SobolFile, SobolIndexFile, SobolMetricFile,
};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::{Path, PathBuf};

/// The most parameters a chart shows.
pub const MAX_ROWS: usize = 15;

/// Colour of the bar to the mean at a parameter's low value (and of first-order indices).
const LOW: RGBColor = style::BLUE;
/// Colour of the bar to the mean at a parameter's high value (and of total indices).
const HIGH: RGBColor = style::ORANGE;

/// The title, subtitle (`lead`, the scenario, `runs`, the seed) and provenance footer of
/// a chart drawn from `file`.
fn info(file: &SensitivityFile, title: String, lead: &str, runs: &str) -> ChartInfo {
    ChartInfo {
        title,
        subtitle: format!(
            "{lead} · scenario {} · {runs} · seed {}",
            file.scenario.name, file.seed
        ),
        footer: format!(
            "leverage {} · scenario sha256 {} · seed {}",
            file.leverage_version,
            file.scenario.short_sha(),
            file.seed
        ),
    }
}

/// One row of a tornado: a parameter, its range and the metric's mean at each end.
#[derive(Debug, Clone, PartialEq)]
struct Bar {
    param: String,
    low: f64,
    high: f64,
    at_low: f64,
    at_high: f64,
    /// Mean at high minus mean at low.
    change: f64,
}

/// The rows of a tornado, largest |change| first (ties: the larger move from `base`, then
/// the path), at most `limit` of them, leaving out parameters whose low and high both
/// left the mean at `base`; and how many parameters moved the mean at all.
fn tornado_bars(base: f64, effects: &[EffectFile], limit: usize) -> (Vec<Bar>, usize) {
    let tol = 1e-12 * base.abs().max(1.0);
    let mut bars: Vec<Bar> = effects
        .iter()
        .filter_map(|e| {
            let at_low = finite(e.at_low.mean)?;
            let at_high = finite(e.at_high.mean)?;
            let change = finite(e.change.mean).unwrap_or(at_high - at_low);
            Some(Bar {
                param: e.param.clone(),
                low: e.low,
                high: e.high,
                at_low,
                at_high,
                change,
            })
        })
        .filter(|b| (b.at_low - base).abs() > tol || (b.at_high - base).abs() > tol)
        .collect();
    let reach = |b: &Bar| (b.at_low - base).abs().max((b.at_high - base).abs());
    bars.sort_by(|a, b| {
        b.change
            .abs()
            .total_cmp(&a.change.abs())
            .then_with(|| reach(b).total_cmp(&reach(a)))
            .then_with(|| a.param.cmp(&b.param))
    });
    let moved = bars.len();
    bars.truncate(limit);
    (bars, moved)
}

/// `v` if it is a finite number.
fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

/// "16 – 24".
fn range_text(low: f64, high: f64) -> String {
    format!("{} – {}", fmt_num(low), fmt_num(high))
}

/// The geometry of a chart of labelled rows over a horizontal value axis.
struct Rows {
    x0: i32,
    x1: i32,
    lo: f64,
    hi: f64,
    y0: i32,
    row_h: i32,
}

impl Rows {
    fn x(&self, v: f64) -> i32 {
        let span = self.hi - self.lo;
        if span <= 0.0 || !span.is_finite() {
            return self.x0;
        }
        self.x0 + (f64::from(self.x1 - self.x0) * (v - self.lo) / span).round() as i32
    }

    /// The middle of row `i` (0 at the top).
    fn mid(&self, i: usize) -> i32 {
        self.y0 + self.row_h * i as i32 + self.row_h / 2
    }

    fn y1(&self, n: usize) -> i32 {
        self.y0 + self.row_h * n.max(1) as i32
    }
}

/// What a rows chart shows around its bars.
struct RowsSpec<'a> {
    /// `(parameter path, its range)` per row, top first.
    labels: &'a [(String, String)],
    /// The data drawn, before room for labels.
    lo: f64,
    hi: f64,
    /// Pixels to leave beyond the data at the left and right, for value labels.
    pad: (i32, i32),
    min_step: f64,
    /// Values whose grid line is drawn dark (0, and 1 for indices).
    strong: &'a [f64],
    desc: &'a str,
    note: &'a str,
}

/// Draws the row labels (parameter and range, with column heads), the vertical grid,
/// the value axis with its description, and a note under it. Returns the geometry.
fn draw_rows<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    spec: &RowsSpec,
) -> DrawResult<Rows, DB> {
    let (aw, ah) = area.dim_in_pixel();
    let (aw, ah) = (aw as i32, ah as i32);
    let n = spec.labels.len().max(1);
    let (path_head, range_head) = ("Parameter", "Low – high");

    // Labels at the largest size at which both columns fit in 45% of the width.
    let mut px = style::TICK_PX;
    let (mut path_w, mut range_w);
    loop {
        let font = style::text_style(px, &style::TEXT);
        path_w = text_w(area, path_head, &font)?;
        range_w = text_w(area, range_head, &font)?;
        for (p, r) in spec.labels {
            path_w = path_w.max(text_w(area, p, &font)?);
            range_w = range_w.max(text_w(area, r, &font)?);
        }
        if path_w + range_w + 24 <= aw * 45 / 100 || px <= 14 {
            break;
        }
        px -= 1;
    }
    let label_font = style::text_style(px, &style::TEXT);
    let range_font = style::text_style(px, &style::MUTED);
    let path_right = 20 + path_w;
    let range_right = path_right + 24 + range_w;

    let x0 = range_right + 30;
    let x1 = aw - 40;
    let note_h = if spec.note.is_empty() { 0 } else { 40 };
    let axis_h = 10 + style::TICK_PX as i32 + 12 + style::AXIS_DESC_PX as i32 + 6;
    let y0 = 48;
    let row_h = ((ah - note_h - axis_h - y0) / n as i32).max(12);
    let y1 = y0 + row_h * n as i32;

    // Room for the value labels beyond the data.
    let (mut lo, mut hi) = (spec.lo, spec.hi);
    if !lo.is_finite() || !hi.is_finite() {
        (lo, hi) = (0.0, 1.0);
    }
    if hi <= lo {
        (lo, hi) = (lo - 0.5, lo + 0.5);
    }
    let inner = (x1 - x0 - spec.pad.0 - spec.pad.1).max(50);
    let per_px = (hi - lo) / f64::from(inner);
    let rows = Rows {
        x0,
        x1,
        lo: lo - f64::from(spec.pad.0) * per_px,
        hi: hi + f64::from(spec.pad.1) * per_px,
        y0,
        row_h,
    };

    // Grid and axis.
    let (ticks, step) = style::nice_ticks(rows.lo, rows.hi, 7, spec.min_step);
    let decimals = style::decimals_for(step);
    let tick_font = style::text_style(style::TICK_PX, &style::TEXT);
    for t in &ticks {
        let x = rows.x(*t);
        let color = if spec.strong.contains(t) {
            style::AXIS
        } else {
            style::GRID
        };
        area.draw(&PathElement::new(
            vec![(x, y0), (x, y1)],
            color.stroke_width(1),
        ))?;
        area.draw(&PathElement::new(
            vec![(x, y1), (x, y1 + 8)],
            style::AXIS.stroke_width(2),
        ))?;
        area.draw_text(
            &style::group(*t, decimals),
            &tick_font.pos(Pos::new(HPos::Center, VPos::Top)),
            (x, y1 + 10),
        )?;
    }
    area.draw(&PathElement::new(
        vec![(x0, y1), (x1, y1)],
        style::AXIS.stroke_width(2),
    ))?;
    let desc_px = fit_px(area, &[spec.desc], style::AXIS_DESC_PX, 16, x1 - x0)?;
    area.draw_text(
        spec.desc,
        &style::text_style(desc_px, &style::TEXT).pos(Pos::new(HPos::Center, VPos::Top)),
        ((x0 + x1) / 2, y1 + 10 + style::TICK_PX as i32 + 12),
    )?;

    // Row labels under their column heads.
    let head = style::text_style(px, &style::MUTED);
    let bottom_right = Pos::new(HPos::Right, VPos::Bottom);
    area.draw_text(path_head, &head.pos(bottom_right), (path_right, y0 - 10))?;
    area.draw_text(range_head, &head.pos(bottom_right), (range_right, y0 - 10))?;
    let right = Pos::new(HPos::Right, VPos::Center);
    for (i, (p, r)) in spec.labels.iter().enumerate() {
        let y = rows.mid(i);
        area.draw_text(p, &label_font.pos(right), (path_right, y))?;
        area.draw_text(r, &range_font.pos(right), (range_right, y))?;
    }

    if !spec.note.is_empty() {
        let note_px = fit_px(area, &[spec.note], 22, 14, aw - 40)?;
        area.draw_text(
            spec.note,
            &style::text_style(note_px, &style::TEXT).pos(Pos::new(HPos::Left, VPos::Bottom)),
            (20, ah - 4),
        )?;
    }
    Ok(rows)
}

/// A filled bar from `a` to `b` (in pixels) around row middle `y`, at least 2 pixels wide
/// when the values differ, nothing when they are equal.
fn hbar<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (a, b): (i32, i32),
    y: i32,
    thick: i32,
    differ: bool,
    color: RGBColor,
) -> DrawResult<(), DB> {
    if !differ {
        return Ok(());
    }
    let (mut l, mut r) = (a.min(b), a.max(b));
    if r - l < 2 {
        if b >= a {
            r = l + 2;
        } else {
            l = r - 2;
        }
    }
    area.draw(&Rectangle::new(
        [(l, y - thick / 2), (r, y - thick / 2 + thick)],
        color.filled(),
    ))?;
    Ok(())
}

struct Tornado<'a> {
    file: &'a SensitivityFile,
    oat: &'a OatMetricFile,
}

impl Figure for Tornado<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<(), DB> {
        let f = self.file;
        let unit = self.oat.unit.as_str();
        let (phrase, desc) = metric_phrase(&self.oat.metric, unit);
        let base = finite(self.oat.at_scenario.mean);
        let info = info(
            f,
            format!("{phrase}: the parameters that move it most"),
            "One parameter at a time at its low and high value, the others as given",
            &format!("{} runs at each point", style::group(f.runs as f64, 0)),
        );
        let base_text = base.map_or_else(|| "n/a".to_string(), style::value_label);
        let unit_sfx = if unit.is_empty() {
            String::new()
        } else {
            format!(" {unit}")
        };
        let legend = [
            LegendEntry::new(Swatch::Fill(LOW, 1.0), "Parameter at its low value"),
            LegendEntry::new(Swatch::Fill(HIGH, 1.0), "Parameter at its high value"),
            LegendEntry::new(
                Swatch::Line(style::INK, 3),
                format!("Scenario as given: {base_text}{unit_sfx}"),
            ),
        ];
        let area = style::frame(root, &info, &legend)?;
        let Some(base) = base else {
            let (w, h) = area.dim_in_pixel();
            area.draw_text(
                "No run had this outcome in the scenario as given",
                &style::text_style(style::AXIS_DESC_PX, &style::MUTED)
                    .pos(Pos::new(HPos::Center, VPos::Center)),
                (w as i32 / 2, h as i32 / 2),
            )?;
            return Ok(());
        };

        let (bars, moved) = tornado_bars(base, &self.oat.effects, MAX_ROWS);
        let varied = self.oat.effects.len();
        let unchanged = varied - moved;
        let spread = format!(
            " (±{}% unless a range was given)",
            fmt_num(100.0 * f.spread)
        );
        let mut note = if moved == 0 {
            format!("None of the {varied} parameters varied changed the mean{spread}")
        } else if moved > bars.len() {
            format!(
                "The {} largest of {moved} effects; {unchanged} of {varied} parameters varied{spread} left the mean unchanged",
                bars.len()
            )
        } else if unchanged > 0 {
            format!(
                "{moved} of {varied} parameters varied{spread} changed the mean; the other {unchanged} left it unchanged"
            )
        } else {
            format!("All {varied} parameters varied{spread}")
        };
        if !f.skipped.is_empty() {
            note.push_str(&format!(
                "; {} skipped (see sensitivity.md)",
                f.skipped.len()
            ));
        }

        let labels: Vec<(String, String)> = bars
            .iter()
            .map(|b| (b.param.clone(), range_text(b.low, b.high)))
            .collect();
        let (lo, hi) = bars.iter().fold((base, base), |(lo, hi), b| {
            (
                lo.min(b.at_low).min(b.at_high),
                hi.max(b.at_low).max(b.at_high),
            )
        });
        let value_font = style::text_style(style::TICK_PX, &style::TEXT);
        let mut pad = 10;
        for b in &bars {
            for v in [b.at_low, b.at_high] {
                pad = pad.max(text_w(&area, &style::value_label(v), &value_font)? + 16);
            }
        }
        let min_step = if unit == "people" || unit == "count" {
            1.0
        } else {
            0.0
        };
        let rows = draw_rows(
            &area,
            &RowsSpec {
                labels: &labels,
                lo,
                hi,
                pad: (pad, pad),
                min_step,
                strong: &[0.0],
                desc: &desc,
                note: &note,
            },
        )?;

        let thick = (rows.row_h * 62 / 100).clamp(6, 56);
        let bx = rows.x(base);
        let tol = 1e-12 * base.abs().max(1.0);
        for (i, b) in bars.iter().enumerate() {
            let y = rows.mid(i);
            let ends = [(b.at_low, LOW), (b.at_high, HIGH)];
            // The longer bar first, so that the shorter stays visible on the same side.
            let mut order = ends;
            order.sort_by(|a, c| (c.0 - base).abs().total_cmp(&(a.0 - base).abs()));
            for (v, color) in order {
                hbar(
                    &area,
                    (bx, rows.x(v)),
                    y,
                    thick,
                    (v - base).abs() > tol,
                    color,
                )?;
            }
            // Each side's outermost value, beyond its bar's end.
            let left = ends
                .iter()
                .filter(|e| e.0 < base - tol)
                .map(|e| e.0)
                .fold(f64::NAN, f64::min);
            let right = ends
                .iter()
                .filter(|e| e.0 > base + tol)
                .map(|e| e.0)
                .fold(f64::NAN, f64::max);
            if left.is_finite() {
                area.draw_text(
                    &style::value_label(left),
                    &value_font.pos(Pos::new(HPos::Right, VPos::Center)),
                    (rows.x(left) - 8, y),
                )?;
            }
            if right.is_finite() {
                area.draw_text(
                    &style::value_label(right),
                    &value_font.pos(Pos::new(HPos::Left, VPos::Center)),
                    (rows.x(right) + 8, y),
                )?;
            }
        }
        let y1 = rows.y1(bars.len());
        area.draw(&PathElement::new(
            vec![(bx, rows.y0 - 6), (bx, y1)],
            style::INK.stroke_width(3),
        ))?;
        if bars.is_empty() {
            area.draw_text(
                "No parameter changed the mean",
                &style::text_style(style::AXIS_DESC_PX, &style::MUTED)
                    .pos(Pos::new(HPos::Left, VPos::Center)),
                (bx + 16, rows.mid(0)),
            )?;
        }
        Ok(())
    }
}

/// One row of a Sobol chart.
struct SobolRow<'a> {
    param: &'a str,
    first: Option<f64>,
    first_ci: Option<(f64, f64)>,
    total: Option<f64>,
    total_ci: Option<(f64, f64)>,
}

fn ci_of([lo, hi]: [Option<f64>; 2]) -> Option<(f64, f64)> {
    let (lo, hi) = (lo?, hi?);
    (lo.is_finite() && hi.is_finite()).then_some((lo, hi))
}

/// The rows of a Sobol chart, largest total index first, at most `limit`.
fn sobol_rows(indices: &[SobolIndexFile], limit: usize) -> Vec<SobolRow<'_>> {
    let fin = |v: Option<f64>| v.filter(|x| x.is_finite());
    let mut rows: Vec<SobolRow> = indices
        .iter()
        .map(|x| SobolRow {
            param: &x.param,
            first: fin(x.first),
            first_ci: ci_of(x.first_ci95),
            total: fin(x.total),
            total_ci: ci_of(x.total_ci95),
        })
        .collect();
    let key = |v: Option<f64>| v.unwrap_or(f64::NEG_INFINITY);
    rows.sort_by(|a, b| {
        key(b.total)
            .total_cmp(&key(a.total))
            .then_with(|| key(b.first).total_cmp(&key(a.first)))
            .then_with(|| a.param.cmp(b.param))
    });
    rows.truncate(limit);
    rows
}

struct SobolChart<'a> {
    file: &'a SensitivityFile,
    sobol: &'a SobolFile,
    metric: &'a SobolMetricFile,
    indices: &'a [SobolIndexFile],
}

impl Figure for SobolChart<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<(), DB> {
        let (f, s) = (self.file, self.sobol);
        let (phrase, _) = metric_phrase(&self.metric.metric, "");
        let points = s.evaluations.map_or_else(String::new, |e| {
            format!(", {} points", style::group(e as f64, 0))
        });
        let info = info(
            f,
            format!("{phrase}: how much of its variation each parameter explains"),
            &format!(
                "Sobol indices, parameters varied together over their ranges ({} samples{points})",
                style::group(s.samples as f64, 0)
            ),
            &format!("{} runs at each point", style::group(f.runs as f64, 0)),
        );
        let whisker_label = match s.resamples {
            Some(r) => format!("95% CI ({} bootstrap resamples)", style::group(r as f64, 0)),
            None => "95% CI (bootstrap)".to_string(),
        };
        let legend = [
            LegendEntry::new(Swatch::Fill(LOW, 1.0), "First order (alone)"),
            LegendEntry::new(Swatch::Fill(HIGH, 1.0), "Total (with interactions)"),
            LegendEntry::new(Swatch::Line(style::INK, 2), whisker_label),
        ];
        let area = style::frame(root, &info, &legend)?;

        let rows = sobol_rows(self.indices, MAX_ROWS);
        let labels: Vec<(String, String)> = rows
            .iter()
            .map(|r| {
                let range = s
                    .params
                    .iter()
                    .find(|p| p.param == r.param)
                    .map_or_else(String::new, |p| range_text(p.low, p.high));
                (r.param.to_string(), range)
            })
            .collect();
        let (mut lo, mut hi) = (0.0_f64, 1.0_f64);
        for r in &rows {
            for v in [r.first, r.total].into_iter().flatten() {
                (lo, hi) = (lo.min(v), hi.max(v));
            }
            for (a, b) in [r.first_ci, r.total_ci].into_iter().flatten() {
                (lo, hi) = (lo.min(a), hi.max(b));
            }
        }
        let value_font = style::text_style(style::TICK_PX - 2, &style::TEXT);
        let pad_r = text_w(&area, "-0.00", &value_font)? + 20;
        let note = if self.metric.variance_of_mean == Some(0.0) {
            "The mean did not vary over the design, so every index is 0.".to_string()
        } else {
            format!(
                "Share of the variance of the mean over the ranges shown. A first-order index \
                 below 0 or above 1 is estimation noise; wide intervals call for more --samples \
                 (here {}).",
                s.samples
            )
        };
        let geo = draw_rows(
            &area,
            &RowsSpec {
                labels: &labels,
                lo,
                hi,
                pad: (10, pad_r),
                min_step: 0.0,
                strong: &[0.0, 1.0],
                desc: "Sobol index (share of variance, 0 to 1)",
                note: &note,
            },
        )?;

        let thick = (geo.row_h * 30 / 100).clamp(4, 30);
        let x0 = geo.x(0.0);
        for (i, r) in rows.iter().enumerate() {
            let mid = geo.mid(i);
            let bars = [
                (r.first, r.first_ci, LOW, mid - thick / 2 - 2),
                (r.total, r.total_ci, HIGH, mid + thick / 2 + 2),
            ];
            for (v, ci, color, y) in bars {
                let Some(v) = v else { continue };
                hbar(&area, (x0, geo.x(v)), y, thick, v != 0.0, color)?;
                let mut end = v.max(0.0);
                if let Some((a, b)) = ci {
                    end = end.max(b);
                    let (xa, xb) = (geo.x(a), geo.x(b));
                    if xb > xa {
                        let cap = thick / 3;
                        area.draw(&PathElement::new(
                            vec![(xa, y), (xb, y)],
                            style::INK.stroke_width(2),
                        ))?;
                        for x in [xa, xb] {
                            area.draw(&PathElement::new(
                                vec![(x, y - cap), (x, y + cap)],
                                style::INK.stroke_width(2),
                            ))?;
                        }
                    }
                }
                area.draw_text(
                    &format!("{v:.2}"),
                    &value_font.pos(Pos::new(HPos::Left, VPos::Center)),
                    (geo.x(end) + 8, y),
                )?;
            }
        }
        Ok(())
    }
}

/// Reads `dir/sensitivity.json` and writes into `dir` `tornado_<metric>.{png,svg}` for
/// each metric of the one-at-a-time analysis and, when it has Sobol indices,
/// `sobol_<metric>.{png,svg}` for each metric that has them. Returns the paths written.
pub fn draw_sensitivity(dir: &Path) -> Result<Vec<PathBuf>, PlotError> {
    let path = dir.join(names::SENSITIVITY_JSON);
    let text = super::data::read(&path)?;
    let file: SensitivityFile = serde_json::from_str(&text)
        .map_err(|e| parse_error(&path, format!("not a leverage sensitivity.json: {e}")))?;
    let mut written = Vec::new();
    for oat in &file.oat {
        let chart = Tornado { file: &file, oat };
        let stem = format!("tornado_{}", super::file_stem_part(&oat.metric));
        written.extend(emit(dir, &stem, &chart)?);
    }
    if let Some(sobol) = &file.sobol {
        for metric in &sobol.metrics {
            let Some(indices) = metric.indices.as_deref() else {
                continue;
            };
            let chart = SobolChart {
                file: &file,
                sobol,
                metric,
                indices,
            };
            let stem = format!("sobol_{}", super::file_stem_part(&metric.metric));
            written.extend(emit(dir, &stem, &chart)?);
        }
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::MetricSummary;

    fn effect(param: &str, at_low: f64, at_high: f64) -> EffectFile {
        let stat = |m: f64| MetricSummary {
            mean: m,
            sd: None,
            ci95: None,
            min: None,
            p05: m,
            p25: m,
            p50: m,
            p75: m,
            p95: m,
            max: None,
        };
        EffectFile {
            param: param.to_string(),
            value: 1.5,
            low: 1.0,
            high: 2.0,
            at_low: stat(at_low),
            at_high: stat(at_high),
            change: stat(at_high - at_low),
        }
    }

    #[test]
    fn tornado_ranks_by_size_of_change_and_drops_no_effect() {
        let effects = vec![
            effect("small", 99.0, 101.0),
            effect("none", 100.0, 100.0),
            effect("large_negative", 130.0, 70.0),
            effect("medium", 95.0, 110.0),
        ];
        let (bars, moved) = tornado_bars(100.0, &effects, 15);
        let names: Vec<&str> = bars.iter().map(|b| b.param.as_str()).collect();
        assert_eq!(names, ["large_negative", "medium", "small"]);
        assert_eq!(moved, 3);
    }

    #[test]
    fn tornado_keeps_at_most_the_limit() {
        let effects: Vec<EffectFile> = (1..=20)
            .map(|k| effect(&format!("p{k:02}"), 100.0 - k as f64, 100.0 + k as f64))
            .collect();
        let (bars, moved) = tornado_bars(100.0, &effects, MAX_ROWS);
        assert_eq!(moved, 20);
        assert_eq!(bars.len(), MAX_ROWS);
        assert_eq!(bars[0].param, "p20");
        assert_eq!(bars[MAX_ROWS - 1].param, "p06");
    }

    #[test]
    fn tornado_keeps_a_one_sided_effect_with_no_net_change() {
        // Both ends move the same way: no change high vs low, but the mean moved.
        let (bars, moved) = tornado_bars(100.0, &[effect("bowl", 90.0, 90.0)], 15);
        assert_eq!((bars.len(), moved), (1, 1));
    }

    #[test]
    fn sobol_rows_rank_by_total_index() {
        let ix = |p: &str, first: f64, total: f64| SobolIndexFile {
            param: p.to_string(),
            first: Some(first),
            first_ci95: [Some(first - 0.1), Some(first + 0.1)],
            total: Some(total),
            total_ci95: [None, None],
        };
        let indices = vec![ix("a", 0.1, 0.2), ix("b", 0.5, 0.6), ix("c", 0.0, 0.0)];
        let rows = sobol_rows(&indices, 2);
        let names: Vec<&str> = rows.iter().map(|r| r.param).collect();
        assert_eq!(names, ["b", "a"]);
        assert_eq!(rows[0].first_ci, Some((0.4, 0.6)));
        assert_eq!(rows[0].total_ci, None);
    }
}
