//! The prisoner stock as cohorts by remaining sentence.
//!
//! Each prisoner class keeps a ring of counts indexed by months left, so that a month costs
//! the same whatever the number of prisoners: completions are one slot, an arrest is one
//! increment, a release walks the slots from the cheapest. The ring is shared by the
//! classes' common `head`; slot `(head + k) & mask` holds the prisoners with `k` months
//! left. Pure: randomness comes in as a parameter.

use super::sample::{BinomialP, LookupTable, below, round_count};
use crate::scenario::{ReleaseMode, ReleaseSelection, Selection};
use rand::Rng;

/// Cohorts of every class.
#[derive(Debug)]
pub struct Prison {
    /// `classes[c][slot]`: prisoners of class `c` in that slot.
    classes: Vec<Vec<u64>>,
    /// Prisoners per class.
    class_stock: Vec<u64>,
    head: usize,
    mask: usize,
    max_months: usize,
}

impl Clone for Prison {
    fn clone(&self) -> Self {
        Prison {
            classes: self.classes.clone(),
            class_stock: self.class_stock.clone(),
            head: self.head,
            mask: self.mask,
            max_months: self.max_months,
        }
    }

    /// Copies into the memory `self` already holds: a run starts from the prepared
    /// prison without allocating.
    fn clone_from(&mut self, source: &Self) {
        self.classes.clone_from(&source.classes);
        self.class_stock.clone_from(&source.class_stock);
        self.head = source.head;
        self.mask = source.mask;
        self.max_months = source.max_months;
    }
}

/// What one release did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReleaseOutcome {
    /// Prisoners who walked free (at home or deported).
    pub released: u64,
    /// Of those, deported.
    pub deported: u64,
    /// Selected for deportation but refused, and returned to the stock (002).
    pub refused: u64,
    /// Remaining sentence given up by those released, in months.
    pub prisoner_months: u64,
}

impl Prison {
    /// An empty prison for `classes` classes and sentences up to `max_months`.
    pub fn new(classes: usize, max_months: u32) -> Self {
        let max_months = max_months.max(1) as usize;
        let size = (max_months + 1).next_power_of_two();
        Prison {
            classes: vec![vec![0; size]; classes],
            class_stock: vec![0; classes],
            head: 0,
            mask: size - 1,
            max_months,
        }
    }

    /// The longest remaining sentence a slot can hold.
    pub fn max_months(&self) -> u32 {
        self.max_months as u32
    }

    /// Prisoners held, all classes, people.
    pub fn stock(&self) -> u64 {
        self.class_stock.iter().sum()
    }

    /// Prisoners of `class` held, people.
    pub fn class_stock(&self, class: usize) -> u64 {
        self.class_stock[class]
    }

    /// Prisoners held per class, in the order of `prisoners.classes`.
    pub fn class_stocks(&self) -> &[u64] {
        &self.class_stock
    }

    /// Prisoners of `class` with exactly `months` left.
    pub fn cohort(&self, class: usize, months: u32) -> u64 {
        self.classes[class][(self.head + months as usize) & self.mask]
    }

    /// Adds `count` prisoners of `class` with `months` left (clamped to `1..=max`).
    #[inline]
    pub fn admit(&mut self, class: usize, months: usize, count: u64) {
        let months = months.clamp(1, self.max_months);
        self.classes[class][(self.head + months) & self.mask] += count;
        self.class_stock[class] += count;
    }

    /// Admits `count` new prisoners of `class`, each with a sentence drawn from `sentences`
    /// (a table over months `0..=max` with no weight on 0).
    #[inline]
    pub fn admit_drawn<R: Rng + ?Sized>(
        &mut self,
        class: usize,
        count: u64,
        sentences: &LookupTable,
        rng: &mut R,
    ) {
        let head = self.head;
        let ring = self.classes[class].as_mut_slice();
        // The ring's length is a power of two; a mask derived from it proves the index in
        // bounds.
        let mask = ring.len() - 1;
        sentences.for_each_sample(rng, count, |months| ring[(head + months) & mask] += 1);
        self.class_stock[class] += count;
    }

    /// One month passes: every remaining sentence shortens by a month and those with one
    /// month left go free. Returns the completions.
    pub fn advance(&mut self) -> u64 {
        self.head = (self.head + 1) & self.mask;
        let mut done = 0;
        for (cohorts, stock) in self.classes.iter_mut().zip(&mut self.class_stock) {
            let n = std::mem::take(&mut cohorts[self.head]);
            *stock -= n;
            done += n;
        }
        done
    }

    /// Removes one prisoner chosen uniformly from the whole stock (a death in custody).
    /// Returns the class and the months they had left, or `None` if the prison is empty.
    pub fn remove_uniform<R: Rng + ?Sized>(&mut self, rng: &mut R) -> Option<(usize, u32)> {
        let stock = self.stock();
        if stock == 0 {
            return None;
        }
        let mut u = below(rng, stock);
        for (c, cohorts) in self.classes.iter_mut().enumerate() {
            if u >= self.class_stock[c] {
                u -= self.class_stock[c];
                continue;
            }
            for k in 1..=self.max_months {
                let slot = &mut cohorts[(self.head + k) & self.mask];
                if u < *slot {
                    *slot -= 1;
                    self.class_stock[c] -= 1;
                    return Some((c, k as u32));
                }
                u -= *slot;
            }
        }
        None
    }

    /// Releases up to `count` prisoners of `class` by `selection`: its random share at
    /// random, after the rest in its order. In deportation mode each refuses with
    /// probability `refusal_probability` and stays in the stock with the sentence they had.
    pub fn release<R: Rng + ?Sized>(
        &mut self,
        class: usize,
        count: u64,
        selection: impl Into<ReleaseSelection>,
        mode: ReleaseMode,
        refusal: &BinomialP,
        rng: &mut R,
    ) -> ReleaseOutcome {
        let selection = selection.into();
        let mut out = ReleaseOutcome::default();
        let count = count.min(self.class_stock[class]);
        if count == 0 {
            return out;
        }
        let no_refusal = BinomialP::new(0.0);
        let refusal = if mode == ReleaseMode::Deportation {
            refusal
        } else {
            &no_refusal
        };
        let random = random_part(selection, count);
        self.release_by(
            class,
            count - random,
            selection.order,
            refusal,
            rng,
            &mut out,
        );
        self.release_by(class, random, Selection::Random, refusal, rng, &mut out);
        if mode == ReleaseMode::Deportation {
            out.deported = out.released;
        }
        out
    }

    /// Releases up to `count` prisoners of `class` in the order `selection`, adding to `out`.
    fn release_by<R: Rng + ?Sized>(
        &mut self,
        class: usize,
        count: u64,
        selection: Selection,
        refusal: &BinomialP,
        rng: &mut R,
        out: &mut ReleaseOutcome,
    ) {
        match selection {
            Selection::ShortestRemaining | Selection::LongestRemaining => {
                let mut need = count;
                for i in 1..=self.max_months {
                    if need == 0 {
                        break;
                    }
                    let months = if selection == Selection::ShortestRemaining {
                        i
                    } else {
                        self.max_months + 1 - i
                    };
                    let have = self.classes[class][(self.head + months) & self.mask];
                    let take = need.min(have);
                    if take > 0 {
                        self.take(class, months, take, refusal, rng, out);
                        need -= take;
                    }
                }
            }
            Selection::Random => {
                // One at a time, each in proportion to cohort size among those not yet
                // selected; refusers are set aside so they cannot be selected twice.
                let mut set_aside: Vec<(usize, u64)> = Vec::new();
                for _ in 0..count {
                    let pool = self.class_stock[class];
                    if pool == 0 {
                        break;
                    }
                    let mut u = below(rng, pool);
                    let mut chosen = 1;
                    for k in 1..=self.max_months {
                        let have = self.classes[class][(self.head + k) & self.mask];
                        if u < have {
                            chosen = k;
                            break;
                        }
                        u -= have;
                    }
                    let before = out.refused;
                    self.take(class, chosen, 1, refusal, rng, out);
                    if out.refused > before {
                        // Refused: take out of the pool for now, put back below.
                        self.classes[class][(self.head + chosen) & self.mask] -= 1;
                        self.class_stock[class] -= 1;
                        set_aside.push((chosen, 1));
                    }
                }
                for (months, n) in set_aside {
                    self.admit(class, months, n);
                }
            }
        }
    }

    /// Takes `take` prisoners with `months` left out of `class`; each refuses with
    /// probability `refusal` and stays where they were.
    fn take<R: Rng + ?Sized>(
        &mut self,
        class: usize,
        months: usize,
        take: u64,
        refusal: &BinomialP,
        rng: &mut R,
        out: &mut ReleaseOutcome,
    ) {
        let refused = refusal.sample(rng, take);
        let freed = take - refused;
        self.classes[class][(self.head + months) & self.mask] -= freed;
        self.class_stock[class] -= freed;
        out.released += freed;
        out.refused += refused;
        out.prisoner_months += freed * months as u64;
    }
}

/// How many of a release of `count` are picked at random: `random_share` of them,
/// rounded to the nearest whole prisoner (never more than `count`).
pub fn random_part(selection: ReleaseSelection, count: u64) -> u64 {
    round_count(count as f64 * selection.random_share).min(count)
}

/// Splits `n` over months in proportion to `pmf` by largest remainders (ties to the
/// shorter sentence): the known stock at the start is a fact, not a draw.
pub fn allocate(n: u64, pmf: &[f64]) -> Vec<u64> {
    let total: f64 = pmf.iter().sum();
    let exact: Vec<f64> = pmf.iter().map(|p| n as f64 * p / total).collect();
    let mut counts: Vec<u64> = exact.iter().map(|x| x.floor() as u64).collect();
    let assigned: u64 = counts.iter().sum();
    let mut order: Vec<usize> = (0..pmf.len()).collect();
    order.sort_by(|&a, &b| {
        let (fa, fb) = (exact[a] - exact[a].floor(), exact[b] - exact[b].floor());
        fb.total_cmp(&fa).then(a.cmp(&b))
    });
    for &i in order.iter().take(n.saturating_sub(assigned) as usize) {
        counts[i] += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::Xoshiro256PlusPlus;

    fn rng() -> Xoshiro256PlusPlus {
        Xoshiro256PlusPlus::seed_from_u64(5)
    }

    fn prison() -> Prison {
        let mut p = Prison::new(2, 24);
        p.admit(0, 3, 5);
        p.admit(0, 1, 2);
        p.admit(0, 12, 10);
        p.admit(1, 6, 4);
        p
    }

    #[test]
    fn advancing_completes_exactly_the_one_month_cohort() {
        let mut p = prison();
        assert_eq!(p.stock(), 21);
        assert_eq!(p.advance(), 2);
        assert_eq!(p.cohort(0, 2), 5);
        assert_eq!(p.advance(), 0);
        assert_eq!(p.advance(), 5);
        assert_eq!(p.stock(), 14);
    }

    #[test]
    fn cheapest_first_takes_shortest_remaining_sentences() {
        let mut p = prison();
        let out = p.release(
            0,
            6,
            Selection::ShortestRemaining,
            ReleaseMode::Home,
            &BinomialP::new(0.5),
            &mut rng(),
        );
        assert_eq!(out.released, 6);
        assert_eq!(out.refused, 0, "refusal applies only to deportation");
        // 2 with 1 month left and 4 of the 5 with 3 months left.
        assert_eq!(out.prisoner_months, 2 + 4 * 3);
        assert_eq!(p.cohort(0, 1), 0);
        assert_eq!(p.cohort(0, 3), 1);
        assert_eq!(p.cohort(0, 12), 10);
        assert_eq!(p.class_stock(1), 4, "other classes untouched");
    }

    #[test]
    fn longest_first_takes_longest_remaining_sentences() {
        let mut p = prison();
        let out = p.release(
            0,
            11,
            Selection::LongestRemaining,
            ReleaseMode::Home,
            &BinomialP::new(0.0),
            &mut rng(),
        );
        assert_eq!(out.prisoner_months, 10 * 12 + 3);
        assert_eq!(p.cohort(0, 12), 0);
        assert_eq!(p.cohort(0, 3), 4);
    }

    #[test]
    fn refusals_return_to_their_cohort() {
        let mut p = Prison::new(1, 24);
        p.admit(0, 5, 10_000);
        let out = p.release(
            0,
            10_000,
            Selection::ShortestRemaining,
            ReleaseMode::Deportation,
            &BinomialP::new(0.25),
            &mut rng(),
        );
        assert_eq!(out.released + out.refused, 10_000);
        assert_eq!(out.deported, out.released);
        assert_eq!(p.stock(), out.refused);
        assert_eq!(p.cohort(0, 5), out.refused);
        // Binomial(10000, 0.25): sd 43.3.
        assert!((out.refused as f64 - 2500.0).abs() < 4.0 * 43.3);
    }

    #[test]
    fn random_selection_conserves_prisoners_and_puts_refusers_back() {
        let mut p = prison();
        let out = p.release(
            0,
            10,
            Selection::Random,
            ReleaseMode::Deportation,
            &BinomialP::new(0.3),
            &mut rng(),
        );
        assert_eq!(out.released + out.refused, 10);
        assert_eq!(p.class_stock(0), 17 - out.released);
        assert_eq!(p.stock(), 21 - out.released);
    }

    #[test]
    fn a_random_share_is_picked_at_random_after_the_rest_in_order() {
        // 10 of a release of 16 at random (0.6 of 16 = 9.6, rounded), the other 6 the
        // shortest: the 2 with 1 month left and 4 of the 5 with 3 months left.
        let mut p = prison();
        let selection = ReleaseSelection {
            order: Selection::ShortestRemaining,
            random_share: 0.6,
        };
        assert_eq!(random_part(selection, 16), 10);
        let out = p.release(
            0,
            16,
            selection,
            ReleaseMode::Home,
            &BinomialP::new(0.0),
            &mut rng(),
        );
        assert_eq!(out.released, 16);
        assert_eq!(p.class_stock(0), 1);
        // The random ten came from the 1 left with 3 months and the 10 with 12 months.
        assert_eq!(p.cohort(0, 1), 0);
        assert_eq!(p.cohort(0, 3) + p.cohort(0, 12), 1);
        // 14 months from the ordered six, and all 123 of the eleven but the one left.
        let left = 3 * p.cohort(0, 3) + 12 * p.cohort(0, 12);
        assert_eq!(out.prisoner_months, 14 + 123 - left);
    }

    #[test]
    fn release_never_takes_more_than_the_class_holds() {
        let mut p = prison();
        let out = p.release(
            1,
            100,
            Selection::ShortestRemaining,
            ReleaseMode::Home,
            &BinomialP::new(0.0),
            &mut rng(),
        );
        assert_eq!(out.released, 4);
        assert_eq!(p.class_stock(1), 0);
    }

    #[test]
    fn uniform_removal_empties_the_prison_one_by_one() {
        let mut p = prison();
        let mut r = rng();
        for left in (0..21).rev() {
            assert!(p.remove_uniform(&mut r).is_some());
            assert_eq!(p.stock(), left);
        }
        assert_eq!(p.remove_uniform(&mut r), None);
    }

    #[test]
    fn sentences_longer_than_the_ring_are_clamped() {
        let mut p = Prison::new(1, 10);
        p.admit(0, 500, 1);
        assert_eq!(p.cohort(0, 10), 1);
    }

    #[test]
    fn allocate_splits_by_largest_remainders_with_ties_to_the_shorter_sentence() {
        assert_eq!(allocate(10, &[0.5, 0.5]), vec![5, 5]);
        // 7 x (1/3, 1/3, 1/3) = 2.33 each: the one left over goes to the first.
        assert_eq!(allocate(7, &[1.0, 1.0, 1.0]), vec![3, 2, 2]);
        // 10 x (0.14, 0.86) = 1.4 and 8.6: the larger remainder gets the unit.
        assert_eq!(allocate(10, &[0.14, 0.86]), vec![1, 9]);
        assert_eq!(allocate(0, &[0.3, 0.7]), vec![0, 0]);
        // Unnormalised weights are normalised; the total is always exact.
        let counts = allocate(1_001, &[3.0, 1.0, 0.0, 2.5]);
        assert_eq!(counts.iter().sum::<u64>(), 1_001);
        assert_eq!(counts[2], 0);
    }
}
