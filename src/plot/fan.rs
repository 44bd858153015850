//! The fan chart of political prisoners held: the median over runs month by month, with
//! the middle 50% (p25-p75) and 90% (p05-p95) of runs shaded in one hue, and the target
//! stock as a dashed line.

use super::style::{self, Axis, LegendEntry, Swatch};
use super::{ChartInfo, Figure, MonthRow, RunSummary};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The `stock_fan` chart of one batch: the `stock` series of `monthly.csv` (people held
/// at the end of each month) and the target stock of `summary.json`.
pub(crate) struct StockFan<'a> {
    summary: &'a RunSummary,
    rows: &'a [MonthRow],
}

impl<'a> StockFan<'a> {
    /// The fan of the `stock` rows, in month order.
    pub fn new(summary: &'a RunSummary, rows: &'a [MonthRow]) -> Self {
        StockFan { summary, rows }
    }

    fn info(&self) -> ChartInfo {
        ChartInfo::for_run(
            self.summary,
            format!("Political prisoners held, {}", self.summary.period()),
            "Median and spread over runs",
        )
    }
}

impl Figure for StockFan<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> style::DrawResult<(), DB> {
        let color = style::BLUE;
        let target = self.summary.target_stock.map(|t| t as f64);
        let mut legend = vec![
            LegendEntry::new(Swatch::Line(color, 4), "Median run"),
            LegendEntry::new(
                Swatch::Fill(color, style::BAND50_ALPHA),
                "Middle 50% of runs",
            ),
            LegendEntry::new(
                Swatch::Fill(color, style::BAND90_ALPHA),
                "Middle 90% of runs",
            ),
        ];
        if let Some(t) = target {
            legend.push(LegendEntry::new(
                Swatch::Dashed(style::VERMILLION, 3),
                format!("Target: below {}", style::group(t, 0)),
            ));
        }
        let area = style::frame(root, &self.info(), &legend)?;

        let months = self.summary.horizon_months.max(self.rows.len() as u32);
        let top = self
            .rows
            .iter()
            .map(|r| r.p95)
            .fold(target.unwrap_or(0.0), f64::max);
        let x = Axis::months(self.summary.start, months, "Month (end of month)");
        let y = Axis::numeric(
            0.0,
            style::headroom(top, 1.0),
            1.0,
            "Political prisoners held (people)",
        );
        let mut chart = style::axes(&area, x, y)?;

        let at = |r: &MonthRow| f64::from(r.calendar.months_since(self.summary.start));
        let p = |f: fn(&MonthRow) -> f64| -> Vec<(f64, f64)> {
            self.rows.iter().map(|r| (at(r), f(r))).collect()
        };
        chart.draw_series(std::iter::once(style::band(
            &p(|r| r.p05),
            &p(|r| r.p95),
            color,
            style::BAND90_ALPHA,
        )))?;
        chart.draw_series(std::iter::once(style::band(
            &p(|r| r.p25),
            &p(|r| r.p75),
            color,
            style::BAND50_ALPHA,
        )))?;
        if let Some(t) = target {
            let (x0, x1) = (0.0, f64::from(months.max(2) - 1));
            chart.draw_series(DashedLineSeries::new(
                vec![(x0, t), (x1, t)],
                14,
                10,
                style::VERMILLION.stroke_width(3),
            ))?;
        }
        let median = p(|r| r.p50);
        chart.draw_series(LineSeries::new(median.clone(), color.stroke_width(4)))?;

        // The last median, labelled, so the slide states the end point.
        if let Some(&(lx, ly)) = median.last() {
            let label = style::text_style(style::TICK_PX, &style::TEXT)
                .pos(Pos::new(HPos::Right, VPos::Bottom));
            chart.draw_series(std::iter::once(
                EmptyElement::at((lx, ly)) + Text::new(style::value_label(ly), (0, -12), label),
            ))?;
        }
        Ok(())
    }
}
