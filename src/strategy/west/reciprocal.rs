//! `reciprocal`: step-for-step relief per verified release, re-imposed on new arrests.
//!
//! Every `step_size` prisoners released outside deals (a deal is paid by its own relief)
//! earn one negotiable measure lifted, smallest bite first. A month with `arrest_trigger` or more new arrests makes it
//! re-impose the last measure it lifted: reneging, in the regime's eyes. In a round it
//! accepts deals of at least one step.

use crate::scenario::ReciprocalParams;
use crate::strategy::{Lift, StreamRng, WestAction, WestStrategy, WestView, unilateral_released};

/// The Western actor that lifts a measure per `step_size` prisoners released and
/// re-imposes on an arrest surge.
#[derive(Debug, Clone)]
pub struct Reciprocal {
    params: ReciprocalParams,
    /// Releases not yet rewarded.
    credit: u64,
}

impl Reciprocal {
    /// From the actor's `reciprocal` table (`[eu.reciprocal]`, ...), with no releases
    /// credited yet.
    pub fn new(params: &ReciprocalParams) -> Self {
        Reciprocal {
            params: params.clone(),
            credit: 0,
        }
    }
}

impl WestStrategy for Reciprocal {
    #[inline(always)]
    fn decide(&mut self, view: &WestView, _rng: &mut StreamRng) -> WestAction {
        let record = view.record;
        // Deals are paid by their own relief: only other releases earn steps.
        self.credit += record.released_this_month - record.released_in_deals_this_month;
        let steps = self.credit / self.params.step_size;
        self.credit %= self.params.step_size;
        let surge = record.arrests_this_month >= self.params.arrest_trigger;
        WestAction {
            lift: steps.min(u64::from(u32::MAX - 1)) as u32,
            reimpose: u32::from(surge && view.lifted > 0),
            ..Default::default()
        }
    }

    fn deal_minimum(&self, _view: &WestView) -> Option<u64> {
        Some(self.params.step_size)
    }

    fn relief_if(&self, view: &WestView, extra: u64, in_deal: bool) -> Lift {
        let credit = self.credit + unilateral_released(view.record, extra, in_deal);
        Lift {
            count: (credit / self.params.step_size).min(u64::from(u32::MAX - 1)) as u32,
            after_months: 0,
            pay_for: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strategy::PublicRecord;
    use crate::strategy::testkit::{rng, west_view};

    #[test]
    fn lifts_a_measure_per_step_and_reimposes_on_new_arrests() {
        let mut s = Reciprocal::new(&ReciprocalParams {
            step_size: 50,
            arrest_trigger: 80,
        });
        let mut rng = rng();
        let mut lifts = Vec::new();
        for (released, arrests) in [(30, 40), (30, 40), (120, 40), (0, 90)] {
            let record = PublicRecord {
                released_this_month: released,
                arrests_this_month: arrests,
                ..Default::default()
            };
            let mut view = west_view(&record, false);
            view.lifted = 1;
            let a = s.decide(&view, &mut rng);
            lifts.push((a.lift, a.reimpose));
        }
        // 30, then 60 (one step, 10 carried), then 130 (two steps, 30 carried).
        assert_eq!(lifts, vec![(0, 0), (1, 0), (2, 0), (0, 1)]);
    }
}
