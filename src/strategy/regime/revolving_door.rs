//! `revolving-door`: releases matched by new arrests, so that leverage stays (002: "for
//! every prisoner freed, more are detained"; 283 convicted against 170 released in
//! January-September 2025).
//!
//! Bargains like `quid-pro-quo`; after every release the engine adds `rearrest_ratio`
//! arrests per prisoner released, spread over `rearrest_months`, on top of the usual rate.

use super::QuidProQuo;
use crate::scenario::{QuidProQuoParams, RevolvingDoorParams, Target, WestActor};
use crate::strategy::{RegimeAction, RegimeStrategy, RegimeView, ReleaseOrder, StreamRng};

/// Bargains as [`QuidProQuo`] does, and re-arrests after every release.
#[derive(Debug, Clone)]
pub struct RevolvingDoor {
    bargains: QuidProQuo,
    rearrest_ratio: f64,
    rearrest_months: u32,
}

impl RevolvingDoor {
    /// From `regime.revolving-door`: its `offer_size` and `max_deal_size` are the
    /// [`QuidProQuo`] terms it bargains by; releases come from `target`.
    pub fn new(params: &RevolvingDoorParams, target: Target) -> Self {
        let terms = QuidProQuoParams {
            offer_size: params.offer_size,
            max_deal_size: params.max_deal_size,
            class: params.class.clone(),
            mode: params.mode,
        };
        RevolvingDoor {
            bargains: QuidProQuo::new(&terms, target),
            rearrest_ratio: params.rearrest_ratio,
            rearrest_months: params.rearrest_months,
        }
    }
}

impl RegimeStrategy for RevolvingDoor {
    #[inline(always)]
    fn decide(&mut self, view: &RegimeView, rng: &mut StreamRng) -> RegimeAction {
        self.bargains.decide(view, rng)
    }

    fn propose(
        &mut self,
        view: &RegimeView,
        counterpart: WestActor,
        rng: &mut StreamRng,
    ) -> Option<ReleaseOrder> {
        self.bargains.propose(view, counterpart, rng)
    }

    fn accept_counter(
        &mut self,
        view: &RegimeView,
        counterpart: WestActor,
        order: &ReleaseOrder,
        rng: &mut StreamRng,
    ) -> bool {
        self.bargains.accept_counter(view, counterpart, order, rng)
    }

    fn rearrests(&self, released: u64) -> Option<(f64, u32)> {
        (released > 0).then_some((released as f64 * self.rearrest_ratio, self.rearrest_months))
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
