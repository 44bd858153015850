//! Heatmaps of a tournament (`tournament.json`): one chart per metric, regime strategies
//! in rows and Western profiles in columns, each cell coloured by its mean over runs on a
//! sequential blue scale (ColorBrewer "Blues", readable with the common colour-vision
//! deficiencies) and labelled with its value.
//!
//! Cells that are pure-strategy Nash equilibria of the meta-game are outlined with a
//! thick black border; mixed equilibria are listed in a note under the grid.

use super::style::{self, DrawResult, MISSING, blue, fit_px, is_dark, parse_error};
use super::{ChartInfo, Figure, PlotError, emit};
use crate::results::{TournamentFile, names};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::{Path, PathBuf};

/// The metrics drawn, in order: `heatmap_<metric>.{png,svg}`.
pub const HEATMAP_METRICS: [&str; 4] = ["regime_payoff", "west_payoff", "released", "final_stock"];

/// A probability this close to 1 makes a pure strategy.
const PURE: f64 = 1e-9;

/// A tournament as the heatmaps need it.
struct TournamentData {
    file: TournamentFile,
    /// `cell[row][col]`: index into `file.cells`.
    cell: Vec<Vec<usize>>,
}

impl TournamentData {
    /// `values[row][col]` of `metric` (`None` where the file has no number).
    fn values(&self, metric: &str) -> Vec<Vec<Option<f64>>> {
        self.cell
            .iter()
            .map(|row| {
                row.iter()
                    .map(|&i| {
                        let c = &self.file.cells[i];
                        let v = match metric {
                            "regime_payoff" => c.regime_payoff,
                            "west_payoff" => c.west_payoff,
                            m => c.metrics.get(m).map(|s| s.mean),
                        };
                        v.filter(|x| x.is_finite())
                    })
                    .collect()
            })
            .collect()
    }

    /// `(row, col)` of every pure-strategy equilibrium.
    fn pure_equilibria(&self) -> Vec<(usize, usize)> {
        self.file
            .equilibria
            .iter()
            .filter_map(|e| Some((pure_index(&e.regime)?, pure_index(&e.west)?)))
            .collect()
    }

    /// Every mixed equilibrium, in words.
    fn mixed_equilibria(&self) -> Vec<String> {
        self.file
            .equilibria
            .iter()
            .filter(|e| pure_index(&e.regime).is_none() || pure_index(&e.west).is_none())
            .map(|e| {
                format!(
                    "regime {} vs West {}",
                    profile_text(&self.file.regime_strategies, &e.regime),
                    profile_text(&self.file.west_profiles, &e.west)
                )
            })
            .collect()
    }
}

/// The index of the strategy played with probability 1, if any.
fn pure_index(p: &[f64]) -> Option<usize> {
    p.iter().position(|x| (x - 1.0).abs() < PURE)
}

/// "hold 50% + signal 50%".
fn profile_text(names: &[String], p: &[f64]) -> String {
    names
        .iter()
        .zip(p)
        .filter(|(_, x)| **x > PURE)
        .map(|(n, x)| format!("{n} {:.0}%", 100.0 * x))
        .collect::<Vec<_>>()
        .join(" + ")
}

/// Reads and checks `tournament.json`: every pair of strategies has exactly one cell and
/// every equilibrium names a probability per strategy.
fn read_tournament(path: &Path) -> Result<TournamentData, PlotError> {
    let text = super::data::read(path)?;
    let file: TournamentFile = serde_json::from_str(&text)
        .map_err(|e| parse_error(path, format!("not a leverage tournament.json: {e}")))?;
    let (rows, cols) = (file.regime_strategies.len(), file.west_profiles.len());
    if rows == 0 || cols == 0 {
        return Err(parse_error(
            path,
            "`regime_strategies` and `west_profiles` must not be empty",
        ));
    }
    let mut cell = vec![vec![usize::MAX; cols]; rows];
    for (i, c) in file.cells.iter().enumerate() {
        let r = file.regime_strategies.iter().position(|s| *s == c.regime);
        let w = file.west_profiles.iter().position(|s| *s == c.west);
        let (Some(r), Some(w)) = (r, w) else {
            return Err(parse_error(
                path,
                format!(
                    "cell `{}` x `{}` names an unknown strategy",
                    c.regime, c.west
                ),
            ));
        };
        if cell[r][w] != usize::MAX {
            return Err(parse_error(
                path,
                format!("cell `{}` x `{}` appears twice", c.regime, c.west),
            ));
        }
        cell[r][w] = i;
    }
    for (r, row) in cell.iter().enumerate() {
        if let Some(w) = row.iter().position(|i| *i == usize::MAX) {
            return Err(parse_error(
                path,
                format!(
                    "no cell for `{}` x `{}`",
                    file.regime_strategies[r], file.west_profiles[w]
                ),
            ));
        }
    }
    for (k, e) in file.equilibria.iter().enumerate() {
        if e.regime.len() != rows || e.west.len() != cols {
            return Err(parse_error(
                path,
                format!(
                    "equilibrium {} has {} regime and {} West probabilities, expected {rows} \
                     and {cols}",
                    k + 1,
                    e.regime.len(),
                    e.west.len()
                ),
            ));
        }
    }
    Ok(TournamentData { file, cell })
}

/// What a metric is called on a heatmap: `(title, unit for the colour legend)`.
fn heatmap_words(metric: &str) -> (String, &'static str) {
    match metric {
        "regime_payoff" => (
            "Regime's payoff for each pair of strategies".to_string(),
            "USD m (discounted)",
        ),
        "west_payoff" => (
            "West's payoff (US + EU) for each pair of strategies".to_string(),
            "USD m (discounted)",
        ),
        "released" => (
            "Prisoners released by the regime, for each pair of strategies".to_string(),
            "prisoners per run",
        ),
        "final_stock" => (
            "Political prisoners still held at the end, for each pair of strategies".to_string(),
            "prisoners per run",
        ),
        other => {
            let (title, _) = super::metric_words(other);
            (format!("{title}, for each pair of strategies"), "per run")
        }
    }
}

struct Heatmap<'a> {
    data: &'a TournamentData,
    metric: &'a str,
    values: Vec<Vec<Option<f64>>>,
}

impl Heatmap<'_> {
    fn info(&self) -> ChartInfo {
        let f = &self.data.file;
        ChartInfo {
            title: heatmap_words(self.metric).0,
            subtitle: format!(
                "Tournament, mean over runs per cell · scenario {} · {} runs per cell · seed {}",
                f.scenario.name,
                style::group(f.runs as f64, 0),
                f.seed
            ),
            footer: format!(
                "leverage {} · scenario sha256 {} · seed {}",
                f.leverage_version,
                f.scenario.sha256.get(..12).unwrap_or(&f.scenario.sha256),
                f.seed
            ),
        }
    }

    /// Lowest and highest value drawn.
    fn range(&self) -> Option<(f64, f64)> {
        let all = self.values.iter().flatten().flatten().copied();
        all.fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((f64::min(lo, v), f64::max(hi, v))),
        })
    }
}

/// A column label in lines: whole if it fits, else split after each `/` of a US/EU
/// profile (`us=a/eu=b`).
fn label_lines(label: &str, split: bool) -> Vec<String> {
    if split && label.contains('/') {
        let parts: Vec<&str> = label.split('/').collect();
        let last = parts.len() - 1;
        parts
            .iter()
            .enumerate()
            .map(|(i, p)| {
                if i < last {
                    format!("{p}/")
                } else {
                    (*p).to_string()
                }
            })
            .collect()
    } else {
        vec![label.to_string()]
    }
}

/// A rectangle outline of `width` pixels drawn inside `[(x0, y0), (x1, y1)]` as four
/// filled bars (exact in every backend).
fn outline<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (x0, y0): (i32, i32),
    (x1, y1): (i32, i32),
    width: i32,
    color: RGBColor,
) -> DrawResult<(), DB> {
    let fill = color.filled();
    area.draw(&Rectangle::new([(x0, y0), (x1, y0 + width)], fill))?;
    area.draw(&Rectangle::new([(x0, y1 - width), (x1, y1)], fill))?;
    area.draw(&Rectangle::new([(x0, y0), (x0 + width, y1)], fill))?;
    area.draw(&Rectangle::new([(x1 - width, y0), (x1, y1)], fill))?;
    Ok(())
}

const BORDER: i32 = 7;
const GAP: i32 = 3;

impl Figure for Heatmap<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<(), DB> {
        let area = style::frame(root, &self.info(), &[])?;
        let (aw, ah) = area.dim_in_pixel();
        let (aw, ah) = (aw as i32, ah as i32);
        let f = &self.data.file;
        let (rows, cols) = (f.regime_strategies.len(), f.west_profiles.len());
        let unit = heatmap_words(self.metric).1;
        let range = self.range();

        let tick = style::text_style(style::TICK_PX, &style::TEXT);
        let desc = style::text_style(style::AXIS_DESC_PX, &style::TEXT);
        let note_px = style::LEGEND_PX;

        // Colour legend on the right: caption, bar, max at the top, min at the bottom.
        let (lo, hi) = range.unwrap_or((0.0, 0.0));
        let lo_text = format!("min {}", style::value_label(lo));
        let hi_text = format!("max {}", style::value_label(hi));
        let mut legend_text_w = 0;
        for t in [&lo_text, &hi_text, &unit.to_string()] {
            legend_text_w = legend_text_w.max(area.estimate_text_size(t, &tick)?.0 as i32);
        }
        let bar_w = 32;
        let legend_w = (bar_w + 14 + legend_text_w).max(legend_text_w) + 20;

        // Left: the rotated axis description, then the row labels.
        let row_px = fit_px(
            &area,
            &f.regime_strategies
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>(),
            style::TICK_PX,
            14,
            (aw / 5).max(120),
        )?;
        let row_font = style::text_style(row_px, &style::TEXT);
        let mut row_label_w = 0;
        for r in &f.regime_strategies {
            row_label_w = row_label_w.max(area.estimate_text_size(r, &row_font)?.0 as i32);
        }
        let grid_x0 = 20 + style::AXIS_DESC_PX as i32 + 20 + row_label_w + 14;
        let grid_x1 = aw - legend_w - 40;
        let cell_w = ((grid_x1 - grid_x0) / cols as i32).max(8);
        let grid_x1 = grid_x0 + cell_w * cols as i32;

        // Column labels: whole if they fit, else split at `/`, shrinking to fit the cell.
        let whole: Vec<&str> = f.west_profiles.iter().map(String::as_str).collect();
        let whole_px = fit_px(&area, &whole, style::TICK_PX, 16, cell_w - 8)?;
        let whole_fits = area
            .estimate_text_size(
                whole
                    .iter()
                    .max_by_key(|s| s.len())
                    .copied()
                    .unwrap_or_default(),
                &style::text_style(whole_px, &style::TEXT),
            )?
            .0 as i32
            <= cell_w - 8;
        let split = !whole_fits;
        let col_lines: Vec<Vec<String>> = f
            .west_profiles
            .iter()
            .map(|w| label_lines(w, split))
            .collect();
        let pieces: Vec<&str> = col_lines.iter().flatten().map(String::as_str).collect();
        let col_px = if split {
            fit_px(&area, &pieces, style::TICK_PX, 11, cell_w - 8)?
        } else {
            whole_px
        };
        let col_font = style::text_style(col_px, &style::TEXT);
        let n_lines = col_lines.iter().map(Vec::len).max().unwrap_or(1) as i32;
        let col_line_h = col_px as i32 + 6;

        // Below the grid: column labels, the axis description and two note lines.
        let note_h = 2 * (note_px as i32 + 14);
        let below = 12 + n_lines * col_line_h + 10 + style::AXIS_DESC_PX as i32 + 16 + note_h;
        let grid_y0 = 10;
        let cell_h = ((ah - below - grid_y0) / rows as i32).max(8);
        let grid_y1 = grid_y0 + cell_h * rows as i32;

        // Cells.
        let pure = self.data.pure_equilibria();
        let value_texts: Vec<String> = self
            .values
            .iter()
            .flatten()
            .map(|v| v.map_or_else(|| "n/a".to_string(), style::value_label))
            .collect();
        let value_refs: Vec<&str> = value_texts.iter().map(String::as_str).collect();
        let value_px = fit_px(
            &area,
            &value_refs,
            30.min((cell_h - 2 * BORDER - 8).max(10) as u32),
            10,
            cell_w - 2 * BORDER - 12,
        )?;
        let center = Pos::new(HPos::Center, VPos::Center);
        for (r, row) in self.values.iter().enumerate() {
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
                if pure.contains(&(r, c)) {
                    outline(&area, (x0, y0), (x1, y1), BORDER, style::INK)?;
                    // A thin white line inside keeps the border visible on dark cells.
                    outline(
                        &area,
                        (x0 + BORDER, y0 + BORDER),
                        (x1 - BORDER, y1 - BORDER),
                        2,
                        WHITE,
                    )?;
                }
                let ink = if is_dark(fill) { WHITE } else { style::TEXT };
                let text = v.map_or_else(|| "n/a".to_string(), style::value_label);
                area.draw_text(
                    &text,
                    &style::text_style(value_px, &ink).pos(center),
                    ((x0 + x1) / 2, (y0 + y1) / 2),
                )?;
            }
        }

        // Row labels and the rotated "Regime strategy".
        for (r, name) in f.regime_strategies.iter().enumerate() {
            let y = grid_y0 + r as i32 * cell_h + (cell_h - GAP) / 2;
            area.draw_text(
                name,
                &row_font.pos(Pos::new(HPos::Right, VPos::Center)),
                (grid_x0 - 14, y),
            )?;
        }
        area.draw_text(
            "Regime strategy (rows)",
            &desc
                .transform(FontTransform::Rotate270)
                .pos(Pos::new(HPos::Center, VPos::Top)),
            (20, (grid_y0 + grid_y1) / 2),
        )?;

        // Column labels and "Western profile".
        for (c, lines) in col_lines.iter().enumerate() {
            let x = grid_x0 + c as i32 * cell_w + (cell_w - GAP) / 2;
            for (k, line) in lines.iter().enumerate() {
                area.draw_text(
                    line,
                    &col_font.pos(Pos::new(HPos::Center, VPos::Top)),
                    (x, grid_y1 + 12 + k as i32 * col_line_h),
                )?;
            }
        }
        let desc_y = grid_y1 + 12 + n_lines * col_line_h + 10;
        area.draw_text(
            "Western strategy, US and EU (columns)",
            &desc.pos(Pos::new(HPos::Center, VPos::Top)),
            ((grid_x0 + grid_x1) / 2, desc_y),
        )?;

        let (top_label, bottom_label) = match range {
            Some((lo, hi)) if hi > lo => (hi_text, lo_text),
            Some((lo, _)) => (
                format!("all {}", style::value_label(lo)),
                format!("all {}", style::value_label(lo)),
            ),
            None => ("no data".to_string(), "no data".to_string()),
        };
        style::colour_key(
            &area,
            grid_x1 + 40,
            grid_y0,
            grid_y1,
            bar_w,
            unit,
            &top_label,
            &bottom_label,
        )?;

        // Notes: the border key, then the mixed equilibria.
        let note_y = desc_y + style::AXIS_DESC_PX as i32 + 16 + (note_px as i32 + 14) / 2;
        let key = note_px as i32 + 6;
        outline(
            &area,
            (20, note_y - key / 2),
            (20 + key, note_y + key / 2),
            4,
            style::INK,
        )?;
        let border_note = if pure.is_empty() {
            "No pure-strategy Nash equilibrium of the meta-game (a thick border would mark one)"
                .to_string()
        } else {
            format!(
                "Thick black border: pure-strategy Nash equilibrium of the meta-game ({} found)",
                pure.len()
            )
        };
        let usable = aw - 40 - key - 14;
        let px = fit_px(&area, &[&border_note], note_px, 14, usable)?;
        area.draw_text(
            &border_note,
            &style::text_style(px, &style::TEXT).pos(Pos::new(HPos::Left, VPos::Center)),
            (20 + key + 14, note_y),
        )?;

        let mixed = self.data.mixed_equilibria();
        let mixed_note = mixed_note(&area, &mixed, note_px, aw - 40)?;
        area.draw_text(
            &mixed_note.0,
            &style::text_style(mixed_note.1, &style::TEXT).pos(Pos::new(HPos::Left, VPos::Center)),
            (20, note_y + note_px as i32 + 14),
        )?;
        Ok(())
    }
}

/// The note listing mixed equilibria, as many as fit in `width` at 18 px or more (the
/// first alone down to 14 px), and its size.
fn mixed_note<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    mixed: &[String],
    px: u32,
    width: i32,
) -> DrawResult<(String, u32), DB> {
    if mixed.is_empty() {
        return Ok(("Mixed-strategy equilibria: none".to_string(), px));
    }
    for shown in (1..=mixed.len()).rev() {
        let mut text = format!("Mixed-strategy equilibria: {}", mixed[..shown].join("; "));
        if shown < mixed.len() {
            text.push_str(&format!(
                "; and {} more (see tournament.md)",
                mixed.len() - shown
            ));
        }
        let min_px = if shown == 1 { 14 } else { 18 };
        let size = fit_px(area, &[&text], px, min_px, width)?;
        let w = area
            .estimate_text_size(&text, &style::text_style(size, &style::TEXT))?
            .0 as i32;
        if w <= width || shown == 1 {
            return Ok((text, size));
        }
    }
    unreachable!("the loop returns at shown == 1")
}

/// Reads `dir/tournament.json` and writes into `dir` `heatmap_<metric>.{png,svg}` for
/// `regime_payoff`, `west_payoff`, `released` and `final_stock`: regime strategies in
/// rows, Western profiles in columns, each cell's mean over runs, pure equilibria
/// outlined and mixed ones listed under the grid. Returns the paths written.
pub fn draw_tournament(dir: &Path) -> Result<Vec<PathBuf>, PlotError> {
    let data = read_tournament(&dir.join(names::TOURNAMENT_JSON))?;
    let mut written = Vec::new();
    for metric in HEATMAP_METRICS {
        let chart = Heatmap {
            data: &data,
            metric,
            values: data.values(metric),
        };
        written.extend(emit(dir, &format!("heatmap_{metric}"), &chart)?);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_runs_light_to_dark() {
        assert_eq!(blue(0.0), RGBColor(0xF7, 0xFB, 0xFF));
        assert_eq!(blue(1.0), RGBColor(0x08, 0x30, 0x6B));
        assert!(!is_dark(blue(0.0)) && is_dark(blue(1.0)));
        assert_eq!(blue(f64::NAN), blue(0.0));
    }

    #[test]
    fn pure_and_mixed_profiles() {
        assert_eq!(pure_index(&[0.0, 1.0]), Some(1));
        assert_eq!(pure_index(&[0.5, 0.5]), None);
        let names = vec!["hold".to_string(), "signal".to_string()];
        assert_eq!(profile_text(&names, &[0.25, 0.75]), "hold 25% + signal 75%");
        assert_eq!(label_lines("us=a/eu=b", true), vec!["us=a/", "eu=b"]);
    }
}
