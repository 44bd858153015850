//! The backtest chart: the simulated stock (median, middle 50% and 90% of runs) with the
//! observed counts drawn on it, filled when inside the 90% band and hollow in vermillion
//! when outside. Drawn from `backtest.json` (written by `backtest` and `calibrate`).

use super::data::read;
use super::style::{self, Axis, LegendEntry, Swatch};
use super::{ChartInfo, Figure, PlotError, emit};
use crate::calendar::YearMonth;
use crate::results::backtest::MonthBandFile;
use crate::results::{BacktestFile, names};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::{Path, PathBuf};

struct BacktestFan {
    file: BacktestFile,
    start: YearMonth,
}

impl BacktestFan {
    fn info(&self) -> ChartInfo {
        let f = &self.file;
        let end = self.start.plus(f.horizon_months.max(1) as i32 - 1);
        ChartInfo {
            title: format!(
                "Political prisoners held, simulated and observed, {} to {end}",
                self.start
            ),
            subtitle: format!(
                "{} · scenario {} · {} runs · seed {} · observed: {}",
                f.lead,
                f.scenario.name,
                style::group(f.runs as f64, 0),
                f.seed,
                f.data
            ),
            footer: format!(
                "leverage {} · scenario sha256 {} · seed {}",
                f.leverage_version,
                f.scenario.sha256.get(..12).unwrap_or(&f.scenario.sha256),
                f.seed
            ),
        }
    }

    /// The scored counts: (month index, observed, inside the 90% band).
    fn observed(&self) -> Vec<(f64, f64, bool)> {
        self.file
            .points
            .iter()
            .filter(|p| p.kind == "stock")
            .filter_map(|p| {
                p.in90
                    .map(|inside| (f64::from(p.first), p.observed, inside))
            })
            .collect()
    }
}

impl Figure for BacktestFan {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> style::DrawResult<(), DB> {
        let color = style::BLUE;
        let points = self.observed();
        let inside = points.iter().filter(|p| p.2).count();
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
            LegendEntry::new(
                Swatch::Dot(style::INK, true),
                format!(
                    "Observed, inside the 90% band ({inside} of {})",
                    points.len()
                ),
            ),
        ];
        if inside < points.len() {
            legend.push(LegendEntry::new(
                Swatch::Dot(style::VERMILLION, false),
                "Observed, outside it",
            ));
        }
        let area = style::frame(root, &self.info(), &legend)?;
        let months = self.file.horizon_months;
        let top = self
            .file
            .months
            .iter()
            .map(|b| b.p95)
            .chain(points.iter().map(|p| p.1))
            .fold(0.0, f64::max);
        let x = Axis::months(self.start, months, "Month (end of month)");
        let y = Axis::numeric(
            0.0,
            style::headroom(top, 1.0),
            1.0,
            "Political prisoners held (people)",
        );
        let mut chart = style::axes(&area, x, y)?;
        let series = |f: fn(&MonthBandFile) -> f64| -> Vec<(f64, f64)> {
            self.file
                .months
                .iter()
                .map(|b| (f64::from(b.month), f(b)))
                .collect()
        };
        chart.draw_series(std::iter::once(style::band(
            &series(|b| b.p05),
            &series(|b| b.p95),
            color,
            style::BAND90_ALPHA,
        )))?;
        chart.draw_series(std::iter::once(style::band(
            &series(|b| b.p25),
            &series(|b| b.p75),
            color,
            style::BAND50_ALPHA,
        )))?;
        chart.draw_series(LineSeries::new(series(|b| b.p50), color.stroke_width(4)))?;
        chart.draw_series(
            points
                .iter()
                .filter(|p| p.2)
                .map(|p| Circle::new((p.0, p.1), 8, style::INK.filled())),
        )?;
        chart.draw_series(
            points
                .iter()
                .filter(|p| !p.2)
                .map(|p| Circle::new((p.0, p.1), 8, style::VERMILLION.stroke_width(3))),
        )?;
        Ok(())
    }
}

/// Reads `dir/backtest.json` and writes `dir/backtest_fan.{png,svg}`; returns the paths.
pub fn draw_backtest(dir: &Path) -> Result<Vec<PathBuf>, PlotError> {
    let path = dir.join(names::BACKTEST_JSON);
    let text = read(&path)?;
    let file: BacktestFile = serde_json::from_str(&text).map_err(|e| PlotError::Parse {
        path: path.clone(),
        message: format!("is not a backtest.json written by leverage: {e}"),
    })?;
    let start: YearMonth = file.start.parse().map_err(|e| PlotError::Parse {
        path: path.clone(),
        message: format!("`start`: {e}"),
    })?;
    emit(dir, "backtest_fan", &BacktestFan { file, start })
}
