//! `transactional`: relief for each release, large or small (002: the US let Belavia buy
//! aircraft parts after 52 were released).
//!
//! In any month in which at least `min_release` prisoners are released outside deals (a
//! deal is paid by its own relief), it pays for them at the going price: relief worth the
//! price of a deal with it times the prisoners released, lifted in parts smallest first as
//! a deal's relief is ([`crate::strategy::WestAction::pay_for`]). The regime released
//! first, so the price is the regime's at the split (`bargaining.protocol`), never above
//! the actor's own bid. In a round it accepts a deal of any size from `min_release` up (0
//! counts as 1). It never escalates or re-imposes.

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
        // Deals are paid by their own relief: only other releases earn more.
        let released = view.record.released_this_month - view.record.released_in_deals_this_month;
        WestAction {
            pay_for: if released >= self.min_release {
                released
            } else {
                0
            },
            ..Default::default()
        }
    }

    fn deal_minimum(&self, _view: &WestView) -> Option<u64> {
        Some(self.min_release)
    }

    fn relief_if(&self, view: &WestView, extra: u64, in_deal: bool) -> Lift {
        let released = unilateral_released(view.record, extra, in_deal);
        Lift {
            count: 0,
            after_months: 0,
            pay_for: if released >= self.min_release {
                released
            } else {
                0
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strategy::PublicRecord;
    use crate::strategy::testkit::{rng, west_view};

    #[test]
    fn pays_for_every_release_outside_deals_from_its_minimum() {
        let mut s = Transactional::new(&TransactionalParams { min_release: 1 });
        let mut rng = rng();
        for (released, in_deals, paid) in [(0, 0, 0), (1, 0, 1), (52, 0, 52), (60, 52, 8)] {
            let record = PublicRecord {
                released_this_month: released,
                released_in_deals_this_month: in_deals,
                ..Default::default()
            };
            let action = s.decide(&west_view(&record, false), &mut rng);
            assert_eq!((action.pay_for, action.lift), (paid, 0));
        }
        let mut s = Transactional::new(&TransactionalParams { min_release: 14 });
        for (released, paid) in [(13, 0), (14, 14), (20, 20)] {
            let record = PublicRecord {
                released_this_month: released,
                ..Default::default()
            };
            assert_eq!(s.decide(&west_view(&record, false), &mut rng).pay_for, paid);
        }
        assert_eq!(
            s.deal_minimum(&west_view(&PublicRecord::default(), false)),
            Some(14)
        );
    }
}
