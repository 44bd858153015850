//! `engagement`: de-escalate in steps without preconditions (004: "it seems realistic for
//! Minsk and interested Western capitals to at least explore de-escalation options").
//!
//! Lifts one negotiable measure every `step_months`, whatever the regime does, and makes
//! channels `channel_multiplier` times as likely to open. Accepts deals of any size.

use crate::scenario::EngagementParams;
use crate::strategy::{Lift, StreamRng, WestAction, WestStrategy, WestView};

/// The Western actor that lifts a measure every `step_months` without preconditions and
/// seeks talks.
#[derive(Debug, Clone)]
pub struct Engagement {
    params: EngagementParams,
}

impl Engagement {
    /// From the actor's `engagement` table (`[eu.engagement]`, ...).
    pub fn new(params: &EngagementParams) -> Self {
        Engagement {
            params: params.clone(),
        }
    }
}

impl WestStrategy for Engagement {
    #[inline(always)]
    fn decide(&mut self, view: &WestView, _rng: &mut StreamRng) -> WestAction {
        let month = view.record.month;
        let step = month > 0 && month.is_multiple_of(self.params.step_months);
        WestAction {
            lift: u32::from(step && view.active_negotiable > 0),
            ..Default::default()
        }
    }

    fn deal_minimum(&self, _view: &WestView) -> Option<u64> {
        Some(1)
    }

    fn channel_multiplier(&self) -> f64 {
        self.params.channel_multiplier
    }

    fn relief_if(&self, view: &WestView, _extra: u64, _in_deal: bool) -> Lift {
        let month = view.record.month;
        let step = month > 0 && month.is_multiple_of(self.params.step_months);
        Lift {
            count: u32::from(step && view.active_negotiable > 0),
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
    fn lifts_in_steps_without_preconditions() {
        let mut s = Engagement::new(&EngagementParams {
            step_months: 3,
            channel_multiplier: 2.0,
        });
        let mut rng = rng();
        let lifts: Vec<u32> = (0..10)
            .map(|month| {
                let record = PublicRecord {
                    month,
                    ..Default::default()
                };
                s.decide(&west_view(&record, false), &mut rng).lift
            })
            .collect();
        assert_eq!(lifts, vec![0, 0, 0, 1, 0, 0, 1, 0, 0, 1]);
        assert_eq!(s.channel_multiplier(), 2.0);
    }
}
