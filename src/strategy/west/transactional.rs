//! `transactional`: relief for each release, large or small (002: the US let Belavia buy
//! aircraft parts after 52 were released).
//!
//! In any month in which at least `min_release` prisoners are released outside deals (a
//! deal is paid by its own relief), it lifts one of its negotiable measures, smallest bite
//! first; in a round it accepts a deal of any size from `min_release` up (0 counts as 1).
//! It never escalates or re-imposes.

use crate::scenario::TransactionalParams;
use crate::strategy::{Lift, StreamRng, WestAction, WestStrategy, WestView, unilateral_released};

/// The Western actor that pays for every release, large or small.
#[derive(Debug, Clone)]
pub struct Transactional {
    min_release: u64,
}

impl Transactional {
    /// From the actor's `transactional` table (`[us.transactional]`, ...); a
    /// `min_release` of 0 counts as 1.
    pub fn new(params: &TransactionalParams) -> Self {
        Transactional {
            min_release: params.min_release.max(1),
        }
    }
}

impl WestStrategy for Transactional {
    #[inline(always)]
    fn decide(&mut self, view: &WestView, _rng: &mut StreamRng) -> WestAction {
        WestAction {
            // Deals are paid by their own relief: only other releases earn more.
            lift: u32::from(
                view.record.released_this_month - view.record.released_in_deals_this_month
                    >= self.min_release,
            ),
            ..Default::default()
        }
    }

    fn deal_minimum(&self, _view: &WestView) -> Option<u64> {
        Some(self.min_release)
    }

    fn relief_if(&self, view: &WestView, extra: u64, in_deal: bool) -> Lift {
        Lift {
            count: u32::from(unilateral_released(view.record, extra, in_deal) >= self.min_release),
            after_months: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strategy::PublicRecord;
    use crate::strategy::testkit::{rng, west_view};

    #[test]
    fn grants_relief_after_any_release() {
        let mut s = Transactional::new(&TransactionalParams { min_release: 1 });
        let mut rng = rng();
        for (released, lift) in [(0, 0), (1, 1), (52, 1)] {
            let record = PublicRecord {
                released_this_month: released,
                ..Default::default()
            };
            assert_eq!(s.decide(&west_view(&record, false), &mut rng).lift, lift);
        }
        assert_eq!(
            s.deal_minimum(&west_view(&PublicRecord::default(), false)),
            Some(1)
        );
    }
}
