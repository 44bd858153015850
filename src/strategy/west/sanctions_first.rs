//! `sanctions-first`: pressure until releases (002: "sanctions are the only effective
//! leverage"; 003).
//!
//! While prisoners are held and its benchmark is not met, adds its next reserve package
//! every `package_interval_months` (004: eleven months separated the EU's eighth and ninth
//! packages), and at once in a month with `arrest_trigger` or more new arrests. Once the
//! benchmark is met it stops escalating and, after `delay_months`, lifts every negotiable
//! measure it has in force. In a round it deals for what is missing of its benchmark, in
//! tranches of at most `tranche` (all at once at 0), as `release-first` does.

use crate::scenario::SanctionsFirstParams;
use crate::strategy::{Lift, StreamRng, WestAction, WestStrategy, WestView, tranche_asked};

/// The Western actor that escalates until its benchmark is met, then lifts.
#[derive(Debug, Clone)]
pub struct SanctionsFirst {
    params: SanctionsFirstParams,
    /// Month of the last package added (or the start: the file's measures are recent).
    last_package: u32,
    met_since: Option<u32>,
}

impl SanctionsFirst {
    /// From the actor's `sanctions-first` table (`[eu.sanctions-first]`, ...); the next
    /// package is due `package_interval_months` after the start.
    pub fn new(params: &SanctionsFirstParams) -> Self {
        SanctionsFirst {
            params: params.clone(),
            last_package: 0,
            met_since: None,
        }
    }
}

impl WestStrategy for SanctionsFirst {
    #[inline(always)]
    fn decide(&mut self, view: &WestView, _rng: &mut StreamRng) -> WestAction {
        let record = view.record;
        let month = record.month;
        if view.benchmark_met && self.met_since.is_none() {
            self.met_since = Some(month);
        }
        if let Some(since) = self.met_since {
            let due = month >= since + self.params.delay_months && view.active_negotiable > 0;
            return WestAction {
                lift: if due { u32::MAX } else { 0 },
                ..Default::default()
            };
        }
        let interval_due = month >= self.last_package + self.params.package_interval_months;
        let surge = record.arrests_this_month >= self.params.arrest_trigger;
        let escalate = view.reserve_left > 0 && record.stock > 0 && (interval_due || surge);
        if escalate {
            self.last_package = month;
        }
        WestAction {
            impose_packages: u32::from(escalate),
            ..Default::default()
        }
    }

    /// Like release-first: a deal must meet the benchmark.
    fn deal_minimum(&self, view: &WestView) -> Option<u64> {
        Some(tranche_asked(
            view.benchmark,
            view.record,
            self.params.tranche,
        ))
    }

    fn relief_if(&self, view: &WestView, extra: u64, _in_deal: bool) -> Lift {
        super::release_first::relief_after_benchmark(
            view,
            self.met_since,
            self.params.delay_months,
            extra,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strategy::PublicRecord;
    use crate::strategy::testkit::{rng, west_view};

    fn run(arrests: impl Fn(u32) -> u64, met_from: u32, months: u32) -> (Vec<u32>, Vec<u32>) {
        let mut s = SanctionsFirst::new(&SanctionsFirstParams {
            package_interval_months: 4,
            arrest_trigger: 100,
            delay_months: 1,
            tranche: 0,
        });
        let mut rng = rng();
        let (mut packages, mut lifts) = (Vec::new(), Vec::new());
        for month in 0..months {
            let record = PublicRecord {
                month,
                stock: 1000,
                arrests_this_month: arrests(month),
                ..Default::default()
            };
            let a = s.decide(&west_view(&record, month >= met_from), &mut rng);
            if a.impose_packages > 0 {
                packages.push(month);
            }
            if a.lift > 0 {
                lifts.push(month);
            }
        }
        (packages, lifts)
    }

    #[test]
    fn escalates_at_its_interval_while_prisoners_are_held() {
        let (packages, lifts) = run(|_| 50, u32::MAX, 13);
        assert_eq!(packages, vec![4, 8, 12]);
        assert!(lifts.is_empty());
    }

    #[test]
    fn escalates_at_once_on_an_arrest_surge() {
        let (packages, _) = run(|m| if m == 2 { 150 } else { 50 }, u32::MAX, 9);
        assert_eq!(packages, vec![2, 6]);
    }

    #[test]
    fn stops_escalating_and_lifts_after_the_benchmark() {
        let (packages, lifts) = run(|_| 50, 6, 12);
        assert_eq!(packages, vec![4]);
        assert_eq!(lifts.first(), Some(&7));
    }
}
