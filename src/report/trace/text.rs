//! A trace as text a teacher can read aloud: the header (with how the run was picked),
//! one block per month (the stock line, its events, the sanctions bill when it moved),
//! and the run's totals.
//!
//! Owns the layout of the text. Must not word single events (that is `events`) and must
//! not print: it returns the text.

use super::words::{count, metric_value, months_phrase};
use super::{MonthStory, Trace};
use crate::engine::run::Event;
use crate::report::fmt;
use crate::scenario::WestActor;
use std::fmt::Write as _;

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

    /// One month: the stock line with its flows, each event, and the sanctions bill and
    /// relief (USD m a month) when a measure moved.
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
                    | Event::ReliefPart { .. }
                    | Event::MeasureReimposed { .. }
                    | Event::MeasureLapsed { .. }
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

    /// The run's totals after the horizon: stock, flows, releases, deals, measures,
    /// sanctions and relief (USD m), broken deals, the target, the ceasefire, utilities.
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
        let again = if o.rearrested > 0 {
            format!(" (re-arrested after release {})", count(o.rearrested))
        } else {
            String::new()
        };
        line(format!(
            "arrested {}{again}; completed their sentence {}; died in custody {}",
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
}
