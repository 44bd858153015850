//! `adaptive`: picks release sizes by expected utility, from beliefs about how each Western
//! actor answers releases, and updates the beliefs from what follows.
//!
//! Every `interval_months` it chooses a size from `sizes`. Its belief about actor `a` and
//! size `k` is the relief (USD millions a month, net of the cushion) that `a` adds within
//! `reward_window_months` of a release of `k`. The expected utility of `k` is the sum of
//! those beliefs less what the prisoners were worth as leverage, `reservation_price` per
//! prisoner (the same unit: relief a month per prisoner). It takes the best size, or with
//! probability `exploration` a size at random (drawn from its own stream). When a window
//! closes, each belief moves toward what happened by `learning_rate` (an exponentially
//! weighted average). Beliefs start at `prior_relief_per_prisoner` per prisoner, shared
//! among the four actors: optimistic enough that it tries releasing before it learns.

use crate::scenario::{AdaptiveParams, Target};
use crate::strategy::{RegimeAction, RegimeStrategy, RegimeView, ReleaseOrder, StreamRng};
use rand::RngExt;

/// The regime that chooses each release's size by expected utility and learns from the
/// relief that follows (see the module's documentation).
#[derive(Debug, Clone)]
pub struct Adaptive {
    params: AdaptiveParams,
    target: Target,
    cost_per_prisoner: f64,
    /// `belief[arm][actor]`: relief a month expected from the actor after that size.
    belief: Vec<[f64; 4]>,
    /// Releases whose window is open: (arm, month it closes, relief when released).
    pending: Vec<(usize, u32, [f64; 4])>,
}

impl Adaptive {
    /// From `regime.adaptive`, releasing from `target`; `reservation_price`
    /// (`regime.reservation_price`, USD millions a month per prisoner) is what a prisoner
    /// is worth to it as leverage. Beliefs start at the prior.
    pub fn new(params: &AdaptiveParams, target: Target, reservation_price: f64) -> Self {
        let belief = params
            .sizes
            .iter()
            .map(|&k| [params.prior_relief_per_prisoner * k as f64 / 4.0; 4])
            .collect();
        Adaptive {
            params: params.clone(),
            target,
            cost_per_prisoner: reservation_price,
            belief,
            pending: Vec::new(),
        }
    }

    /// Expected utility of each size under the current beliefs.
    pub fn expected_utility(&self) -> Vec<f64> {
        self.params
            .sizes
            .iter()
            .zip(&self.belief)
            .map(|(&k, b)| b.iter().sum::<f64>() - self.cost_per_prisoner * k as f64)
            .collect()
    }

    fn learn(&mut self, month: u32, relief: &[f64; 4]) {
        let lr = self.params.learning_rate;
        let belief = &mut self.belief;
        self.pending.retain(|&(arm, closes, before)| {
            if month < closes {
                return true;
            }
            for (a, b) in belief[arm].iter_mut().enumerate() {
                let gain = (relief[a] - before[a]).max(0.0);
                *b += lr * (gain - *b);
            }
            false
        });
    }

    fn choose(&self, rng: &mut StreamRng) -> usize {
        let n = self.params.sizes.len();
        // Both draws every time, so that the stream's use does not depend on beliefs.
        let explore = rng.random::<f64>() < self.params.exploration;
        let random_arm = rng.random_range(0..n);
        if explore {
            return random_arm;
        }
        let eu = self.expected_utility();
        // The best size; ties go to the smaller release.
        let mut best = 0;
        for arm in 1..n {
            let better = eu[arm] > eu[best]
                || (eu[arm] == eu[best] && self.params.sizes[arm] < self.params.sizes[best]);
            if better {
                best = arm;
            }
        }
        best
    }
}

impl RegimeStrategy for Adaptive {
    #[inline(always)]
    fn decide(&mut self, view: &RegimeView, rng: &mut StreamRng) -> RegimeAction {
        let month = view.record.month;
        self.learn(month, view.relief_by_actor);
        if !month.is_multiple_of(self.params.interval_months) {
            return RegimeAction::default();
        }
        let arm = self.choose(rng);
        let count = self.params.sizes[arm].min(view.class_stock[self.target.class]);
        self.pending.push((
            arm,
            month + self.params.reward_window_months,
            *view.relief_by_actor,
        ));
        RegimeAction {
            release: (count > 0).then_some(ReleaseOrder {
                class: self.target.class,
                count,
                mode: self.target.mode,
            }),
            purge: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::ReleaseMode;
    use crate::strategy::PublicRecord;
    use crate::strategy::testkit::{regime_view, rng};

    /// Plays against a West that, a month after any release of 30 or more, adds a measure
    /// worth 40 a month (and lifts it again later, so that each reward is fresh).
    fn play(months: u32) -> Vec<u64> {
        let params = AdaptiveParams {
            sizes: vec![0, 15, 30, 60],
            interval_months: 2,
            reward_window_months: 2,
            learning_rate: 0.3,
            exploration: 0.1,
            prior_relief_per_prisoner: 1.0,
            class: "ordinary".into(),
            mode: None,
        };
        let target = Target {
            class: 0,
            mode: ReleaseMode::Home,
        };
        let mut s = Adaptive::new(&params, target, 0.5);
        let mut rng = rng();
        let mut relief = [0.0; 4];
        let mut rewarded_at = None;
        let mut chosen = Vec::new();
        for month in 0..months {
            if rewarded_at == Some(month) {
                relief[0] += 40.0;
            }
            let record = PublicRecord {
                month,
                ..Default::default()
            };
            let view = regime_view(&record, &relief);
            if let Some(k) = s.decide(&view, &mut rng).release.map(|r| r.count) {
                if k >= 30 {
                    rewarded_at = Some(month + 1);
                }
                chosen.push(k);
            } else if month % 2 == 0 {
                chosen.push(0);
            }
        }
        chosen
    }

    #[test]
    fn learns_to_release_the_better_rewarded_size() {
        let chosen = play(400);
        let late = &chosen[chosen.len() / 2..];
        let share = |k| late.iter().filter(|c| **c == k).count() as f64 / late.len() as f64;
        // Utility: 30 gives 40 - 15 = 25; 60 gives 40 - 30 = 10; 15 gives -7.5; 0 gives 0.
        assert!(share(30) > 0.8, "{:?}", &late[..20]);
        assert!(share(30) > 4.0 * share(60));
    }

    #[test]
    fn utility_weighs_relief_against_the_prisoners_given_up() {
        let params = AdaptiveParams {
            sizes: vec![0, 10],
            prior_relief_per_prisoner: 2.0,
            ..Default::default()
        };
        let target = Target {
            class: 0,
            mode: ReleaseMode::Home,
        };
        let s = Adaptive::new(&params, target, 0.5);
        // Prior relief 2 x 10 = 20 a month, less 0.5 x 10 given up.
        assert_eq!(s.expected_utility(), vec![0.0, 15.0]);
    }
}
