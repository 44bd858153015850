//! Tournaments: every regime strategy against every Western strategy on common random
//! numbers, and the meta-game their mean payoffs make.
//!
//! A cell is the scenario with the regime's strategy and the US's and the EU's strategies
//! replaced; all cells run on the same runs (run `i` of every cell shares its random
//! streams), so differences between cells come from the strategies. The row player is the
//! regime (payoff: `regime_utility`), the column player the West (payoff: `utility_us +
//! utility_eu`, the two actors whose strategies vary).

use super::GameError;
use crate::engine::compare::{Comparison, run_paired};
use crate::engine::{BatchOptions, Prepared, RUN_METRICS};
use crate::scenario::raw::{RegimeStrategyName, WestStrategyName};
use crate::scenario::{Editable, KeyPath, Problem, Scenario, ScenarioError};
use crate::stats::{Accumulator, Summary};

/// Every regime strategy, by its name in scenario files (from the enum).
pub const REGIME_STRATEGIES: [(&str, RegimeStrategyName); RegimeStrategyName::ALL.len()] = {
    let mut out = [("", RegimeStrategyName::Hold); RegimeStrategyName::ALL.len()];
    let mut i = 0;
    while i < out.len() {
        out[i] = (
            RegimeStrategyName::ALL[i].name(),
            RegimeStrategyName::ALL[i],
        );
        i += 1;
    }
    out
};

/// Every Western strategy, by its name in scenario files (from the enum).
pub const WEST_STRATEGIES: [(&str, WestStrategyName); WestStrategyName::ALL.len()] = {
    let mut out = [("", WestStrategyName::ReleaseFirst); WestStrategyName::ALL.len()];
    let mut i = 0;
    while i < out.len() {
        out[i] = (WestStrategyName::ALL[i].name(), WestStrategyName::ALL[i]);
        i += 1;
    }
    out
};

/// A Western profile: the US's and the EU's strategies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WestProfile {
    /// The strategy set as `us.strategy`.
    pub us: WestStrategyName,
    /// The strategy set as `eu.strategy`.
    pub eu: WestStrategyName,
}

fn west_name(s: WestStrategyName) -> &'static str {
    s.name()
}

impl WestProfile {
    /// `name` for both, or `us=NAME/eu=NAME`.
    pub fn parse(text: &str) -> Result<WestProfile, GameError> {
        let one = |name: &str| {
            WEST_STRATEGIES
                .iter()
                .find(|(n, _)| *n == name.trim())
                .map(|(_, s)| *s)
                .ok_or_else(|| GameError::UnknownWest {
                    name: name.to_string(),
                })
        };
        if let Some((us, eu)) = text.split_once('/') {
            let us = us.strip_prefix("us=").ok_or(GameError::Profile)?;
            let eu = eu.strip_prefix("eu=").ok_or(GameError::Profile)?;
            Ok(WestProfile {
                us: one(us)?,
                eu: one(eu)?,
            })
        } else {
            let s = one(text)?;
            Ok(WestProfile { us: s, eu: s })
        }
    }

    /// The profile as [`WestProfile::parse`] reads it: the strategy's name when both play
    /// it, else `us=NAME/eu=NAME`.
    pub fn name(&self) -> String {
        if self.us == self.eu {
            west_name(self.us).to_string()
        } else {
            format!("us={}/eu={}", west_name(self.us), west_name(self.eu))
        }
    }
}

/// The name of a regime strategy in scenario files.
pub fn regime_name(s: RegimeStrategyName) -> &'static str {
    s.name()
}

/// The regime strategy of a name.
pub fn regime_strategy(name: &str) -> Result<RegimeStrategyName, GameError> {
    REGIME_STRATEGIES
        .iter()
        .find(|(n, _)| *n == name.trim())
        .map(|(_, s)| *s)
        .ok_or_else(|| GameError::UnknownRegime {
            name: name.to_string(),
        })
}

/// The scenario with one cell's strategies.
pub fn cell_scenario(
    base: &Scenario,
    regime: RegimeStrategyName,
    west: WestProfile,
) -> Result<Scenario, ScenarioError> {
    let mut tree = Editable::new(base)?;
    for (key, name) in [
        ("regime.strategy", toml::Value::try_from(regime)),
        ("us.strategy", toml::Value::try_from(west.us)),
        ("eu.strategy", toml::Value::try_from(west.eu)),
    ] {
        let path = KeyPath::parse(key).expect("a valid key path");
        let name = name.expect("a strategy's name serialises as a string");
        tree.set_value(&path, name).map_err(|m| tree.problem(m))?;
    }
    let regime_name = regime_name(regime);
    // A strategy the tournament set is not the file's to blame.
    tree.scenario().map_err(|e| match e {
        ScenarioError::Invalid { path, problems } => ScenarioError::Invalid {
            path,
            problems: problems
                .into_iter()
                .map(|p| {
                    let set = match p.key.as_str() {
                        "regime.strategy" => Some((regime_name, "--regime")),
                        "us.strategy" => Some((west_name(west.us), "--west")),
                        "eu.strategy" => Some((west_name(west.eu), "--west")),
                        _ => None,
                    };
                    match set {
                        Some((name, flag)) => Problem {
                            line_col: None,
                            message: format!(
                                "{}; {name} is the tournament's choice ({flag}), not the \
                                 file's: leave it out of {flag} or let the file support it",
                                p.message
                            ),
                            ..p
                        },
                        None => Problem {
                            message: format!(
                                "{} (in the tournament's cell of regime {regime_name} and West \
                                 {})",
                                p.message,
                                west.name()
                            ),
                            ..p
                        },
                    }
                })
                .collect(),
        },
        other => other,
    })
}

/// The outcome of a tournament.
#[derive(Debug, Clone)]
pub struct Tournament {
    /// The regime strategies' names, one per row, in the order asked.
    pub regimes: Vec<String>,
    /// The Western profiles' names ([`WestProfile::name`]), one per column, in the order
    /// asked.
    pub wests: Vec<String>,
    /// Per metric in [`RUN_METRICS`] order, `summaries[metric][regime][west]`.
    pub summaries: Vec<Vec<Vec<Summary>>>,
    /// The West's payoff per cell (`utility_us + utility_eu`), mean and 95% CI.
    pub west_payoff: Vec<Vec<Summary>>,
    /// Runs per cell (the same runs in every cell).
    pub runs: u64,
}

impl Tournament {
    /// One metric's summaries, `[regime][west]`, by its name in [`RUN_METRICS`] (`None`:
    /// no such metric).
    pub fn metric(&self, name: &str) -> Option<&Vec<Vec<Summary>>> {
        RUN_METRICS
            .iter()
            .position(|m| *m == name)
            .map(|i| &self.summaries[i])
    }

    /// The meta-game of mean payoffs: rows the regime's strategies, columns the West's.
    pub fn game(&self) -> Result<crate::game::equilibria::Game, GameError> {
        let regime = self
            .metric("regime_utility")
            .ok_or(GameError::NoMetric("regime_utility"))?;
        let a = regime
            .iter()
            .map(|row| row.iter().map(|s| s.mean).collect())
            .collect();
        let b = self
            .west_payoff
            .iter()
            .map(|row| row.iter().map(|s| s.mean).collect())
            .collect();
        crate::game::equilibria::Game::new(self.regimes.clone(), self.wests.clone(), a, b)
    }
}

/// Runs every cell on common random numbers.
pub fn run_tournament(
    base: &Scenario,
    regimes: &[RegimeStrategyName],
    wests: &[WestProfile],
    opts: &BatchOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> crate::Result<Tournament> {
    let mut preps = Vec::new();
    for r in regimes {
        for w in wests {
            match cell_scenario(base, *r, *w) {
                Ok(s) => preps.push(Prepared::new(&s)),
                Err(e) => return Err(e.into()),
            }
        }
    }
    // The West's payoff per run, accumulated in run order as the cells' runs arrive.
    let mut west = vec![Accumulator::new(); preps.len()];
    let cmp: Comparison = run_paired(
        &preps,
        opts,
        &mut |k, outcomes| {
            for o in outcomes {
                west[k].push(o.utility[0] + o.utility[1]);
            }
            Ok(())
        },
        progress,
    )?;
    let n_w = wests.len();
    let cell = |r: usize, w: usize| &cmp.scenarios[r * n_w + w];
    let summaries = (0..RUN_METRICS.len())
        .map(|i| {
            (0..regimes.len())
                .map(|r| (0..n_w).map(|w| cell(r, w).metrics[i].summary()).collect())
                .collect()
        })
        .collect();
    let west_payoff = (0..regimes.len())
        .map(|r| (0..n_w).map(|w| west[r * n_w + w].summary()).collect())
        .collect();
    Ok(Tournament {
        regimes: regimes
            .iter()
            .map(|r| regime_name(*r).to_string())
            .collect(),
        wests: wests.iter().map(WestProfile::name).collect(),
        summaries,
        west_payoff,
        runs: opts.runs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_parse_by_name_or_per_actor() {
        let p = WestProfile::parse("transactional").unwrap();
        assert_eq!(
            (p.us, p.eu),
            (
                WestStrategyName::Transactional,
                WestStrategyName::Transactional
            )
        );
        let q = WestProfile::parse("us=transactional/eu=release-first").unwrap();
        assert_eq!(q.eu, WestStrategyName::ReleaseFirst);
        assert_eq!(q.name(), "us=transactional/eu=release-first");
        assert!(
            WestProfile::parse("nope")
                .unwrap_err()
                .to_string()
                .contains("release-first")
        );
        assert!(regime_strategy("adaptive").is_ok());
        assert!(
            regime_strategy("x")
                .unwrap_err()
                .to_string()
                .contains("quid-pro-quo")
        );
    }
}
