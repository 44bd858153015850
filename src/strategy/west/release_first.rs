//! `release-first`: relief only after the benchmark is met (000: "Brussels sees the release
//! of political prisoners as a precondition for negotiations").
//!
//! Holds its measures and never escalates. From the first month its benchmark is met it
//! waits `delay_months` (data: the EU suspended sanctions about two months after the
//! releases of 2008 and 2015), then lifts every negotiable measure it has in force.

use crate::scenario::ReleaseFirstParams;
use crate::strategy::{
    Lift, StreamRng, WestAction, WestStrategy, WestView, benchmark_gap, benchmark_met_with,
};

/// The Western actor that lifts its negotiable measures only once its benchmark is met.
#[derive(Debug, Clone)]
pub struct ReleaseFirst {
    delay_months: u32,
    /// Month the benchmark was first met.
    met_since: Option<u32>,
}

impl ReleaseFirst {
    /// From the actor's `release-first` table (`[eu.release-first]`, ...).
    pub fn new(params: &ReleaseFirstParams) -> Self {
        ReleaseFirst {
            delay_months: params.delay_months,
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

    /// A deal must meet the benchmark: what is still missing of it, all at once.
    fn deal_minimum(&self, view: &WestView) -> Option<u64> {
        Some(benchmark_gap(view.benchmark, view.record).max(1))
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
        let mut s = ReleaseFirst::new(&ReleaseFirstParams { delay_months: 2 });
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
        let s = ReleaseFirst::new(&ReleaseFirstParams { delay_months: 2 });
        let record = PublicRecord {
            released_total: 120,
            ..Default::default()
        };
        // The test view's benchmark: 300 releases.
        assert_eq!(s.deal_minimum(&west_view(&record, false)), Some(180));
    }
}
