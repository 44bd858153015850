//! From the file as written to a validated [`Scenario`]: ranges, sums and names.
//!
//! Collects every problem rather than stopping at the first, so that a user fixes a file
//! in one pass. Each problem carries the key path; `mod.rs` adds line and column.

use super::dist::DistSpec;
use super::message::num;
use super::raw::{self, MeasureStatus, RawScenario, WestStrategyName};
use super::types::{
    Events, Measure, Period, PrisonerClass, Prisoners, Problem, Regime, ReleaseSelection, Releases,
    Scenario, ScheduledContact, Source, Switch, Target, Targets, TransitVeto, West, WestActor,
};
use crate::calendar::YearMonth;

/// Longest horizon and sentence a scenario may ask for (100 years).
pub const MAX_MONTHS: u32 = 1200;
/// A Western actor's `valuation` when its table does not set one (see `raw.rs`).
pub const DEFAULT_VALUATION: f64 = 0.3;
/// Largest arrest rate accepted: beyond this a scenario is a typo, not a country.
pub const MAX_ARRESTS_PER_MONTH: f64 = 1e6;
/// Largest magnitude of a payoff weight (per unit of what it weighs, a month).
pub const MAX_PAYOFF_WEIGHT: f64 = 1e6;
/// Largest sender cost of one measure to one actor, USD millions a month (as
/// `cost_per_month`).
pub const MAX_SENDER_COST: f64 = 1e6;

#[derive(Default)]
struct Checker {
    problems: Vec<Problem>,
}

impl Checker {
    fn fail(&mut self, key: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem {
            key: key.into(),
            line_col: None,
            message: message.into(),
        });
    }

    fn probability(&mut self, key: &str, v: f64) {
        if !(0.0..=1.0).contains(&v) {
            self.fail(
                key,
                format!("must be a probability in [0, 1], got {}", num(v)),
            );
        }
    }

    fn non_negative(&mut self, key: &str, v: f64, max: f64) {
        if !(v.is_finite() && (0.0..=max).contains(&v)) {
            self.fail(
                key,
                format!("must be a number in [0, {max}], got {}", num(v)),
            );
        }
    }

    fn months(&mut self, key: &str, v: u32, min: u32) {
        if !(min..=MAX_MONTHS).contains(&v) {
            self.fail(
                key,
                format!("must be from {min} to {MAX_MONTHS} months, got {v}"),
            );
        }
    }

    /// The outputs write every month simulated as `YYYY-MM`, so the last one, `start` +
    /// `horizon_months` - 1, must be [`YearMonth::LAST`] or earlier.
    fn ends_by_last_month(&mut self, start: YearMonth, horizon_months: u32) {
        let most = YearMonth::LAST.months_since(start) + 1;
        if (1..=MAX_MONTHS).contains(&horizon_months) && i64::from(horizon_months) > i64::from(most)
        {
            self.fail(
                "time.horizon_months",
                format!(
                    "must be from 1 to {most} months when time.start is {:?}: the last month \
                     simulated must be {} or earlier, got {horizon_months} (ending {})",
                    start.to_string(),
                    YearMonth::LAST,
                    start.plus(horizon_months as i32 - 1)
                ),
            );
        }
    }

    fn dist(&mut self, key: &str, d: &DistSpec) {
        if let Err((sub, msg)) = d.check() {
            self.fail(format!("{key}.{sub}"), msg);
        }
    }

    fn month(&mut self, key: &str, s: &str) -> Option<YearMonth> {
        match s.parse() {
            Ok(m) => Some(m),
            Err(e) => {
                self.fail(key, e);
                None
            }
        }
    }

    fn half_life(&mut self, key: &str, v: f64) {
        if v.is_nan() || v <= 0.0 {
            self.fail(
                key,
                format!("must be > 0 months (inf for no erosion), got {}", num(v)),
            );
        }
    }
}

/// Validates every table in turn, in the order of the file's documentation, then builds
/// the [`Scenario`] if nothing failed. The order of the checks is the order of the
/// problems a user sees.
pub(super) fn validate(raw: RawScenario, source: Source) -> Result<Scenario, Vec<Problem>> {
    let mut c = Checker::default();
    name(&mut c, &raw);
    let start = time(&mut c, &raw);
    let (arrest_periods, classes) = prisoners(&mut c, &raw, start);
    releases(&mut c, &raw);
    let targets = regime(&mut c, &raw);
    feedbacks(&mut c, &raw.prisoners);
    bargaining(&mut c, &raw);
    let west = west(&mut c, &raw);
    let switches = switches(&mut c, &raw, start);
    let contacts = contacts(&mut c, &raw, start);
    west_benchmark(&mut c, &raw);
    russia(&mut c, &raw);
    let transit_veto = sanctions(&mut c, &raw);
    let measures = measures(&mut c, &raw, start, transit_veto.as_ref());
    let (elections, scheduled_waves) = events(&mut c, &raw, start);
    payoffs(&mut c, &raw);

    let p = &raw.prisoners;
    let r = &raw.regime;
    let e = &raw.events;
    let w = &e.repression_waves;

    if !c.problems.is_empty() {
        return Err(c.problems);
    }
    // A missing start or class was reported as a problem above.
    let Some(start) = start else {
        return Err(c.problems);
    };
    Ok(Scenario {
        name: raw.name.clone(),
        description: raw.description.clone(),
        start,
        horizon_months: raw.time.horizon_months,
        prisoners: Prisoners {
            arrests_per_month: p.arrests_per_month,
            arrest_periods,
            hostage_elasticity: p.hostage_elasticity,
            hostage_reference_price: p.hostage_reference_price,
            hostage_arrests_per_prisoner: p.hostage_arrests_per_prisoner,
            hostage_max_arrests_per_prisoner: p.hostage_max_arrests_per_prisoner,
            hostage_half_life_months: p.hostage_half_life_months,
            sanctions_repression_elasticity: p.sanctions_repression_elasticity,
            sanctions_reference_cost: p.sanctions_reference_cost,
            death_hazard_per_month: p.death_hazard_per_month,
            max_sentence_months: p.max_sentence_months,
            target_stock: p.target_stock,
            classes,
        },
        releases: Releases {
            selection: ReleaseSelection {
                order: raw.releases.selection,
                random_share: raw.releases.random_share,
            },
            mode: raw.releases.mode,
            refusal_probability: raw.releases.refusal_probability,
            rearrest_hazard_per_month: raw.releases.rearrest_hazard_per_month,
        },
        regime: Regime {
            strategy: r.strategy,
            holiday_pardons: r.holiday_pardons,
            reservation_price: r.reservation_price,
            sanctions_sensitivity: r.sanctions_sensitivity,
            signal: r.signal.clone(),
            quid_pro_quo: r.quid_pro_quo.clone(),
            revolving_door: r.revolving_door.clone(),
            election_cycle: r.election_cycle.clone(),
            adaptive: r.adaptive.clone(),
            best_response: r.best_response.clone(),
            legitimacy: r.legitimacy.clone(),
            hardliners: r.hardliners.clone(),
            targets,
        },
        west,
        coordination: raw.west.coordination,
        switches,
        bargaining: raw.bargaining.clone(),
        contacts,
        common_benchmark: raw.west.benchmark.clone().unwrap_or_else(|| {
            raw.eu
                .benchmark
                .clone()
                .unwrap_or_else(|| raw::default_benchmark("eu"))
        }),
        russia: raw.russia.patron.clone(),
        measures,
        transit_veto,
        unanimity: raw.sanctions.unanimity.clone(),
        events: Events {
            ceasefire_hazard_per_month: e.ceasefire_hazard_per_month,
            elections,
            holiday_months: e.holiday_months.clone(),
            wave_probability_per_month: w.probability_per_month,
            wave_size: w.size.clone(),
            wave_duration_months: w.duration_months,
            scheduled_waves,
        },
        payoffs: raw.payoffs.clone(),
        source,
    })
}

/// `name`: it names the out folder.
fn name(c: &mut Checker, raw: &RawScenario) {
    // The name is a folder's: `.` or `..` would be the results folder itself or its parent.
    if !raw.name.starts_with(|ch: char| ch.is_ascii_alphanumeric())
        || !raw
            .name
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '_' || ch == '.')
    {
        c.fail(
            "name",
            format!(
                "must start with a letter or digit, then letters, digits, '-', '_' or '.' \
                 (it names the out folder), got {:?}",
                raw.name
            ),
        );
    }
}

/// `[time]`; the start month if it is one.
fn time(c: &mut Checker, raw: &RawScenario) -> Option<YearMonth> {
    let start = c.month("time.start", &raw.time.start);
    c.months("time.horizon_months", raw.time.horizon_months, 1);
    if let Some(start) = start {
        c.ends_by_last_month(start, raw.time.horizon_months);
    }
    start
}

/// `[prisoners]` but its feedbacks (see [`feedbacks`]): the arrest periods, in month
/// order, and the classes with their own distributions resolved.
fn prisoners(
    c: &mut Checker,
    raw: &RawScenario,
    start: Option<YearMonth>,
) -> (Vec<Period>, Vec<PrisonerClass>) {
    let p = &raw.prisoners;
    c.non_negative(
        "prisoners.arrests_per_month",
        p.arrests_per_month,
        MAX_ARRESTS_PER_MONTH,
    );
    let arrest_periods = arrest_periods(c, p, start);
    c.probability("prisoners.death_hazard_per_month", p.death_hazard_per_month);
    c.months("prisoners.max_sentence_months", p.max_sentence_months, 1);
    c.dist("prisoners.initial_remaining", &p.initial_remaining);
    c.dist("prisoners.sentence", &p.sentence);
    (arrest_periods, classes(c, p))
}

/// `prisoners.arrest_periods`, in order; a period begun before the start applies from
/// month 0.
fn arrest_periods(c: &mut Checker, p: &raw::Prisoners, start: Option<YearMonth>) -> Vec<Period> {
    let mut arrest_periods: Vec<Period> = Vec::new();
    let mut previous: Option<YearMonth> = None;
    for (i, period) in p.arrest_periods.iter().enumerate() {
        let key = format!("prisoners.arrest_periods[{i}]");
        c.non_negative(
            &format!("{key}.arrests_per_month"),
            period.arrests_per_month,
            MAX_ARRESTS_PER_MONTH,
        );
        if let Some(d) = &period.sentence {
            c.dist(&format!("{key}.sentence"), d);
        }
        let Some(from) = c.month(&format!("{key}.from"), &period.from) else {
            continue;
        };
        if let Some(prev) = previous
            && from <= prev
        {
            c.fail(
                format!("{key}.from"),
                format!("{from} must come after the period above ({prev}): list periods in order"),
            );
        }
        previous = Some(from);
        if let Some(start) = start {
            let index = u32::try_from(from.months_since(start).max(0)).unwrap_or(0);
            // A period begun before the start is replaced by a later one begun by then.
            arrest_periods.retain(|q| q.month != index);
            // A period's sentence stands for `prisoners.sentence`: a class's own still wins.
            let sentences = period.sentence.as_ref().map(|d| {
                p.classes
                    .iter()
                    .map(|class| class.sentence.clone().unwrap_or_else(|| d.clone()))
                    .collect()
            });
            arrest_periods.push(Period {
                month: index,
                rate: period.arrests_per_month,
                sentences,
            });
        }
    }
    arrest_periods
}

/// `[[prisoners.classes]]`: names, counts, shares summing to 1, distributions.
fn classes(c: &mut Checker, p: &raw::Prisoners) -> Vec<PrisonerClass> {
    if p.classes.is_empty() {
        c.fail("prisoners.classes", "must list at least one prisoner class");
    }
    let mut share_sum = 0.0;
    // A set, not a search of the classes before each: for 100,000 classes the check
    // takes milliseconds, not half a minute.
    let mut names = std::collections::HashSet::with_capacity(p.classes.len());
    for (i, class) in p.classes.iter().enumerate() {
        let key = format!("prisoners.classes[{i}]");
        if class.name.trim().is_empty() {
            c.fail(format!("{key}.name"), "must not be empty");
        }
        if !names.insert(class.name.as_str()) {
            c.fail(
                format!("{key}.name"),
                format!("{:?} is used by an earlier class", class.name),
            );
        }
        if class.initial_count > 10_000_000 {
            c.fail(
                format!("{key}.initial_count"),
                format!("must be at most 10000000, got {}", class.initial_count),
            );
        }
        c.probability(&format!("{key}.arrest_share"), class.arrest_share);
        share_sum += class.arrest_share;
        c.non_negative(&format!("{key}.value_to_west"), class.value_to_west, 1e9);
        c.non_negative(
            &format!("{key}.value_to_regime"),
            class.value_to_regime,
            1e9,
        );
        if let Some(d) = &class.initial_remaining {
            c.dist(&format!("{key}.initial_remaining"), d);
        }
        if let Some(d) = &class.sentence {
            c.dist(&format!("{key}.sentence"), d);
        }
    }
    if !p.classes.is_empty() && (share_sum - 1.0).abs() > 1e-6 {
        c.fail(
            "prisoners.classes",
            format!("arrest_share of all classes must sum to 1, got {share_sum}"),
        );
    }
    p.classes
        .iter()
        .map(|class| PrisonerClass {
            name: class.name.clone(),
            initial_count: class.initial_count,
            arrest_share: class.arrest_share,
            value_to_west: class.value_to_west,
            value_to_regime: class.value_to_regime,
            initial_remaining: class
                .initial_remaining
                .clone()
                .unwrap_or_else(|| p.initial_remaining.clone()),
            sentence: class.sentence.clone().unwrap_or_else(|| p.sentence.clone()),
        })
        .collect()
}

/// `[releases]`.
fn releases(c: &mut Checker, raw: &RawScenario) {
    c.probability(
        "releases.refusal_probability",
        raw.releases.refusal_probability,
    );
    c.probability("releases.random_share", raw.releases.random_share);
    c.probability(
        "releases.rearrest_hazard_per_month",
        raw.releases.rearrest_hazard_per_month,
    );
    if raw.releases.selection == raw::Selection::Random && raw.releases.random_share > 0.0 {
        c.fail(
            "releases.random_share",
            "mixes random picks into `shortest-remaining` or `longest-remaining`; with \
             `selection = \"random\"` every pick is random already: remove it or set it to 0",
        );
    }
}

/// `[regime]` and its strategies' tables; the class and mode each strategy releases.
fn regime(c: &mut Checker, raw: &RawScenario) -> Targets {
    let p = &raw.prisoners;
    let r = &raw.regime;
    let s = &r.signal;
    if s.interval_months == 0 {
        c.fail("regime.signal.interval_months", "must be at least 1, got 0");
    }
    c.non_negative("regime.signal.growth", s.growth, 100.0);
    c.non_negative("regime.reservation_price", r.reservation_price, 1e6);
    c.non_negative(
        "regime.sanctions_sensitivity",
        r.sanctions_sensitivity,
        100.0,
    );
    let class_names: Vec<&str> = p.classes.iter().map(|k| k.name.as_str()).collect();
    let mut target = |key: &str, class: &str, mode: Option<raw::ReleaseMode>| {
        let index = p.classes.iter().position(|k| k.name == class);
        if index.is_none() {
            c.fail(
                format!("regime.{key}.class"),
                format!("names no prisoner class: got {class:?}, the classes are {class_names:?}"),
            );
        }
        Target {
            class: index.unwrap_or(0),
            mode: mode.unwrap_or(raw.releases.mode),
        }
    };
    let targets = Targets {
        signal: target("signal", &s.class, s.mode),
        quid_pro_quo: target("quid-pro-quo", &r.quid_pro_quo.class, r.quid_pro_quo.mode),
        revolving_door: target(
            "revolving-door",
            &r.revolving_door.class,
            r.revolving_door.mode,
        ),
        election_cycle: target(
            "election-cycle",
            &r.election_cycle.class,
            r.election_cycle.mode,
        ),
        adaptive: target("adaptive", &r.adaptive.class, r.adaptive.mode),
        best_response: target("best-response", &r.best_response.class, None),
    };
    best_response(c, &r.best_response);
    legitimacy(c, &r.legitimacy);
    c.non_negative(
        "regime.revolving-door.rearrest_ratio",
        r.revolving_door.rearrest_ratio,
        100.0,
    );
    c.months(
        "regime.revolving-door.rearrest_months",
        r.revolving_door.rearrest_months,
        1,
    );
    c.months(
        "regime.election-cycle.lead_months",
        r.election_cycle.lead_months,
        0,
    );
    let a = &r.adaptive;
    if a.sizes.is_empty() {
        c.fail(
            "regime.adaptive.sizes",
            "must list at least one release size",
        );
    }
    c.months("regime.adaptive.interval_months", a.interval_months, 1);
    c.months(
        "regime.adaptive.reward_window_months",
        a.reward_window_months,
        1,
    );
    c.probability("regime.adaptive.learning_rate", a.learning_rate);
    c.probability("regime.adaptive.exploration", a.exploration);
    c.non_negative(
        "regime.adaptive.prior_relief_per_prisoner",
        a.prior_relief_per_prisoner,
        1e6,
    );
    let h = &r.hardliners;
    c.non_negative(
        "regime.hardliners.discontent_per_release",
        h.discontent_per_release,
        1e6,
    );
    c.probability("regime.hardliners.decay_per_month", h.decay_per_month);
    c.non_negative("regime.hardliners.threshold", h.threshold, 1e12);
    c.months("regime.hardliners.block_months", h.block_months, 0);
    c.non_negative(
        "regime.hardliners.crackdown_arrests",
        h.crackdown_arrests,
        MAX_ARRESTS_PER_MONTH,
    );
    c.non_negative(
        "regime.hardliners.appeasement_per_arrest",
        h.appeasement_per_arrest,
        1e6,
    );
    targets
}

/// `[regime.best-response]`.
fn best_response(c: &mut Checker, b: &crate::scenario::BestResponseParams) {
    if b.sizes.is_empty() || b.sizes.len() > 16 {
        c.fail(
            "regime.best-response.sizes",
            format!("must list 1 to 16 release sizes, got {}", b.sizes.len()),
        );
    }
    if let Some(k) = b.sizes.iter().find(|k| **k == 0 || **k > 100_000) {
        c.fail(
            "regime.best-response.sizes",
            format!(
                "each size must be from 1 to 100000 people (holding is always weighed), got {k}"
            ),
        );
    }
    if b.purges.len() > 16 {
        c.fail(
            "regime.best-response.purges",
            format!("must list at most 16 purge sizes, got {}", b.purges.len()),
        );
    }
    if let Some(k) = b.purges.iter().find(|k| **k == 0 || **k > 100_000) {
        c.fail(
            "regime.best-response.purges",
            format!(
                "each size must be from 1 to 100000 arrests (no purge is always weighed), got {k}"
            ),
        );
    }
    if b.precision.is_nan() || b.precision < 0.0 {
        c.fail(
            "regime.best-response.precision",
            format!("must be from 0 to inf, got {}", num(b.precision)),
        );
    }
    if !(b.tremble > 0.0 && b.tremble < 1.0) {
        c.fail(
            "regime.best-response.tremble",
            format!("must be above 0 and below 1, got {}", num(b.tremble)),
        );
    }
    let weights = b.prior.weights();
    for (name, w) in weights {
        c.non_negative(&format!("regime.best-response.prior.{name}"), w, 1e6);
    }
    if weights.iter().all(|(_, w)| *w == 0.0) {
        c.fail(
            "regime.best-response.prior",
            "needs a positive weight on at least one Western strategy",
        );
    }
}

/// `[regime.legitimacy]`.
fn legitimacy(c: &mut Checker, l: &crate::scenario::Legitimacy) {
    c.non_negative("regime.legitimacy.per_release", l.per_release, 1e6);
    c.non_negative("regime.legitimacy.per_deal", l.per_deal, 1e6);
    c.non_negative("regime.legitimacy.per_envoy_visit", l.per_envoy_visit, 1e6);
    c.non_negative("regime.legitimacy.per_top_contact", l.per_top_contact, 1e6);
    c.non_negative(
        "regime.legitimacy.per_purge_arrest",
        l.per_purge_arrest,
        1e6,
    );
    c.probability("regime.legitimacy.decay_per_month", l.decay_per_month);
    c.months(
        "regime.legitimacy.election_window_months",
        l.election_window_months,
        0,
    );
    if !(l.election_multiplier >= 1.0 && l.election_multiplier <= 100.0) {
        c.fail(
            "regime.legitimacy.election_multiplier",
            format!("must be from 1 to 100, got {}", num(l.election_multiplier)),
        );
    }
}

/// The feedbacks of `[prisoners]`: hostage prices and sanctions on repression.
fn feedbacks(c: &mut Checker, p: &raw::Prisoners) {
    c.non_negative("prisoners.hostage_elasticity", p.hostage_elasticity, 100.0);
    if !(p.hostage_reference_price.is_finite() && p.hostage_reference_price > 0.0) {
        c.fail(
            "prisoners.hostage_reference_price",
            format!("must be > 0, got {}", num(p.hostage_reference_price)),
        );
    }
    c.non_negative(
        "prisoners.hostage_arrests_per_prisoner",
        p.hostage_arrests_per_prisoner,
        1000.0,
    );
    c.non_negative(
        "prisoners.hostage_max_arrests_per_prisoner",
        p.hostage_max_arrests_per_prisoner,
        1000.0,
    );
    if p.hostage_half_life_months.is_nan() || p.hostage_half_life_months <= 0.0 {
        c.fail(
            "prisoners.hostage_half_life_months",
            format!(
                "must be > 0 (inf: never fades), got {}",
                num(p.hostage_half_life_months)
            ),
        );
    } else if p.hostage_half_life_months.is_infinite() && p.hostage_arrests_per_prisoner > 0.0 {
        // The arrests owed come as the expectation fades: never, if it never does.
        c.fail(
            "prisoners.hostage_half_life_months",
            format!(
                "is inf, so the arrests owed per prisoner traded \
                 (hostage_arrests_per_prisoner = {}) would never come: give a finite half-life",
                num(p.hostage_arrests_per_prisoner)
            ),
        );
    }
    c.non_negative(
        "prisoners.sanctions_repression_elasticity",
        p.sanctions_repression_elasticity,
        100.0,
    );
    if !(p.sanctions_reference_cost.is_finite() && p.sanctions_reference_cost > 0.0) {
        c.fail(
            "prisoners.sanctions_reference_cost",
            format!("must be > 0, got {}", num(p.sanctions_reference_cost)),
        );
    }
}

/// `[bargaining]`.
fn bargaining(c: &mut Checker, raw: &RawScenario) {
    let b = &raw.bargaining;
    c.probability(
        "bargaining.channel_probability_per_month",
        b.channel_probability_per_month,
    );
    c.non_negative(
        "bargaining.ceasefire_channel_multiplier",
        b.ceasefire_channel_multiplier,
        1e3,
    );
    if let Err((key, msg)) = b.protocol.check() {
        c.fail(format!("bargaining.protocol.{key}"), msg);
    }
    c.probability(
        "bargaining.regime_discount_per_round",
        b.regime_discount_per_round,
    );
    c.probability(
        "bargaining.west_discount_per_round",
        b.west_discount_per_round,
    );
    c.months("bargaining.renege_window_months", b.renege_window_months, 1);
    if !(1..=100).contains(&b.tranches_per_measure) {
        c.fail(
            "bargaining.tranches_per_measure",
            format!("must be 1 to 100 parts, got {}", b.tranches_per_measure),
        );
    }
    c.non_negative(
        "bargaining.renege_arrest_tolerance",
        b.renege_arrest_tolerance,
        100.0,
    );
    let t = &b.credibility;
    for (key, p) in [
        ("liberaliser_prior", t.liberaliser_prior),
        ("west_keeper_prior", t.west_keeper_prior),
        ("keeps_if_keeper", t.keeps_if_keeper),
        ("keeps_if_not", t.keeps_if_not),
        ("releases_if_liberaliser", t.releases_if_liberaliser),
        ("releases_if_hostage_taker", t.releases_if_hostage_taker),
    ] {
        c.probability(&format!("bargaining.credibility.{key}"), p);
    }
    // Swapped, the types would swap their meaning: keeping a deal would lower credibility.
    if t.keeps_if_keeper < t.keeps_if_not {
        c.fail(
            "bargaining.credibility.keeps_if_keeper",
            format!(
                "must be at least keeps_if_not ({}), got {}: the keeping type keeps deals \
                 at least as often",
                num(t.keeps_if_not),
                num(t.keeps_if_keeper)
            ),
        );
    }
    if t.releases_if_liberaliser < t.releases_if_hostage_taker {
        c.fail(
            "bargaining.credibility.releases_if_liberaliser",
            format!(
                "must be at least releases_if_hostage_taker ({}), got {}: a liberaliser \
                 releases on its own at least as often",
                num(t.releases_if_hostage_taker),
                num(t.releases_if_liberaliser)
            ),
        );
    }
}

/// The four Western actors' tables, `[us]` to `[poland]`.
fn west(c: &mut Checker, raw: &RawScenario) -> [West; 4] {
    let west_raw = [&raw.us, &raw.eu, &raw.lithuania, &raw.poland];
    for (actor, w) in WestActor::ALL.iter().zip(west_raw) {
        let key = actor.name();
        if let Some(v) = w.valuation {
            c.non_negative(&format!("{key}.valuation"), v, 1e6);
        }
        c.probability(
            &format!("{key}.withhold_probability"),
            w.withhold_probability,
        );
        if w.reciprocal.step_size == 0 {
            c.fail(
                format!("{key}.reciprocal.step_size"),
                "must be at least 1, got 0",
            );
        }
        if w.engagement.step_months == 0 {
            c.fail(
                format!("{key}.engagement.step_months"),
                "must be at least 1, got 0",
            );
        }
        c.non_negative(
            &format!("{key}.engagement.channel_multiplier"),
            w.engagement.channel_multiplier,
            1e3,
        );
        let br = &w.best_response;
        if br.precision.is_nan() || br.precision < 0.0 {
            c.fail(
                format!("{key}.best-response.precision"),
                format!("must be from 0 to inf, got {}", num(br.precision)),
            );
        }
        c.non_negative(
            &format!("{key}.best-response.reciprocity"),
            br.reciprocity,
            1.0,
        );
        for (table, tranche) in [
            ("release-first", w.release_first.tranche),
            ("sanctions-first", w.sanctions_first.tranche),
        ] {
            if tranche > 1_000_000 {
                c.fail(
                    format!("{key}.{table}.tranche"),
                    format!("must be 0 to 1000000 prisoners, got {tranche}"),
                );
            }
        }
        if w.sanctions_first.package_interval_months == 0 {
            c.fail(
                format!("{key}.sanctions-first.package_interval_months"),
                "must be at least 1, got 0",
            );
        }
        if let Some(raw::BenchmarkSpec::Comprehensive { quiet_months }) = w.benchmark {
            c.months(&format!("{key}.benchmark.quiet_months"), quiet_months, 0);
        }
        // Escalation needs packages to add: say so rather than silently doing nothing.
        if w.strategy == WestStrategyName::SanctionsFirst
            && !raw
                .measures
                .iter()
                .any(|m| m.actor == key && m.status == MeasureStatus::Reserve)
        {
            c.fail(
                format!("{key}.strategy"),
                format!(
                    "is sanctions-first, which escalates by adding packages, but {key} has no \
                     [[measures]] with status = \"reserve\""
                ),
            );
        }
    }
    WestActor::ALL.map(|actor| {
        let w = west_raw[actor.index()];
        West {
            actor,
            strategy: w.strategy,
            benchmark: w
                .benchmark
                .clone()
                .unwrap_or_else(|| raw::default_benchmark(actor.name())),
            release_first: w.release_first.clone(),
            sanctions_first: w.sanctions_first.clone(),
            reciprocal: w.reciprocal.clone(),
            transactional: w.transactional.clone(),
            engagement: w.engagement.clone(),
            best_response: w.best_response.clone(),
            valuation: w.valuation.unwrap_or(DEFAULT_VALUATION),
            withhold_probability: w.withhold_probability,
        }
    })
}

/// `bargaining.contacts` within the months simulated, in month order (none before the
/// start; those after the horizon are left out); and the largest deal before a ceasefire.
fn contacts(c: &mut Checker, raw: &RawScenario, start: Option<YearMonth>) -> Vec<ScheduledContact> {
    let b = &raw.bargaining;
    if let Some(n) = b.largest_deal_before_ceasefire
        && n > 1_000_000
    {
        c.fail(
            "bargaining.largest_deal_before_ceasefire",
            format!("must be 0 to 1000000 prisoners, got {n}"),
        );
    }
    let horizon = raw.time.horizon_months.min(MAX_MONTHS);
    let mut out = Vec::new();
    for (i, contact) in b.contacts.iter().enumerate() {
        let key = format!("bargaining.contacts[{i}]");
        let dated = actor_month(c, &key, &contact.actor, &contact.month, start);
        // A contact after the horizon is history no run reaches: a shorter horizon leaves
        // it out.
        if let Some((actor, _, idx)) = dated.filter(|(_, _, idx)| *idx < horizon as i32) {
            out.push(ScheduledContact {
                month: idx as u32,
                actor,
                level: contact.level,
            });
        }
    }
    out.sort_by_key(|k| k.month);
    out
}

/// The Western actor `actor` names and the month `month` names, with its index from
/// `start`, of the entry `key` (`<key>.actor`, `<key>.month`); `None`, with the problem
/// recorded, if either is invalid or the month is before the start.
fn actor_month(
    c: &mut Checker,
    key: &str,
    actor: &str,
    month: &str,
    start: Option<YearMonth>,
) -> Option<(WestActor, YearMonth, i32)> {
    let who = WestActor::from_name(actor);
    if who.is_none() {
        c.fail(
            format!("{key}.actor"),
            format!("must be one of us, eu, lithuania, poland, got {actor:?}"),
        );
    }
    let month = c.month(&format!("{key}.month"), month);
    let (who, month, start) = (who?, month?, start?);
    let idx = month.months_since(start);
    if idx < 0 {
        c.fail(
            format!("{key}.month"),
            format!("{month} is before the start {start}"),
        );
        return None;
    }
    Some((who, month, idx))
}

/// `west.switches`, in month order: at most one an actor a month, inside the horizon.
fn switches(c: &mut Checker, raw: &RawScenario, start: Option<YearMonth>) -> Vec<Switch> {
    let mut switches = Vec::new();
    // (entry, actor, month index) of every switch kept, to find two in one month.
    let mut switch_months: Vec<(usize, WestActor, i32)> = Vec::new();
    let horizon = raw.time.horizon_months;
    for (i, sw) in raw.west.switches.iter().enumerate() {
        let key = format!("west.switches[{i}]");
        if let Some((actor, month, idx)) = actor_month(c, &key, &sw.actor, &sw.month, start) {
            if (1..=MAX_MONTHS).contains(&horizon) && idx >= horizon as i32 {
                // A switch no run reaches is a typo in the month or the horizon.
                c.fail(
                    format!("{key}.month"),
                    format!(
                        "{month} is after the horizon: a switch must be in one of the months \
                         simulated, {} to {}",
                        month.plus(-idx),
                        month.plus(horizon as i32 - 1 - idx)
                    ),
                );
            } else if let Some((j, ..)) = switch_months
                .iter()
                .find(|(_, a, m)| *a == actor && *m == idx)
            {
                // Which of the two would win is an accident of sorting: refuse the file.
                c.fail(
                    format!("{key}.month"),
                    format!(
                        "{month}: {} already switches in that month (west.switches[{j}]); \
                         give an actor at most one switch a month",
                        sw.actor
                    ),
                );
            } else {
                switch_months.push((i, actor, idx));
                if sw.strategy == WestStrategyName::SanctionsFirst
                    && !raw
                        .measures
                        .iter()
                        .any(|m| m.actor == sw.actor && m.status == MeasureStatus::Reserve)
                {
                    c.fail(
                        format!("{key}.strategy"),
                        format!(
                            "is sanctions-first, but {} has no reserve [[measures]] to add",
                            sw.actor
                        ),
                    );
                }
                switches.push(Switch {
                    actor,
                    month: idx as u32,
                    strategy: sw.strategy,
                });
            }
        }
    }
    switches.sort_by_key(|s| s.month);
    switches
}

/// `west.benchmark`, the US's and the EU's when they are aligned.
fn west_benchmark(c: &mut Checker, raw: &RawScenario) {
    if let Some(raw::BenchmarkSpec::Comprehensive { quiet_months }) = raw.west.benchmark {
        c.months("west.benchmark.quiet_months", quiet_months, 0);
    }
}

/// `[russia.patron]`.
fn russia(c: &mut Checker, raw: &RawScenario) {
    let patron = &raw.russia.patron;
    c.probability("russia.patron.cushion_share", patron.cushion_share);
    c.probability(
        "russia.patron.cushion_share_after_ceasefire",
        patron.cushion_share_after_ceasefire,
    );
    c.probability(
        "russia.patron.derail_probability_per_month",
        patron.derail_probability_per_month,
    );
}

/// `[sanctions]`; the transit veto, if it names a sector some measure is in.
fn sanctions(c: &mut Checker, raw: &RawScenario) -> Option<TransitVeto> {
    c.half_life(
        "sanctions.erosion_half_life_months",
        raw.sanctions.erosion_half_life_months,
    );
    let u = &raw.sanctions.unanimity;
    if !(1..=12).contains(&u.renewal_month) {
        c.fail(
            "sanctions.unanimity.renewal_month",
            format!(
                "must be a month of the year, 1 to 12, got {}",
                u.renewal_month
            ),
        );
    }
    c.probability(
        "sanctions.unanimity.renewal_veto_probability",
        u.renewal_veto_probability,
    );
    c.probability(
        "sanctions.unanimity.lift_veto_probability",
        u.lift_veto_probability,
    );
    raw.sanctions.transit_veto.as_ref().and_then(|v| {
        c.probability("sanctions.transit_veto.relief_share", v.relief_share);
        if v.sector.trim().is_empty() {
            c.fail("sanctions.transit_veto.sector", "must not be empty");
        } else if !raw.measures.iter().any(|m| m.sector == v.sector) {
            // A veto over a sector no measure is in never applies: a typo, most likely.
            let mut known: Vec<&str> = Vec::new();
            for m in &raw.measures {
                if !known.contains(&m.sector.as_str()) {
                    known.push(&m.sector);
                }
            }
            c.fail(
                "sanctions.transit_veto.sector",
                if known.is_empty() {
                    format!(
                        "{:?} is the sector of no measure, and the scenario has no \
                         [[measures]]: the veto would never apply",
                        v.sector
                    )
                } else {
                    format!(
                        "{:?} is the sector of no measure, so the veto would never apply; \
                         the measures' sectors are {}",
                        v.sector,
                        known.join(", ")
                    )
                },
            );
        }
        match WestActor::from_name(&v.actor) {
            Some(actor) => Some(TransitVeto {
                actor,
                sector: v.sector.clone(),
                sector_id: 0,
                relief_share: v.relief_share,
            }),
            None => {
                c.fail(
                    "sanctions.transit_veto.actor",
                    format!(
                        "must be one of us, eu, lithuania, poland, got {:?}",
                        v.actor
                    ),
                );
                None
            }
        }
    })
}

/// `[[measures]]`, each sector numbered in order of first appearance, the veto's first.
fn measures(
    c: &mut Checker,
    raw: &RawScenario,
    start: Option<YearMonth>,
    transit_veto: Option<&TransitVeto>,
) -> Vec<Measure> {
    let mut measures = Vec::with_capacity(raw.measures.len());
    // Sector names in order of first appearance, the veto's first (its id is 0).
    let mut sectors: Vec<&str> = transit_veto.iter().map(|v| v.sector.as_str()).collect();
    for (i, m) in raw.measures.iter().enumerate() {
        let key = format!("measures[{i}]");
        if m.name.trim().is_empty() {
            c.fail(format!("{key}.name"), "must not be empty");
        }
        if raw.measures[..i].iter().any(|o| o.name == m.name) {
            c.fail(
                format!("{key}.name"),
                format!("{:?} is used by an earlier measure", m.name),
            );
        }
        let actor = WestActor::from_name(&m.actor);
        if actor.is_none() {
            c.fail(
                format!("{key}.actor"),
                format!(
                    "must be one of us, eu, lithuania, poland, got {:?}",
                    m.actor
                ),
            );
        }
        c.non_negative(&format!("{key}.cost_per_month"), m.cost_per_month, 1e6);
        for (actor, v) in WestActor::ALL.into_iter().zip(m.sender_costs.by_actor()) {
            c.non_negative(
                &format!("{key}.sender_costs.{}", actor.name()),
                v,
                MAX_SENDER_COST,
            );
        }
        let half_life = m
            .erosion_half_life_months
            .unwrap_or(raw.sanctions.erosion_half_life_months);
        if m.erosion_half_life_months.is_some() {
            c.half_life(&format!("{key}.erosion_half_life_months"), half_life);
        }
        let mut age = 0;
        match (m.status, &m.imposed) {
            (MeasureStatus::Reserve, Some(_)) => c.fail(
                format!("{key}.imposed"),
                "is for active measures; a reserve package is imposed during the run",
            ),
            (MeasureStatus::Active, Some(imposed)) => {
                if let (Some(imposed), Some(start)) =
                    (c.month(&format!("{key}.imposed"), imposed), start)
                {
                    let months = start.months_since(imposed);
                    if months < 0 {
                        c.fail(
                            format!("{key}.imposed"),
                            format!(
                                "{imposed} is after the start {start}; a later package is a \
                                 status = \"reserve\" measure"
                            ),
                        );
                    }
                    age = months.max(0) as u32;
                }
            }
            _ => {}
        }
        if let Some(actor) = actor {
            let sector_id = match sectors.iter().position(|s| **s == m.sector) {
                Some(i) => i,
                None => {
                    sectors.push(&m.sector);
                    sectors.len() - 1
                }
            } as u32;
            measures.push(Measure {
                name: m.name.clone(),
                actor,
                sector: m.sector.clone(),
                sector_id,
                justification: m.justification,
                cost_per_month: m.cost_per_month,
                status: m.status,
                age_at_start_months: age,
                negotiable: m.negotiable.unwrap_or(
                    raw.sanctions
                        .negotiable_justifications
                        .contains(&m.justification),
                ),
                erosion_half_life_months: half_life,
                sender_costs: m.sender_costs.by_actor(),
            });
        }
    }
    measures
}

/// `[events]`: the elections and the scheduled waves as month indices.
fn events(
    c: &mut Checker,
    raw: &RawScenario,
    start: Option<YearMonth>,
) -> (Vec<YearMonth>, Vec<u32>) {
    let e = &raw.events;
    c.probability(
        "events.ceasefire_hazard_per_month",
        e.ceasefire_hazard_per_month,
    );
    let elections: Vec<YearMonth> = e
        .elections
        .iter()
        .enumerate()
        .filter_map(|(i, s)| c.month(&format!("events.elections[{i}]"), s))
        .collect();
    for (i, m) in e.holiday_months.iter().enumerate() {
        if !(1..=12).contains(m) {
            c.fail(
                format!("events.holiday_months[{i}]"),
                format!("must be a month of the year, 1 to 12, got {m}"),
            );
        }
    }
    let w = &e.repression_waves;
    c.probability(
        "events.repression_waves.probability_per_month",
        w.probability_per_month,
    );
    c.dist("events.repression_waves.size", &w.size);
    c.months(
        "events.repression_waves.duration_months",
        w.duration_months,
        1,
    );
    let mut scheduled_waves = Vec::new();
    for (i, s) in w.scheduled.iter().enumerate() {
        let key = format!("events.repression_waves.scheduled[{i}]");
        if let (Some(m), Some(start)) = (c.month(&key, s), start) {
            let idx = m.months_since(start);
            if idx < 0 {
                c.fail(key, format!("{m} is before the start {start}"));
            } else {
                scheduled_waves.push(idx as u32);
            }
        }
    }
    (elections, scheduled_waves)
}

/// `[payoffs]`.
fn payoffs(c: &mut Checker, raw: &RawScenario) {
    let pay = &raw.payoffs;
    if !(pay.discount_per_month > 0.0 && pay.discount_per_month <= 1.0) {
        c.fail(
            "payoffs.discount_per_month",
            format!("must be in (0, 1], got {}", num(pay.discount_per_month)),
        );
    }
    for (key, v) in [
        ("payoffs.regime.sanctions_cost", pay.regime.sanctions_cost),
        ("payoffs.regime.engagement", pay.regime.engagement),
        ("payoffs.regime.prisoner_month", pay.regime.prisoner_month),
        (
            "payoffs.regime.hardliner_discontent",
            pay.regime.hardliner_discontent,
        ),
        (
            "payoffs.regime.death_in_custody",
            pay.regime.death_in_custody,
        ),
        ("payoffs.regime.legitimacy", pay.regime.legitimacy),
        ("payoffs.regime.deportation", pay.regime.deportation),
        ("payoffs.regime.hardliner_veto", pay.regime.hardliner_veto),
        ("payoffs.regime.purge_arrest", pay.regime.purge_arrest),
        ("payoffs.west.prisoner_freed", pay.west.prisoner_freed),
        ("payoffs.west.new_arrest", pay.west.new_arrest),
        ("payoffs.west.death_in_custody", pay.west.death_in_custody),
        ("payoffs.west.relief_given", pay.west.relief_given),
        ("payoffs.west.credibility_lost", pay.west.credibility_lost),
        ("payoffs.west.sender_cost", pay.west.sender_cost),
        ("payoffs.west.audience_cost", pay.west.audience_cost),
        ("payoffs.west.freed_in_own_deal", pay.west.freed_in_own_deal),
        ("payoffs.west.security_lifted", pay.west.security_lifted),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .chain(
        WestActor::ALL
            .into_iter()
            .zip(pay.overrides())
            .flat_map(|(actor, o)| {
                o.set_keys()
                    .into_iter()
                    .map(move |(k, v)| (format!("payoffs.{}.{k}", actor.name()), v))
            }),
    ) {
        // Large enough for any utility in USD-million equivalents, small enough that a
        // weight times a count over 1,200 months stays finite.
        if !(v.is_finite() && v.abs() <= MAX_PAYOFF_WEIGHT) {
            c.fail(
                &key,
                format!(
                    "must be a finite weight from -{MAX_PAYOFF_WEIGHT} to {MAX_PAYOFF_WEIGHT}, \
                     got {}",
                    num(v)
                ),
            );
        }
    }
}
