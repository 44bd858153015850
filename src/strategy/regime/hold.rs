//! `hold`: the regime releases no one (000: "Belarus is doing everything right and will
//! make no concessions").

use crate::strategy::{RegimeAction, RegimeStrategy, RegimeView, StreamRng};

/// Never releases.
#[derive(Debug, Clone, Copy, Default)]
pub struct Hold;

impl RegimeStrategy for Hold {
    #[inline(always)]
    fn decide(&mut self, _view: &RegimeView, _rng: &mut StreamRng) -> RegimeAction {
        RegimeAction::default()
    }

    fn pardons_on_holidays(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{ReleaseMode, WestActor};
    use crate::strategy::testkit::{NO_RELIEF, regime_view, rng};
    use crate::strategy::{PublicRecord, ReleaseOrder};

    #[test]
    fn hold_never_releases_proposes_or_accepts() {
        let mut h = Hold;
        let mut rng = rng();
        let order = ReleaseOrder {
            class: 0,
            count: 1,
            mode: ReleaseMode::Home,
        };
        for month in 0..120 {
            let record = PublicRecord {
                month,
                stock: 1400,
                measures_lifted_total: month,
                ..Default::default()
            };
            let view = regime_view(&record, &NO_RELIEF);
            assert_eq!(h.decide(&view, &mut rng).release, None);
            assert_eq!(h.propose(&view, WestActor::Us, &mut rng), None);
            assert!(!h.accept_counter(&view, WestActor::Us, &order, &mut rng));
        }
        assert!(!h.pardons_on_holidays());
    }
}
