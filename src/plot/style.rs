//! The house look of every chart: size, palette, type sizes, number and month labels,
//! and the frame (title, subtitle, legend row, footer) drawn around the plot.
//!
//! Sizes are in pixels at 1600x900, chosen to be read on a projected slide. The palette
//! is Okabe and Ito's (2008, "Color Universal Design"), distinguishable with the common
//! colour-vision deficiencies. Nothing here knows what a chart shows.

use crate::calendar::YearMonth;
use plotters::coord::Shift;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::Path;

/// Width of every chart in pixels (PNG and SVG alike).
pub const WIDTH: u32 = 1600;
/// Height of every chart in pixels.
pub const HEIGHT: u32 = 900;

/// The font family every text names; the embedded DejaVu Sans is registered under it.
pub const FAMILY: &str = "sans-serif";

/// Type size of the bold title, in pixels; [`frame`] shrinks it, down to 30, until the
/// title fits the width.
pub const TITLE_PX: u32 = 44;
/// Type size of the subtitle (scenario, runs, seed), in pixels; shrunk down to 18 to fit.
pub const SUBTITLE_PX: u32 = 28;
/// Type size of the axis descriptions ("Month (end of month)"), in pixels.
pub const AXIS_DESC_PX: u32 = 28;
/// Type size of tick labels, and of the labels of a sweep's grid, a tornado's bars and a
/// colour key, in pixels.
pub const TICK_PX: u32 = 24;
/// Type size of the legend row's labels, in pixels.
pub const LEGEND_PX: u32 = 24;
/// Type size of the provenance footer, in pixels; shrunk down to 12 to fit.
pub const FOOTER_PX: u32 = 20;

/// Okabe-Ito blue (#0072B2): the colour of a chart with one series (fan, histogram,
/// sweep line, backtest band) and of releases; first in [`PALETTE`].
pub const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xB2);
/// Okabe-Ito orange (#E69F00): second in [`PALETTE`]; the high end in a tornado chart.
pub const ORANGE: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
/// Okabe-Ito bluish green (#009E73), third in [`PALETTE`].
pub const GREEN: RGBColor = RGBColor(0x00, 0x9E, 0x73);
/// Okabe-Ito vermillion (#D55E00): arrests, the dashed target and p05/p95 lines, and
/// (hollow) the observed figures outside a backtest's 90% band; fourth in [`PALETTE`].
pub const VERMILLION: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
/// Okabe-Ito reddish purple (#CC79A7), fifth in [`PALETTE`].
pub const PURPLE: RGBColor = RGBColor(0xCC, 0x79, 0xA7);
/// Okabe-Ito sky blue (#56B4E9), sixth in [`PALETTE`].
pub const SKY: RGBColor = RGBColor(0x56, 0xB4, 0xE9);
/// Okabe-Ito yellow (#F0E442), seventh in [`PALETTE`].
pub const YELLOW: RGBColor = RGBColor(0xF0, 0xE4, 0x42);
/// Black: what must stand out over any series (a histogram's median, a tornado's base
/// value, the observed figures inside a backtest's 90% band, a heatmap's
/// pure-equilibrium outline); last in [`PALETTE`].
pub const INK: RGBColor = RGBColor(0x00, 0x00, 0x00);
/// Okabe-Ito, in the order series take them: scenario `i` of a comparison (its place in
/// `comparison.json`) is drawn in `PALETTE[i % 8]` on every chart.
pub const PALETTE: [RGBColor; 8] = [BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY, YELLOW, INK];

/// Body text: titles, tick and legend labels (#222222).
pub const TEXT: RGBColor = RGBColor(0x22, 0x22, 0x22);
/// Secondary text: subtitle, footer, units (#555555).
pub const MUTED: RGBColor = RGBColor(0x55, 0x55, 0x55);
/// Grid lines at the ticks (#DDDDDD).
pub const GRID: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);
/// Axis lines and the frame of a colour key (#444444).
pub const AXIS: RGBColor = RGBColor(0x44, 0x44, 0x44);

/// Opacity, in [0, 1], of the lighter, wider band: the middle 90% of runs (p05-p95) on
/// a fan chart and a backtest, the middle 50% of runs (p25-p75) on a sweep line.
pub const BAND90_ALPHA: f64 = 0.18;
/// Opacity, in [0, 1], of the darker, narrower band drawn over it in the same hue, so
/// that the two strengths tell them apart: the middle 50% of runs on a fan chart and a
/// backtest, the 95% CI of the mean on a sweep line; also the fill of a box.
pub const BAND50_ALPHA: f64 = 0.40;

/// Line patterns that tell series apart without colour, in the order series take them:
/// solid, long dashes, short dashes, very long dashes, as `(dash, gap)` in pixels.
pub fn dash(i: usize) -> Option<(u32, u32)> {
    [None, Some((22, 10)), Some((6, 8)), Some((36, 10))][i % 4]
}

/// Left and right page margin.
const MARGIN_X: i32 = 40;

/// Drawing errors of a backend.
pub type DrawResult<T, DB> = Result<T, DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// A numeric axis whose ticks are exactly the ones we chose (round numbers, calendar
/// months), with no minor grid lines.
pub struct Ticked {
    lo: f64,
    hi: f64,
    keys: Vec<f64>,
}

impl Ranged for Ticked {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let span = self.hi - self.lo;
        if span <= 0.0 || !span.is_finite() {
            return limit.0;
        }
        let share = (value - self.lo) / span;
        limit.0 + (f64::from(limit.1 - limit.0) * share).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.keys.clone()
        }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.lo..self.hi
    }
}

/// The coordinates of every chart: numbers on both axes, ticks where we put them.
pub type Coord = Cartesian2d<Ticked, Ticked>;

/// Text in the house font.
pub fn text_style(px: u32, color: &RGBColor) -> TextStyle<'static> {
    (FAMILY, px).into_font().color(color)
}

/// Bold text. (`FontDesc::style` would keep the regular face's glyphs: the face is
/// chosen when the font is made.)
fn bold_style(px: u32, color: &RGBColor) -> TextStyle<'static> {
    (FAMILY, px, FontStyle::Bold).into_font().color(color)
}

/// `v` with `decimals` decimals and commas between thousands: `12,345.6`.
pub fn group(v: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), format!(".{f}")),
        None => (s.clone(), String::new()),
    };
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let zero = s.chars().all(|c| c == '0' || c == '.');
    let sign = if v < 0.0 && !zero { "-" } else { "" };
    format!("{sign}{grouped}{frac}")
}

/// Decimals needed to tell ticks `step` apart.
pub fn decimals_for(step: f64) -> usize {
    if step >= 1.0 || step <= 0.0 || !step.is_finite() {
        0
    } else {
        (-step.log10().floor()).clamp(0.0, 6.0) as usize
    }
}

/// A value for a label next to data: no decimals from 100 up or for a whole value, one
/// decimal otherwise.
pub fn value_label(v: f64) -> String {
    if v.abs() >= 100.0 || v.fract() == 0.0 {
        group(v, 0)
    } else {
        group(v, 1)
    }
}

/// Round numbers (1, 2 or 5 times a power of ten) covering `[lo, hi]`, about `target` of
/// them: `(ticks, step)`. `min_step` keeps counts on whole numbers.
pub fn nice_ticks(lo: f64, hi: f64, target: usize, min_step: f64) -> (Vec<f64>, f64) {
    let span = (hi - lo).abs().max(f64::MIN_POSITIVE);
    let raw = span / target.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let mut step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    if step < min_step {
        step = min_step;
    }
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    let ticks = (first..=last)
        .map(|k| {
            let v = k as f64 * step;
            // -0 prints as "-0".
            if v == 0.0 { 0.0 } else { v }
        })
        .collect();
    (ticks, step)
}

/// An upper bound with headroom: `hi * 1.08` rounded up to a multiple of the tick step
/// for `[0, hi * 1.08]`; `max(min_step, 1)` when `hi` is not positive.
pub fn headroom(hi: f64, min_step: f64) -> f64 {
    if hi <= 0.0 {
        return min_step.max(1.0);
    }
    let (_, step) = nice_ticks(0.0, hi * 1.08, 6, min_step);
    ((hi * 1.08) / step).ceil() * step
}

/// Month offsets from `start` (0 to `months - 1`) to label: calendar-aligned steps of 1,
/// 2, 3, 6 or 12 months or whole years, at most `max_labels` of them.
pub fn month_keys(start: YearMonth, months: u32, max_labels: usize) -> Vec<u32> {
    let aligned = |m: u32, step: u32| {
        let c = start.plus(m as i32);
        if step <= 12 {
            (c.month() - 1).is_multiple_of(step)
        } else {
            c.month() == 1 && c.year().rem_euclid((step / 12) as i32) == 0
        }
    };
    for step in [1, 2, 3, 6, 12, 24, 36, 60, 120, 240, 600] {
        let keys: Vec<u32> = (0..months).filter(|m| aligned(*m, step)).collect();
        if keys.len() <= max_labels && !keys.is_empty() {
            return keys;
        }
    }
    vec![0]
}

/// One axis: its range, where its ticks go, their labels and what it measures.
pub struct Axis {
    /// The axis' low end, in data units (a month offset from the start on a month axis).
    pub lo: f64,
    /// The axis' high end, in data units.
    pub hi: f64,
    /// Where the ticks and grid lines go, in data units, between `lo` and `hi`.
    pub keys: Vec<f64>,
    /// The axis' description, with its unit: "Political prisoners held".
    pub desc: String,
    /// The text of a tick at a value: `1,500` or `2025-01`.
    pub label: Box<dyn Fn(f64) -> String>,
}

impl Axis {
    /// A numeric axis from `lo` to `hi` with round ticks and thousands separators.
    pub fn numeric(lo: f64, hi: f64, min_step: f64, desc: impl Into<String>) -> Self {
        let (keys, step) = nice_ticks(lo, hi, 6, min_step);
        let decimals = decimals_for(step);
        Axis {
            lo,
            hi,
            keys,
            desc: desc.into(),
            label: Box::new(move |v| group(v, decimals)),
        }
    }

    /// Calendar months from `start`, `months` of them, labelled `YYYY-MM`.
    pub fn months(start: YearMonth, months: u32, desc: impl Into<String>) -> Self {
        let keys = month_keys(start, months, 10)
            .into_iter()
            .map(f64::from)
            .collect();
        Axis {
            lo: 0.0,
            hi: f64::from(months.max(2) - 1),
            keys,
            desc: desc.into(),
            label: Box::new(move |v| start.plus(v.round() as i32).to_string()),
        }
    }
}

/// What a legend entry shows beside its label.
#[derive(Clone, Copy, Debug)]
pub enum Swatch {
    /// A line of this colour and width in pixels.
    Line(RGBColor, u32),
    /// A dashed line of this colour and width in pixels.
    Dashed(RGBColor, u32),
    /// A filled block of this colour at this opacity, in [0, 1].
    Fill(RGBColor, f64),
    /// A line (solid, or dashed as `(dash, gap)` pixels) over a two-strength band: a
    /// median with its 50% and 90% bands at the given opacities.
    Fan {
        /// The one hue of the line and both bands.
        color: RGBColor,
        /// The line's pattern as `(dash, gap)` in pixels ([`dash`]); `None` for solid.
        dash: Option<(u32, u32)>,
        /// Opacity of the 50% band, in [0, 1]; lighter than [`BAND50_ALPHA`] where the
        /// bands of several scenarios overlap.
        alpha50: f64,
        /// Opacity of the 90% band, in [0, 1].
        alpha90: f64,
    },
    /// A box plot key: box for p25-p75 and whisker for p05-p95, with the median.
    Box(RGBColor),
    /// An observed point: a filled circle, or a hollow one when `false`.
    Dot(RGBColor, bool),
}

/// One entry of the legend row.
#[derive(Clone, Debug)]
pub struct LegendEntry {
    /// The key drawn left of the label, 48 by 24 pixels.
    pub swatch: Swatch,
    /// What the swatch stands for: "Median run", "Target: below 1,000".
    pub label: String,
}

impl LegendEntry {
    /// An entry with this swatch and label.
    pub fn new(swatch: Swatch, label: impl Into<String>) -> Self {
        LegendEntry {
            swatch,
            label: label.into(),
        }
    }
}

const SWATCH_W: i32 = 48;
const SWATCH_H: i32 = 24;

fn draw_swatch<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    swatch: Swatch,
    x: i32,
    y: i32,
) -> DrawResult<(), DB> {
    let (x0, x1) = (x, x + SWATCH_W);
    let (y0, y1) = (y - SWATCH_H / 2, y + SWATCH_H / 2);
    match swatch {
        Swatch::Line(c, w) => {
            root.draw(&PathElement::new(vec![(x0, y), (x1, y)], c.stroke_width(w)))?;
        }
        Swatch::Dashed(c, w) => {
            for k in 0..3 {
                let a = x0 + k * 18;
                root.draw(&PathElement::new(
                    vec![(a, y), ((a + 12).min(x1), y)],
                    c.stroke_width(w),
                ))?;
            }
        }
        Swatch::Fill(c, alpha) => {
            root.draw(&Rectangle::new([(x0, y0), (x1, y1)], c.mix(alpha).filled()))?;
        }
        Swatch::Fan {
            color: c,
            dash,
            alpha50,
            alpha90,
        } => {
            root.draw(&Rectangle::new(
                [(x0, y0), (x1, y1)],
                c.mix(alpha90).filled(),
            ))?;
            root.draw(&Rectangle::new(
                [(x0, y - 7), (x1, y + 7)],
                c.mix(alpha50).filled(),
            ))?;
            let (on, off) = dash.map_or((SWATCH_W, 0), |(a, b)| (a as i32, b as i32));
            let mut a = x0;
            while a < x1 {
                root.draw(&PathElement::new(
                    vec![(a, y), ((a + on).min(x1), y)],
                    c.stroke_width(4),
                ))?;
                a += on + off;
            }
        }
        Swatch::Dot(c, filled) => {
            let centre = (x + SWATCH_W / 2, y);
            if filled {
                root.draw(&Circle::new(centre, 9, c.filled()))?;
            } else {
                root.draw(&Circle::new(centre, 9, c.stroke_width(3)))?;
            }
        }
        Swatch::Box(c) => {
            root.draw(&PathElement::new(vec![(x0, y), (x1, y)], c.stroke_width(3)))?;
            root.draw(&Rectangle::new(
                [(x0 + 12, y0 + 2), (x1 - 12, y1 - 2)],
                c.mix(BAND50_ALPHA).filled(),
            ))?;
            root.draw(&Rectangle::new(
                [(x0 + 12, y0 + 2), (x1 - 12, y1 - 2)],
                c.stroke_width(2),
            ))?;
            root.draw(&PathElement::new(
                vec![(x + SWATCH_W / 2, y0), (x + SWATCH_W / 2, y1)],
                INK.stroke_width(4),
            ))?;
        }
    }
    Ok(())
}

/// The largest size from `px` down to `min_px` at which `text` fits in `width` pixels.
fn fitting<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    text: &str,
    px: u32,
    min_px: u32,
    bold: bool,
    width: u32,
) -> DrawResult<u32, DB> {
    let mut size = px;
    while size > min_px {
        let style = if bold {
            bold_style(size, &TEXT)
        } else {
            text_style(size, &TEXT)
        };
        let (w, _) = root.estimate_text_size(text, &style)?;
        if w <= width {
            break;
        }
        size -= 2;
    }
    Ok(size)
}

/// Paints the page and its frame: title, subtitle, legend row and footer. Returns the
/// area left for the plot itself.
pub fn frame<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    info: &super::ChartInfo,
    legend: &[LegendEntry],
) -> DrawResult<DrawingArea<DB, Shift>, DB> {
    root.fill(&WHITE)?;
    let (w, h) = root.dim_in_pixel();
    let usable = w.saturating_sub(2 * MARGIN_X as u32);
    let top_left = Pos::new(HPos::Left, VPos::Top);

    let title_px = fitting(root, &info.title, TITLE_PX, 30, true, usable)?;
    root.draw_text(
        &info.title,
        &bold_style(title_px, &TEXT).pos(top_left),
        (MARGIN_X, 30),
    )?;
    let sub_px = fitting(root, &info.subtitle, SUBTITLE_PX, 18, false, usable)?;
    root.draw_text(
        &info.subtitle,
        &text_style(sub_px, &MUTED).pos(top_left),
        (MARGIN_X, 90),
    )?;

    // Legend entries in rows, wrapping when a row is full.
    let legend_font = text_style(LEGEND_PX, &TEXT);
    let row_h = 38;
    let mut x = MARGIN_X;
    let mut y = 150;
    let mut rows = 0;
    for entry in legend {
        let (tw, _) = root.estimate_text_size(&entry.label, &legend_font)?;
        let item_w = SWATCH_W + 12 + tw as i32 + 40;
        if x > MARGIN_X && x + item_w - 40 > w as i32 - MARGIN_X {
            x = MARGIN_X;
            y += row_h;
        }
        if x == MARGIN_X {
            rows += 1;
        }
        draw_swatch(root, entry.swatch, x, y)?;
        root.draw_text(
            &entry.label,
            &legend_font.pos(Pos::new(HPos::Left, VPos::Center)),
            (x + SWATCH_W + 12, y),
        )?;
        x += item_w;
    }

    let footer_px = fitting(root, &info.footer, FOOTER_PX, 12, false, usable)?;
    root.draw_text(
        &info.footer,
        &text_style(footer_px, &MUTED).pos(Pos::new(HPos::Left, VPos::Bottom)),
        (MARGIN_X, h as i32 - 16),
    )?;

    let top = if rows == 0 {
        140
    } else {
        150 + row_h * (rows - 1) + 34
    };
    let bottom = h as i32 - 52;
    Ok(root.clone().shrink(
        (MARGIN_X / 2, top),
        (w - MARGIN_X as u32, (bottom - top).max(100) as u32),
    ))
}

/// Builds the plot on `area` with both axes, grid lines at the ticks and labelled axes.
pub fn axes<'a, DB: DrawingBackend + 'a>(
    area: &'a DrawingArea<DB, Shift>,
    x: Axis,
    y: Axis,
) -> DrawResult<ChartContext<'a, DB, Coord>, DB> {
    let tick_font = text_style(TICK_PX, &TEXT);
    let mut y_label_w = 0;
    for k in &y.keys {
        let (tw, _) = area.estimate_text_size(&(y.label)(*k), &tick_font)?;
        y_label_w = y_label_w.max(tw);
    }
    let mut chart = ChartBuilder::on(area)
        .margin_top(10)
        .margin_right(40)
        .x_label_area_size(TICK_PX + AXIS_DESC_PX + 30)
        .y_label_area_size(y_label_w + AXIS_DESC_PX + 44)
        .build_cartesian_2d(
            Ticked {
                lo: x.lo,
                hi: x.hi,
                keys: x.keys.clone(),
            },
            Ticked {
                lo: y.lo,
                hi: y.hi,
                keys: y.keys.clone(),
            },
        )?;
    let x_label = &x.label;
    let y_label = &y.label;
    chart
        .configure_mesh()
        .bold_line_style(GRID.stroke_width(1))
        .axis_style(AXIS.stroke_width(2))
        .set_all_tick_mark_size(8)
        .label_style(tick_font.clone())
        .axis_desc_style(text_style(AXIS_DESC_PX, &TEXT))
        .x_label_formatter(&|v| x_label(*v))
        .y_label_formatter(&|v| y_label(*v))
        .x_desc(x.desc.as_str())
        .y_desc(y.desc.as_str())
        .draw()?;
    Ok(chart)
}

/// A band between two curves over the same x values, as one filled polygon.
pub fn band(
    lower: &[(f64, f64)],
    upper: &[(f64, f64)],
    color: RGBColor,
    alpha: f64,
) -> Polygon<(f64, f64)> {
    let mut points: Vec<(f64, f64)> = upper.to_vec();
    points.extend(lower.iter().rev().copied());
    Polygon::new(points, color.mix(alpha).filled())
}

/// ColorBrewer "Blues", 9 classes, light to dark.
pub const BLUES: [(u8, u8, u8); 9] = [
    (0xF7, 0xFB, 0xFF),
    (0xDE, 0xEB, 0xF7),
    (0xC6, 0xDB, 0xEF),
    (0x9E, 0xCA, 0xE1),
    (0x6B, 0xAE, 0xD6),
    (0x42, 0x92, 0xC6),
    (0x21, 0x71, 0xB5),
    (0x08, 0x51, 0x9C),
    (0x08, 0x30, 0x6B),
];

/// The scale's colour at `t` in `[0, 1]` (light to dark).
pub fn blue(t: f64) -> RGBColor {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let x = t * (BLUES.len() - 1) as f64;
    let i = (x.floor() as usize).min(BLUES.len() - 2);
    let f = x - i as f64;
    let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * f).round() as u8;
    let (a, b) = (BLUES[i], BLUES[i + 1]);
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Whether text on `c` should be white (relative luminance below 0.18, where white and
/// near-black give about the same contrast).
pub fn is_dark(c: RGBColor) -> bool {
    let lin = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.04045 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2) < 0.18
}

/// Colour of a cell without a number.
pub const MISSING: RGBColor = RGBColor(0xEE, 0xEE, 0xEE);

/// The largest size from `px` down to `min_px` at which every text fits in `width`.
pub fn fit_px<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    texts: &[&str],
    px: u32,
    min_px: u32,
    width: i32,
) -> DrawResult<u32, DB> {
    let mut size = px;
    while size > min_px {
        let font = text_style(size, &TEXT);
        let mut widest = 0;
        for t in texts {
            widest = widest.max(area.estimate_text_size(t, &font)?.0 as i32);
        }
        if widest <= width {
            break;
        }
        size -= 1;
    }
    Ok(size)
}

/// The colour key right of a heatmap grid (`grid_y0..grid_y1`) at `x`: "Colour scale", the
/// unit, a bar `bar_w` wide on the blue scale, dark (high) at the top, and the labels of
/// its ends.
#[allow(clippy::too_many_arguments)]
pub fn colour_key<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    x: i32,
    grid_y0: i32,
    grid_y1: i32,
    bar_w: i32,
    unit: &str,
    top_label: &str,
    bottom_label: &str,
) -> DrawResult<(), DB> {
    let tick = text_style(TICK_PX, &TEXT);
    let bar_y0 = grid_y0 + 2 * (TICK_PX as i32 + 10);
    let bar_y1 = (grid_y1 - 4).max(bar_y0 + 40);
    area.draw_text(
        "Colour scale",
        &tick.pos(Pos::new(HPos::Left, VPos::Top)),
        (x, grid_y0),
    )?;
    area.draw_text(
        unit,
        &text_style(TICK_PX, &MUTED).pos(Pos::new(HPos::Left, VPos::Top)),
        (x, grid_y0 + TICK_PX as i32 + 8),
    )?;
    let steps = 60.min(bar_y1 - bar_y0).max(1);
    for k in 0..steps {
        let a = bar_y0 + (bar_y1 - bar_y0) * k / steps;
        let b = bar_y0 + (bar_y1 - bar_y0) * (k + 1) / steps;
        let t = 1.0 - (f64::from(k) + 0.5) / f64::from(steps);
        area.draw(&Rectangle::new(
            [(x, a), (x + bar_w, b.max(a + 1))],
            blue(t).filled(),
        ))?;
    }
    area.draw(&Rectangle::new(
        [(x, bar_y0), (x + bar_w, bar_y1)],
        AXIS.stroke_width(1),
    ))?;
    area.draw_text(
        top_label,
        &tick.pos(Pos::new(HPos::Left, VPos::Top)),
        (x + bar_w + 12, bar_y0),
    )?;
    area.draw_text(
        bottom_label,
        &tick.pos(Pos::new(HPos::Left, VPos::Bottom)),
        (x + bar_w + 12, bar_y1),
    )?;
    Ok(())
}

/// The error for an input file that is not what leverage writes.
pub fn parse_error(path: &Path, message: impl Into<String>) -> super::PlotError {
    super::PlotError::Parse {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands_and_keeps_decimals() {
        assert_eq!(group(1234567.0, 0), "1,234,567");
        assert_eq!(group(999.0, 0), "999");
        assert_eq!(group(1500.25, 1), "1,500.2");
        assert_eq!(group(-2500.0, 0), "-2,500");
        assert_eq!(group(-0.01, 0), "0");
    }

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        let (t, step) = nice_ticks(0.0, 1700.0, 6, 0.0);
        assert_eq!(step, 500.0);
        assert_eq!(t, vec![0.0, 500.0, 1000.0, 1500.0]);
        let (_, step) = nice_ticks(0.0, 3.0, 6, 1.0);
        assert_eq!(step, 1.0);
    }

    #[test]
    fn month_labels_fall_on_calendar_steps() {
        let start: YearMonth = "2024-07".parse().unwrap();
        let keys = month_keys(start, 60, 10);
        // 2024-07, 2025-01, ... every six months.
        assert_eq!(keys, vec![0, 6, 12, 18, 24, 30, 36, 42, 48, 54]);
        let keys = month_keys(start, 12, 10);
        assert_eq!(keys, vec![0, 2, 4, 6, 8, 10]);
        let keys = month_keys(start, 240, 10);
        assert!(keys.len() <= 10 && keys.iter().all(|m| start.plus(*m as i32).month() == 1));
    }
}
