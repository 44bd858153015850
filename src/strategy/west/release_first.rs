//! `release-first`: relief only after the benchmark is met (000: "Brussels sees the release
//! of political prisoners as a precondition for negotiations").
//!
//! Holds its measures and never escalates. From the first month its benchmark is met it
//! waits `delay_months` (data: the EU suspended sanctions about two months after the
//! releases of 2008 and 2015), then lifts every negotiable measure it has in force.

use crate::scenario::ReleaseFirstParams;
use crate::strategy::{StreamRng, WestAction, WestStrategy, WestView};

#[derive(Debug, Clone)]
pub struct ReleaseFirst {
    delay_months: u32,
    /// Month the benchmark was first met.
    met_since: Option<u32>,
}

impl ReleaseFirst {
    pub fn new(params: &ReleaseFirstParams) -> Self {
        ReleaseFirst {
            delay_months: params.delay_months,
            met_since: None,
        }
    }
}

impl WestStrategy for ReleaseFirst {
    fn decide(&mut self, view: &WestView, _rng: &mut StreamRng) -> WestAction {
        let month = view.record.month;
        if view.benchmark_met && self.met_since.is_none() {
            self.met_since = Some(month);
        }
        let due = self
            .met_since
            .is_some_and(|since| month >= since + self.delay_months);
        WestAction {
            impose_packages: 0,
            lift_negotiable: due && view.active_negotiable > 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::WestActor;
    use crate::strategy::PublicRecord;
    use rand::SeedableRng;

    #[test]
    fn never_grants_relief_before_the_benchmark_and_waits_its_delay_after() {
        let mut s = ReleaseFirst::new(&ReleaseFirstParams { delay_months: 2 });
        let mut rng = StreamRng::seed_from_u64(1);
        let mut lifted = Vec::new();
        for month in 0..12 {
            let record = PublicRecord {
                month,
                ..Default::default()
            };
            let view = WestView {
                actor: WestActor::Eu,
                calendar: "2024-07".parse().unwrap(),
                record: &record,
                benchmark_met: month >= 5,
                reserve_left: 3,
                active_negotiable: 2,
            };
            let action = s.decide(&view, &mut rng);
            assert_eq!(action.impose_packages, 0, "release-first never escalates");
            if action.lift_negotiable {
                lifted.push(month);
            }
        }
        assert_eq!(lifted.first(), Some(&7));
    }
}
