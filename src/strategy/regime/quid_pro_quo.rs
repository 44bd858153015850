//! `quid-pro-quo`: releases only against concrete relief, sized to what is offered (000:
//! "Minsk wants the EU to lift its sanctions in exchange for political prisoners").
//!
//! Never releases on its own. In every round it offers `offer_size` prisoners at its
//! reservation price, and it accepts a counter-offer for up to `max_deal_size` prisoners
//! when the relief offered meets that price. A release-first partner asking for everyone
//! first meets a refusal: the deadlock of 000.

use crate::scenario::{QuidProQuoParams, Target, WestActor};
use crate::strategy::{RegimeAction, RegimeStrategy, RegimeView, ReleaseOrder, StreamRng};

/// The regime that releases only in deals: it offers `offer_size` prisoners a round and
/// accepts counters of up to `max_deal_size`.
#[derive(Debug, Clone)]
pub struct QuidProQuo {
    offer_size: u64,
    max_deal_size: u64,
    target: Target,
}

impl QuidProQuo {
    /// From `regime.quid-pro-quo`, releasing from `target`.
    pub fn new(params: &QuidProQuoParams, target: Target) -> Self {
        QuidProQuo {
            offer_size: params.offer_size,
            max_deal_size: params.max_deal_size,
            target,
        }
    }
}

impl RegimeStrategy for QuidProQuo {
    #[inline(always)]
    fn decide(&mut self, _view: &RegimeView, _rng: &mut StreamRng) -> RegimeAction {
        RegimeAction::default()
    }

    fn propose(
        &mut self,
        view: &RegimeView,
        _counterpart: WestActor,
        _rng: &mut StreamRng,
    ) -> Option<ReleaseOrder> {
        let count = self.offer_size.min(view.class_stock[self.target.class]);
        (count > 0).then_some(ReleaseOrder {
            class: self.target.class,
            count,
            mode: self.target.mode,
        })
    }

    fn accept_counter(
        &mut self,
        _view: &RegimeView,
        _counterpart: WestActor,
        order: &ReleaseOrder,
        _rng: &mut StreamRng,
    ) -> bool {
        order.class == self.target.class && order.count <= self.max_deal_size
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::ReleaseMode;
    use crate::strategy::PublicRecord;
    use crate::strategy::testkit::{NO_RELIEF, regime_view, rng};

    fn qpq() -> QuidProQuo {
        QuidProQuo::new(
            &QuidProQuoParams {
                offer_size: 50,
                max_deal_size: 150,
                class: "ordinary".into(),
                mode: None,
            },
            Target {
                class: 0,
                mode: ReleaseMode::Deportation,
            },
        )
    }

    #[test]
    fn releases_only_in_deals() {
        let mut s = qpq();
        let record = PublicRecord::default();
        let view = regime_view(&record, &NO_RELIEF);
        let mut rng = rng();
        assert_eq!(s.decide(&view, &mut rng).release, None);
        let offer = s.propose(&view, WestActor::Us, &mut rng).unwrap();
        assert_eq!((offer.count, offer.mode), (50, ReleaseMode::Deportation));
    }

    #[test]
    fn accepts_counters_up_to_its_largest_deal_and_refuses_release_of_all() {
        let mut s = qpq();
        let record = PublicRecord::default();
        let view = regime_view(&record, &NO_RELIEF);
        let mut rng = rng();
        let ask = |count| ReleaseOrder {
            class: 0,
            count,
            mode: ReleaseMode::Home,
        };
        assert!(s.accept_counter(&view, WestActor::Eu, &ask(150), &mut rng));
        assert!(!s.accept_counter(&view, WestActor::Eu, &ask(1400), &mut rng));
    }
}
