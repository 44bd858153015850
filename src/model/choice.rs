//! Quantal (logit) choice: how a choosing player turns the expected utilities of its
//! actions into probabilities (McKelvey and Palfrey 1995, the logit quantal response).
//!
//! With precision `λ >= 0`, action `i` of utilities `u` is chosen with probability
//! `exp(λ u_i) / Σ_j exp(λ u_j)`. At `λ = ∞` this is a best response (ties split evenly);
//! at `λ = 0` every action is equally likely. Utilities are in the scenario's payoff
//! units (USD-million equivalents), so `λ` is per USD million: `λ = 1` makes an action
//! worth 1 more about e (2.7) times as likely.
//!
//! Choices are probabilistic so that they can be fitted to what was chosen
//! ([`log_probability`]): a best response gives zero likelihood to any choice it would not
//! make. Pure: a choice takes its uniform draw as an argument.

/// The probability of each action, written into `out` (same length as `utilities`).
///
/// Utilities must not be NaN; `-∞` marks an action that is never chosen, unless every
/// action is `-∞`, when all are equally likely. Computed with the largest utility
/// subtracted, so no exponential overflows.
pub fn probabilities(utilities: &[f64], precision: f64, out: &mut [f64]) {
    assert_eq!(utilities.len(), out.len(), "one probability per action");
    debug_assert!(precision >= 0.0, "precision must be >= 0, got {precision}");
    let n = utilities.len();
    if n == 0 {
        return;
    }
    let best = utilities.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if best == f64::NEG_INFINITY {
        out.fill(1.0 / n as f64);
        return;
    }
    if precision == f64::INFINITY {
        let ties = utilities.iter().filter(|u| **u == best).count() as f64;
        for (p, u) in out.iter_mut().zip(utilities) {
            *p = if *u == best { 1.0 / ties } else { 0.0 };
        }
        return;
    }
    let mut total = 0.0;
    for (p, u) in out.iter_mut().zip(utilities) {
        // `u - best <= 0`; at precision 0 every weight is exp(0) = 1, except for an
        // impossible action (0 * -∞ is NaN: it gets weight 0).
        let x = precision * (u - best);
        // exp(0) is 1 exactly: the best action (at least one) costs no call.
        *p = if x.is_nan() {
            0.0
        } else if x == 0.0 {
            1.0
        } else {
            x.exp()
        };
        total += *p;
    }
    for p in out.iter_mut() {
        *p /= total;
    }
}

/// The action chosen with the uniform draw `u` in `[0, 1)`: the first whose cumulative
/// probability exceeds `u`. The same draw gives the same action whatever the precision
/// when one action dominates, so a sweep over precision moves choices smoothly.
pub fn choose(utilities: &[f64], precision: f64, u: f64, scratch: &mut Vec<f64>) -> usize {
    scratch.clear();
    scratch.resize(utilities.len(), 0.0);
    probabilities(utilities, precision, scratch);
    let mut cumulative = 0.0;
    let mut last = 0;
    for (i, p) in scratch.iter().enumerate() {
        if *p > 0.0 {
            cumulative += p;
            last = i;
            if u < cumulative {
                return i;
            }
        }
    }
    // Rounding left the cumulative sum just below 1: the last possible action.
    last
}

/// The log of the probability that a player of this precision chooses action `chosen`:
/// the term a fit of payoff weights or precision adds for each observed choice. `-∞` for
/// a choice a best response would not make.
pub fn log_probability(utilities: &[f64], precision: f64, chosen: usize) -> f64 {
    let best = utilities.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let n = utilities.len() as f64;
    if best == f64::NEG_INFINITY {
        return -n.ln();
    }
    if precision == f64::INFINITY {
        if utilities[chosen] < best {
            return f64::NEG_INFINITY;
        }
        let ties = utilities.iter().filter(|u| **u == best).count() as f64;
        return -ties.ln();
    }
    // log-sum-exp around the best: exact where `probabilities` would underflow to 0.
    let sum: f64 = utilities
        .iter()
        .map(|u| {
            let x = precision * (u - best);
            if x.is_nan() { 0.0 } else { x.exp() }
        })
        .sum();
    let x = precision * (utilities[chosen] - best);
    if x.is_nan() {
        return f64::NEG_INFINITY;
    }
    x - sum.ln()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn probs(u: &[f64], precision: f64) -> Vec<f64> {
        let mut out = vec![0.0; u.len()];
        probabilities(u, precision, &mut out);
        out
    }

    #[test]
    fn two_actions_follow_the_logistic_curve_of_their_difference() {
        // P(first) = 1 / (1 + exp(-λ (u1 - u2))).
        for (lambda, d) in [(1.0, 2.0), (0.5, -3.0), (3.0, 0.1)] {
            let p = probs(&[d, 0.0], lambda);
            let closed = 1.0 / (1.0 + (-lambda * d).exp());
            assert!((p[0] - closed).abs() < 1e-15, "λ {lambda}, d {d}: {p:?}");
            assert!((p[0] + p[1] - 1.0).abs() < 1e-15);
        }
    }

    #[test]
    fn infinite_precision_is_a_best_response_and_zero_is_uniform() {
        assert_eq!(probs(&[1.0, 3.0, 2.0], f64::INFINITY), vec![0.0, 1.0, 0.0]);
        assert_eq!(probs(&[3.0, 1.0, 3.0], f64::INFINITY), vec![0.5, 0.0, 0.5]);
        assert_eq!(probs(&[1.0, 3.0, 2.0, -7.0], 0.0), vec![0.25; 4]);
        let mut scratch = Vec::new();
        for u in [0.0, 0.5, 0.999_999] {
            assert_eq!(choose(&[1.0, 3.0, 2.0], f64::INFINITY, u, &mut scratch), 1);
        }
    }

    #[test]
    fn impossible_actions_are_never_chosen_even_at_zero_precision() {
        let ninf = f64::NEG_INFINITY;
        assert_eq!(
            probs(&[ninf, 2.0, ninf, 2.0], 0.0),
            vec![0.0, 0.5, 0.0, 0.5]
        );
        assert_eq!(probs(&[ninf, ninf], 1.0), vec![0.5, 0.5]);
        let mut scratch = Vec::new();
        assert_eq!(choose(&[ninf, 1.0], 0.0, 0.0, &mut scratch), 1);
        assert_eq!(log_probability(&[ninf, 1.0], 2.0, 0), ninf);
    }

    #[test]
    fn huge_utilities_do_not_overflow() {
        let p = probs(&[1e300, 1e300 - 1e290, -1e300], 1.0);
        assert_eq!(p, vec![1.0, 0.0, 0.0]);
        let p = probs(&[800.0, 799.0], 1.0);
        assert!((p[0] - 1.0 / (1.0 + (-1.0f64).exp())).abs() < 1e-15);
    }

    #[test]
    fn the_draw_picks_by_cumulative_probability() {
        // λ = ln 3 makes the second action three times as likely as the first: 1/4, 3/4.
        let u = [0.0, 1.0];
        let lambda = 3.0f64.ln();
        let mut scratch = Vec::new();
        assert_eq!(choose(&u, lambda, 0.0, &mut scratch), 0);
        assert_eq!(choose(&u, lambda, 0.249, &mut scratch), 0);
        assert_eq!(choose(&u, lambda, 0.251, &mut scratch), 1);
        assert_eq!(choose(&u, lambda, 0.999_999_999, &mut scratch), 1);
    }

    #[test]
    fn log_probability_matches_the_probabilities() {
        let u = [0.3, -1.2, 2.5, 2.5];
        for lambda in [0.0, 0.7, 4.0] {
            let p = probs(&u, lambda);
            for (i, pi) in p.iter().enumerate() {
                assert!((log_probability(&u, lambda, i) - pi.ln()).abs() < 1e-12);
            }
        }
        assert_eq!(log_probability(&u, f64::INFINITY, 0), f64::NEG_INFINITY);
        assert_eq!(log_probability(&u, f64::INFINITY, 2), -(2.0f64.ln()));
        // Where the probability underflows, the log stays exact.
        assert_eq!(log_probability(&[0.0, 1_000.0], 1.0, 0), -1_000.0);
    }

    proptest! {
        #[test]
        fn probabilities_sum_to_one_and_rise_with_utility(
            u in prop::collection::vec(-50.0f64..50.0, 1..8),
            lambda in 0.0f64..5.0,
        ) {
            let p = probs(&u, lambda);
            prop_assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-12);
            for i in 0..u.len() {
                for j in 0..u.len() {
                    if u[i] > u[j] {
                        prop_assert!(p[i] >= p[j]);
                    }
                }
            }
        }

        #[test]
        fn drawn_frequencies_match_the_probabilities(
            u in prop::collection::vec(-3.0f64..3.0, 2..5),
            lambda in 0.0f64..3.0,
        ) {
            // A grid of draws over [0, 1) picks each action in proportion to its
            // probability, within one grid step.
            let p = probs(&u, lambda);
            let mut counts = vec![0usize; u.len()];
            let mut scratch = Vec::new();
            let n = 10_000;
            for k in 0..n {
                counts[choose(&u, lambda, (k as f64 + 0.5) / n as f64, &mut scratch)] += 1;
            }
            for (c, pi) in counts.iter().zip(&p) {
                prop_assert!((*c as f64 / n as f64 - pi).abs() <= 1.0 / n as f64 + 1e-12);
            }
        }
    }
}
