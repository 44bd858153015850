//! The metric registry: every per-run metric once, with its unit, its words in tables,
//! reports and charts, and which way is better. [`RUN_METRICS`], [`metric_unit`],
//! [`metric_label`], [`chart_words`] and [`better_direction`] are read from it, so a new
//! metric is one row here (and its value in `engine::RunOutcome::metrics`, in the same
//! order: `tests/report.rs` checks that the two lists agree).

/// Which way a metric is better, from the Western governments' stated aim (fewer
/// political prisoners, no hostage-taking rewarded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    /// More is better for the West's aim: released, a Western government's payoff.
    Higher,
    /// Less is better: new arrests, the final stock, deaths in custody.
    Lower,
    /// A cost to one side that is a gain to the other, or a count that is neither good
    /// nor bad in itself.
    Neither,
}

impl Better {
    /// +1 higher, -1 lower, 0 neither.
    pub fn sign(self) -> i8 {
        match self {
            Better::Higher => 1,
            Better::Lower => -1,
            Better::Neither => 0,
        }
    }

    /// "higher", "lower" or "neither", as in `comparison.json`.
    pub fn word(self) -> &'static str {
        match self {
            Better::Higher => "higher",
            Better::Lower => "lower",
            Better::Neither => "neither",
        }
    }
}

/// One metric of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Metric {
    /// As in `runs.csv`, `summary.json` and `--metric`.
    pub name: &'static str,
    /// "people", "USD m", "USD m eq.", "years", "months" or "count".
    pub unit: &'static str,
    /// A short label for tables: "Released by the regime".
    pub label: &'static str,
    /// What it counts (`docs/model.md`, section 9).
    pub definition: &'static str,
    /// On a chart: (title phrase, axis phrase); `None` for the name in words.
    pub chart: Option<(&'static str, &'static str)>,
    /// Which way is better: the `better` of `comparison.json` and the share of paired runs
    /// that `compare` counts as better.
    pub better: Better,
}

const fn m(
    name: &'static str,
    unit: &'static str,
    label: &'static str,
    definition: &'static str,
    chart: Option<(&'static str, &'static str)>,
    better: Better,
) -> Metric {
    Metric {
        name,
        unit,
        label,
        definition,
        chart,
        better,
    }
}

const PEOPLE: &str = "people";
const USD: &str = "USD m";
const USD_EQ: &str = "USD m eq.";
const COUNT: &str = "count";
const MONTHS: &str = "months";
use Better::{Higher, Lower, Neither};

const RELIEF_BY_ACTOR: &str = "the same, for that actor's measures only";
const UTILITY_OF_ACTOR: &str = "that government's discounted utility (model section 7.12)";

/// Every per-run metric, in the order of `runs.csv` and `summary.json`.
pub const METRICS: [Metric; 33] = [
    m(
        "initial_stock",
        PEOPLE,
        "Held at the start",
        "political prisoners held at the start of the first month",
        None,
        Neither,
    ),
    m(
        "new_arrests",
        PEOPLE,
        "Newly jailed",
        "new political prisoners over the run: the usual rate, repression waves, \
         re-arrests and crackdowns",
        Some(("New political prisoners", "New political prisoners per run")),
        Lower,
    ),
    m(
        "rearrested",
        PEOPLE,
        "Re-arrested after release",
        "people the regime released at home and arrested again (also in new political \
         prisoners)",
        None,
        Lower,
    ),
    m(
        "released",
        PEOPLE,
        "Released by the regime",
        "prisoners freed by the regime, at home or by deportation (refusers not counted)",
        Some((
            "Prisoners released by the regime",
            "Prisoners released per run",
        )),
        Higher,
    ),
    m(
        "deported",
        PEOPLE,
        "Released by deportation",
        "of those released, those deported",
        Some(("Prisoners released by deportation", "Deported per run")),
        Neither,
    ),
    m(
        "refused_deportation",
        PEOPLE,
        "Refused deportation",
        "prisoners chosen for deportation who refused and stayed in prison",
        None,
        Neither,
    ),
    m(
        "sentence_completions",
        PEOPLE,
        "Freed at end of sentence",
        "prisoners freed when their sentence ran out",
        Some((
            "Prisoners freed at the end of their sentence",
            "Sentences completed per run",
        )),
        Neither,
    ),
    m(
        "deaths_in_custody",
        PEOPLE,
        "Deaths in custody",
        "deaths in custody",
        Some(("Deaths in custody", "Deaths per run")),
        Lower,
    ),
    m(
        "final_stock",
        PEOPLE,
        "Held at the end",
        "political prisoners held at the end of the last month",
        Some((
            "Political prisoners still held at the end",
            "Held at the end",
        )),
        Lower,
    ),
    m(
        "prisoner_years_forgiven",
        "years",
        "Sentence forgiven",
        "the remaining sentences of the prisoners released, summed",
        None,
        Higher,
    ),
    m(
        "relief_granted",
        USD,
        "Sanctions relief granted",
        "value to the regime of lifted measures, summed over months, after the transit \
         veto and net of the Russian cushion",
        Some((
            "Sanctions relief granted to the regime",
            "Relief granted per run",
        )),
        Neither,
    ),
    m(
        "relief_granted_us",
        USD,
        "Relief granted by the US",
        RELIEF_BY_ACTOR,
        None,
        Neither,
    ),
    m(
        "relief_granted_eu",
        USD,
        "Relief granted by the EU",
        RELIEF_BY_ACTOR,
        None,
        Neither,
    ),
    m(
        "relief_granted_lithuania",
        USD,
        "Relief granted by Lithuania",
        RELIEF_BY_ACTOR,
        None,
        Neither,
    ),
    m(
        "relief_granted_poland",
        USD,
        "Relief granted by Poland",
        RELIEF_BY_ACTOR,
        None,
        Neither,
    ),
    m(
        "sanctions_cost",
        USD,
        "Cost of sanctions to the regime",
        "cost the regime bears, summed over months, net of the Russian cushion",
        Some(("Cost of sanctions to the regime", "Sanctions cost per run")),
        Neither,
    ),
    m(
        "packages_imposed",
        COUNT,
        "Sanctions packages imposed",
        "reserve packages imposed, all actors",
        None,
        Neither,
    ),
    m(
        "measures_lifted",
        COUNT,
        "Measures lifted",
        "lifts by all actors, in decisions and deals; a measure lifted twice counts twice",
        None,
        Neither,
    ),
    m(
        "measures_reimposed",
        COUNT,
        "Measures re-imposed",
        "re-impositions of lifted measures, all actors",
        None,
        Neither,
    ),
    m(
        "repression_waves",
        COUNT,
        "Repression waves",
        "repression waves started, random and scheduled",
        Some(("Repression waves", "Waves per run")),
        Neither,
    ),
    m(
        "deals",
        COUNT,
        "Release deals",
        "deals made with any counterpart; each frees at least one prisoner",
        Some(("Release deals made", "Deals per run")),
        Neither,
    ),
    m(
        "deadlock_months",
        MONTHS,
        "Months of deadlock",
        "months with an offer on the table and no deal",
        None,
        Lower,
    ),
    m(
        "cycles",
        COUNT,
        "Repression-release cycles",
        "completed cycles of repression, sanctions, release and relief",
        None,
        Lower,
    ),
    m(
        "reneged_by_regime",
        COUNT,
        "Deals the regime broke",
        "deals followed by arrests above the agreed limit",
        None,
        Lower,
    ),
    m(
        "reneged_by_west",
        COUNT,
        "Deals a Western actor broke",
        "deals broken by withholding or re-imposing relief; one per actor and deal",
        None,
        Lower,
    ),
    m(
        "hardliner_blocks",
        COUNT,
        "Hardliner blocks",
        "times the hardliners' discontent passed its threshold and they blocked releases",
        None,
        Lower,
    ),
    m(
        "eu_measures_lapsed",
        COUNT,
        "EU measures lapsed",
        "EU measures that lapsed because a member vetoed their yearly renewal (also counted \
         in measures_lifted)",
        None,
        Neither,
    ),
    m(
        "eu_lifts_vetoed",
        COUNT,
        "EU lifts vetoed",
        "times a member vetoed the EU's lifting of measures, by decision or in a deal",
        None,
        Neither,
    ),
    m(
        "regime_utility",
        USD_EQ,
        "Payoff to the regime",
        "the regime's discounted utility (model section 7.12)",
        None,
        Neither,
    ),
    m(
        "utility_us",
        USD_EQ,
        "Payoff to the US",
        UTILITY_OF_ACTOR,
        None,
        Higher,
    ),
    m(
        "utility_eu",
        USD_EQ,
        "Payoff to the EU",
        UTILITY_OF_ACTOR,
        None,
        Higher,
    ),
    m(
        "utility_lithuania",
        USD_EQ,
        "Payoff to Lithuania",
        UTILITY_OF_ACTOR,
        None,
        Higher,
    ),
    m(
        "utility_poland",
        USD_EQ,
        "Payoff to Poland",
        UTILITY_OF_ACTOR,
        None,
        Higher,
    ),
];

/// Metrics that only some runs have (months until something happened), in the order of
/// `engine::OPTIONAL_METRICS`.
pub const OPTIONAL: [Metric; 2] = [
    m(
        "months_to_target",
        MONTHS,
        "Months to target",
        "months until the stock first fell below the target, over the runs where it did",
        Some((
            "Months until the stock fell below the target",
            "Months to target",
        )),
        Neither,
    ),
    m(
        "months_to_first_deal",
        MONTHS,
        "Months to first deal",
        "months until the first deal, over the runs with a deal",
        Some(("Months until the first deal", "Months to first deal")),
        Neither,
    ),
];

/// The names of [`METRICS`], in order.
pub const RUN_METRICS: [&str; METRICS.len()] = {
    let mut names = [""; METRICS.len()];
    let mut i = 0;
    while i < METRICS.len() {
        names[i] = METRICS[i].name;
        i += 1;
    }
    names
};

/// The names of [`OPTIONAL`], in order.
pub const OPTIONAL_METRICS: [&str; OPTIONAL.len()] = [OPTIONAL[0].name, OPTIONAL[1].name];

/// The metrics whose distributions are saved in `histograms.json` (and drawn by `plot`),
/// in that file's order.
pub const HISTOGRAM_METRICS: [&str; 6] = [
    "released",
    "new_arrests",
    "final_stock",
    "relief_granted",
    "deals",
    "sanctions_cost",
];

/// Bins per histogram.
pub const HISTOGRAM_BINS: usize = 40;

/// The series of `monthly.csv`, in the order of `engine::MONTHLY_SERIES`.
pub const MONTHLY_SERIES: [&str; 4] = ["stock", "released", "arrests", "sanctions_cost"];

/// A metric by name, per-run or optional.
pub fn find(name: &str) -> Option<&'static Metric> {
    METRICS.iter().chain(&OPTIONAL).find(|m| m.name == name)
}

/// Every metric's name, per-run then optional, in report order.
pub fn all_names() -> impl Iterator<Item = &'static str> {
    METRICS.iter().chain(&OPTIONAL).map(|m| m.name)
}

/// A metric's rank in report order (per-run, then optional); unknown names last.
pub fn rank(name: &str) -> usize {
    all_names().position(|k| k == name).unwrap_or(usize::MAX)
}

/// A metric's unit; "count" for a name not in the registry.
pub fn metric_unit(name: &str) -> &'static str {
    find(name).map_or(COUNT, |m| m.unit)
}

/// A metric's short label and its definition; the name in words and no definition for a
/// name not in the registry.
pub fn metric_label(name: &str) -> (String, &'static str) {
    match find(name) {
        Some(m) => (m.label.to_string(), m.definition),
        None => (name.replace('_', " "), ""),
    }
}

/// What a metric is called on a chart: `(title phrase, axis phrase)`.
pub fn chart_words(name: &str) -> (String, String) {
    match find(name).and_then(|m| m.chart) {
        Some((title, axis)) => (title.to_string(), axis.to_string()),
        None => (name.replace('_', " "), name.replace('_', " ")),
    }
}

/// Which way a metric is better; neither for a name not in the registry.
pub fn better_direction(name: &str) -> Better {
    find(name).map_or(Neither, |m| m.better)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique() {
        let names: Vec<&str> = all_names().collect();
        for (i, n) in names.iter().enumerate() {
            assert!(!names[..i].contains(n), "{n} twice");
        }
    }

    #[test]
    fn every_selection_names_a_metric() {
        for n in HISTOGRAM_METRICS {
            assert!(find(n).is_some(), "{n}");
        }
    }

    #[test]
    fn units_and_directions() {
        assert_eq!(metric_unit("prisoner_years_forgiven"), "years");
        assert_eq!(metric_unit("relief_granted_eu"), "USD m");
        assert_eq!(metric_unit("utility_us"), "USD m eq.");
        assert_eq!(metric_unit("months_to_first_deal"), "months");
        assert_eq!(metric_unit("final_stock"), "people");
        assert_eq!(metric_unit("deals"), "count");
        assert_eq!(better_direction("released"), Better::Higher);
        assert_eq!(better_direction("final_stock"), Better::Lower);
        assert_eq!(better_direction("relief_granted"), Better::Neither);
        assert_eq!(better_direction("regime_utility"), Better::Neither);
        assert_eq!(better_direction("utility_us"), Better::Higher);
    }
}
