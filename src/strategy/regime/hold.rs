//! `hold`: the regime releases no one (000: "Belarus is doing everything right and will
//! make no concessions").

use crate::strategy::{RegimeAction, RegimeStrategy, RegimeView, StreamRng};

/// Never releases.
#[derive(Debug, Clone, Copy, Default)]
pub struct Hold;

impl RegimeStrategy for Hold {
    fn decide(&mut self, _view: &RegimeView, _rng: &mut StreamRng) -> RegimeAction {
        RegimeAction::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strategy::PublicRecord;
    use rand::SeedableRng;

    #[test]
    fn hold_never_releases() {
        let mut h = Hold;
        let mut rng = StreamRng::seed_from_u64(1);
        for month in 0..120 {
            let record = PublicRecord {
                month,
                stock: 1400,
                measures_lifted_total: month,
                ..Default::default()
            };
            let view = RegimeView {
                calendar: "2024-07".parse().unwrap(),
                record: &record,
                class_stock: &[1400],
            };
            assert_eq!(h.decide(&view, &mut rng).release, None);
        }
    }
}
