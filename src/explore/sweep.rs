//! Sweeps: a scenario run at every point of a 1-D or 2-D grid of parameter values.
//!
//! Every cell is a batch of the same runs with the same seed, so that a cell gives
//! exactly what `leverage run` gives for the scenario with that value, and neighbouring
//! cells share their random numbers (differences between cells come from the parameter,
//! not from luck).

use super::ExploreError;
use crate::engine::{BatchOptions, Collector, Prepared, run_batch};
use crate::scenario::{Editable, KeyPath, Scenario, ScenarioError};

/// The most cells a sweep may have: a 2-D grid of 100 x 100.
pub const MAX_CELLS: usize = 10_000;

/// The most values one `a..b:step` range may expand to.
const MAX_RANGE_VALUES: usize = 10_000;

/// One axis of a sweep: a parameter and the values it takes.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepAxis {
    /// The scenario key it sets (`prisoners.arrests_per_month`); it must already be in
    /// the scenario.
    pub path: KeyPath,
    /// The values it takes, in the order given, with no value twice.
    pub values: Vec<f64>,
}

impl SweepAxis {
    /// Parses `KEY=V1,V2,...`, where each item is a number or a range `a..b:step` (from a
    /// to b inclusive, by step).
    pub fn parse(text: &str) -> Result<SweepAxis, ExploreError> {
        let Some((key, list)) = text.split_once('=') else {
            return Err(ExploreError::NoValues {
                text: text.to_string(),
            });
        };
        let path = KeyPath::parse(key.trim())?;
        let mut values = Vec::new();
        for item in list.split(',').map(str::trim) {
            if item.is_empty() {
                return Err(ExploreError::EmptyValue {
                    key: key.to_string(),
                    list: list.to_string(),
                });
            }
            if let Some((from, rest)) = item.split_once("..") {
                values.extend(parse_range(key, from, rest)?);
            } else {
                values.push(parse_number(key, item)?);
            }
        }
        let mut seen = values.clone();
        seen.sort_by(f64::total_cmp);
        if let Some(w) = seen.windows(2).find(|w| w[0] == w[1]) {
            return Err(ExploreError::Twice {
                key: key.to_string(),
                value: w[0],
            });
        }
        Ok(SweepAxis { path, values })
    }
}

fn parse_number(key: &str, text: &str) -> Result<f64, ExploreError> {
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(ExploreError::NotANumber {
            key: key.to_string(),
            text: text.to_string(),
        }),
    }
}

fn parse_range(key: &str, from: &str, rest: &str) -> Result<Vec<f64>, ExploreError> {
    let Some((to, step)) = rest.split_once(':') else {
        return Err(ExploreError::NoStep {
            key: key.to_string(),
            from: from.to_string(),
            rest: rest.to_string(),
        });
    };
    let range = || {
        (
            key.to_string(),
            from.to_string(),
            to.to_string(),
            step.to_string(),
        )
    };
    let (a, b, s) = (
        parse_number(key, from)?,
        parse_number(key, to)?,
        parse_number(key, step)?,
    );
    if s <= 0.0 || b < a {
        let (key, from, to, step) = range();
        return Err(ExploreError::RangeDown {
            key,
            from,
            to,
            step,
        });
    }
    // Whole steps from a, keeping b when rounding would lose it by a hair.
    let n = ((b - a) / s + 1e-9).floor();
    if n + 1.0 > MAX_RANGE_VALUES as f64 {
        let (key, from, to, step) = range();
        return Err(ExploreError::RangeTooLong {
            key,
            from,
            to,
            step,
            most: MAX_RANGE_VALUES,
        });
    }
    // a + i*step, rounded to the step's decimals so that 0.1 steps print as 0.3, not
    // 0.30000000000000004.
    let decimals = decimals_of(step).max(decimals_of(from));
    let scale = 10f64.powi(decimals as i32);
    Ok((0..=n as usize)
        .map(|i| ((a + i as f64 * s) * scale).round() / scale)
        .collect())
}

/// Digits after the decimal point in a number as written.
fn decimals_of(text: &str) -> usize {
    text.trim()
        .split_once('.')
        .map_or(0, |(_, d)| {
            d.chars().take_while(char::is_ascii_digit).count()
        })
        .min(12)
}

/// A cell of a sweep: the values of the axes, and the batch's statistics.
#[derive(Debug, Clone)]
pub struct SweepCell {
    /// One value per axis.
    pub values: Vec<f64>,
    /// The scenario with those values set, validated.
    pub scenario: Scenario,
    /// The cell's batch: what `leverage run` of that scenario would summarise.
    pub stats: Collector,
}

/// A finished sweep, cells in row-major order (the last axis varies fastest).
#[derive(Debug, Clone)]
pub struct Sweep {
    /// The axes, in the order given (one for a 1-D sweep, two for a 2-D one).
    pub axes: Vec<SweepAxis>,
    /// Every cell, in row-major order.
    pub cells: Vec<SweepCell>,
    /// Runs per cell.
    pub runs: u64,
    /// The master seed, the same in every cell.
    pub seed: u64,
}

/// The scenario of every cell, in row-major order, each validated: a value that the
/// scenario rejects fails here, before anything is simulated.
pub fn cell_scenarios(
    base: &Scenario,
    axes: &[SweepAxis],
) -> Result<Vec<(Vec<f64>, Scenario)>, ScenarioError> {
    let editable = Editable::new(base)?;
    let invalid = |message: String| ScenarioError::Invalid {
        path: base.source.path.clone(),
        problems: vec![crate::scenario::Problem {
            key: String::new(),
            line_col: None,
            message,
        }],
    };
    for axis in axes {
        editable
            .get(&axis.path)
            .map_err(|e| invalid(e.to_string()))?;
    }
    let cells: usize = axes.iter().map(|a| a.values.len()).product();
    if cells > MAX_CELLS {
        return Err(invalid(format!(
            "the sweep has {cells} cells; at most {MAX_CELLS} are allowed"
        )));
    }
    let mut out = Vec::with_capacity(cells);
    for i in 0..cells {
        let mut rest = i;
        let mut values = vec![0.0; axes.len()];
        for (k, axis) in axes.iter().enumerate().rev() {
            values[k] = axis.values[rest % axis.values.len()];
            rest /= axis.values.len();
        }
        let set: Vec<(&KeyPath, f64)> = axes
            .iter()
            .zip(&values)
            .map(|(a, v)| (&a.path, *v))
            .collect();
        let scenario = editable.with(&set).map_err(|e| match e {
            ScenarioError::Invalid { path, problems } => {
                let at = axes
                    .iter()
                    .zip(&values)
                    .map(|(a, v)| format!("{} = {v}", a.path))
                    .collect::<Vec<_>>()
                    .join(", ");
                // The path carries the values set, which a line and column would run into.
                ScenarioError::Invalid {
                    path: format!("{path} with {at}"),
                    problems: problems
                        .into_iter()
                        .map(|p| crate::scenario::Problem {
                            line_col: None,
                            ..p
                        })
                        .collect(),
                }
            }
            other => other,
        })?;
        out.push((values, scenario));
    }
    Ok(out)
}

/// Runs every cell with the same seed and runs. `progress` gets the runs done over all
/// cells.
pub fn run_sweep(
    base: &Scenario,
    axes: &[SweepAxis],
    opts: &BatchOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> crate::Result<Sweep> {
    let scenarios = cell_scenarios(base, axes)?;
    let mut cells = Vec::with_capacity(scenarios.len());
    for (k, (values, scenario)) in scenarios.into_iter().enumerate() {
        let prepared = Prepared::new(&scenario);
        let done_before = k as u64 * opts.runs;
        let stats = run_batch(&prepared, opts, &mut |_| Ok(()), &|d| {
            progress(done_before + d)
        })?;
        cells.push(SweepCell {
            values,
            scenario,
            stats,
        });
    }
    Ok(Sweep {
        axes: axes.to_vec(),
        cells,
        runs: opts.runs,
        seed: opts.seed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_ranges_expand() {
        let a = SweepAxis::parse("prisoners.arrests_per_month=20..80:20").unwrap();
        assert_eq!(a.values, vec![20.0, 40.0, 60.0, 80.0]);
        let b = SweepAxis::parse("x.y=0..0.3:0.1,1").unwrap();
        assert_eq!(b.values, vec![0.0, 0.1, 0.2, 0.3, 1.0]);
        let c = SweepAxis::parse("x=1, 2.5 ,7").unwrap();
        assert_eq!(c.values, vec![1.0, 2.5, 7.0]);
        // A step that does not land on b stops before it.
        let d = SweepAxis::parse("x=0..10:3").unwrap();
        assert_eq!(d.values, vec![0.0, 3.0, 6.0, 9.0]);
    }

    #[test]
    fn bad_specs_say_how_to_write_them() {
        for (bad, says) in [
            ("x", "KEY=VALUES"),
            ("x=", "empty value"),
            ("x=1,,2", "empty value"),
            ("x=a", "not a number"),
            ("x=nan", "not a number"),
            ("x=1..5", "no step"),
            ("x=5..1:1", "must go up"),
            ("x=1..5:0", "must go up"),
            ("x=0..1e9:1", "more than"),
            ("x=1,2,1", "given twice"),
            ("x y=1", "not a parameter path"),
        ] {
            let e = SweepAxis::parse(bad).unwrap_err().to_string();
            assert!(e.contains(says), "{bad}: {e}");
        }
    }

    #[test]
    fn cells_are_row_major_and_validated() {
        let base = Scenario::bundled("baseline").unwrap();
        let axes = [
            SweepAxis::parse("prisoners.arrests_per_month=30,60").unwrap(),
            SweepAxis::parse("regime.holiday_pardons=0,10,20").unwrap(),
        ];
        let cells = cell_scenarios(&base, &axes).unwrap();
        let got: Vec<Vec<f64>> = cells.iter().map(|(v, _)| v.clone()).collect();
        assert_eq!(got[1], vec![30.0, 10.0]);
        assert_eq!(got[3], vec![60.0, 0.0]);
        assert_eq!(cells[4].1.prisoners.arrests_per_month, 60.0);
        assert_eq!(cells[4].1.regime.holiday_pardons, 10);

        let bad = [SweepAxis::parse("releases.refusal_probability=0.5,2").unwrap()];
        let e = cell_scenarios(&base, &bad).unwrap_err().to_string();
        assert!(
            e.contains("with releases.refusal_probability = 2: `releases.refusal_probability`")
                && e.contains("[0, 1]"),
            "{e}"
        );
        let missing = [SweepAxis::parse("prisoners.rate=1").unwrap()];
        let e = cell_scenarios(&base, &missing).unwrap_err().to_string();
        assert!(e.contains("arrests_per_month"), "{e}");
    }
}
