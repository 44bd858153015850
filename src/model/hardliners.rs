//! The regime's inner circle (MODEL.md; seed 000): hardliners in the security apparatus
//! oppose pardons. Each release raises their discontent by the number released times the
//! class's value to the regime times `discontent_per_release`; discontent fades by a share
//! each month; past a threshold they block releases for some months and push a crackdown
//! of extra arrests spread over the block.

use crate::scenario::Hardliners;

/// The hardliners' state in a run.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct InnerCircle {
    /// Discontent now: prisoners released x their class's value to the regime x
    /// `regime.hardliners.discontent_per_release`, faded by `decay_per_month` each month.
    pub discontent: f64,
    /// Releases are blocked in months before this one.
    pub blocked_until: u32,
}

/// A block the hardliners impose after a release.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Veto {
    /// Releases are blocked until this month (exclusive).
    pub until: u32,
    /// The crackdown's extra arrests a month over the block, if they push one.
    pub crackdown_per_month: Option<f64>,
}

impl InnerCircle {
    /// A month passes: discontent fades to `decay_per_month` of itself.
    pub fn decay(&mut self, h: &Hardliners) {
        self.discontent *= h.decay_per_month;
    }

    /// The regime ordered `arrests` to reassure them: their discontent falls by
    /// `appeasement_per_arrest` an arrest, down to 0.
    pub fn appease(&mut self, h: &Hardliners, arrests: u64) {
        self.discontent = (self.discontent - arrests as f64 * h.appeasement_per_arrest).max(0.0);
    }

    /// Whether releases are blocked in month `m`.
    pub fn blocks(&self, m: u32) -> bool {
        m < self.blocked_until
    }

    /// `released` prisoners of a class worth `value_to_regime` went free in month `m`.
    /// Past the threshold the hardliners block releases for the rest of month `m` and the
    /// `block_months` months after it (never when `block_months` is 0). Their discontent
    /// stays and fades as usual: a veto does not appease them (a regime could otherwise
    /// provoke one to start again from nothing).
    pub fn after_release(
        &mut self,
        h: &Hardliners,
        released: u64,
        value_to_regime: f64,
        m: u32,
    ) -> Option<Veto> {
        self.discontent += released as f64 * value_to_regime * h.discontent_per_release;
        if self.discontent > h.threshold && h.block_months > 0 {
            self.blocked_until = m + 1 + h.block_months;
            let crackdown_per_month = (h.crackdown_arrests > 0.0)
                .then(|| h.crackdown_arrests / f64::from(h.block_months));
            return Some(Veto {
                until: self.blocked_until,
                crackdown_per_month,
            });
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hardliners() -> Hardliners {
        Hardliners {
            discontent_per_release: 1.0,
            decay_per_month: 0.5,
            threshold: 100.0,
            block_months: 4,
            crackdown_arrests: 200.0,
            appeasement_per_arrest: 0.5,
        }
    }

    #[test]
    fn a_purge_calms_them_by_its_arrests_down_to_nothing() {
        let h = hardliners();
        let mut c = InnerCircle::default();
        c.after_release(&h, 40, 2.0, 0);
        c.appease(&h, 60);
        assert_eq!(c.discontent, 50.0);
        c.appease(&h, 1000);
        assert_eq!(c.discontent, 0.0);
    }

    #[test]
    fn discontent_grows_with_the_value_released_and_fades_by_the_decay() {
        let h = hardliners();
        let mut c = InnerCircle::default();
        assert_eq!(c.after_release(&h, 40, 2.0, 0), None);
        assert_eq!(c.discontent, 80.0);
        c.decay(&h);
        assert_eq!(c.discontent, 40.0);
        assert!(!c.blocks(0));
    }

    #[test]
    fn past_the_threshold_they_block_from_next_month_and_push_a_crackdown() {
        let h = hardliners();
        let mut c = InnerCircle::default();
        let veto = c
            .after_release(&h, 101, 1.0, 6)
            .expect("over the threshold");
        assert_eq!(
            veto,
            Veto {
                until: 11,
                crackdown_per_month: Some(50.0)
            }
        );
        assert_eq!(c.discontent, 101.0, "a veto does not appease them");
        assert!(c.blocks(6) && c.blocks(10));
        assert!(!c.blocks(11));
    }

    #[test]
    fn at_the_threshold_exactly_nothing_happens() {
        let mut c = InnerCircle::default();
        assert_eq!(c.after_release(&hardliners(), 100, 1.0, 0), None);
    }

    #[test]
    fn no_block_months_means_no_block_and_no_crackdown_means_none() {
        let mut h = hardliners();
        h.block_months = 0;
        let mut c = InnerCircle::default();
        assert_eq!(c.after_release(&h, 1_000, 1.0, 0), None);
        assert_eq!(c.discontent, 1_000.0);
        let mut h = hardliners();
        h.crackdown_arrests = 0.0;
        let veto = InnerCircle::default().after_release(&h, 1_000, 1.0, 0);
        assert_eq!(veto.map(|v| v.crackdown_per_month), Some(None));
    }
}
