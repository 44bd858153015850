//! A trace as JSON with the same content as the text, in fields, for tools: the pick,
//! each month's record and its events (each with its kind, fields and sentence), and
//! every metric of the run.
//!
//! Owns the JSON field names and how numbers are written (integers as integers, a missing
//! optional metric as null). Must not word events itself: each event's `text` comes from
//! `events`.

use super::Trace;
use super::words::{choice_text, kebab, mode_name, source_name};
use crate::engine::run::{Event, OPTIONAL_METRICS, RUN_METRICS, Reneger, RunOutcome};
use crate::scenario::{ContactLevel, WestActor};
use crate::strategy::ReleaseOrder;
use serde_json::{Map, Value, json};

impl Trace<'_> {
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

    /// One event as an object: its `kind`, its fields, and its sentence as `text`.
    /// `previous` is as in the text: it tells a counter-offer from a proposal.
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
            Event::Purge {
                arrests,
                discontent: (before, after),
            } => {
                m.insert("arrests".into(), (*arrests).into());
                m.insert("discontent_before".into(), number(*before));
                m.insert("discontent_after".into(), number(*after));
                "purge"
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
            Event::Contact { actor, level } => {
                m.insert("actor".into(), actor.name().into());
                let level = match level {
                    ContactLevel::Envoy => "envoy",
                    ContactLevel::Top => "top",
                };
                m.insert("level".into(), level.into());
                "contact"
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
                relief,
            } => {
                m.insert("counterpart".into(), counterpart.name().into());
                order_fields(&mut m, order);
                m.insert("price".into(), number(*price));
                m.insert("released".into(), (*released).into());
                m.insert("measures_lifted".into(), (*measures_lifted).into());
                m.insert("relief".into(), number(*relief));
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
            Event::Choice { counterpart, why } => {
                m.insert(
                    "counterpart".into(),
                    counterpart.map_or(Value::Null, |cp| cp.name().into()),
                );
                m.insert("chosen".into(), choice_text(why.chosen).into());
                m.insert("value".into(), number(why.value));
                m.insert("probability".into(), number(why.probability));
                m.insert("west_value".into(), number(why.west_value));
                m.insert(
                    "alternative".into(),
                    why.alternative.map_or(Value::Null, |(c, v)| {
                        serde_json::json!({ "chosen": choice_text(c), "value": number(v) })
                    }),
                );
                let beliefs: Map<String, Value> = WestActor::ALL
                    .iter()
                    .zip(why.beliefs)
                    .map(|(a, (ty, p))| {
                        (
                            a.name().to_string(),
                            serde_json::json!({ "type": ty.name(), "probability": number(p) }),
                        )
                    })
                    .collect();
                m.insert("beliefs".into(), beliefs.into());
                m.insert(
                    "purge".into(),
                    why.purge.map_or(Value::Null, |p| {
                        serde_json::json!({
                            "arrests": p.arrests,
                            "value": number(p.value),
                            "probability": number(p.probability),
                        })
                    }),
                );
                "choice"
            }
            Event::Credibility {
                actor,
                of_regime,
                of_west,
                liberaliser,
                west_keeper,
            } => {
                m.insert("actor".into(), actor.name().into());
                m.insert("of_regime".into(), number(*of_regime));
                m.insert("of_west".into(), number(*of_west));
                m.insert("liberaliser".into(), number(*liberaliser));
                m.insert("west_keeper".into(), number(*west_keeper));
                "credibility"
            }
            Event::WestChoice { actor, why } => {
                m.insert("actor".into(), actor.name().into());
                m.insert("chosen".into(), self.west_move_text(why.chosen).into());
                m.insert("value".into(), number(why.value));
                m.insert("probability".into(), number(why.probability));
                m.insert(
                    "alternative".into(),
                    why.alternative().map_or(Value::Null, |(c, v)| {
                        serde_json::json!({ "chosen": self.west_move_text(c), "value": number(v) })
                    }),
                );
                let options: Vec<Value> = why
                    .options
                    .iter()
                    .flatten()
                    .map(|(c, v)| {
                        serde_json::json!({ "move": self.west_move_text(*c), "value": number(*v) })
                    })
                    .collect();
                m.insert("options".into(), options.into());
                m.insert("liberaliser".into(), number(why.liberaliser));
                m.insert("keeps".into(), number(why.keeps));
                "west_choice"
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
            Event::Paid {
                actor,
                prisoners,
                price,
                relief,
                measures_lifted,
            } => {
                m.insert("actor".into(), actor.name().into());
                m.insert("prisoners".into(), (*prisoners).into());
                m.insert("price".into(), number(*price));
                m.insert("relief".into(), number(*relief));
                m.insert("measures_lifted".into(), (*measures_lifted).into());
                "paid"
            }
            Event::ReliefPart {
                actor,
                measure,
                share,
            } => {
                m.insert("actor".into(), actor.name().into());
                m.insert("measure".into(), self.measure_name(*measure).into());
                m.insert("share".into(), number(*share));
                "relief_part"
            }
            Event::MeasureReimposed { actor, measure } => {
                m.insert("actor".into(), actor.name().into());
                m.insert("measure".into(), self.measure_name(*measure).into());
                "measure_reimposed"
            }
            Event::MeasureLapsed { measure } => {
                m.insert("actor".into(), "eu".into());
                m.insert("measure".into(), self.measure_name(*measure).into());
                "measure_lapsed"
            }
            Event::EuLiftVetoed { frontline } => {
                m.insert("frontline".into(), (*frontline).into());
                "eu_lift_vetoed"
            }
        };
        let mut out = Map::new();
        out.insert("kind".into(), kind.into());
        out.append(&mut m);
        out.insert("text".into(), self.event_text(event, previous).into());
        Value::Object(out)
    }
}

/// Every metric of a run by name, as the columns of `runs.csv` (but `run`): optional
/// metrics and the ceasefire month are null when the run has none.
pub(super) fn totals_json(o: &RunOutcome) -> Value {
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
pub(super) fn number(v: f64) -> Value {
    if !v.is_finite() {
        Value::Null
    } else if v.fract() == 0.0 && v.abs() < 1e15 {
        Value::from(v as i64)
    } else {
        Value::from(v)
    }
}
