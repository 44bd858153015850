//! Beliefs over types, updated by Bayes' rule.
//!
//! A choosing player does not know which type it faces: the regime does not know which
//! policy each Western actor plays, and a Western actor does not know whether the regime
//! is a hostage-taker or a liberaliser. It holds a probability over a small set of types
//! and, after each observation, multiplies each type's probability by how likely that type
//! made the observation, then renormalises:
//!
//! `P(type | seen) = P(seen | type) P(type) / Σ_t P(seen | t) P(t)`.
//!
//! An observation that no type could have produced (every likelihood 0) leaves the belief
//! as it was, instead of dividing by zero: the player learns nothing from what it thinks
//! impossible. Types a player should never rule out for good get a likelihood floor from
//! the caller (a "tremble"), not from this module.

/// A probability over `n` types. Always normalised: non-negative, summing to 1.
#[derive(Debug, Clone, PartialEq)]
pub struct Belief {
    p: Vec<f64>,
}

impl Belief {
    /// Every one of `n` types equally likely (`n >= 1`).
    pub fn uniform(n: usize) -> Self {
        assert!(n > 0, "a belief needs at least one type");
        Belief {
            p: vec![1.0 / n as f64; n],
        }
    }

    /// A prior from weights: non-negative, finite, not all zero; normalised here. `None`
    /// when the weights are not a valid prior.
    pub fn from_weights(weights: &[f64]) -> Option<Self> {
        let total: f64 = weights.iter().sum();
        let valid = !weights.is_empty()
            && weights.iter().all(|w| w.is_finite() && *w >= 0.0)
            && total > 0.0
            && total.is_finite();
        valid.then(|| Belief {
            p: weights.iter().map(|w| w / total).collect(),
        })
    }

    /// The probability of each type, in the order given.
    pub fn probabilities(&self) -> &[f64] {
        &self.p
    }

    /// The probability of type `i`.
    pub fn probability(&self, i: usize) -> f64 {
        self.p[i]
    }

    /// The expected value of `value(type)` under the belief.
    pub fn expect(&self, mut value: impl FnMut(usize) -> f64) -> f64 {
        self.p
            .iter()
            .enumerate()
            .filter(|(_, p)| **p > 0.0)
            .map(|(i, p)| p * value(i))
            .sum()
    }

    /// The most likely type (the first of equals).
    pub fn most_likely(&self) -> usize {
        let mut best = 0;
        for (i, p) in self.p.iter().enumerate() {
            if *p > self.p[best] {
                best = i;
            }
        }
        best
    }

    /// Bayes' rule with `likelihoods[i] = P(observation | type i)` (each in `[0, 1]`, or
    /// any non-negative weights proportional to them). Returns false, and changes
    /// nothing, when no type could have produced the observation.
    pub fn update(&mut self, likelihoods: &[f64]) -> bool {
        assert_eq!(likelihoods.len(), self.p.len(), "one likelihood per type");
        let total: f64 = self.p.iter().zip(likelihoods).map(|(p, l)| p * l).sum();
        if !(total > 0.0 && total.is_finite()) {
            return false;
        }
        for (p, l) in self.p.iter_mut().zip(likelihoods) {
            *p = *p * l / total;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn bayes_rule_on_the_textbook_test() {
        // A condition with prior 1%; a test that finds it 90% of the time and wrongly
        // 5% of the time. After a positive: 0.009 / (0.009 + 0.0495) = 0.1538...
        let mut b = Belief::from_weights(&[0.01, 0.99]).expect("valid prior");
        assert!(b.update(&[0.9, 0.05]));
        let closed = 0.009 / (0.009 + 0.0495);
        assert!((b.probability(0) - closed).abs() < 1e-15);
        assert!((b.probabilities().iter().sum::<f64>() - 1.0).abs() < 1e-15);
    }

    #[test]
    fn repeated_evidence_concentrates_on_the_type_that_explains_it() {
        // Releases seen every month: a "transactional" type that rewards them with
        // probability 0.8 against a "release-first" type with 0.1.
        let mut b = Belief::uniform(2);
        for _ in 0..10 {
            b.update(&[0.8, 0.1]);
        }
        assert!(b.probability(0) > 0.999_999);
        assert_eq!(b.most_likely(), 0);
    }

    #[test]
    fn an_observation_no_type_explains_changes_nothing() {
        let mut b = Belief::from_weights(&[1.0, 3.0]).expect("valid prior");
        let before = b.clone();
        assert!(!b.update(&[0.0, 0.0]));
        assert_eq!(b, before);
        assert_eq!(b.probability(1), 0.75);
    }

    #[test]
    fn a_type_ruled_out_stays_out_and_counts_for_nothing_in_expectations() {
        let mut b = Belief::uniform(3);
        b.update(&[0.5, 0.0, 0.5]);
        assert_eq!(b.probability(1), 0.0);
        b.update(&[1.0, 1.0, 0.2]);
        assert_eq!(b.probability(1), 0.0);
        // A ruled-out type's infinite value does not poison the expectation.
        let v = b.expect(|i| if i == 1 { f64::INFINITY } else { 6.0 });
        assert_eq!(v, 6.0);
    }

    #[test]
    fn invalid_priors_are_refused() {
        assert!(Belief::from_weights(&[]).is_none());
        assert!(Belief::from_weights(&[0.0, 0.0]).is_none());
        assert!(Belief::from_weights(&[1.0, -0.5]).is_none());
        assert!(Belief::from_weights(&[1.0, f64::NAN]).is_none());
        assert!(Belief::from_weights(&[f64::MAX, f64::MAX]).is_none());
    }

    proptest! {
        #[test]
        fn updates_keep_a_distribution_and_the_order_of_evidence_does_not_matter(
            prior in prop::collection::vec(0.01f64..1.0, 2..5),
            a in prop::collection::vec(0.01f64..1.0, 5),
            c in prop::collection::vec(0.01f64..1.0, 5),
        ) {
            let n = prior.len();
            let mut one = Belief::from_weights(&prior).expect("valid prior");
            let mut two = one.clone();
            one.update(&a[..n]);
            one.update(&c[..n]);
            two.update(&c[..n]);
            two.update(&a[..n]);
            prop_assert!((one.probabilities().iter().sum::<f64>() - 1.0).abs() < 1e-12);
            for (x, y) in one.probabilities().iter().zip(two.probabilities()) {
                prop_assert!((x - y).abs() < 1e-12);
            }
        }
    }
}
