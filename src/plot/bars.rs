//! Flows in and out of prison month by month: the mean over runs of new arrests and of
//! releases by the regime, as two lines over calendar months.

use super::style::{self, Axis, LegendEntry, Swatch};
use super::{ChartInfo, Figure, MonthRow, RunSummary};
use plotters::coord::Shift;
use plotters::prelude::*;

/// The `arrests_releases` chart of one batch: the `arrests` and `released` series of
/// `monthly.csv` (mean over runs, people a month), titled from `summary.json`.
pub(crate) struct ArrestsReleases<'a> {
    summary: &'a RunSummary,
    arrests: &'a [MonthRow],
    released: &'a [MonthRow],
}

impl<'a> ArrestsReleases<'a> {
    /// The chart of these two series, each in month order.
    pub fn new(summary: &'a RunSummary, arrests: &'a [MonthRow], released: &'a [MonthRow]) -> Self {
        ArrestsReleases {
            summary,
            arrests,
            released,
        }
    }

    fn info(&self) -> ChartInfo {
        ChartInfo::for_run(
            self.summary,
            format!(
                "New arrests and releases per month, {}",
                self.summary.period()
            ),
            "Mean over runs",
        )
    }
}

/// The average over the period of a series' monthly means (arrests or releases), in
/// people a month, for the legend.
fn average(rows: &[MonthRow]) -> f64 {
    if rows.is_empty() {
        0.0
    } else {
        rows.iter().map(|r| r.mean).sum::<f64>() / rows.len() as f64
    }
}

impl Figure for ArrestsReleases<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> style::DrawResult<(), DB> {
        let (arrest_color, release_color) = (style::VERMILLION, style::BLUE);
        let legend = [
            LegendEntry::new(
                Swatch::Line(arrest_color, 4),
                format!(
                    "New arrests (average {} a month)",
                    style::value_label(average(self.arrests))
                ),
            ),
            LegendEntry::new(
                Swatch::Line(release_color, 4),
                format!(
                    "Released by the regime (average {} a month)",
                    style::value_label(average(self.released))
                ),
            ),
        ];
        let area = style::frame(root, &self.info(), &legend)?;

        let months = self
            .summary
            .horizon_months
            .max(self.arrests.len() as u32)
            .max(self.released.len() as u32);
        let top = self
            .arrests
            .iter()
            .chain(self.released)
            .map(|r| r.mean)
            .fold(0.0, f64::max);
        let x = Axis::months(self.summary.start, months, "Month");
        let y = Axis::numeric(
            0.0,
            style::headroom(top, 1.0),
            1.0,
            "People per month (mean over runs)",
        );
        let mut chart = style::axes(&area, x, y)?;
        let start = self.summary.start;
        let line = |rows: &[MonthRow]| -> Vec<(f64, f64)> {
            rows.iter()
                .map(|r| (f64::from(r.calendar.months_since(start)), r.mean))
                .collect()
        };
        chart.draw_series(LineSeries::new(
            line(self.released),
            release_color.stroke_width(4),
        ))?;
        chart.draw_series(LineSeries::new(
            line(self.arrests),
            arrest_color.stroke_width(4),
        ))?;
        Ok(())
    }
}
