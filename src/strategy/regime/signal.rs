//! `signal`: small periodic releases to test the West, growing when rewarded, stopping when
//! not (001: "start small to see if you can get what you want for less").
//!
//! Every `interval_months` from `first_month` the regime looks back at its last release:
//! if any measure was lifted since, the release was rewarded and the next one is `growth`
//! times larger (up to `max_size`); otherwise the unrewarded streak grows, and after
//! `stop_after_unrewarded` unrewarded releases in a row it stops releasing until relief
//! comes (0 never stops).

use crate::model::sample::round_count;
use crate::scenario::{SignalParams, Target, WestActor};
use crate::strategy::{RegimeAction, RegimeStrategy, RegimeView, ReleaseOrder, StreamRng};

/// The regime that releases a few prisoners at intervals, more when relief follows, and
/// stops after `stop_after_unrewarded` unrewarded releases in a row (if set).
#[derive(Debug, Clone)]
pub struct Signal {
    params: SignalParams,
    target: Target,
    /// Size of the next release, before rounding.
    size: f64,
    /// `measures_lifted_total` at the last release, if there was one.
    lifted_at_last_release: Option<u32>,
    unrewarded: u32,
}

impl Signal {
    /// From `regime.signal`, releasing from `target`; the first release is
    /// `initial_size`.
    pub fn new(params: &SignalParams, target: Target) -> Self {
        Signal {
            params: params.clone(),
            target,
            size: params.initial_size as f64,
            lifted_at_last_release: None,
            unrewarded: 0,
        }
    }
}

impl RegimeStrategy for Signal {
    #[inline(always)]
    fn decide(&mut self, view: &RegimeView, _rng: &mut StreamRng) -> RegimeAction {
        let month = view.record.month;
        let p = &self.params;
        if month < p.first_month || !(month - p.first_month).is_multiple_of(p.interval_months) {
            return RegimeAction::default();
        }
        if let Some(before) = self.lifted_at_last_release {
            if view.record.measures_lifted_total > before {
                self.size = (self.size * p.growth).min(p.max_size as f64);
                self.unrewarded = 0;
            } else if p.stop_after_unrewarded == 0 || self.unrewarded < p.stop_after_unrewarded {
                self.unrewarded += 1;
            }
        }
        if p.stop_after_unrewarded > 0 && self.unrewarded >= p.stop_after_unrewarded {
            return RegimeAction::default();
        }
        self.lifted_at_last_release = Some(view.record.measures_lifted_total);
        let count = round_count(self.size);
        RegimeAction {
            release: (count > 0).then_some(ReleaseOrder {
                class: self.target.class,
                count,
                mode: self.target.mode,
            }),
            purge: 0,
        }
    }

    /// It does not propose deals, but takes relief offered for up to twice its current
    /// signal: being paid is what it is testing for.
    fn accept_counter(
        &mut self,
        _view: &RegimeView,
        _counterpart: WestActor,
        order: &ReleaseOrder,
        _rng: &mut StreamRng,
    ) -> bool {
        order.class == self.target.class && (order.count as f64) <= 2.0 * self.size
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::ReleaseMode;
    use crate::strategy::PublicRecord;
    use crate::strategy::testkit::{NO_RELIEF, regime_view, rng};

    fn params() -> SignalParams {
        SignalParams {
            interval_months: 2,
            first_month: 1,
            initial_size: 20,
            growth: 1.5,
            max_size: 40,
            stop_after_unrewarded: 2,
            class: "ordinary".into(),
            mode: None,
        }
    }

    /// Release sizes month by month, with relief arriving in the given months.
    fn sizes(p: &SignalParams, relief_months: &[u32], months: u32) -> Vec<u64> {
        let target = Target {
            class: 0,
            mode: ReleaseMode::Home,
        };
        let mut s = Signal::new(p, target);
        let mut rng = rng();
        let mut lifted = 0;
        (0..months)
            .map(|month| {
                lifted += relief_months.iter().filter(|m| **m == month).count() as u32;
                let record = PublicRecord {
                    month,
                    measures_lifted_total: lifted,
                    ..Default::default()
                };
                let view = regime_view(&record, &NO_RELIEF);
                s.decide(&view, &mut rng).release.map_or(0, |r| r.count)
            })
            .collect()
    }

    #[test]
    fn releases_on_its_interval_and_stops_when_unrewarded() {
        let got = sizes(&params(), &[], 12);
        // Months 1 and 3 release; by month 5 both went unrewarded and it stops.
        assert_eq!(got, vec![0, 20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0]);
    }

    #[test]
    fn grows_when_rewarded_up_to_its_cap() {
        let got = sizes(&params(), &[2, 4, 6], 8);
        assert_eq!(got, vec![0, 20, 0, 30, 0, 40, 0, 40]);
    }

    #[test]
    fn resumes_when_relief_comes_after_it_stopped() {
        let got = sizes(&params(), &[8], 12);
        assert_eq!(got, vec![0, 20, 0, 20, 0, 0, 0, 0, 0, 30, 0, 30]);
    }

    #[test]
    fn never_stops_when_stop_after_is_zero() {
        let p = SignalParams {
            stop_after_unrewarded: 0,
            growth: 1.0,
            ..params()
        };
        let got = sizes(&p, &[], 40);
        assert_eq!(got.iter().filter(|s| **s == 20).count(), 20);
    }
}
