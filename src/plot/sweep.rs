//! Charts of a parameter sweep (`sweep.json`), one per shown metric:
//! `sweep_<metric>.{png,svg}`.
//!
//! A 1-D sweep is a line over the parameter's values: the metric's mean over runs at each
//! value (marked and labelled), the 95% CI of that mean (darker band) and the middle 50%
//! of runs, p25 to p75 (lighter band). A 2-D sweep is a heatmap: the first parameter's
//! values in rows, the second's in columns, each cell coloured on a sequential blue scale
//! (ColorBrewer "Blues", as the tournament heatmaps) and labelled with its mean.
//!
//! Also holds the small pieces the sensitivity charts (`tornado.rs`) share: the summary
//! of a metric as the explore files write it (`Stat`, any number may be `null`),
//! parameter-value labels (`fmt_num`), a metric's title and axis words (`metric_phrase`)
//! and text width (`text_w`). The scenario reference is `results::ScenarioRef`, text
//! fitting `style::fit_px`.
//! Reads and draws only; never simulates.

use super::style::{
    self, Axis, DrawResult, LegendEntry, MISSING, Swatch, blue, fit_px, is_dark, parse_error,
};
use super::{ChartInfo, Figure, PlotError, emit};
use crate::calendar::YearMonth;
use crate::results::{MetricSummary, SweepFile, names};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One metric's summary over runs. Any number may be `null` (a mean of no runs is NaN,
/// which JSON writes as `null`).
#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct Stat {
    /// Mean over runs, in the metric's unit.
    #[serde(default)]
    pub mean: Option<f64>,
    /// 95% confidence interval of the mean, `[low, high]`.
    #[serde(default)]
    pub ci95: Option<[Option<f64>; 2]>,
    /// 25th percentile over runs.
    #[serde(default)]
    pub p25: Option<f64>,
    /// 75th percentile over runs.
    #[serde(default)]
    pub p75: Option<f64>,
}

fn finite(v: Option<f64>) -> Option<f64> {
    v.filter(|x| x.is_finite())
}

impl Stat {
    /// The mean, if it is a finite number.
    pub fn mean(&self) -> Option<f64> {
        finite(self.mean)
    }

    /// The 95% CI of the mean, `(lo, hi)`.
    pub fn ci(&self) -> Option<(f64, f64)> {
        let [lo, hi] = self.ci95?;
        Some((finite(lo)?, finite(hi)?))
    }

    /// The middle 50% of runs, `(p25, p75)`.
    pub fn iqr(&self) -> Option<(f64, f64)> {
        Some((finite(self.p25)?, finite(self.p75)?))
    }
}

/// A parameter value as people write it: `50`, `0.56`, `0.000125`, `1,383` (at most four
/// significant digits, no trailing zeros).
pub(super) fn fmt_num(v: f64) -> String {
    if !v.is_finite() {
        return "n/a".to_string();
    }
    if v.fract() == 0.0 || v.abs() >= 1000.0 {
        return style::group(v, 0);
    }
    let mag = v.abs().log10().floor() as i32;
    let decimals = (3 - mag).clamp(0, 8) as usize;
    let s = style::group(v, decimals);
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// Width in pixels of `text` in `font`.
pub(super) fn text_w<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    font: &TextStyle,
) -> DrawResult<i32, DB> {
    Ok(area.estimate_text_size(text, font)?.0 as i32)
}

/// `text` with its first letter in upper case: "Regime utility".
pub(super) fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A metric's title phrase and its value-axis description with the unit:
/// `("Prisoners released by the regime", "Prisoners released per run, mean (people)")`.
pub(super) fn metric_phrase(metric: &str, unit: &str) -> (String, String) {
    let (title, axis) = super::metric_words(metric);
    let (title, axis) = (capitalised(&title), capitalised(&axis));
    let unit = if unit.is_empty() {
        String::new()
    } else {
        format!(" ({unit})")
    };
    (title, format!("{axis}, mean{unit}"))
}

impl From<&MetricSummary> for Stat {
    fn from(m: &MetricSummary) -> Self {
        Stat {
            mean: Some(m.mean),
            ci95: m.ci95.map(|[lo, hi]| [Some(lo), Some(hi)]),
            p25: Some(m.p25),
            p75: Some(m.p75),
        }
    }
}

/// A sweep as the charts need it: every cell placed on the grid.
struct SweepData {
    file: SweepFile,
    /// Each cell's metrics as the charts read them, in the order of `file.cells`.
    stats: Vec<BTreeMap<String, Option<Stat>>>,
    /// `cell[row][col]`: index into `file.cells` (one column for a 1-D sweep).
    cell: Vec<Vec<Option<usize>>>,
}

impl SweepData {
    fn unit(&self, metric: &str) -> &str {
        self.file.units.get(metric).map_or("", String::as_str)
    }

    /// `stats[row][col]` of `metric`.
    fn stats(&self, metric: &str) -> Vec<Vec<Option<&Stat>>> {
        self.cell
            .iter()
            .map(|row| {
                row.iter()
                    .map(|i| {
                        i.and_then(|i| self.stats[i].get(metric))
                            .and_then(Option::as_ref)
                    })
                    .collect()
            })
            .collect()
    }

    fn info(&self, title: String, lead: &str) -> ChartInfo {
        let f = &self.file;
        let period = match f.start.parse::<YearMonth>() {
            Ok(start) => format!(
                " · {} to {}",
                start,
                start.plus(f.horizon_months.max(1) as i32 - 1)
            ),
            Err(_) => String::new(),
        };
        ChartInfo {
            title,
            subtitle: format!(
                "{lead} · scenario {} · {} runs per cell · seed {}{period}",
                f.scenario.name,
                style::group(f.runs as f64, 0),
                f.seed
            ),
            footer: format!(
                "leverage {} · scenario sha256 {} · seed {}",
                f.leverage_version,
                f.scenario.short_sha(),
                f.seed
            ),
        }
    }
}

/// Reads and checks `sweep.json`: one or two axes with values, every cell on the grid.
fn read_sweep(path: &Path) -> Result<SweepData, PlotError> {
    let text = super::data::read(path)?;
    let file: SweepFile = serde_json::from_str(&text)
        .map_err(|e| parse_error(path, format!("not a leverage sweep.json: {e}")))?;
    if file.axes.is_empty() || file.axes.len() > 2 {
        return Err(parse_error(
            path,
            format!("a sweep has 1 or 2 axes, found {}", file.axes.len()),
        ));
    }
    if let Some(a) = file.axes.iter().find(|a| a.values.is_empty()) {
        return Err(parse_error(
            path,
            format!("axis `{}` has no values", a.param),
        ));
    }
    let rows = file.axes[0].values.len();
    let cols = file.axes.get(1).map_or(1, |a| a.values.len());
    let mut cell = vec![vec![None; cols]; rows];
    for (i, c) in file.cells.iter().enumerate() {
        if c.values.len() != file.axes.len() {
            return Err(parse_error(
                path,
                format!(
                    "cell {} has {} values for {} axes",
                    i + 1,
                    c.values.len(),
                    file.axes.len()
                ),
            ));
        }
        let place = |k: usize| file.axes[k].values.iter().position(|v| *v == c.values[k]);
        let r = place(0);
        let w = if file.axes.len() == 2 {
            place(1)
        } else {
            Some(0)
        };
        let (Some(r), Some(w)) = (r, w) else {
            return Err(parse_error(
                path,
                format!(
                    "cell {} has values {:?} that are not on the axes",
                    i + 1,
                    c.values
                ),
            ));
        };
        cell[r][w] = Some(i);
    }
    let stats = file
        .cells
        .iter()
        .map(|c| {
            c.metrics
                .iter()
                .map(|(n, m)| (n.clone(), m.as_ref().map(Stat::from)))
                .collect()
        })
        .collect();
    Ok(SweepData { file, stats, cell })
}

/// A 1-D sweep: the mean over the parameter's values with its 95% CI and middle 50%.
struct SweepLine<'a> {
    data: &'a SweepData,
    metric: &'a str,
}

impl Figure for SweepLine<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<(), DB> {
        let f = &self.data.file;
        let axis = &f.axes[0];
        let unit = self.data.unit(self.metric);
        let (phrase, y_desc) = metric_phrase(self.metric, unit);
        let info = self.data.info(
            format!("{phrase} as {} varies", axis.param),
            "Sweep, mean over runs at each value",
        );
        let color = style::BLUE;
        let legend = [
            LegendEntry::new(Swatch::Line(color, 4), "Mean over runs"),
            LegendEntry::new(
                Swatch::Fill(color, style::BAND50_ALPHA),
                "95% CI of the mean",
            ),
            LegendEntry::new(
                Swatch::Fill(color, style::BAND90_ALPHA),
                "Middle 50% of runs (p25–p75)",
            ),
        ];
        let area = style::frame(root, &info, &legend)?;

        // Points in order of the parameter's value; a value without a number is a gap.
        let stats = self.data.stats(self.metric);
        let mut points: Vec<(f64, &Stat)> = axis
            .values
            .iter()
            .zip(&stats)
            .filter_map(|(x, row)| row[0].filter(|s| s.mean().is_some()).map(|s| (*x, s)))
            .collect();
        points.sort_by(|a, b| a.0.total_cmp(&b.0));

        // x: the values, a little padding so markers sit off the axes.
        let (xmin, xmax) = axis
            .values
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                (lo.min(*v), hi.max(*v))
            });
        let span = if xmax > xmin { xmax - xmin } else { 1.0 };
        let keys = if axis.values.len() <= 12 {
            let mut k = axis.values.clone();
            k.sort_by(f64::total_cmp);
            k.dedup();
            k
        } else {
            style::nice_ticks(xmin, xmax, 8, 0.0).0
        };
        let x = Axis {
            lo: xmin - 0.04 * span,
            hi: xmax + 0.04 * span,
            keys,
            desc: axis.param.clone(),
            label: Box::new(fmt_num),
        };

        // y: everything drawn, from 0 for non-negative metrics.
        let mut lo = f64::INFINITY;
        let mut hi = f64::NEG_INFINITY;
        for (_, s) in &points {
            for v in [s.mean(), s.ci().map(|c| c.0), s.iqr().map(|c| c.0)]
                .into_iter()
                .flatten()
            {
                lo = lo.min(v);
            }
            for v in [s.mean(), s.ci().map(|c| c.1), s.iqr().map(|c| c.1)]
                .into_iter()
                .flatten()
            {
                hi = hi.max(v);
            }
        }
        if !lo.is_finite() {
            (lo, hi) = (0.0, 1.0);
        }
        let min_step = if unit == "people" || unit == "count" {
            1.0
        } else {
            0.0
        };
        let y_lo = if lo >= 0.0 {
            0.0
        } else {
            -style::headroom(-lo, min_step)
        };
        let y_hi = if hi <= 0.0 {
            if lo >= 0.0 { 1.0 } else { 0.0 }
        } else {
            style::headroom(hi, min_step)
        };
        let y = Axis::numeric(y_lo, y_hi, min_step, y_desc);
        let mut chart = style::axes(&area, x, y)?;

        if points.is_empty() {
            let (w, h) = area.dim_in_pixel();
            area.draw_text(
                "No run had this outcome at any value",
                &style::text_style(style::AXIS_DESC_PX, &style::MUTED)
                    .pos(Pos::new(HPos::Center, VPos::Center)),
                (w as i32 / 2, h as i32 / 2),
            )?;
            return Ok(());
        }

        let band = |f: &dyn Fn(&Stat) -> Option<(f64, f64)>| {
            let pts: Vec<(f64, (f64, f64))> = points
                .iter()
                .filter_map(|(x, s)| f(s).map(|b| (*x, b)))
                .collect();
            let lower: Vec<(f64, f64)> = pts.iter().map(|(x, b)| (*x, b.0)).collect();
            let upper: Vec<(f64, f64)> = pts.iter().map(|(x, b)| (*x, b.1)).collect();
            (lower, upper)
        };
        let (l50, u50) = band(&|s| s.iqr());
        if l50.len() > 1 {
            chart.draw_series(std::iter::once(style::band(
                &l50,
                &u50,
                color,
                style::BAND90_ALPHA,
            )))?;
        }
        let (lci, uci) = band(&|s| s.ci());
        if lci.len() > 1 {
            chart.draw_series(std::iter::once(style::band(
                &lci,
                &uci,
                color,
                style::BAND50_ALPHA,
            )))?;
        }
        let mean: Vec<(f64, f64)> = points
            .iter()
            .filter_map(|(x, s)| s.mean().map(|m| (*x, m)))
            .collect();
        chart.draw_series(LineSeries::new(mean.clone(), color.stroke_width(4)))?;
        chart.draw_series(mean.iter().map(|p| Circle::new(*p, 8, WHITE.filled())))?;
        chart.draw_series(mean.iter().map(|p| Circle::new(*p, 6, color.filled())))?;
        // Each mean labelled when there are few enough to read.
        if mean.len() <= 12 {
            let font = style::text_style(style::TICK_PX, &style::TEXT)
                .pos(Pos::new(HPos::Center, VPos::Bottom));
            chart.draw_series(mean.iter().map(|&(px, py)| {
                EmptyElement::at((px, py))
                    + Text::new(style::value_label(py), (0, -14), font.clone())
            }))?;
        }
        Ok(())
    }
}

/// White gap between cells.
const GAP: i32 = 3;

/// A 2-D sweep: the mean of every pair of values as a labelled heatmap.
struct SweepHeatmap<'a> {
    data: &'a SweepData,
    metric: &'a str,
}

impl Figure for SweepHeatmap<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<(), DB> {
        let f = &self.data.file;
        let (row_axis, col_axis) = (&f.axes[0], &f.axes[1]);
        let unit = self.data.unit(self.metric);
        let (phrase, _) = metric_phrase(self.metric, unit);
        let info = self.data.info(
            format!("{phrase} as {} and {} vary", row_axis.param, col_axis.param),
            "Sweep, mean over runs in each cell",
        );
        let area = style::frame(root, &info, &[])?;
        let (aw, ah) = area.dim_in_pixel();
        let (aw, ah) = (aw as i32, ah as i32);

        let values: Vec<Vec<Option<f64>>> = self
            .data
            .stats(self.metric)
            .iter()
            .map(|row| row.iter().map(|s| s.and_then(Stat::mean)).collect())
            .collect();
        let range = values
            .iter()
            .flatten()
            .flatten()
            .fold(None, |acc: Option<(f64, f64)>, &v| match acc {
                None => Some((v, v)),
                Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
            });
        let (rows, cols) = (row_axis.values.len(), col_axis.values.len());

        let tick = style::text_style(style::TICK_PX, &style::TEXT);
        let desc = style::text_style(style::AXIS_DESC_PX, &style::TEXT);

        // Colour legend on the right: its width is the widest of its labels.
        let (lo_text, hi_text) = match range {
            Some((lo, hi)) => (style::value_label(lo), style::value_label(hi)),
            None => ("no data".to_string(), "no data".to_string()),
        };
        let unit_text = if unit.is_empty() {
            "mean per run".to_string()
        } else {
            format!("{unit}, mean per run")
        };
        let bar_w = 36;
        let mut legend_w = text_w(&area, "Colour scale", &tick)?;
        legend_w = legend_w.max(text_w(&area, &unit_text, &tick)?);
        for t in [&lo_text, &hi_text] {
            legend_w = legend_w.max(bar_w + 12 + text_w(&area, &format!("all {t}"), &tick)?);
        }

        // Row labels (the first parameter's values) and the rotated row title.
        let row_texts: Vec<String> = row_axis.values.iter().map(|v| fmt_num(*v)).collect();
        let mut row_label_w = 0;
        for t in &row_texts {
            row_label_w = row_label_w.max(text_w(&area, t, &tick)?);
        }
        let grid_x0 = 20 + style::AXIS_DESC_PX as i32 + 24 + row_label_w + 16;
        let grid_x1 = aw - legend_w - 60;
        let cell_w = ((grid_x1 - grid_x0) / cols as i32).max(8);
        let grid_x1 = grid_x0 + cell_w * cols as i32;

        let below = 12 + style::TICK_PX as i32 + 14 + style::AXIS_DESC_PX as i32 + 10;
        let grid_y0 = 10;
        let cell_h = ((ah - below - grid_y0) / rows as i32).max(8);
        let grid_y1 = grid_y0 + cell_h * rows as i32;

        let texts: Vec<String> = values
            .iter()
            .flatten()
            .map(|v| v.map_or_else(|| "n/a".to_string(), style::value_label))
            .collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let value_px = fit_px(
            &area,
            &refs,
            36.min((cell_h - 12).max(10) as u32),
            10,
            cell_w - GAP - 12,
        )?;
        let center = Pos::new(HPos::Center, VPos::Center);
        for (r, row) in values.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let x0 = grid_x0 + c as i32 * cell_w;
                let y0 = grid_y0 + r as i32 * cell_h;
                let (x1, y1) = (x0 + cell_w - GAP, y0 + cell_h - GAP);
                let fill = match (v, range) {
                    (Some(v), Some((lo, hi))) if hi > lo => blue((v - lo) / (hi - lo)),
                    (Some(_), Some(_)) => blue(0.5),
                    _ => MISSING,
                };
                area.draw(&Rectangle::new([(x0, y0), (x1, y1)], fill.filled()))?;
                let ink = if is_dark(fill) { WHITE } else { style::TEXT };
                let text = v.map_or_else(|| "n/a".to_string(), style::value_label);
                area.draw_text(
                    &text,
                    &style::text_style(value_px, &ink).pos(center),
                    ((x0 + x1) / 2, (y0 + y1) / 2),
                )?;
            }
        }

        for (r, t) in row_texts.iter().enumerate() {
            let y = grid_y0 + r as i32 * cell_h + (cell_h - GAP) / 2;
            area.draw_text(
                t,
                &tick.pos(Pos::new(HPos::Right, VPos::Center)),
                (grid_x0 - 16, y),
            )?;
        }
        let row_title_px = fit_px(
            &area,
            &[&row_axis.param],
            style::AXIS_DESC_PX,
            16,
            grid_y1 - grid_y0,
        )?;
        area.draw_text(
            &row_axis.param,
            &style::text_style(row_title_px, &style::TEXT)
                .transform(FontTransform::Rotate270)
                .pos(Pos::new(HPos::Center, VPos::Top)),
            (20, (grid_y0 + grid_y1) / 2),
        )?;

        let col_texts: Vec<String> = col_axis.values.iter().map(|v| fmt_num(*v)).collect();
        let col_refs: Vec<&str> = col_texts.iter().map(String::as_str).collect();
        let col_px = fit_px(&area, &col_refs, style::TICK_PX, 12, cell_w - 8)?;
        for (c, t) in col_texts.iter().enumerate() {
            let x = grid_x0 + c as i32 * cell_w + (cell_w - GAP) / 2;
            area.draw_text(
                t,
                &style::text_style(col_px, &style::TEXT).pos(Pos::new(HPos::Center, VPos::Top)),
                (x, grid_y1 + 12),
            )?;
        }
        area.draw_text(
            &col_axis.param,
            &desc.pos(Pos::new(HPos::Center, VPos::Top)),
            (
                (grid_x0 + grid_x1) / 2,
                grid_y1 + 12 + style::TICK_PX as i32 + 14,
            ),
        )?;

        let (top_label, bottom_label) = match range {
            Some((lo, hi)) if hi > lo => (hi_text, lo_text),
            Some(_) => (format!("all {lo_text}"), format!("all {lo_text}")),
            None => (lo_text.clone(), lo_text),
        };
        style::colour_key(
            &area,
            grid_x1 + 40,
            grid_y0,
            grid_y1,
            bar_w,
            &unit_text,
            &top_label,
            &bottom_label,
        )?;
        Ok(())
    }
}

/// Reads `dir/sweep.json` and writes into `dir`, for each of its `shown_metrics`,
/// `sweep_<metric>.{png,svg}`: a line with its 95% CI and middle-50% bands over the
/// parameter's values (1-D sweep) or a heatmap of the two parameters' values (2-D).
/// Returns the paths written.
pub fn draw_sweep(dir: &Path) -> Result<Vec<PathBuf>, PlotError> {
    let data = read_sweep(&dir.join(names::SWEEP_JSON))?;
    let mut written = Vec::new();
    for metric in &data.file.shown_metrics {
        let stem = format!("sweep_{}", super::file_stem_part(metric));
        if data.file.axes.len() == 1 {
            let chart = SweepLine {
                data: &data,
                metric,
            };
            written.extend(emit(dir, &stem, &chart)?);
        } else {
            let chart = SweepHeatmap {
                data: &data,
                metric,
            };
            written.extend(emit(dir, &stem, &chart)?);
        }
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameter_values_read_as_written() {
        assert_eq!(fmt_num(50.0), "50");
        assert_eq!(fmt_num(0.5599999999999999), "0.56");
        assert_eq!(fmt_num(76.80000000000001), "76.8");
        assert_eq!(fmt_num(0.000125), "0.000125");
        assert_eq!(fmt_num(1383.0), "1,383");
        assert_eq!(fmt_num(-0.25), "-0.25");
    }

    #[test]
    fn titles_start_with_a_capital() {
        assert_eq!(
            metric_phrase("regime_utility", "USD m eq.").0,
            "Regime utility"
        );
        assert_eq!(
            metric_phrase("released", "people").1,
            "Prisoners released per run, mean (people)"
        );
    }

    #[test]
    fn scale_runs_light_to_dark() {
        assert_eq!(blue(0.0), RGBColor(0xF7, 0xFB, 0xFF));
        assert_eq!(blue(1.0), RGBColor(0x08, 0x30, 0x6B));
        assert!(!is_dark(blue(0.0)) && is_dark(blue(1.0)));
    }
}
