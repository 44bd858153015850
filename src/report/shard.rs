//! Shards: one machine's share of a batch (`leverage run --shard K/N`), saved so that
//! `leverage merge` can add the shards into the results of the whole batch, byte for byte
//! what one `leverage run` of the same seed writes.
//!
//! A shard's folder holds `shard.json` (provenance, its runs, and the exact state of its
//! statistics), `scenario.toml`, and its rows of `runs.csv` unless `--no-runs-csv`.

use crate::engine::{Collector, CollectorError, CollectorState};
use crate::results::ScenarioRef;
use crate::results::names;
use crate::scenario::Scenario;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Why shards cannot be read or merged: a `K/N` that is not a shard, a folder that does
/// not hold one, shards that are not the N shards of one batch. The user's to fix.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ShardError {
    /// A `--shard` that is not `K/N` with `1 <= K <= N`.
    #[error(
        "{0:?} is not a shard: write K/N, the K-th of N shards, with 1 <= K <= N \
         (for example 3/8)"
    )]
    Spec(String),
    /// `shard.json` cannot be read.
    #[error(
        "cannot read {}: {error} (give folders written by `leverage run --shard K/N`)",
        path.display()
    )]
    Read {
        /// The file.
        path: PathBuf,
        /// Why (not a source: the message goes on after it).
        error: std::io::Error,
    },
    /// `shard.json` is not a shard's.
    #[error("{}: {error}", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        #[source]
        error: serde_json::Error,
    },
    /// No shard at all.
    #[error("no shard folders given")]
    NoShards,
    /// A shard of another batch.
    #[error(
        "{dir} is not a shard of the same batch as {first_dir}: its {what} is {this}, not {first}"
    )]
    Differs {
        /// The shard's folder.
        dir: String,
        /// The folder of the lowest shard, which the others are compared with.
        first_dir: String,
        /// What differs (`seed`...).
        what: &'static str,
        /// Its value in this shard.
        this: String,
        /// Its value in the lowest shard.
        first: String,
    },
    /// A shard that does not hold the runs its index says.
    #[error("{dir}/shard.json: shard {index}/{count} does not hold runs {start}..{end} of {runs}")]
    Runs {
        /// The shard's folder.
        dir: String,
        /// Its index.
        index: u64,
        /// The shards in its batch.
        count: u64,
        /// The first run it should hold.
        start: u64,
        /// One past the last run it should hold.
        end: u64,
        /// Runs in the batch.
        runs: u64,
    },
    /// Two folders with the same shard.
    #[error("{first} and {second} are both shard {index}/{count}")]
    Twice {
        /// One folder.
        first: String,
        /// The other.
        second: String,
        /// Their index.
        index: u64,
        /// The shards in the batch.
        count: u64,
    },
    /// Shards missing from the batch.
    #[error("{} missing: a merge needs all {count}", missing_list(missing))]
    Missing {
        /// The shards missing, as `K/N`.
        missing: Vec<String>,
        /// The shards in the batch.
        count: u64,
    },
    /// A shard's statistics do not fit the scenario or overflow when added.
    #[error("{dir}/shard.json: the statistics do not fit: {error}")]
    Statistics {
        /// The shard's folder.
        dir: String,
        /// Why.
        #[source]
        error: CollectorError,
    },
}

/// `shard 2/3 is` or `shards 1/3, 2/3 are`.
fn missing_list(missing: &[String]) -> String {
    let (noun, verb) = if missing.len() == 1 {
        ("shard", "is")
    } else {
        ("shards", "are")
    };
    format!("{noun} {} {verb}", missing.join(", "))
}

/// Shard `index` of `count` (1-based, as in a Slurm array `--array=1-N`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShardSpec {
    /// Which shard, `K` of `K/N`: from 1 to `count`.
    pub index: u64,
    /// How many shards the batch is split into, `N` of `K/N`; at least 1.
    pub count: u64,
}

impl std::str::FromStr for ShardSpec {
    type Err = ShardError;

    /// `K/N` with `1 <= K <= N`.
    fn from_str(text: &str) -> Result<ShardSpec, ShardError> {
        let bad = || ShardError::Spec(text.to_string());
        let (k, n) = text.split_once('/').ok_or_else(bad)?;
        let (index, count): (u64, u64) = (
            k.trim().parse().map_err(|_| bad())?,
            n.trim().parse().map_err(|_| bad())?,
        );
        if index == 0 || count == 0 || index > count {
            return Err(bad());
        }
        Ok(ShardSpec { index, count })
    }
}

impl ShardSpec {
    /// This shard's run indices in a batch of `runs`: the K-th of N nearly equal,
    /// contiguous parts.
    pub fn range(&self, runs: u64) -> std::ops::Range<u64> {
        let at = |k: u64| (u128::from(runs) * u128::from(k) / u128::from(self.count)) as u64;
        at(self.index - 1)..at(self.index)
    }
}

/// Which runs a shard holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShardPart {
    /// Which shard, from 1 to `count`, as [`ShardSpec::index`].
    pub index: u64,
    /// Shards in the batch, as [`ShardSpec::count`].
    pub count: u64,
    /// Run indices `first_run..end_run` of the whole batch: the first run index held.
    pub first_run: u64,
    /// One past the last run index held ([`ShardSpec::range`]'s end); equal to
    /// `first_run` for a shard with no runs.
    pub end_run: u64,
}

/// `shard.json`: what `merge` needs to check that shards belong together and to add
/// their statistics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShardFile {
    /// The `leverage` version that wrote the shard; every shard of a batch must have the
    /// same.
    pub leverage_version: String,
    /// The scenario simulated; every shard of a batch must name the same file hash.
    pub scenario: ScenarioRef,
    /// The master seed of the whole batch, the same in every shard.
    pub seed: u64,
    /// Runs in the whole batch.
    pub runs: u64,
    /// Which runs this shard holds.
    pub shard: ShardPart,
    /// Whether the folder holds this shard's rows of runs.csv.
    pub runs_csv: bool,
    /// The exact state of the shard's statistics (every metric's accumulator and the
    /// monthly series), which `merge` adds in shard order.
    pub collector: CollectorState,
}

/// The text of `shard.json`.
pub fn shard_json(
    scenario: &Scenario,
    seed: u64,
    runs: u64,
    spec: ShardSpec,
    runs_csv: bool,
    stats: &Collector,
) -> String {
    let range = spec.range(runs);
    let file = ShardFile {
        leverage_version: crate::results::VERSION.to_string(),
        scenario: ScenarioRef::of(scenario),
        seed,
        runs,
        shard: ShardPart {
            index: spec.index,
            count: spec.count,
            first_run: range.start,
            end_run: range.end,
        },
        runs_csv,
        collector: stats.state(),
    };
    let mut text = serde_json::to_string(&file).expect("a shard serialises");
    text.push('\n');
    text
}

/// Reads `dir/shard.json`; the error names the file.
pub fn read_shard(dir: &Path) -> Result<ShardFile, ShardError> {
    let path = dir.join(names::SHARD_JSON);
    let text = match crate::files::read_to_string(&path, &crate::files::SHARD) {
        Ok(text) => text,
        Err(error) => return Err(ShardError::Read { path, error }),
    };
    serde_json::from_str(&text).map_err(|error| ShardError::Parse { path, error })
}

/// Checks that `shards` are the N shards of one batch, each once, and returns them in
/// shard order with the batch's collector; the error says what is missing or differs.
pub fn merge_shards(
    mut shards: Vec<(String, ShardFile)>,
    horizon_months: u32,
) -> Result<(Vec<(String, ShardFile)>, Collector), ShardError> {
    // In shard order from the start, so that what is compared with what, and so every
    // message, does not depend on the order the folders were given in.
    shards.sort_by_key(|(_, s)| s.shard.index);
    let Some((first_dir, first)) = shards.first().cloned() else {
        return Err(ShardError::NoShards);
    };
    for (dir, s) in &shards {
        let differs = |what: &'static str, a: &dyn std::fmt::Display, b: &dyn std::fmt::Display| {
            ShardError::Differs {
                dir: dir.clone(),
                first_dir: first_dir.clone(),
                what,
                this: a.to_string(),
                first: b.to_string(),
            }
        };
        if s.leverage_version != first.leverage_version {
            return Err(differs(
                "leverage version",
                &s.leverage_version,
                &first.leverage_version,
            ));
        }
        if s.scenario.sha256 != first.scenario.sha256 {
            return Err(differs(
                "scenario (sha256)",
                &s.scenario.sha256,
                &first.scenario.sha256,
            ));
        }
        if s.seed != first.seed {
            return Err(differs("seed", &s.seed, &first.seed));
        }
        if s.runs != first.runs {
            return Err(differs("batch size (runs)", &s.runs, &first.runs));
        }
        if s.shard.count != first.shard.count {
            return Err(differs("shard count", &s.shard.count, &first.shard.count));
        }
        let spec = ShardSpec {
            index: s.shard.index,
            count: s.shard.count,
        };
        let range = spec.range(s.runs);
        if s.shard.index == 0
            || s.shard.index > s.shard.count
            || (s.shard.first_run, s.shard.end_run) != (range.start, range.end)
            || s.collector.runs != range.end - range.start
        {
            return Err(ShardError::Runs {
                dir: dir.clone(),
                index: s.shard.index,
                count: s.shard.count,
                start: range.start,
                end: range.end,
                runs: s.runs,
            });
        }
    }
    for w in shards.windows(2) {
        if w[0].1.shard.index == w[1].1.shard.index {
            return Err(ShardError::Twice {
                first: w[0].0.clone(),
                second: w[1].0.clone(),
                index: w[0].1.shard.index,
                count: w[0].1.shard.count,
            });
        }
    }
    let count = first.shard.count;
    if shards.len() as u64 != count {
        let have: Vec<u64> = shards.iter().map(|(_, s)| s.shard.index).collect();
        let missing: Vec<String> = (1..=count)
            .filter(|k| !have.contains(k))
            .map(|k| format!("{k}/{count}"))
            .collect();
        return Err(ShardError::Missing { missing, count });
    }
    let mut total = Collector::new(horizon_months);
    for (dir, s) in &shards {
        let fit = |error| ShardError::Statistics {
            dir: dir.clone(),
            error,
        };
        let c = Collector::from_state(&s.collector, horizon_months).map_err(fit)?;
        total.checked_add(&c).map_err(fit)?;
    }
    Ok((shards, total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_cover_the_runs_once_in_order() {
        for (runs, n) in [(10u64, 3u64), (1000, 7), (5, 8), (1, 1)] {
            let mut next = 0;
            for k in 1..=n {
                let r = ShardSpec { index: k, count: n }.range(runs);
                assert_eq!(r.start, next);
                next = r.end;
            }
            assert_eq!(next, runs);
        }
        assert_eq!("2/3".parse::<ShardSpec>().unwrap().range(10), 3..6);
        for bad in ["0/3", "4/3", "3", "a/b", "1/0"] {
            assert!(
                bad.parse::<ShardSpec>()
                    .unwrap_err()
                    .to_string()
                    .contains("K/N"),
                "{bad}"
            );
        }
    }
}
