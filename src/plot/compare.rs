//! Charts of several scenarios side by side: the stock of political prisoners (median
//! and bands per scenario, on one calendar) and, per metric, a box chart of p05, p25,
//! p50, p75 and p95 per scenario from each `summary.json`.
//!
//! Scenarios keep the colour of their place in `comparison.json` on every chart.

use super::style::{self, Axis, LegendEntry, Swatch};
use super::{ChartInfo, Compared, Figure, MetricSummary, MonthRow};
use crate::calendar::YearMonth;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

fn color(i: usize) -> RGBColor {
    style::PALETTE[i % style::PALETTE.len()]
}

/// Distinct values joined with " / ", or the one value if all agree.
fn agreed(values: Vec<String>) -> String {
    let mut distinct = values.clone();
    distinct.dedup();
    if distinct.len() == 1 {
        distinct.remove(0)
    } else {
        values.join(" / ")
    }
}

/// The period every scenario covers, or `None` if they differ.
fn common_period(scenarios: &[Compared]) -> Option<String> {
    let p = agreed(scenarios.iter().map(|s| s.summary.period()).collect());
    (!p.contains(" / ")).then_some(p)
}

fn info(scenarios: &[Compared], title: String, lead: &str) -> ChartInfo {
    let names: Vec<&str> = scenarios.iter().map(|s| s.name.as_str()).collect();
    let runs = agreed(
        scenarios
            .iter()
            .map(|s| style::group(s.summary.runs as f64, 0))
            .collect(),
    );
    let each = if scenarios.len() > 1 && !runs.contains(" / ") {
        " each"
    } else {
        ""
    };
    let seed = agreed(
        scenarios
            .iter()
            .map(|s| s.summary.seed.to_string())
            .collect(),
    );
    let subtitle = format!(
        "{lead} · scenarios {} · {runs} runs{each} · seed {seed}",
        names.join(", ")
    );
    let versions = agreed(
        scenarios
            .iter()
            .map(|s| s.summary.version.clone())
            .collect(),
    );
    let shas: Vec<String> = scenarios
        .iter()
        .map(|s| format!("{} ({})", s.summary.short_sha(), s.name))
        .collect();
    let footer = format!(
        "leverage {versions} · scenario sha256 {} · seed {seed}",
        shas.join(", ")
    );
    ChartInfo {
        title,
        subtitle,
        footer,
    }
}

/// Every scenario's median stock with its 50% band, and its 90% band lightly.
pub(crate) struct StockCompare<'a> {
    scenarios: &'a [Compared],
    /// The first month of any scenario.
    start: YearMonth,
    /// Months from `start` to the last month of any scenario.
    months: u32,
}

impl<'a> StockCompare<'a> {
    /// `None` if there is no scenario.
    pub fn new(scenarios: &'a [Compared]) -> Option<Self> {
        let start = scenarios.iter().map(|s| s.summary.start).min()?;
        let end = scenarios.iter().map(|s| s.summary.end()).max()?;
        Some(StockCompare {
            scenarios,
            start,
            months: end.months_since(start).max(0) as u32 + 1,
        })
    }
}

impl Figure for StockCompare<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> style::DrawResult<(), DB> {
        let (start, months) = (self.start, self.months);
        let title = format!(
            "Political prisoners held by scenario, {start} to {}",
            start.plus(months as i32 - 1)
        );
        let info = info(self.scenarios, title, "Median and spread over runs");
        // Bands of several scenarios overlap: lighter than on a single fan chart.
        let (alpha50, alpha90) = (0.20, 0.08);
        let fan = |i: usize| Swatch::Fan {
            color: color(i),
            dash: style::dash(i),
            alpha50,
            alpha90,
        };
        let mut legend: Vec<LegendEntry> = self
            .scenarios
            .iter()
            .enumerate()
            .map(|(i, s)| LegendEntry::new(fan(i), s.name.clone()))
            .collect();
        legend.push(LegendEntry::new(
            Swatch::Fan {
                color: style::MUTED,
                dash: None,
                alpha50: alpha50 * 1.5,
                alpha90: alpha90 * 1.5,
            },
            "Line: median run · darker: middle 50% of runs · lighter: middle 90%",
        ));
        let area = style::frame(root, &info, &legend)?;

        let top = self
            .scenarios
            .iter()
            .flat_map(|s| s.stock.iter().map(|r| r.p95))
            .fold(0.0, f64::max);
        let x = Axis::months(start, months, "Month (end of month)");
        let y = Axis::numeric(
            0.0,
            style::headroom(top, 1.0),
            1.0,
            "Political prisoners held (people)",
        );
        let mut chart = style::axes(&area, x, y)?;

        let series = |rows: &[MonthRow], f: fn(&MonthRow) -> f64| -> Vec<(f64, f64)> {
            rows.iter()
                .map(|r| (f64::from(r.calendar.months_since(start)), f(r)))
                .collect()
        };
        // Light bands first, then the 50% bands, then every median on top.
        for (i, s) in self.scenarios.iter().enumerate() {
            chart.draw_series(std::iter::once(style::band(
                &series(&s.stock, |r| r.p05),
                &series(&s.stock, |r| r.p95),
                color(i),
                alpha90,
            )))?;
        }
        for (i, s) in self.scenarios.iter().enumerate() {
            chart.draw_series(std::iter::once(style::band(
                &series(&s.stock, |r| r.p25),
                &series(&s.stock, |r| r.p75),
                color(i),
                alpha50,
            )))?;
        }
        // Each median in its colour and its own dash pattern, so that coinciding lines
        // still show through each other.
        for (i, s) in self.scenarios.iter().enumerate() {
            let line = series(&s.stock, |r| r.p50);
            let stroke = color(i).stroke_width(4);
            match style::dash(i) {
                None => chart.draw_series(LineSeries::new(line, stroke))?,
                Some((on, off)) => {
                    chart.draw_series(DashedLineSeries::new(line, on, off, stroke))?
                }
            };
        }
        Ok(())
    }
}

/// The words beside a scenario's median.
fn median_label(s: &MetricSummary) -> String {
    if s.p05 == s.p95 {
        format!("median {} (90% of runs or more)", style::value_label(s.p50))
    } else {
        format!("median {}", style::value_label(s.p50))
    }
}

/// One metric's p05, p25, p50, p75 and p95 per scenario, one row each.
pub(crate) struct MetricCompare<'a> {
    scenarios: &'a [Compared],
    metric: &'a str,
}

impl<'a> MetricCompare<'a> {
    /// The chart of `metric` (a name in `summary.json`) over these scenarios, in order.
    pub fn new(scenarios: &'a [Compared], metric: &'a str) -> Self {
        MetricCompare { scenarios, metric }
    }
}

impl Figure for MetricCompare<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> style::DrawResult<(), DB> {
        let (phrase, axis_words) = super::metric_words(self.metric);
        let title = match (self.scenarios.first(), common_period(self.scenarios)) {
            (Some(first), Some(_)) => {
                format!(
                    "{}: scenarios compared",
                    super::metric_title(self.metric, &first.summary)
                )
            }
            _ => format!("{phrase}: scenarios compared"),
        };
        let info = info(self.scenarios, title, "Distribution over runs");
        let legend = [LegendEntry::new(
            Swatch::Box(style::MUTED),
            "Box: middle 50% of runs · whiskers: middle 90% · black bar: median",
        )];
        let area = style::frame(root, &info, &legend)?;

        let label_style =
            style::text_style(style::TICK_PX, &style::TEXT).pos(Pos::new(HPos::Left, VPos::Center));
        let stats: Vec<_> = self
            .scenarios
            .iter()
            .map(|s| s.summary.metric(self.metric))
            .collect();
        let lo = stats.iter().flatten().map(|s| s.p05).fold(0.0, f64::min);
        let hi = stats.iter().flatten().map(|s| s.p95).fold(0.0, f64::max);
        let whole = matches!(
            crate::results::metric_unit(self.metric),
            "people" | "count" | "months"
        );
        let min_step = if whole { 1.0 } else { 0.0 };
        // Room right of the highest whisker for the longest median label (the plot is
        // some 1,300 pixels wide); counts get a few whole numbers even when every run
        // gave zero.
        let mut label_px = 0;
        for s in stats.iter().flatten() {
            let (w, _) = root.estimate_text_size(&median_label(s), &label_style)?;
            label_px = label_px.max(w);
        }
        let share = (f64::from(label_px + 50) / 1250.0).min(0.5);
        let reach = hi + (hi - lo.min(0.0)) * share / (1.0 - share);
        let x_hi = style::headroom(reach, min_step).max(5.0 * min_step);
        let x_lo = if lo < 0.0 {
            -style::headroom(-lo, min_step)
        } else {
            0.0
        };
        // A little room left of the first tick, so that marks at zero clear the axis line.
        let x_lo = x_lo - 0.015 * (x_hi - x_lo);
        let unit = crate::results::metric_unit(self.metric);
        let x = Axis::numeric(x_lo, x_hi, min_step, format!("{axis_words} ({unit})"));

        let n = self.scenarios.len();
        let names: Vec<String> = self.scenarios.iter().map(|s| s.name.clone()).collect();
        // First scenario at the top.
        let row = move |i: usize| (n - 1 - i) as f64;
        let y = Axis {
            lo: -0.6,
            hi: n as f64 - 0.4,
            keys: (0..n).map(|k| k as f64).collect(),
            desc: "Scenario".to_string(),
            label: Box::new(move |v| {
                let k = v.round();
                if k < 0.0 || k as usize >= n {
                    return String::new();
                }
                names[n - 1 - k as usize].clone()
            }),
        };
        let mut chart = style::axes(&area, x, y)?;

        let half = 0.22;
        for (i, s) in stats.iter().enumerate() {
            let c = color(i);
            let y = row(i);
            let Some(s) = s else {
                chart.draw_series(std::iter::once(
                    EmptyElement::at((x_lo, y))
                        + Text::new("no run had this metric", (16, 0), label_style.clone()),
                ))?;
                continue;
            };
            // Whisker with end caps.
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(s.p05, y), (s.p95, y)],
                c.stroke_width(4),
            )))?;
            for v in [s.p05, s.p95] {
                chart.draw_series(std::iter::once(PathElement::new(
                    vec![(v, y - half * 0.6), (v, y + half * 0.6)],
                    c.stroke_width(4),
                )))?;
            }
            // The box, unless it has no width (an SVG rectangle of width 0).
            if s.p75 > s.p25 {
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(s.p25, y - half), (s.p75, y + half)],
                    c.mix(style::BAND50_ALPHA + 0.1).filled(),
                )))?;
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(s.p25, y - half), (s.p75, y + half)],
                    c.stroke_width(3),
                )))?;
            }
            // With no spread (90% of runs or more at one value) only the median is left:
            // a marker in the scenario's colour keeps the rows told apart.
            let flat = s.p05 == s.p95;
            if flat {
                chart.draw_series(std::iter::once(Circle::new((s.p50, y), 14, c.filled())))?;
            }
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(s.p50, y - half * 1.15), (s.p50, y + half * 1.15)],
                style::INK.stroke_width(6),
            )))?;
            chart.draw_series(std::iter::once(
                EmptyElement::at((s.p95, y))
                    + Text::new(median_label(s), (22, 0), label_style.clone()),
            ))?;
        }
        Ok(())
    }
}
