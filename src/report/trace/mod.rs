//! `leverage trace`: one run told month by month, in plain English or as JSON.
//!
//! [`Narrator`] is an [`Observer`] that collects a run's months and events as they happen;
//! [`Narrator::finish`] turns them into a [`Trace`], which renders as text a teacher can
//! read aloud ([`Trace::text`]) or as JSON with the same content for tools
//! ([`Trace::json`]). [`pick_run`] finds the run at a percentile of a metric from a
//! batch's (run index, value) pairs. Nothing here simulates, prints or touches files: the
//! CLI runs the batch and the run, and prints what this module returns.//!
//! Layout: `pick` ranks a batch's runs and picks one, `text` lays the story out as text,
//! `events` words each kind of event, `json` writes the same content as JSON, and `words`
//! formats counts, prices and names. This file owns the observer and the [`Trace`] it
//! builds.

mod events;
mod json;
mod pick;
mod text;
mod words;

pub use pick::{Percentile, Pick, metric_names, pick_run};

use crate::engine::run::{Event, MonthRecord, Observer, RunOutcome};
use crate::scenario::Scenario;

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
    /// A narrator that has observed nothing yet, to pass to [`crate::engine::simulate`].
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

/// Names of the scenario's parts, for the narration and the JSON.
impl Trace<'_> {
    /// The name of prisoner class `class` of the scenario, `?` if it has none.
    fn class_name(&self, class: usize) -> &str {
        self.scenario
            .prisoners
            .classes
            .get(class)
            .map_or("?", |c| c.name.as_str())
    }

    /// The name of sanctions measure `measure` of the scenario, `?` if it has none.
    fn measure_name(&self, measure: usize) -> &str {
        self.scenario
            .measures
            .get(measure)
            .map_or("?", |m| m.name.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Prepared, simulate};

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
}
