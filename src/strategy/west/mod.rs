//! Western strategies, one file each.

pub mod best_response;
mod engagement;
mod reciprocal;
mod release_first;
mod sanctions_first;
mod transactional;

pub use best_response::BestResponse;
pub use engagement::Engagement;
pub use reciprocal::Reciprocal;
pub use release_first::ReleaseFirst;
pub use sanctions_first::SanctionsFirst;
pub use transactional::Transactional;

#[cfg(test)]
mod relief_model_tests {
    use crate::scenario::{Scenario, WestActor, WestStrategyName};
    use crate::strategy::testkit::{INCREMENTAL_300, rng, west_view};
    use crate::strategy::{
        Lift, PublicRecord, WestStrategy, benchmark_met, new_west, with_released,
    };

    /// What `decide` does in the month with `extra` more released, and in the months
    /// after with nothing more: the first lift and when.
    fn decided(s: &crate::strategy::AnyWest, record: &PublicRecord, extra: u64) -> Lift {
        let mut s = s.clone();
        let mut rng = rng();
        let mut r = with_released(record, extra, false);
        for after in 0..8 {
            let mut view = west_view(&r, benchmark_met(&INCREMENTAL_300, &r));
            view.benchmark = &INCREMENTAL_300;
            let a = s.decide(&view, &mut rng);
            if a.lift > 0 || a.pay_for > 0 {
                return Lift {
                    count: a.lift,
                    after_months: after,
                    pay_for: a.pay_for,
                };
            }
            r.month += 1;
            r.released_this_month = 0;
            r.released_in_deals_this_month = 0;
        }
        Lift::NONE
    }

    #[test]
    fn each_strategys_answer_model_agrees_with_what_it_decides() {
        let sc = Scenario::bundled("baseline").expect("bundled baseline");
        let mut checked = 0;
        for name in WestStrategyName::ALL {
            for history in [0u64, 40, 250] {
                for extra in [0u64, 10, 60, 300] {
                    let mut s = new_west(&sc.west[WestActor::Eu.index()], name);
                    let mut rng = rng();
                    // Some months of history: releases that count as steps or progress.
                    let mut record = PublicRecord {
                        stock: 1000,
                        ..Default::default()
                    };
                    for month in 0..3 {
                        record.month = month;
                        record.released_this_month = history / 3;
                        record.released_total += history / 3;
                        let view = west_view(&record, benchmark_met(&INCREMENTAL_300, &record));
                        s.decide(&view, &mut rng);
                    }
                    record.month = 3;
                    record.released_this_month = 5;
                    record.released_total += 5;
                    let view = west_view(&record, benchmark_met(&INCREMENTAL_300, &record));
                    let model = s.relief_if(&view, extra, false);
                    let more = s.relief_if(&view, extra + 1, false);
                    assert!(
                        more.count >= model.count && more.pay_for >= model.pay_for,
                        "{name:?}: the answer falls from {model:?} to {more:?}"
                    );
                    let seen = decided(&s, &record, extra);
                    if model.after_months == 0 && model.count == 0 && model.pay_for == 0 {
                        // No answer foreseen this month: none this month, at least.
                        assert!(
                            (seen.count == 0 && seen.pay_for == 0) || seen.after_months > 0,
                            "{name:?}, history {history}, extra {extra}: {seen:?}"
                        );
                    } else {
                        assert_eq!(model, seen, "{name:?}, history {history}, extra {extra}");
                    }
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 72);
    }
}
