//! The repression-sanctions-release-relief cycle (MODEL.md, "Sequences the scenarios must
//! show"; seed 003: the same cycle "every few years"): a run counts how often it goes
//! round. The stages advance only in order; anything else leaves the stage as it is.
//! - calm -> repression: a repression wave starts, or a month's arrests exceed 1.5 times
//!   the usual rate (at least 1);
//! - repression -> sanctioned: a sanctions package is imposed;
//! - sanctioned -> released: prisoners are released;
//! - released -> calm: a measure is lifted, and one cycle is complete.

/// Where a run stands in the cycle.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Cycle {
    /// No cycle under way, as at the start of a run: waiting for a repression wave or an
    /// arrest spike.
    #[default]
    Calm,
    /// Repression has started; waiting for a sanctions package.
    Repression,
    /// A package answered the repression; waiting for a release.
    Sanctioned,
    /// Prisoners went free after the package; the next measure lifted completes the cycle.
    Released,
}

/// A month's arrests above this multiple of the usual rate count as a repression spike.
pub const SPIKE: f64 = 1.5;

impl Cycle {
    /// A repression wave started.
    pub fn wave(&mut self) {
        if *self == Cycle::Calm {
            *self = Cycle::Repression;
        }
    }

    /// `arrested` people were arrested in a month whose usual rate is `usual`.
    pub fn arrests(&mut self, arrested: u64, usual: f64) {
        if *self == Cycle::Calm && arrested as f64 > SPIKE * usual.max(1.0) {
            *self = Cycle::Repression;
        }
    }

    /// A sanctions package was imposed.
    pub fn package(&mut self) {
        if *self == Cycle::Repression {
            *self = Cycle::Sanctioned;
        }
    }

    /// `released` prisoners went free.
    pub fn release(&mut self, released: u64) {
        if released > 0 && *self == Cycle::Sanctioned {
            *self = Cycle::Released;
        }
    }

    /// A measure was lifted: true when that completes a cycle.
    pub fn relief(&mut self) -> bool {
        let completes = *self == Cycle::Released;
        if completes {
            *self = Cycle::Calm;
        }
        completes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_cycle_goes_round_in_order() {
        let mut c = Cycle::default();
        c.wave();
        assert_eq!(c, Cycle::Repression);
        c.package();
        assert_eq!(c, Cycle::Sanctioned);
        c.release(3);
        assert_eq!(c, Cycle::Released);
        assert!(c.relief());
        assert_eq!(c, Cycle::Calm);
    }

    #[test]
    fn steps_out_of_order_change_nothing() {
        let mut c = Cycle::default();
        c.package();
        c.release(10);
        assert!(!c.relief());
        assert_eq!(c, Cycle::Calm);
        c.wave();
        c.release(10);
        assert!(!c.relief());
        assert_eq!(c, Cycle::Repression);
        c.package();
        c.release(0);
        assert_eq!(c, Cycle::Sanctioned);
        c.wave();
        c.arrests(1_000, 1.0);
        assert_eq!(c, Cycle::Sanctioned);
    }

    #[test]
    fn an_arrest_spike_starts_repression_only_above_one_and_a_half_times_the_usual() {
        let mut c = Cycle::default();
        c.arrests(60, 40.0);
        assert_eq!(c, Cycle::Calm);
        c.arrests(61, 40.0);
        assert_eq!(c, Cycle::Repression);
        // With no usual arrests, two in a month is a spike, one is not.
        let mut c = Cycle::default();
        c.arrests(1, 0.0);
        assert_eq!(c, Cycle::Calm);
        c.arrests(2, 0.0);
        assert_eq!(c, Cycle::Repression);
    }
}
