//! `revolving-door`: releases matched by new arrests, so that leverage stays (002: "for
//! every prisoner freed, more are detained"; 283 convicted against 170 released in
//! January-September 2025).
//!
//! Bargains like `quid-pro-quo`; after every release the engine adds `rearrest_ratio`
//! arrests per prisoner released, spread over `rearrest_months`, on top of the usual rate.

use super::quid_pro_quo::{acceptable, offer};
use crate::scenario::{RevolvingDoorParams, Target, WestActor};
use crate::strategy::{RegimeAction, RegimeStrategy, RegimeView, ReleaseOrder, StreamRng};

#[derive(Debug, Clone)]
pub struct RevolvingDoor {
    params: RevolvingDoorParams,
    target: Target,
}

impl RevolvingDoor {
    pub fn new(params: &RevolvingDoorParams, target: Target) -> Self {
        RevolvingDoor {
            params: params.clone(),
            target,
        }
    }
}

impl RegimeStrategy for RevolvingDoor {
    fn decide(&mut self, _view: &RegimeView, _rng: &mut StreamRng) -> RegimeAction {
        RegimeAction::default()
    }

    fn propose(
        &mut self,
        view: &RegimeView,
        _counterpart: WestActor,
        _rng: &mut StreamRng,
    ) -> Option<ReleaseOrder> {
        offer(self.params.offer_size, self.target, view)
    }

    fn accept_counter(
        &mut self,
        _view: &RegimeView,
        _counterpart: WestActor,
        order: &ReleaseOrder,
        _rng: &mut StreamRng,
    ) -> bool {
        acceptable(self.params.max_deal_size, self.target, order)
    }

    fn rearrests(&self, released: u64) -> Option<(f64, u32)> {
        (released > 0).then_some((
            released as f64 * self.params.rearrest_ratio,
            self.params.rearrest_months,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::ReleaseMode;

    #[test]
    fn every_release_brings_its_rearrests() {
        let s = RevolvingDoor::new(
            &RevolvingDoorParams {
                rearrest_ratio: 1.5,
                rearrest_months: 3,
                ..Default::default()
            },
            Target {
                class: 0,
                mode: ReleaseMode::Home,
            },
        );
        assert_eq!(s.rearrests(40), Some((60.0, 3)));
        assert_eq!(s.rearrests(0), None);
    }
}
