//! The distribution over runs of one metric: the share of runs in each bin of
//! `histograms.json`, with the median and the 5th and 95th percentiles of `summary.json`
//! marked.
//!
//! Empty bins are not drawn (a zero-height bar is an invisible `height="0"` rectangle in
//! SVG). When every run gives the same value the axis is widened around the single bar.

use super::style::{self, Axis, LegendEntry, Swatch};
use super::{ChartInfo, Figure, Histogram, RunSummary};
use plotters::coord::Shift;
use plotters::prelude::*;

/// The `hist_<metric>` chart of one batch: one metric's bins from `histograms.json`, as
/// shares of runs in percent, with its p05, p50 and p95 from `summary.json`.
pub(crate) struct MetricHistogram<'a> {
    summary: &'a RunSummary,
    histogram: &'a Histogram,
}

impl<'a> MetricHistogram<'a> {
    /// The histogram of one metric of the batch that `summary` describes.
    pub fn new(summary: &'a RunSummary, histogram: &'a Histogram) -> Self {
        MetricHistogram { summary, histogram }
    }

    fn info(&self) -> ChartInfo {
        ChartInfo::for_run(
            self.summary,
            super::metric_title(&self.histogram.metric, self.summary),
            "Distribution over runs",
        )
    }

    /// Bins of one whole unit centred on whole numbers: counts, not measurements.
    fn whole_numbers(&self) -> bool {
        self.histogram
            .bins
            .iter()
            .all(|(lo, hi, _)| (hi - lo - 1.0).abs() < 1e-9 && ((lo + 0.5).fract()).abs() < 1e-9)
    }

    /// The x range: the bins with a margin (4% of their span a side), at least ten units
    /// wide for whole-number bins or a single bin, and not below zero unless the data is
    /// (with whole-number bins it may reach -0.7, so that the bar at zero shows whole).
    fn x_range(&self) -> (f64, f64) {
        let bins = &self.histogram.bins;
        let lo = bins.first().map_or(0.0, |b| b.0);
        let hi = bins.last().map_or(1.0, |b| b.1);
        let span = hi - lo;
        let min_span = if self.whole_numbers() || bins.len() == 1 {
            10.0
        } else {
            0.0
        };
        let pad = if span < min_span {
            (min_span - span) / 2.0
        } else {
            span * 0.04
        };
        let (mut x0, mut x1) = (lo - pad, hi + pad);
        // Non-negative data (whole-number bins start half a unit below their value).
        let floor = if self.whole_numbers() || bins.len() == 1 {
            lo.min(-0.5) - 0.2
        } else {
            lo.min(0.0)
        };
        if lo >= floor && x0 < floor {
            x1 += floor - x0;
            x0 = floor;
        }
        (x0, x1)
    }
}

impl Figure for MetricHistogram<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> style::DrawResult<(), DB> {
        let h = self.histogram;
        let color = style::BLUE;
        let total: f64 = h.bins.iter().map(|b| b.2).sum();
        let share = |c: f64| if total > 0.0 { 100.0 * c / total } else { 0.0 };
        let stats = self.summary.metric(&h.metric);
        let unit = h.unit.as_str();

        let mut legend = vec![LegendEntry::new(
            Swatch::Fill(color, 0.85),
            "Share of runs in each range",
        )];
        // Counts read as plain numbers; other units are named.
        let with_unit = |v: f64| match unit {
            "count" => style::value_label(v),
            "USD m" => format!("USD {} m", style::value_label(v)),
            u => format!("{} {u}", style::value_label(v)),
        };
        let range = |a: f64, b: f64| match unit {
            "USD m" => format!("{} and {}", with_unit(a), with_unit(b)),
            _ => format!("{} and {}", style::value_label(a), with_unit(b)),
        };
        if let Some(s) = stats {
            if s.p05 == s.p95 {
                legend.push(LegendEntry::new(
                    Swatch::Line(style::INK, 4),
                    format!(
                        "Median: {} (90% of runs or more at this value)",
                        with_unit(s.p50)
                    ),
                ));
            } else {
                legend.push(LegendEntry::new(
                    Swatch::Line(style::INK, 4),
                    format!("Median: {}", with_unit(s.p50)),
                ));
                legend.push(LegendEntry::new(
                    Swatch::Dashed(style::VERMILLION, 3),
                    format!("90% of runs between {}", range(s.p05, s.p95)),
                ));
            }
        }
        let area = style::frame(root, &self.info(), &legend)?;

        let (x0, x1) = self.x_range();
        let whole = self.whole_numbers();
        let (_, axis_words) = super::metric_words(&h.metric);
        let x = Axis::numeric(
            x0,
            x1,
            if whole { 1.0 } else { 0.0 },
            format!("{axis_words} ({unit})"),
        );
        let top = h.bins.iter().map(|b| share(b.2)).fold(0.0, f64::max);
        // Never past 100% by more than a little headroom.
        let y = Axis::numeric(
            0.0,
            style::headroom(top, 0.0).min(108.0),
            0.0,
            "Share of runs (%)",
        );
        let y_top = y.hi;
        let mut chart = style::axes(&area, x, y)?;

        chart.draw_series(h.bins.iter().filter(|b| b.2 > 0.0 && b.1 > b.0).map(
            |&(lo, hi, c)| Rectangle::new([(lo, 0.0), (hi, share(c))], color.mix(0.85).filled()),
        ))?;
        // Thin white edges keep neighbouring bars apart.
        chart.draw_series(h.bins.iter().filter(|b| b.2 > 0.0 && b.1 > b.0).map(
            |&(lo, hi, c)| Rectangle::new([(lo, 0.0), (hi, share(c))], WHITE.stroke_width(1)),
        ))?;

        if let Some(s) = stats {
            for v in [s.p05, s.p95].into_iter().filter(|_| s.p05 < s.p95) {
                chart.draw_series(DashedLineSeries::new(
                    vec![(v, 0.0), (v, y_top)],
                    14,
                    10,
                    style::VERMILLION.stroke_width(3),
                ))?;
            }
            chart.draw_series(LineSeries::new(
                vec![(s.p50, 0.0), (s.p50, y_top)],
                style::INK.stroke_width(4),
            ))?;
        }
        Ok(())
    }
}
