//! `release-first`: relief only after the benchmark is met (000: "Brussels sees the release
//! of political prisoners as a precondition for negotiations").
//!
//! Holds its measures and never escalates. From the first month its benchmark is met it
//! waits `delay_months` (data: the EU suspended sanctions about two months after the
//! releases of 2008 and 2015), then lifts every negotiable measure it has in force. In a
//! round it deals for what is missing of its benchmark, in tranches of at most `tranche`
//! prisoners (all at once at 0): each tranche released first, then paid in relief at the
//! deal's price.

use crate::scenario::ReleaseFirstParams;
use crate::strategy::{
    Lift, StreamRng, WestAction, WestStrategy, WestView, benchmark_met_with, tranche_asked,
};

/// The Western actor that lifts its negotiable measures only once its benchmark is met.
#[derive(Debug, Clone)]
pub struct ReleaseFirst {
    delay_months: u32,
    tranche: u64,
    /// Month the benchmark was first met.
    met_since: Option<u32>,
}

impl ReleaseFirst {
    /// From the actor's `release-first` table (`[eu.release-first]`, ...).
    pub fn new(params: &ReleaseFirstParams) -> Self {
        ReleaseFirst {
            delay_months: params.delay_months,
            tranche: params.tranche,
            met_since: None,
        }
    }
}

impl WestStrategy for ReleaseFirst {
    #[inline(always)]
    fn decide(&mut self, view: &WestView, _rng: &mut StreamRng) -> WestAction {
        let month = view.record.month;
        if view.benchmark_met && self.met_since.is_none() {
            self.met_since = Some(month);
        }
        let due = self
            .met_since
            .is_some_and(|since| month >= since + self.delay_months);
        WestAction {
            lift: if due && view.active_negotiable > 0 {
                u32::MAX
            } else {
                0
            },
            ..Default::default()
        }
    }

    /// A deal frees what is still missing of the benchmark, in tranches of at most
    /// `tranche` (all at once at 0): releases first, relief for them after.
    fn deal_minimum(&self, view: &WestView) -> Option<u64> {
        Some(tranche_asked(view.benchmark, view.record, self.tranche))
    }

    fn relief_if(&self, view: &WestView, extra: u64, _in_deal: bool) -> Lift {
        relief_after_benchmark(view, self.met_since, self.delay_months, extra)
    }
}

/// `release-first` and `sanctions-first`: everything lifted `delay` months after the
/// benchmark is first met (or already due, if it was met in an earlier month). A release
/// counts towards a benchmark in a deal or not.
pub(super) fn relief_after_benchmark(
    view: &WestView,
    met_since: Option<u32>,
    delay: u32,
    extra: u64,
) -> Lift {
    if view.active_negotiable == 0 {
        return Lift::NONE;
    }
    let month = view.record.month;
    let since = met_since
        .or_else(|| benchmark_met_with(view.benchmark, view.record, extra).then_some(month));
    match since {
        Some(since) => Lift {
            count: u32::MAX,
            after_months: (since + delay).saturating_sub(month),
            pay_for: 0,
        },
        None => Lift::NONE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strategy::PublicRecord;
    use crate::strategy::testkit::{rng, west_view};

    #[test]
    fn never_grants_relief_before_the_benchmark_and_waits_its_delay_after() {
        let mut s = ReleaseFirst::new(&ReleaseFirstParams {
            delay_months: 2,
            tranche: 0,
        });
        let mut rng = rng();
        let mut lifted = Vec::new();
        for month in 0..12 {
            let record = PublicRecord {
                month,
                released_this_month: 40,
                ..Default::default()
            };
            let action = s.decide(&west_view(&record, month >= 5), &mut rng);
            assert_eq!(action.impose_packages, 0, "release-first never escalates");
            assert_eq!(action.reimpose, 0);
            if action.lift > 0 {
                lifted.push(month);
            }
        }
        assert_eq!(lifted.first(), Some(&7));
    }

    #[test]
    fn deals_only_for_what_meets_the_benchmark() {
        let s = ReleaseFirst::new(&ReleaseFirstParams {
            delay_months: 2,
            tranche: 0,
        });
        let record = PublicRecord {
            released_total: 120,
            ..Default::default()
        };
        // The test view's benchmark: 300 releases.
        assert_eq!(s.deal_minimum(&west_view(&record, false)), Some(180));
    }

    /// In tranches: at most `tranche` a deal, what is left of the benchmark at the end,
    /// and one prisoner once it is met.
    #[test]
    fn deals_in_tranches_toward_the_benchmark() {
        let s = ReleaseFirst::new(&ReleaseFirstParams {
            delay_months: 2,
            tranche: 50,
        });
        for (released, asked) in [(0, 50), (120, 50), (260, 40), (300, 1), (400, 1)] {
            let record = PublicRecord {
                released_total: released,
                ..Default::default()
            };
            assert_eq!(
                s.deal_minimum(&west_view(&record, false)),
                Some(asked),
                "{released} released"
            );
        }
    }
}
