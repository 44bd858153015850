//! The library's one error type: every fallible public function that can fail in more
//! than one way returns [`Error`], whose variants carry the error of the step that failed
//! (a scenario's problems with their keys and lines, a data file's row and column, a
//! batch's thread pool...). The messages are those steps' own.
//!
//! [`Error::is_usage`] tells a failure the user fixes by changing the input (a scenario,
//! a request) from one of the machine (a thread pool, a full disk), so that a program can
//! map them to different exit codes, as the command line does (2 and 1).

use crate::data::DataError;
use crate::engine::{BatchError, CollectorError};
use crate::explore::ExploreError;
use crate::fit::ParamError;
use crate::game::GameError;
use crate::plot::PlotError;
use crate::report::calibration::CalibratedError;
use crate::report::html::ReportError;
use crate::report::shard::ShardError;
use crate::report::staging::StageError;
use crate::scenario::{EditError, KeyPathError, ScenarioError};
use crate::stats::StateError;

/// Every way the library can fail.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A scenario could not be read or is invalid, or a scenario derived from it (a sweep
    /// cell, a tournament cell, a sensitivity point) is invalid: every problem with its
    /// key and line.
    #[error(transparent)]
    Scenario(#[from] ScenarioError),
    /// A file of the historical record could not be read or is invalid.
    #[error(transparent)]
    Data(#[from] DataError),
    /// A batch stopped before its last run.
    #[error(transparent)]
    Batch(#[from] BatchError),
    /// An out folder could not be written, or is not the tool's to write.
    #[error(transparent)]
    Stage(#[from] StageError),
    /// A chart could not be drawn, or the saved results it is drawn from read.
    #[error(transparent)]
    Plot(#[from] PlotError),
    /// The HTML report could not be written.
    #[error(transparent)]
    Report(#[from] ReportError),
    /// A text is not a key path (`prisoners.arrests_per_month`).
    #[error(transparent)]
    KeyPath(#[from] KeyPathError),
    /// A value of a scenario could not be read or changed by its key path.
    #[error(transparent)]
    Edit(#[from] EditError),
    /// A sweep's axis or a metric's name is written wrong.
    #[error(transparent)]
    Explore(#[from] ExploreError),
    /// A game could not be built or read, or a strategy is not known.
    #[error(transparent)]
    Game(#[from] GameError),
    /// The parameters of a calibration could not be chosen or set.
    #[error(transparent)]
    Param(#[from] ParamError),
    /// A saved accumulator is not one.
    #[error(transparent)]
    State(#[from] StateError),
    /// Saved statistics do not fit the scenario, or overflow when added.
    #[error(transparent)]
    Collector(#[from] CollectorError),
    /// Shards could not be read or merged.
    #[error(transparent)]
    Shard(#[from] ShardError),
    /// The calibrated scenario could not be written.
    #[error(transparent)]
    Calibrated(#[from] CalibratedError),
}

impl Error {
    /// Whether the user fixes this by changing the input (a scenario, a data file, an
    /// out folder that is not the tool's, a key path, a request, the shards or other saved
    /// results given), rather than the machine being at fault.
    pub fn is_usage(&self) -> bool {
        match self {
            Error::Scenario(_)
            | Error::Data(_)
            | Error::KeyPath(_)
            | Error::Edit(_)
            | Error::Explore(_)
            | Error::Param(_)
            | Error::State(_)
            | Error::Collector(_)
            | Error::Shard(_) => true,
            Error::Stage(e) => e.is_usage(),
            Error::Game(e) => e.is_usage(),
            Error::Batch(_) | Error::Plot(_) | Error::Report(_) | Error::Calibrated(_) => false,
        }
    }
}

/// A result whose error is the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;

    #[test]
    fn a_scenario_error_is_the_users_to_fix_and_keeps_its_message() {
        let e = Scenario::from_toml("[prisoners]\narrests_per_month = -1\n", "x.toml")
            .expect_err("a negative rate is refused");
        let text = e.to_string();
        let e = Error::from(e);
        assert!(e.is_usage());
        assert_eq!(e.to_string(), text);
    }

    #[test]
    fn a_batch_error_is_the_machines() {
        let e = Error::from(BatchError::Sink(std::io::Error::other("disk full")));
        assert!(!e.is_usage());
        assert_eq!(e.to_string(), "disk full");
    }

    /// The library's error of `e`, checked to keep `e`'s message and to be the user's to
    /// fix or not as `usage` says.
    fn check(e: impl Into<Error> + std::fmt::Display, message: &str, usage: bool) {
        assert_eq!(e.to_string(), message);
        let e = e.into();
        assert_eq!(e.to_string(), message);
        assert_eq!(e.is_usage(), usage, "{message}");
    }

    #[test]
    fn a_key_path_error_is_the_users_and_says_how_to_write_one() {
        check(
            crate::scenario::KeyPath::parse("a[1").unwrap_err(),
            "\"a[1\" is not a parameter path (a [ is not closed); write it as in the file, \
             with dots between tables and [i] for the i-th entry of a list (from 0), for \
             example prisoners.arrests_per_month or measures[2].cost_per_month",
            true,
        );
    }

    #[test]
    fn an_edit_error_is_the_users_and_says_what_exists() {
        use crate::scenario::{Editable, KeyPath};
        let mut e = Editable::new(&Scenario::bundled("baseline").unwrap()).unwrap();
        let path = |p: &str| KeyPath::parse(p).unwrap();
        check(
            e.get(&path("prisoners.classes[9].initial_count"))
                .unwrap_err(),
            "prisoners.classes[9].initial_count is not a parameter of the scenario: \
             prisoners.classes has 2 entries (from 0)",
            true,
        );
        check(
            e.get(&path("name")).unwrap_err(),
            "name is a string, not a number: only numeric parameters can be varied",
            true,
        );
        check(
            e.set(&path("regime.holiday_pardons"), 2.5).unwrap_err(),
            "regime.holiday_pardons is a whole number in the scenario; 2.5 is not one",
            true,
        );
        check(
            e.set(&path("prisoners.arrests_per_month"), f64::NAN)
                .unwrap_err(),
            "prisoners.arrests_per_month must be a finite number, got NaN",
            true,
        );
    }

    #[test]
    fn an_explore_error_is_the_users_and_says_what_to_write() {
        use crate::explore::sensitivity::metric_indices;
        use crate::explore::sweep::SweepAxis;
        check(
            SweepAxis::parse("x=1..5").unwrap_err(),
            "x: the range 1..5 has no step; write a..b:step, for example 20..80:10",
            true,
        );
        check(
            SweepAxis::parse("x=1,2,1").unwrap_err(),
            "x: the value 1 is given twice",
            true,
        );
        let e = metric_indices(&["nope".into()]).unwrap_err();
        let all = crate::engine::RUN_METRICS.join(", ");
        check(
            e,
            &format!("no metric \"nope\"; the metrics are {all}"),
            true,
        );
    }

    #[test]
    fn a_game_error_is_the_users_unless_a_metric_is_missing() {
        use crate::game::GameError;
        use crate::game::equilibria::Game;
        use crate::game::nfg::read_nfg;
        use crate::game::tournament::{WestProfile, regime_strategy};
        check(
            regime_strategy("x").unwrap_err(),
            "unknown regime strategy \"x\"; known: hold, signal, quid-pro-quo, \
             revolving-door, election-cycle, adaptive, best-response",
            true,
        );
        check(
            WestProfile::parse("us=a/x").unwrap_err(),
            "a profile is us=NAME/eu=NAME",
            true,
        );
        check(
            Game::from_payoffs(vec![vec![1.0]], vec![vec![f64::INFINITY]]).unwrap_err(),
            "`b[0][0]` must be finite, got inf",
            true,
        );
        check(
            read_nfg("NFG 1 X").unwrap_err(),
            "expected `R` or `D` after `NFG 1`, got `X`",
            true,
        );
        check(
            read_nfg("NFG 1 R \"t\" { \"a\" \"b\" } { 1 1 } 1 x").unwrap_err(),
            "expected a number, got `x`",
            true,
        );
        check(
            GameError::NoMetric("regime_utility"),
            "no regime_utility",
            false,
        );
    }

    #[test]
    fn a_param_error_is_the_users_and_names_the_parameter() {
        use crate::fit::params::{available, choose};
        let raw: crate::scenario::raw::RawScenario =
            toml::from_str(&Scenario::bundled("baseline").unwrap().source.text).unwrap();
        let all = available(&raw);
        check(
            choose(&all, &["holiday_pardons=3:1".into()]).unwrap_err(),
            "`holiday_pardons=3:1`: write the prior as NAME=LOW:HIGH with 0 <= LOW <= HIGH \
             (e.g. holiday_pardons=0:65)",
            true,
        );
        check(
            choose(&all, &["holiday_pardons".into(), "holiday_pardons".into()]).unwrap_err(),
            "`holiday_pardons` is given twice",
            true,
        );
    }

    #[test]
    fn saved_statistics_that_do_not_fit_are_the_users() {
        use crate::engine::Collector;
        use crate::stats::Accumulator;
        let mut state = Accumulator::new().state();
        state.form = "sketch".into();
        check(
            Accumulator::from_state(&state).unwrap_err(),
            "form \"sketch\" is not one of dense, exact, buckets",
            true,
        );
        let state = Collector::new(3).state();
        check(
            Collector::from_state(&state, 4).unwrap_err(),
            "it has 3 months of series; the scenario has 4",
            true,
        );
        let mut state = Collector::new(3).state();
        state.metrics[2].form = "sketch".into();
        check(
            Collector::from_state(&state, 3).unwrap_err(),
            "metric 2: form \"sketch\" is not one of dense, exact, buckets",
            true,
        );
    }

    #[test]
    fn a_shard_error_is_the_users_and_says_what_a_shard_is() {
        use crate::report::shard::{ShardError, ShardSpec, read_shard};
        check(
            "0/3".parse::<ShardSpec>().unwrap_err(),
            "\"0/3\" is not a shard: write K/N, the K-th of N shards, with 1 <= K <= N \
             (for example 3/8)",
            true,
        );
        let missing = ShardError::Missing {
            missing: vec!["1/3".into(), "3/3".into()],
            count: 3,
        };
        check(
            missing,
            "shards 1/3, 3/3 are missing: a merge needs all 3",
            true,
        );
        let dir = std::env::temp_dir().join("leverage-no-such-shard-folder");
        let e = read_shard(&dir).unwrap_err();
        let text = e.to_string();
        assert!(
            text.starts_with(&format!("cannot read {}", dir.join("shard.json").display()))
                && text.ends_with("(give folders written by `leverage run --shard K/N`)"),
            "{text}"
        );
        assert!(Error::from(e).is_usage());
    }

    #[test]
    fn a_calibrated_scenario_that_cannot_be_written_is_the_machines() {
        use crate::report::calibration::CalibratedError;
        let e = Scenario::from_toml("[prisoners]\narrests_per_month = -1\n", "x.toml")
            .expect_err("a negative rate is refused");
        let text = format!("the calibrated scenario is invalid: {e}");
        check(CalibratedError::Invalid(e), &text, false);
    }
}
