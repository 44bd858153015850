//! `election-cycle`: releases timed before presidential elections, to ease tension with
//! the West and take the prisoner argument from opponents (004: 2008 and 2015; data: the
//! last political prisoners freed in August 2008 and August 2015, each before an election).
//!
//! In the `lead_months` months before an election month it releases `release_per_month`
//! each month and offers deals of `offer_size`; the rest of the time it holds and refuses.

use crate::scenario::{ElectionCycleParams, Target, WestActor};
use crate::strategy::{RegimeAction, RegimeStrategy, RegimeView, ReleaseOrder, StreamRng};

/// The regime that releases and bargains only in the months before an election.
#[derive(Debug, Clone)]
pub struct ElectionCycle {
    params: ElectionCycleParams,
    target: Target,
}

impl ElectionCycle {
    /// From `regime.election-cycle`, releasing from `target`.
    pub fn new(params: &ElectionCycleParams, target: Target) -> Self {
        ElectionCycle {
            params: params.clone(),
            target,
        }
    }

    fn campaigning(&self, view: &RegimeView) -> bool {
        view.months_to_election
            .is_some_and(|m| m >= 1 && m <= self.params.lead_months)
    }

    fn order(&self, size: u64, view: &RegimeView) -> Option<ReleaseOrder> {
        let count = size.min(view.class_stock[self.target.class]);
        (count > 0 && self.campaigning(view)).then_some(ReleaseOrder {
            class: self.target.class,
            count,
            mode: self.target.mode,
        })
    }
}

impl RegimeStrategy for ElectionCycle {
    #[inline(always)]
    fn decide(&mut self, view: &RegimeView, _rng: &mut StreamRng) -> RegimeAction {
        RegimeAction {
            release: self.order(self.params.release_per_month, view),
            purge: 0,
        }
    }

    fn propose(
        &mut self,
        view: &RegimeView,
        _counterpart: WestActor,
        _rng: &mut StreamRng,
    ) -> Option<ReleaseOrder> {
        self.order(self.params.offer_size, view)
    }

    /// Before an election it will release everyone if that buys relief (2008, 2015).
    fn accept_counter(
        &mut self,
        view: &RegimeView,
        _counterpart: WestActor,
        order: &ReleaseOrder,
        _rng: &mut StreamRng,
    ) -> bool {
        self.campaigning(view) && order.class == self.target.class
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::ReleaseMode;
    use crate::strategy::PublicRecord;
    use crate::strategy::testkit::{NO_RELIEF, regime_view, rng};

    #[test]
    fn releases_only_in_the_months_before_an_election() {
        let mut s = ElectionCycle::new(
            &ElectionCycleParams {
                lead_months: 3,
                release_per_month: 25,
                ..Default::default()
            },
            Target {
                class: 0,
                mode: ReleaseMode::Home,
            },
        );
        let record = PublicRecord::default();
        let mut rng = rng();
        let sizes: Vec<u64> = [None, Some(10), Some(4), Some(3), Some(2), Some(1), Some(0)]
            .into_iter()
            .map(|m| {
                let mut view = regime_view(&record, &NO_RELIEF);
                view.months_to_election = m;
                s.decide(&view, &mut rng).release.map_or(0, |r| r.count)
            })
            .collect();
        assert_eq!(sizes, vec![0, 0, 0, 25, 25, 25, 0]);
    }
}
