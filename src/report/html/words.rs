//! Numbers and labels for people: counts, signed differences, shares of runs, amounts
//! with units, metric labels and definitions, and the scenario as a command-line argument.
//!
//! Owns how a value reads in a sentence or a cell. Must not build page structure (that is
//! [`super::page`] and the pages) and must pass any text from a file through
//! [`super::escape::esc`].

use super::escape::esc;
use crate::report::fmt;
use std::fmt::Write as _;

/// A count for people: whole numbers without decimals, others as [`fmt`].
pub(super) fn num(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        let s = fmt(v.round());
        s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
    } else {
        fmt(v)
    }
}

/// A difference with its sign: `+12.3`, `-4`, `0`.
pub(super) fn signed(v: f64) -> String {
    let s = num(v);
    if v > 0.0 && s != "0" && s != "0.0" {
        format!("+{s}")
    } else {
        s
    }
}

/// A share of runs in words that never round a rare event to nothing.
pub(super) fn pct(share: f64) -> String {
    if share <= 0.0 {
        "0%".into()
    } else if share >= 1.0 {
        "100%".into()
    } else if share < 0.005 {
        "under 1%".into()
    } else if share > 0.995 {
        "over 99%".into()
    } else {
        format!("{:.0}%", 100.0 * share)
    }
}

/// An amount with its unit, for sentences: "524 people", "USD 8,053 m".
pub(super) fn amount(v: f64, unit: &str) -> String {
    match unit {
        "USD m" => format!("USD {}&nbsp;m", num(v)),
        "USD m eq." => format!("USD {}&nbsp;m equivalent", num(v)),
        "count" => num(v),
        u => format!("{} {}", num(v), esc(u)),
    }
}

/// The unit as the table shows it.
pub(super) fn unit_label(unit: &str) -> &str {
    match unit {
        "USD m eq." => "USD m equiv.",
        u => u,
    }
}

/// A metric's short label and its definition (from `docs/model.md`, section 9).
pub(super) fn metric_info(name: &str) -> (String, &'static str) {
    crate::results::metric_label(name)
}

/// A metric's cell: its label, its name as in the files, and its definition.
pub(super) fn metric_cell(name: &str) -> String {
    let (label, definition) = metric_info(name);
    let mut cell = format!(
        "<span class=\"label\">{}</span> <code>{}</code>",
        esc(&label),
        esc(name)
    );
    if !definition.is_empty() {
        let _ = write!(cell, "<span class=\"def\">{}</span>", esc(definition));
    }
    cell
}

/// A metric's label in lower case, for the middle of a sentence.
pub(super) fn label_lower(name: &str) -> String {
    let (label, _) = metric_info(name);
    let mut chars = label.chars();
    match chars.next() {
        // Keep "US", "EU" and the like as they are.
        Some(c) if !chars.clone().next().is_some_and(|d| d.is_uppercase()) => {
            c.to_lowercase().chain(chars).collect()
        }
        _ => label,
    }
}

/// "baseline" for a bundled scenario, the path otherwise, quoted for a shell if needed.
pub(super) fn scenario_argument(path: &str) -> String {
    if let Some(name) = path
        .strip_prefix("<embedded>/")
        .and_then(|p| p.strip_suffix(".toml"))
    {
        return name.to_string();
    }
    if !path.is_empty()
        && path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-/+".contains(c))
    {
        path.to_string()
    } else {
        format!("'{}'", path.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_never_round_a_rare_event_away() {
        assert_eq!(pct(0.0), "0%");
        assert_eq!(pct(0.001), "under 1%");
        assert_eq!(pct(0.4567), "46%");
        assert_eq!(pct(0.999), "over 99%");
        assert_eq!(pct(1.0), "100%");
    }

    #[test]
    fn counts_drop_a_zero_decimal() {
        assert_eq!(num(524.0), "524");
        assert_eq!(num(10.07), "10.1");
        assert_eq!(num(3155.5), "3,156");
        assert_eq!(signed(3.0), "+3");
        assert_eq!(signed(-2.5), "-2.5");
        assert_eq!(signed(0.0), "0");
    }

    #[test]
    fn bundled_scenarios_reproduce_by_name() {
        assert_eq!(scenario_argument("<embedded>/baseline.toml"), "baseline");
        assert_eq!(
            scenario_argument("scenarios/cycle.toml"),
            "scenarios/cycle.toml"
        );
        assert_eq!(scenario_argument("my file.toml"), "'my file.toml'");
    }
}
