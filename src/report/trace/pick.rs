//! Picking the run to tell from a batch: the percentiles `--pick` accepts, the metrics
//! `--by` ranks by, and the run at a percentile by nearest rank.
//!
//! Owns the order runs are ranked in (value, then run index, infinities last). Must not
//! simulate: it is given a batch's (run index, value) pairs.

use super::words::ordinal;
use std::str::FromStr;

/// The names `--by` accepts: every per-run metric, then the optional ones.
pub fn metric_names() -> Vec<&'static str> {
    crate::results::metrics::all_names().collect()
}

/// A percentile of a batch, 1 to 99 (`median` is 50).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Percentile(u8);

impl Percentile {
    /// The 50th percentile, `median` on the command line.
    pub const MEDIAN: Percentile = Percentile(50);

    /// `Some` for 1 to 99.
    pub fn new(percent: u8) -> Option<Self> {
        (1..=99).contains(&percent).then_some(Percentile(percent))
    }

    /// The percentile in percent, 1 to 99.
    pub fn percent(self) -> u8 {
        self.0
    }

    /// The 1-based nearest rank of this percentile among `runs` values:
    /// ceil(percent x runs / 100), at least 1.
    pub fn rank(self, runs: u64) -> u64 {
        (u64::from(self.0) * runs).div_ceil(100).max(1)
    }

    /// "the median run", "the p10 run (10th percentile)".
    pub(super) fn phrase(self) -> String {
        if self == Self::MEDIAN {
            "the median run".into()
        } else {
            format!("the {self} run ({} percentile)", ordinal(self.0.into()))
        }
    }
}

impl std::fmt::Display for Percentile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if *self == Self::MEDIAN {
            f.write_str("median")
        } else {
            write!(f, "p{:02}", self.0)
        }
    }
}

impl FromStr for Percentile {
    type Err = String;

    /// `median`, or `pNN` with NN from 1 to 99 (`p10`, `p90`, `p05`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("expected median or pNN with NN from 01 to 99 (p10, p90), got {s:?}");
        if s == "median" {
            return Ok(Self::MEDIAN);
        }
        let digits = s.strip_prefix('p').ok_or_else(bad)?;
        if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        digits
            .parse::<u8>()
            .ok()
            .and_then(Percentile::new)
            .ok_or_else(bad)
    }
}

/// How a run was picked from a batch, for the header.
#[derive(Debug, Clone, PartialEq)]
pub struct Pick {
    /// The percentile asked for with `--pick`.
    pub percentile: Percentile,
    /// A name of [`metric_names`].
    pub metric: String,
    /// The picked run's value of `metric` (+inf for an optional metric it lacks).
    pub value: f64,
    /// Runs in the batch.
    pub runs: u64,
    /// 1-based rank of the picked run in the batch's order.
    pub rank: u64,
}

/// The run at `percentile` of `values` (run index, metric value), by nearest rank: runs in
/// ascending order of value, ties in ascending run index, and the one at rank
/// ceil(p x N / 100). Infinite values (runs without an optional metric) sort last.
/// Returns the run index, its value and its rank; `None` for no runs. Reorders `values`.
pub fn pick_run(values: &mut [(u64, f64)], percentile: Percentile) -> Option<(u64, f64, u64)> {
    if values.is_empty() {
        return None;
    }
    let rank = percentile.rank(values.len() as u64);
    let (_, &mut (run, value), _) = values.select_nth_unstable_by((rank - 1) as usize, |a, b| {
        a.1.total_cmp(&b.1).then(a.0.cmp(&b.0))
    });
    Some((run, value, rank))
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_parse_as_median_or_pnn() {
        assert_eq!("median".parse(), Ok(Percentile::MEDIAN));
        assert_eq!("p50".parse(), Ok(Percentile::MEDIAN));
        assert_eq!("p10".parse::<Percentile>().unwrap().percent(), 10);
        assert_eq!("p05".parse::<Percentile>().unwrap().percent(), 5);
        assert_eq!("p5".parse::<Percentile>().unwrap().percent(), 5);
        for bad in [
            "p0", "p00", "p100", "p", "10", "P10", "p-1", "p1.5", "mean", "",
        ] {
            assert!(bad.parse::<Percentile>().is_err(), "{bad:?} is rejected");
        }
        assert_eq!(Percentile::new(5).unwrap().to_string(), "p05");
        assert_eq!(Percentile::MEDIAN.to_string(), "median");
    }

    #[test]
    fn nearest_rank_is_ceil_of_p_times_n() {
        let p = |n| Percentile::new(n).unwrap();
        assert_eq!(Percentile::MEDIAN.rank(1000), 500);
        assert_eq!(Percentile::MEDIAN.rank(1001), 501);
        assert_eq!(p(10).rank(1000), 100);
        assert_eq!(p(90).rank(1000), 900);
        assert_eq!(p(10).rank(5), 1);
        assert_eq!(p(1).rank(1), 1);
        assert_eq!(p(99).rank(1), 1);
    }

    #[test]
    fn picks_by_value_then_run_index_with_infinities_last() {
        // Values 5, 1, 3, 3, inf for runs 0..5: order 1 (1), 2 (3), 3 (3), 0 (5), 4 (inf).
        let values = [(0, 5.0), (1, 1.0), (2, 3.0), (3, 3.0), (4, f64::INFINITY)];
        let pick = |p: u8| pick_run(&mut values.clone(), Percentile::new(p).unwrap());
        assert_eq!(pick(20), Some((1, 1.0, 1)));
        assert_eq!(pick(40), Some((2, 3.0, 2)));
        assert_eq!(pick(50), Some((3, 3.0, 3)));
        assert_eq!(pick(80), Some((0, 5.0, 4)));
        assert_eq!(pick(90), Some((4, f64::INFINITY, 5)));
        assert_eq!(pick_run(&mut [], Percentile::MEDIAN), None);
    }
}
