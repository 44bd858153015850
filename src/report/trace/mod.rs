//! `leverage trace`: one run told month by month, in plain English or as JSON.
//!
//! [`Narrator`] is an [`Observer`] that collects a run's months and events as they happen;
//! [`Narrator::finish`] turns them into a [`Trace`], which renders as text a teacher can
//! read aloud ([`Trace::text`]) or as JSON with the same content for tools
//! ([`Trace::json`]). [`pick_run`] finds the run at a percentile of a metric from a
//! batch's (run index, value) pairs. Nothing here simulates, prints or touches files: the
//! CLI runs the batch and the run, and prints what this module returns.

use super::fmt;
use crate::engine::run::{
    Counterpart, Event, MonthRecord, OPTIONAL_METRICS, Observer, RUN_METRICS, ReleaseSource,
    Reneger, RunOutcome,
};
use crate::results::metric_unit;
use crate::scenario::{ReleaseMode, Scenario, WestActor};
use crate::strategy::ReleaseOrder;
use serde_json::{Map, Value, json};
use std::fmt::Write as _;
use std::str::FromStr;

/// The names `--by` accepts: every per-run metric, then the optional ones.
pub fn metric_names() -> Vec<&'static str> {
    crate::results::metrics::all_names().collect()
}

/// A percentile of a batch, 1 to 99 (`median` is 50).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Percentile(u8);

impl Percentile {
    pub const MEDIAN: Percentile = Percentile(50);

    /// `Some` for 1 to 99.
    pub fn new(percent: u8) -> Option<Self> {
        (1..=99).contains(&percent).then_some(Percentile(percent))
    }

    pub fn percent(self) -> u8 {
        self.0
    }

    /// The 1-based nearest rank of this percentile among `runs` values:
    /// ceil(percent x runs / 100), at least 1.
    pub fn rank(self, runs: u64) -> u64 {
        (u64::from(self.0) * runs).div_ceil(100).max(1)
    }

    /// "the median run", "the p10 run (10th percentile)".
    fn phrase(self) -> String {
        if self == Self::MEDIAN {
            "the median run".into()
        } else {
            format!("the {self} run ({} percentile)", ordinal(self.0.into()))
        }
    }
}

impl std::fmt::Display for Percentile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if *self == Self::MEDIAN {
            f.write_str("median")
        } else {
            write!(f, "p{:02}", self.0)
        }
    }
}

impl FromStr for Percentile {
    type Err = String;

    /// `median`, or `pNN` with NN from 1 to 99 (`p10`, `p90`, `p05`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("expected median or pNN with NN from 01 to 99 (p10, p90), got {s:?}");
        if s == "median" {
            return Ok(Self::MEDIAN);
        }
        let digits = s.strip_prefix('p').ok_or_else(bad)?;
        if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        digits
            .parse::<u8>()
            .ok()
            .and_then(Percentile::new)
            .ok_or_else(bad)
    }
}

/// How a run was picked from a batch, for the header.
#[derive(Debug, Clone, PartialEq)]
pub struct Pick {
    pub percentile: Percentile,
    /// A name of [`metric_names`].
    pub metric: String,
    /// The picked run's value of `metric` (+inf for an optional metric it lacks).
    pub value: f64,
    /// Runs in the batch.
    pub runs: u64,
    /// 1-based rank of the picked run in the batch's order.
    pub rank: u64,
}

/// The run at `percentile` of `values` (run index, metric value), by nearest rank: runs in
/// ascending order of value, ties in ascending run index, and the one at rank
/// ceil(p x N / 100). Infinite values (runs without an optional metric) sort last.
/// Returns the run index, its value and its rank; `None` for no runs. Reorders `values`.
pub fn pick_run(values: &mut [(u64, f64)], percentile: Percentile) -> Option<(u64, f64, u64)> {
    if values.is_empty() {
        return None;
    }
    let rank = percentile.rank(values.len() as u64);
    let (_, &mut (run, value), _) = values.select_nth_unstable_by((rank - 1) as usize, |a, b| {
        a.1.total_cmp(&b.1).then(a.0.cmp(&b.0))
    });
    Some((run, value, rank))
}

/// One month as the run reported it: its record and its events in order.
#[derive(Debug, Clone)]
struct MonthStory {
    record: MonthRecord,
    events: Vec<Event>,
}

/// An [`Observer`] that keeps every month and event of one run, for narration.
#[derive(Debug, Clone, Default)]
pub struct Narrator {
    months: Vec<MonthStory>,
    /// Events of the month in progress (its record comes last).
    pending: Vec<Event>,
}

impl Observer for Narrator {
    fn month(&mut self, record: &MonthRecord) {
        self.months.push(MonthStory {
            record: *record,
            events: std::mem::take(&mut self.pending),
        });
    }

    fn event(&mut self, _month: u32, event: &Event) {
        self.pending.push(event.clone());
    }
}

impl Narrator {
    pub fn new() -> Self {
        Self::default()
    }

    /// The story of run `outcome.run` of `scenario` with `seed`, told from what was observed.
    pub fn finish(
        self,
        scenario: &Scenario,
        seed: u64,
        outcome: RunOutcome,
        pick: Option<Pick>,
    ) -> Trace<'_> {
        Trace {
            scenario,
            seed,
            outcome,
            pick,
            months: self.months,
        }
    }
}

/// One run, ready to be told.
#[derive(Debug, Clone)]
pub struct Trace<'s> {
    scenario: &'s Scenario,
    seed: u64,
    outcome: RunOutcome,
    pick: Option<Pick>,
    months: Vec<MonthStory>,
}

impl Trace<'_> {
    /// The run as text: a header, one block per month, and the totals.
    pub fn text(&self) -> String {
        let sc = self.scenario;
        let o = &self.outcome;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "Scenario {}, seed {}, run {}",
            sc.name, self.seed, o.run
        );
        if let Some(p) = &self.pick {
            let _ = writeln!(
                out,
                "Picked as {} of {} runs by {} (rank {}): {}",
                p.percentile.phrase(),
                count(p.runs),
                p.metric,
                count(p.rank),
                metric_value(&p.metric, p.value)
            );
        }
        let _ = writeln!(
            out,
            "{} months from {}; {} prisoners held at the start",
            sc.horizon_months,
            sc.start,
            count(o.initial_stock)
        );
        out.push('\n');
        for story in &self.months {
            out.push_str(&self.month_text(story));
        }
        out.push('\n');
        out.push_str(&self.totals_text());
        out
    }

    fn month_text(&self, story: &MonthStory) -> String {
        let sc = self.scenario;
        let r = &story.record;
        let mut flows = Vec::new();
        for (n, what, sign) in [
            (r.arrests, "arrested", '+'),
            (r.completions, "completed", '-'),
            (r.released, "released", '-'),
            (r.deaths, "died", '-'),
        ] {
            if n > 0 {
                flows.push(format!("{sign}{} {what}", count(n)));
            }
        }
        let flows = if flows.is_empty() {
            "no change".to_string()
        } else {
            flows.join(", ")
        };
        let mut out = format!(
            "{}  stock {} ({flows})\n",
            sc.calendar(r.month),
            count(r.stock)
        );
        for (i, e) in story.events.iter().enumerate() {
            let previous = i.checked_sub(1).map(|j| &story.events[j]);
            let _ = writeln!(out, "  {}", self.event_text(e, previous));
        }
        let sanctions_moved = story.events.iter().any(|e| {
            matches!(
                e,
                Event::PackageImposed { .. }
                    | Event::MeasureLifted { .. }
                    | Event::MeasureReimposed { .. }
            )
        });
        if sanctions_moved {
            let _ = writeln!(
                out,
                "  sanctions now cost the regime {} USD m a month; relief from lifted measures {} USD m a month",
                fmt(r.sanctions_cost),
                fmt(r.relief)
            );
        }
        out
    }

    /// One event in a sentence. `previous` is the event before it in the same month: a
    /// Western order after the regime's offer is a counter-offer, otherwise a proposal.
    fn event_text(&self, event: &Event, previous: Option<&Event>) -> String {
        let sc = self.scenario;
        match event {
            Event::StrategySwitch { actor, strategy } => {
                format!("{actor} switches to the {} strategy", kebab(strategy))
            }
            Event::Election => "presidential election".into(),
            Event::Ceasefire => {
                "ceasefire in the war: Russia cushions less of the sanctions, and channels open more easily".into()
            }
            Event::WaveStarted {
                extra_arrests,
                months,
            } => format!(
                "a repression wave starts: about {} extra arrests over {}",
                count_f(*extra_arrests),
                months_phrase(*months)
            ),
            Event::Rearrests {
                extra_arrests,
                months,
            } => format!(
                "the door revolves: about {} extra arrests over the next {}",
                count_f(*extra_arrests),
                if *months == 1 {
                    "month".to_string()
                } else {
                    months_phrase(*months)
                }
            ),
            Event::Release {
                source,
                class,
                ordered,
                mode,
                outcome,
            } => {
                let who = prisoners(outcome.released, self.class_name(*class));
                let mut s = match mode {
                    ReleaseMode::Home => format!("regime releases {who} at home"),
                    ReleaseMode::Deportation => format!("regime deports {who}"),
                };
                let _ = write!(s, " ({})", source_name(*source));
                match outcome.refused {
                    0 => {}
                    1 => s.push_str("; 1 refuses deportation and stays in prison"),
                    n => {
                        let _ = write!(
                            s,
                            "; {} refuse deportation and stay in prison",
                            count(n)
                        );
                    }
                }
                let held = outcome.released + outcome.refused;
                if held < *ordered {
                    let _ = write!(s, "; {} ordered, only {} held", count(*ordered), count(held));
                }
                s
            }
            Event::ReleaseBlocked { source, ordered } => {
                let mut s = format!(
                    "hardliners block the release of {} ({})",
                    prisoners(*ordered, ""),
                    source_name(*source)
                );
                if *source == ReleaseSource::Deal {
                    s.push_str(", so the deal falls through");
                }
                s
            }
            Event::HardlinerVeto {
                until,
                crackdown_arrests,
            } => {
                let mut s = format!("hardliners block releases until {}", sc.calendar(*until));
                if *crackdown_arrests > 0.0 {
                    let _ = write!(
                        s,
                        " and push a crackdown of {} arrests",
                        count_f(*crackdown_arrests)
                    );
                }
                s
            }
            Event::Deaths(1) => "1 prisoner dies in custody".into(),
            Event::Deaths(n) => format!("{} prisoners die in custody", count(*n)),
            Event::ChannelOpened(cp) => format!("channel opens with {}", who(*cp)),
            Event::ChannelDerailed(cp) => {
                format!("a channel with {} opens, but Russia derails it", who(*cp))
            }
            Event::Offer { order, price, .. } => {
                let verb = match order.mode {
                    ReleaseMode::Home => "offers",
                    ReleaseMode::Deportation => "offers to deport",
                };
                format!(
                    "regime {verb} {} for {} USD m a month each",
                    prisoners(order.count, self.class_name(order.class)),
                    price_text(*price)
                )
            }
            Event::Counter {
                counterpart,
                order,
                price,
            } => {
                let answers = matches!(
                    previous,
                    Some(Event::Offer { counterpart: c, .. }) if c == counterpart
                );
                let says = verb(*counterpart, if answers { "counters" } else { "proposes" });
                format!(
                    "{} {says}: {} at {} USD m a month each",
                    who(*counterpart),
                    prisoners(order.count, self.class_name(order.class)),
                    price_text(*price)
                )
            }
            Event::Rejected {
                counterpart,
                by_regime: true,
            } => format!("regime rejects {}'s terms", who(*counterpart)),
            Event::Rejected {
                counterpart,
                by_regime: false,
            } => format!(
                "{} {} the offer",
                who(*counterpart),
                verb(*counterpart, "rejects")
            ),
            Event::Deal {
                counterpart,
                price,
                released,
                measures_lifted,
                ..
            } => format!(
                "deal with {} at {} USD m a month each: {} released, {}",
                who(*counterpart),
                price_text(*price),
                count(*released),
                match measures_lifted {
                    0 => "no measure lifted".to_string(),
                    1 => "1 measure lifted".to_string(),
                    n => format!("{n} measures lifted"),
                }
            ),
            Event::ReliefWithheld(actor) => format!("{actor} withholds the relief it promised"),
            Event::Reneged(Reneger::Regime) => {
                "regime breaks a deal: arrests since the deal exceed the usual rate".into()
            }
            Event::Reneged(Reneger::West(actor)) => format!("{actor} breaks a deal"),
            Event::Credibility {
                actor,
                of_regime,
                of_west,
            } => format!(
                "credibility: regime in {actor}'s eyes {of_regime:.2}, {actor} in the regime's {of_west:.2}"
            ),
            Event::PackageImposed { actor, measure } => {
                format!("{actor} imposes {}", self.measure_name(*measure))
            }
            Event::MeasureLifted { actor, measure } => {
                format!("{actor} lifts {}", self.measure_name(*measure))
            }
            Event::MeasureReimposed { actor, measure } => {
                format!("{actor} re-imposes {}", self.measure_name(*measure))
            }
        }
    }

    fn totals_text(&self) -> String {
        let sc = self.scenario;
        let o = &self.outcome;
        let mut out = format!("Totals after {}\n", months_phrase(sc.horizon_months));
        let mut line = |s: String| {
            out.push_str("  ");
            out.push_str(&s);
            out.push('\n');
        };
        line(format!(
            "prisoners held: {} at the start, {} at the end",
            count(o.initial_stock),
            count(o.final_stock)
        ));
        line(format!(
            "arrested {}; completed their sentence {}; died in custody {}",
            count(o.new_arrests),
            count(o.sentence_completions),
            count(o.deaths_in_custody)
        ));
        line(format!(
            "released {} (deported {}, refused deportation {}); {} prisoner-years of sentence forgiven",
            count(o.released),
            count(o.deported),
            count(o.refused_deportation),
            fmt(o.prisoner_months_forgiven as f64 / 12.0)
        ));
        let first = match o.months_to_first_deal {
            Some(m) => format!(", the first in {}", sc.calendar(m.saturating_sub(1))),
            None => String::new(),
        };
        line(format!(
            "deals {}{first}; months deadlocked {}; cycles completed {}",
            o.deals, o.deadlock_months, o.cycles
        ));
        line(format!(
            "measures: packages imposed {}, lifted {}, re-imposed {}",
            o.packages_imposed, o.measures_lifted, o.measures_reimposed
        ));
        let by_actor: Vec<String> = WestActor::ALL
            .iter()
            .filter(|a| o.relief_by_actor[a.index()] != 0.0)
            .map(|a| format!("{a} {}", fmt(o.relief_by_actor[a.index()])))
            .collect();
        let by_actor = if by_actor.is_empty() {
            String::new()
        } else {
            format!(" ({})", by_actor.join(", "))
        };
        line(format!(
            "sanctions cost the regime {} USD m; relief granted {} USD m{by_actor}",
            fmt(o.sanctions_cost),
            fmt(o.relief_granted)
        ));
        line(format!(
            "deals broken: by the regime {}, by the west {}; hardliner blocks {}; repression waves {}",
            o.reneged_by_regime, o.reneged_by_west, o.hardliner_blocks, o.repression_waves
        ));
        let target = count(sc.prisoners.target_stock);
        line(match o.months_to_target {
            Some(0) => format!("stock below {target}: already at the start"),
            Some(m) => format!(
                "stock below {target}: first in {} (after {})",
                sc.calendar(m - 1),
                months_phrase(m)
            ),
            None => format!("stock below {target}: never"),
        });
        line(match o.ceasefire_month {
            Some(m) => format!("ceasefire: {}", sc.calendar(m)),
            None => "ceasefire: none".into(),
        });
        let west: Vec<String> = WestActor::ALL
            .iter()
            .map(|a| format!("{a} {}", fmt(o.utility[a.index()])))
            .collect();
        line(format!(
            "utility (USD m eq., discounted): regime {}; {}",
            fmt(o.regime_utility),
            west.join(", ")
        ));
        out
    }

    /// The run as JSON: the same content as [`Trace::text`], in fields.
    pub fn json(&self) -> Value {
        let sc = self.scenario;
        let o = &self.outcome;
        let picked_by = self.pick.as_ref().map(|p| {
            json!({
                "percentile": p.percentile.to_string(),
                "percent": p.percentile.percent(),
                "metric": p.metric,
                "value": number(p.value),
                "runs": p.runs,
                "rank": p.rank,
            })
        });
        let months: Vec<Value> = self
            .months
            .iter()
            .map(|story| {
                let r = &story.record;
                let events: Vec<Value> = story
                    .events
                    .iter()
                    .enumerate()
                    .map(|(i, e)| {
                        let previous = i.checked_sub(1).map(|j| &story.events[j]);
                        self.event_json(e, previous)
                    })
                    .collect();
                json!({
                    "month": r.month,
                    "calendar": sc.calendar(r.month).to_string(),
                    "stock": r.stock,
                    "arrests": r.arrests,
                    "released": r.released,
                    "refused": r.refused,
                    "completions": r.completions,
                    "deaths": r.deaths,
                    "deals": r.deals,
                    "sanctions_cost": r.sanctions_cost,
                    "relief": r.relief,
                    "events": events,
                })
            })
            .collect();
        json!({
            "scenario": sc.name,
            "seed": self.seed,
            "run": o.run,
            "picked_by": picked_by,
            "start": sc.start.to_string(),
            "horizon_months": sc.horizon_months,
            "target_stock": sc.prisoners.target_stock,
            "months": months,
            "totals": totals_json(o),
        })
    }

    fn event_json(&self, event: &Event, previous: Option<&Event>) -> Value {
        let sc = self.scenario;
        let order_fields = |m: &mut Map<String, Value>, order: &ReleaseOrder| {
            m.insert("class".into(), self.class_name(order.class).into());
            m.insert("count".into(), order.count.into());
            m.insert("mode".into(), mode_name(order.mode).into());
        };
        let mut m = Map::new();
        let kind = match event {
            Event::StrategySwitch { actor, strategy } => {
                m.insert("actor".into(), actor.name().into());
                m.insert("strategy".into(), kebab(strategy).into());
                "strategy_switch"
            }
            Event::Election => "election",
            Event::Ceasefire => "ceasefire",
            Event::WaveStarted {
                extra_arrests,
                months,
            } => {
                m.insert("extra_arrests".into(), number(*extra_arrests));
                m.insert("months".into(), (*months).into());
                "wave_started"
            }
            Event::Rearrests {
                extra_arrests,
                months,
            } => {
                m.insert("extra_arrests".into(), number(*extra_arrests));
                m.insert("months".into(), (*months).into());
                "rearrests"
            }
            Event::Release {
                source,
                class,
                ordered,
                mode,
                outcome,
            } => {
                m.insert("source".into(), source_name(*source).into());
                m.insert("class".into(), self.class_name(*class).into());
                m.insert("mode".into(), mode_name(*mode).into());
                m.insert("ordered".into(), (*ordered).into());
                m.insert("released".into(), outcome.released.into());
                m.insert("deported".into(), outcome.deported.into());
                m.insert("refused".into(), outcome.refused.into());
                m.insert("prisoner_months".into(), outcome.prisoner_months.into());
                "release"
            }
            Event::ReleaseBlocked { source, ordered } => {
                m.insert("source".into(), source_name(*source).into());
                m.insert("ordered".into(), (*ordered).into());
                "release_blocked"
            }
            Event::HardlinerVeto {
                until,
                crackdown_arrests,
            } => {
                m.insert("until".into(), sc.calendar(*until).to_string().into());
                m.insert("until_month".into(), (*until).into());
                m.insert("crackdown_arrests".into(), number(*crackdown_arrests));
                "hardliner_veto"
            }
            Event::Deaths(n) => {
                m.insert("count".into(), (*n).into());
                "deaths"
            }
            Event::ChannelOpened(cp) => {
                m.insert("counterpart".into(), cp.name().into());
                "channel_opened"
            }
            Event::ChannelDerailed(cp) => {
                m.insert("counterpart".into(), cp.name().into());
                "channel_derailed"
            }
            Event::Offer {
                counterpart,
                order,
                price,
            } => {
                m.insert("counterpart".into(), counterpart.name().into());
                order_fields(&mut m, order);
                m.insert("price".into(), number(*price));
                "offer"
            }
            Event::Counter {
                counterpart,
                order,
                price,
            } => {
                m.insert("counterpart".into(), counterpart.name().into());
                order_fields(&mut m, order);
                m.insert("price".into(), number(*price));
                let answers = matches!(
                    previous,
                    Some(Event::Offer { counterpart: c, .. }) if c == counterpart
                );
                m.insert("answers_offer".into(), answers.into());
                "counter"
            }
            Event::Rejected {
                counterpart,
                by_regime,
            } => {
                m.insert("counterpart".into(), counterpart.name().into());
                let by = if *by_regime {
                    "regime"
                } else {
                    counterpart.name()
                };
                m.insert("by".into(), by.into());
                "rejected"
            }
            Event::Deal {
                counterpart,
                order,
                price,
                released,
                measures_lifted,
            } => {
                m.insert("counterpart".into(), counterpart.name().into());
                order_fields(&mut m, order);
                m.insert("price".into(), number(*price));
                m.insert("released".into(), (*released).into());
                m.insert("measures_lifted".into(), (*measures_lifted).into());
                "deal"
            }
            Event::ReliefWithheld(actor) => {
                m.insert("actor".into(), actor.name().into());
                "relief_withheld"
            }
            Event::Reneged(by) => {
                let by = match by {
                    Reneger::Regime => "regime",
                    Reneger::West(a) => a.name(),
                };
                m.insert("by".into(), by.into());
                "reneged"
            }
            Event::Credibility {
                actor,
                of_regime,
                of_west,
            } => {
                m.insert("actor".into(), actor.name().into());
                m.insert("of_regime".into(), number(*of_regime));
                m.insert("of_west".into(), number(*of_west));
                "credibility"
            }
            Event::PackageImposed { actor, measure } => {
                m.insert("actor".into(), actor.name().into());
                m.insert("measure".into(), self.measure_name(*measure).into());
                "measure_imposed"
            }
            Event::MeasureLifted { actor, measure } => {
                m.insert("actor".into(), actor.name().into());
                m.insert("measure".into(), self.measure_name(*measure).into());
                "measure_lifted"
            }
            Event::MeasureReimposed { actor, measure } => {
                m.insert("actor".into(), actor.name().into());
                m.insert("measure".into(), self.measure_name(*measure).into());
                "measure_reimposed"
            }
        };
        let mut out = Map::new();
        out.insert("kind".into(), kind.into());
        out.append(&mut m);
        out.insert("text".into(), self.event_text(event, previous).into());
        Value::Object(out)
    }

    fn class_name(&self, class: usize) -> &str {
        self.scenario
            .prisoners
            .classes
            .get(class)
            .map_or("?", |c| c.name.as_str())
    }

    fn measure_name(&self, measure: usize) -> &str {
        self.scenario
            .measures
            .get(measure)
            .map_or("?", |m| m.name.as_str())
    }
}

/// Every metric of a run by name, as the columns of `runs.csv` (but `run`): optional
/// metrics and the ceasefire month are null when the run has none.
fn totals_json(o: &RunOutcome) -> Value {
    let mut m = Map::new();
    for (name, v) in RUN_METRICS.iter().zip(o.metrics()) {
        m.insert((*name).into(), number(v));
    }
    for ((name, _), v) in OPTIONAL_METRICS.iter().zip(o.optional_metrics()) {
        m.insert((*name).into(), v.map_or(Value::Null, Value::from));
    }
    m.insert(
        "ceasefire_month".into(),
        o.ceasefire_month.map_or(Value::Null, Value::from),
    );
    Value::Object(m)
}

/// Integers as JSON integers (as in `runs.csv`), other finite values as floats, and
/// infinity (an optional metric a run lacks) as null.
fn number(v: f64) -> Value {
    if !v.is_finite() {
        Value::Null
    } else if v.fract() == 0.0 && v.abs() < 1e15 {
        Value::from(v as i64)
    } else {
        Value::from(v)
    }
}

/// A count with thousands separators and no decimals.
fn count(n: u64) -> String {
    if n >= 1000 {
        fmt(n as f64)
    } else {
        n.to_string()
    }
}

/// "1 ordinary prisoner", "50 ordinary prisoners"; `class` may be empty.
fn prisoners(n: u64, class: &str) -> String {
    let noun = if n == 1 { "prisoner" } else { "prisoners" };
    if class.is_empty() {
        format!("{} {noun}", count(n))
    } else {
        format!("{} {class} {noun}", count(n))
    }
}

/// The verb of a counterpart: "us counters", "us and eu counter".
fn verb(cp: Counterpart, singular: &'static str) -> String {
    match cp {
        Counterpart::UsAndEu => singular.strip_suffix('s').unwrap_or(singular).to_string(),
        Counterpart::One(_) => singular.to_string(),
    }
}

/// An expected count (a rate times months), rounded to a whole number of people.
fn count_f(x: f64) -> String {
    count(x.max(0.0).round() as u64)
}

/// A price per prisoner: two decimals, as the scenario's prices are fractions of a million.
fn price_text(p: f64) -> String {
    if p.abs() >= 1000.0 {
        fmt(p)
    } else {
        format!("{p:.2}")
    }
}

/// A metric's value with its unit, for the header ("1,380 people"); "none" for an
/// optional metric the run lacks.
fn metric_value(name: &str, v: f64) -> String {
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

fn months_phrase(n: u32) -> String {
    if n == 1 {
        "1 month".into()
    } else {
        format!("{} months", count(n.into()))
    }
}

/// 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st.
fn ordinal(n: u64) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// Who a round is with: "us", or "us and eu" when they bargain together.
fn who(cp: Counterpart) -> String {
    match cp {
        Counterpart::One(a) => a.name().into(),
        Counterpart::UsAndEu => "us and eu".into(),
    }
}

fn source_name(source: ReleaseSource) -> &'static str {
    match source {
        ReleaseSource::Strategy => "unilateral",
        ReleaseSource::Holiday => "holiday pardon",
        ReleaseSource::Deal => "deal",
    }
}

fn mode_name(mode: ReleaseMode) -> &'static str {
    match mode {
        ReleaseMode::Home => "home",
        ReleaseMode::Deportation => "deportation",
    }
}

/// A name as written in a scenario file (`release-first`).
fn kebab<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(Value::String(s)) => s,
        _ => "?".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Prepared, simulate};

    #[test]
    fn percentiles_parse_as_median_or_pnn() {
        assert_eq!("median".parse(), Ok(Percentile::MEDIAN));
        assert_eq!("p50".parse(), Ok(Percentile::MEDIAN));
        assert_eq!("p10".parse::<Percentile>().unwrap().percent(), 10);
        assert_eq!("p05".parse::<Percentile>().unwrap().percent(), 5);
        assert_eq!("p5".parse::<Percentile>().unwrap().percent(), 5);
        for bad in [
            "p0", "p00", "p100", "p", "10", "P10", "p-1", "p1.5", "mean", "",
        ] {
            assert!(bad.parse::<Percentile>().is_err(), "{bad:?} is rejected");
        }
        assert_eq!(Percentile::new(5).unwrap().to_string(), "p05");
        assert_eq!(Percentile::MEDIAN.to_string(), "median");
    }

    #[test]
    fn nearest_rank_is_ceil_of_p_times_n() {
        let p = |n| Percentile::new(n).unwrap();
        assert_eq!(Percentile::MEDIAN.rank(1000), 500);
        assert_eq!(Percentile::MEDIAN.rank(1001), 501);
        assert_eq!(p(10).rank(1000), 100);
        assert_eq!(p(90).rank(1000), 900);
        assert_eq!(p(10).rank(5), 1);
        assert_eq!(p(1).rank(1), 1);
        assert_eq!(p(99).rank(1), 1);
    }

    #[test]
    fn picks_by_value_then_run_index_with_infinities_last() {
        // Values 5, 1, 3, 3, inf for runs 0..5: order 1 (1), 2 (3), 3 (3), 0 (5), 4 (inf).
        let values = [(0, 5.0), (1, 1.0), (2, 3.0), (3, 3.0), (4, f64::INFINITY)];
        let pick = |p: u8| pick_run(&mut values.clone(), Percentile::new(p).unwrap());
        assert_eq!(pick(20), Some((1, 1.0, 1)));
        assert_eq!(pick(40), Some((2, 3.0, 2)));
        assert_eq!(pick(50), Some((3, 3.0, 3)));
        assert_eq!(pick(80), Some((0, 5.0, 4)));
        assert_eq!(pick(90), Some((4, f64::INFINITY, 5)));
        assert_eq!(pick_run(&mut [], Percentile::MEDIAN), None);
    }

    #[test]
    fn narrator_keeps_every_month_and_the_stock_balances() {
        let sc = Scenario::bundled("baseline").unwrap();
        let prep = Prepared::new(&sc);
        let mut narrator = Narrator::new();
        let o = simulate(&prep, 3, 2, &mut narrator);
        assert_eq!(narrator.months.len(), sc.horizon_months as usize);
        assert!(narrator.pending.is_empty());
        let mut stock = o.initial_stock;
        for (m, story) in narrator.months.iter().enumerate() {
            let r = &story.record;
            assert_eq!(r.month as usize, m);
            stock = stock + r.arrests - r.completions - r.released - r.deaths;
            assert_eq!(stock, r.stock, "month {m}: the stock line's flows add up");
        }
        assert_eq!(stock, o.final_stock);
        let trace = narrator.finish(&sc, 3, o, None);
        let text = trace.text();
        assert!(text.starts_with("Scenario baseline, seed 3, run 2\n"));
        assert!(text.contains("\n2024-07  stock "));
        let json = trace.json();
        assert_eq!(json["months"].as_array().unwrap().len(), 60);
        assert_eq!(json["totals"]["final_stock"], o.final_stock);
    }

    #[test]
    fn tells_counters_proposals_blocks_and_reimpositions_in_plain_english() {
        use crate::model::prisoners::ReleaseOutcome;
        use crate::scenario::WestStrategyName;
        let sc = Scenario::from_toml(
            r#"
name = "phrases"
[[prisoners.classes]]
name = "ordinary"
initial_count = 100
arrest_share = 1.0
[[prisoners.classes]]
name = "prominent"
initial_count = 20
arrest_share = 0.0
[[measures]]
name = "us-belavia"
actor = "us"
sector = "aviation"
justification = "repression"
cost_per_month = 5.0
imposed = "2023-08"
"#,
            "phrases.toml",
        )
        .unwrap();
        let order = |count| ReleaseOrder {
            class: 0,
            count,
            mode: ReleaseMode::Home,
        };
        let us = Counterpart::One(WestActor::Us);
        let mut narrator = Narrator::new();
        for e in [
            Event::StrategySwitch {
                actor: WestActor::Eu,
                strategy: WestStrategyName::SanctionsFirst,
            },
            Event::Offer {
                counterpart: us,
                order: order(50),
                price: 0.714,
            },
            Event::Counter {
                counterpart: us,
                order: order(180),
                price: 0.85,
            },
            Event::Rejected {
                counterpart: us,
                by_regime: true,
            },
            Event::ChannelOpened(Counterpart::UsAndEu),
            Event::Counter {
                counterpart: Counterpart::UsAndEu,
                order: order(1),
                price: 1.0,
            },
            Event::ReleaseBlocked {
                source: ReleaseSource::Deal,
                ordered: 1,
            },
            Event::Release {
                source: ReleaseSource::Strategy,
                class: 1,
                ordered: 28,
                mode: ReleaseMode::Home,
                outcome: ReleaseOutcome {
                    released: 20,
                    ..Default::default()
                },
            },
            Event::Rearrests {
                extra_arrests: 27.6,
                months: 1,
            },
            Event::MeasureReimposed {
                actor: WestActor::Us,
                measure: 0,
            },
        ] {
            narrator.event(0, &e);
        }
        narrator.month(&MonthRecord {
            stock: 1401,
            arrests: 52,
            completions: 40,
            released: 28,
            ..Default::default()
        });
        let text = narrator.finish(&sc, 1, RunOutcome::default(), None).text();
        let expected = "\
2024-07  stock 1,401 (+52 arrested, -40 completed, -28 released)
  eu switches to the sanctions-first strategy
  regime offers 50 ordinary prisoners for 0.71 USD m a month each
  us counters: 180 ordinary prisoners at 0.85 USD m a month each
  regime rejects us's terms
  channel opens with us and eu
  us and eu propose: 1 ordinary prisoner at 1.00 USD m a month each
  hardliners block the release of 1 prisoner (deal), so the deal falls through
  regime releases 20 prominent prisoners at home (unilateral); 28 ordered, only 20 held
  the door revolves: about 28 extra arrests over the next month
  us re-imposes us-belavia
  sanctions now cost the regime 0.0 USD m a month; relief from lifted measures 0.0 USD m a month
";
        assert!(text.contains(expected), "{text}");
    }

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
