//! Words and numbers for the narration: counts with thousands separators, prisoners with
//! their class, a counterpart and its verb, prices, metric values with units, months,
//! ordinals, and the names of release sources, modes and strategies.
//!
//! Owns how a value reads in a trace. Must not build whole sentences about events: that
//! is `events`.

use crate::engine::run::{Counterpart, ReleaseSource};
use crate::model::decision::MenuItem;
use crate::report::fmt;
use crate::results::metric_unit;
use crate::scenario::{ReleaseMode, WestActor, WestStrategyName};
use crate::strategy::regime::best_response::Choice;
use serde_json::Value;

/// A count with thousands separators and no decimals.
pub(super) fn count(n: u64) -> String {
    if n >= 1000 {
        fmt(n as f64)
    } else {
        n.to_string()
    }
}

/// "1 ordinary prisoner", "50 ordinary prisoners"; `class` may be empty.
pub(super) fn prisoners(n: u64, class: &str) -> String {
    let noun = if n == 1 { "prisoner" } else { "prisoners" };
    if class.is_empty() {
        format!("{} {noun}", count(n))
    } else {
        format!("{} {class} {noun}", count(n))
    }
}

/// The verb of a counterpart: "us counters", "us and eu counter".
pub(super) fn verb(cp: Counterpart, singular: &'static str) -> String {
    match cp {
        Counterpart::UsAndEu => singular.strip_suffix('s').unwrap_or(singular).to_string(),
        Counterpart::One(_) => singular.to_string(),
    }
}

/// An expected count (a rate times months), rounded to a whole number of people.
pub(super) fn count_f(x: f64) -> String {
    count(x.max(0.0).round() as u64)
}

/// A price per prisoner: two decimals, as the scenario's prices are fractions of a million.
pub(super) fn price_text(p: f64) -> String {
    if p.abs() >= 1000.0 {
        fmt(p)
    } else {
        format!("{p:.2}")
    }
}

/// A metric's value with its unit, for the header ("1,380 people"); "none" for an
/// optional metric the run lacks.
pub(super) fn metric_value(name: &str, v: f64) -> String {
    if !v.is_finite() {
        return "none (the run never got there)".into();
    }
    let shown = if v.fract() == 0.0 && v >= 0.0 {
        count(v as u64)
    } else {
        fmt(v)
    };
    match metric_unit(name) {
        "count" => shown,
        unit => format!("{shown} {unit}"),
    }
}

/// "1 month", "14 months".
pub(super) fn months_phrase(n: u32) -> String {
    if n == 1 {
        "1 month".into()
    } else {
        format!("{} months", count(n.into()))
    }
}

/// 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st.
pub(super) fn ordinal(n: u64) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// A Western actor as people write it: "the US", "the EU", "Lithuania", "Poland".
pub(super) fn actor_name(a: WestActor) -> &'static str {
    match a {
        WestActor::Us => "the US",
        WestActor::Eu => "the EU",
        WestActor::Lithuania => "Lithuania",
        WestActor::Poland => "Poland",
    }
}

/// Who a round is with: "the US", or "the US and the EU" when they bargain together.
pub(super) fn who(cp: Counterpart) -> String {
    match cp {
        Counterpart::One(a) => actor_name(a).into(),
        Counterpart::UsAndEu => "the US and the EU".into(),
    }
}

/// Why a release happened, as the text and the JSON name it.
pub(super) fn source_name(source: ReleaseSource) -> &'static str {
    match source {
        ReleaseSource::Strategy => "unilateral",
        ReleaseSource::Holiday => "holiday pardon",
        ReleaseSource::Deal => "deal",
    }
}

/// How prisoners are released, as the text and the JSON name it.
pub(super) fn mode_name(mode: ReleaseMode) -> &'static str {
    match mode {
        ReleaseMode::Home => "home",
        ReleaseMode::Deportation => "deportation",
    }
}

/// A name as written in a scenario file (`release-first`).
pub(super) fn kebab<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(Value::String(s)) => s,
        _ => "?".into(),
    }
}
/// A choosing regime's decision in words: "release 25 at home", "offer to deport 50",
/// "hold".
pub(super) fn choice_text(choice: Choice) -> String {
    let release = |item: MenuItem, home: &str, deport: &str| match item.mode {
        ReleaseMode::Home => format!("{home} {}", count(item.count)),
        ReleaseMode::Deportation => format!("{deport} {}", count(item.count)),
    };
    match choice {
        Choice::Hold => "hold".into(),
        Choice::Release(item) => {
            let mut s = release(item, "release", "deport");
            if item.mode == ReleaseMode::Home {
                s.push_str(" at home");
            }
            s
        }
        Choice::NoOffer => "make no offer".into(),
        Choice::Offer(item) => release(item, "offer", "offer to deport"),
        Choice::Accept => "accept".into(),
        Choice::Reject => "refuse".into(),
    }
}

/// A utility with its sign and one decimal: "+2.1", "-0.4".
pub(super) fn signed(v: f64) -> String {
    format!("{v:+.1}")
}

/// The regime's beliefs in words: "the US at 70% transactional, the EU at 55%
/// release-first, ...".
pub(super) fn beliefs_text(beliefs: &[(WestStrategyName, f64); 4]) -> String {
    let names = ["the US", "the EU", "Lithuania", "Poland"];
    names
        .iter()
        .zip(beliefs)
        .map(|(who, (ty, p))| format!("{who} at {:.0}% {}", p * 100.0, ty.name()))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_have_thousands_separators_and_no_decimals() {
        assert_eq!(count(7), "7");
        assert_eq!(count(1401), "1,401");
        assert_eq!(count_f(99.6), "100");
        assert_eq!(price_text(0.714), "0.71");
        assert_eq!(ordinal(1), "1st");
        assert_eq!(ordinal(12), "12th");
        assert_eq!(ordinal(22), "22nd");
        assert_eq!(metric_value("final_stock", 1380.0), "1,380 people");
        assert_eq!(metric_value("deals", 2.0), "2");
        assert_eq!(metric_value("sanctions_cost", 1234.56), "1,235 USD m");
        assert_eq!(
            metric_value("months_to_first_deal", f64::INFINITY),
            "none (the run never got there)"
        );
    }
}
